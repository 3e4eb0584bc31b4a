#include "../model/reportfixtures.h"

#include "model/baseline.h"
#include "model/report/reportdiffmodel.h"
#include "model/report/reportwriter.h"
#include "views/baselinediffdialog.h"
#include "views/exportreportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace reporttest;

QByteArray readAll(const QString &file)
{
    QFile in(file);
    return in.open(QIODevice::ReadOnly) ? in.readAll() : QByteArray();
}

QJsonObject readJson(const QString &file)
{
    return QJsonDocument::fromJson(readAll(file)).object();
}

// Waits for the export to end (it runs on a thread of its own).
bool waitForExport(ExportReportDialog &dialog)
{
    QSignalSpy finished(dialog.exporter(), &ReportExporter::finished);
    if (!dialog.exporter()->isRunning())
        return false;
    return finished.wait(30000);
}

TEST(ExportReportDialog, OffersScopesThatApply)
{
    const Reading reading(reportGroup(true));
    ExportReportDialog none(reading.snapshot, {}, nullptr, QStringLiteral("/nonexistent/baseline.json"));
    EXPECT_TRUE(none.allScopeButton()->isChecked());
    EXPECT_FALSE(none.selectionScopeButton()->isEnabled());
    EXPECT_EQ(none.serverBox()->count(), 2);
    EXPECT_FALSE(none.includeChangesBox()->isEnabled()) << "no baseline saved";

    ExportReportDialog selected(reading.snapshot, {QStringLiteral("S1")}, nullptr,
                                QStringLiteral("/nonexistent/baseline.json"));
    EXPECT_TRUE(selected.selectionScopeButton()->isEnabled());
    EXPECT_TRUE(selected.selectionScopeButton()->isChecked());
}

TEST(ExportReportDialog, FileNameFollowsTheFormat)
{
    const Reading reading(reportGroup());
    ExportReportDialog dialog(reading.snapshot, {}, nullptr, QStringLiteral("/nonexistent/baseline.json"));
    dialog.setFilePath(QStringLiteral("/tmp/group/report.html"));
    dialog.setFormat(ReportFormat::Csv);
    EXPECT_EQ(dialog.filePath(), QStringLiteral("/tmp/group/report.csv"));
    dialog.setFormat(ReportFormat::Prometheus);
    EXPECT_EQ(dialog.filePath(), QStringLiteral("/tmp/group/report.prom"));
    // A name the user chose without a report suffix stays as it is.
    dialog.setFilePath(QStringLiteral("/tmp/group/latest"));
    dialog.setFormat(ReportFormat::Pdf);
    EXPECT_EQ(dialog.filePath(), QStringLiteral("/tmp/group/latest"));
    dialog.setFilePath(QString());
    EXPECT_FALSE(dialog.exportButton()->isEnabled());
}

TEST(ExportReportDialog, ExportsOneServerInTheChosenFormat)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading reading(reportGroup(true));
    ExportReportDialog dialog(reading.snapshot, {}, nullptr, dir.filePath(QStringLiteral("no-baseline.json")));
    QSignalSpy exported(&dialog, &ExportReportDialog::exported);
    dialog.setFormat(ReportFormat::Json);
    const QString target = dir.filePath(QStringLiteral("dcs-b.json"));
    dialog.setFilePath(target);
    dialog.serverScopeButton()->setChecked(true);
    dialog.serverBox()->setCurrentIndex(dialog.serverBox()->findText(QStringLiteral("DCS-B")));
    dialog.exportButton()->click();
    ASSERT_TRUE(waitForExport(dialog));
    ASSERT_EQ(exported.count(), 1) << dialog.statusLabel()->text().toStdString();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);

    const QJsonObject report = readJson(target);
    const QJsonArray servers = report.value(QStringLiteral("servers")).toArray();
    ASSERT_EQ(servers.size(), 1);
    // No counters were handed over: none are claimed.
    for (const QJsonValue &disk : report.value(QStringLiteral("disks")).toArray()) {
        for (const QJsonValue &path : disk.toObject().value(QStringLiteral("paths")).toArray())
            EXPECT_TRUE(path.toObject().value(QStringLiteral("counters")).isNull());
    }
    EXPECT_EQ(servers[0].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("DCS-B"));
    EXPECT_EQ(report.value(QStringLiteral("source")).toObject().value(QStringLiteral("scope")).toString(),
              QStringLiteral("Server DCS-B"));
}

TEST(ExportReportDialog, ExportsTheSelectedRows)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading reading(reportGroup(true));
    const QString selectedPath = QString::fromStdString(
        ObjectRef::path("S1", "P2", "SERIAL1", formatPathId(0x77050011)).keyPath());
    ExportReportDialog dialog(reading.snapshot, {selectedPath}, nullptr, dir.filePath(QStringLiteral("none.json")));
    dialog.setCounterReadings(reading.counters);
    dialog.setFormat(ReportFormat::Csv);
    const QString target = dir.filePath(QStringLiteral("selection.csv"));
    dialog.setFilePath(target);
    dialog.exportReport();
    ASSERT_TRUE(waitForExport(dialog));
    const QList<QByteArray> lines = readAll(target).split('\n');
    // Header, the one path, and the empty rest after the last CRLF.
    ASSERT_EQ(lines.size(), 3) << readAll(target).toStdString();
    EXPECT_TRUE(lines[1].contains("0000000077050011"));
    // The counters handed over fill the counter columns (a failed path: zeros, not empty).
    EXPECT_TRUE(lines[1].contains(",0,0,0,0,")) << lines[1].toStdString();
}

TEST(ExportReportDialog, UnwritableTargetIsShownAndTheDialogStaysOpen)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading reading(reportGroup());
    ExportReportDialog dialog(reading.snapshot, {}, nullptr, dir.filePath(QStringLiteral("none.json")));
    dialog.show();
    QSignalSpy exported(&dialog, &ExportReportDialog::exported);
    const QString target = dir.filePath(QStringLiteral("missing-folder/report.html"));
    dialog.setFilePath(target);
    dialog.exportReport();
    ASSERT_TRUE(waitForExport(dialog));
    EXPECT_EQ(exported.count(), 0);
    EXPECT_TRUE(dialog.isVisible());
    EXPECT_TRUE(dialog.statusLabel()->text().contains(QStringLiteral("cannot write"))) << dialog.statusLabel()->text().toStdString();
    EXPECT_TRUE(dialog.exportButton()->isEnabled()) << "the user can pick another place";
    EXPECT_FALSE(QFile::exists(target));

    dialog.setFilePath(dir.path());
    dialog.exportReport();
    EXPECT_FALSE(dialog.exporter()->isRunning());
    EXPECT_TRUE(dialog.statusLabel()->text().contains(QStringLiteral("folder")));
}

TEST(ExportReportDialog, IncludesChangesSinceTheSavedBaseline)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading before(reportGroup());
    const QString baselineFile = dir.filePath(QStringLiteral("baseline.json"));
    ASSERT_EQ(saveBaseline(Baseline::capture(*before.snapshot, "G1", T0), baselineFile), std::nullopt);
    SourceData data = reportGroup();
    data.hosts[0].mpioDisks[0].paths.pop_back();
    const Reading after(data);

    ExportReportDialog dialog(after.snapshot, {}, nullptr, baselineFile);
    ASSERT_TRUE(dialog.includeChangesBox()->isEnabled());
    EXPECT_TRUE(dialog.includeChangesBox()->isChecked());
    dialog.setFormat(ReportFormat::Json);
    const QString target = dir.filePath(QStringLiteral("report.json"));
    dialog.setFilePath(target);
    dialog.exportReport();
    ASSERT_TRUE(waitForExport(dialog));
    const QJsonArray items
        = readJson(target).value(QStringLiteral("changes")).toObject().value(QStringLiteral("items")).toArray();
    ASSERT_EQ(items.size(), 1);
    EXPECT_EQ(items[0].toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("path-lost"));

    // A broken baseline file stops the export with its reason.
    QFile broken(baselineFile);
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\": \"pathlens-baseline\", \"version\": 1, ");
    broken.close();
    ExportReportDialog second(after.snapshot, {}, nullptr, baselineFile);
    second.setFilePath(dir.filePath(QStringLiteral("second.json")));
    second.exportReport();
    EXPECT_FALSE(second.exporter()->isRunning());
    EXPECT_TRUE(second.statusLabel()->text().contains(QStringLiteral("not valid JSON")))
        << second.statusLabel()->text().toStdString();
}

TEST(BaselineDiffDialog, WithoutBaselineOffersToSaveOneThenListsChanges)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString baselineFile = dir.filePath(QStringLiteral("baselines/G1.json"));
    const Reading before(reportGroup());
    BaselineDiffDialog dialog(before.snapshot, nullptr, baselineFile);
    EXPECT_EQ(dialog.model()->rowCount(), 0);
    EXPECT_TRUE(dialog.summaryLabel()->text().contains(QStringLiteral("No baseline")));
    ASSERT_TRUE(dialog.saveButton()->isEnabled());

    QSignalSpy saved(&dialog, &BaselineDiffDialog::baselineSaved);
    dialog.saveButton()->click();
    ASSERT_EQ(saved.count(), 1);
    EXPECT_TRUE(QFile::exists(baselineFile));
    EXPECT_TRUE(dialog.summaryLabel()->text().startsWith(QStringLiteral("No changes"))) << dialog.summaryLabel()->text().toStdString();

    SourceData data = reportGroup();
    data.hosts[0].mpioDisks[0].paths[0].state = FAIL;
    data.hosts[0].mpioDisks[0].paths[0].tpgState = FAIL;
    const Reading after(data);
    dialog.setSnapshot(after.snapshot);
    ASSERT_EQ(dialog.model()->rowCount(), 2);
    EXPECT_EQ(dialog.table()->model(), dialog.model());
    EXPECT_TRUE(dialog.summaryLabel()->text().contains(QStringLiteral("2 changes")));
    EXPECT_TRUE(dialog.summaryLabel()->text().contains(QStringLiteral("policies are not compared")));
}

TEST(BaselineDiffDialog, ComparesWithAnEarlierReportIncludingPolicies)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading before(reportGroup());
    const QString earlier = dir.filePath(QStringLiteral("earlier.json"));
    ASSERT_EQ(writeReportFile(before.content(), ReportFormat::Json, earlier), std::nullopt);
    SourceData data = reportGroup();
    data.hosts[0].mpioDisks[1].policy = LoadBalancePolicy::RoundRobin;
    const Reading after(data);

    BaselineDiffDialog dialog(after.snapshot, nullptr, dir.filePath(QStringLiteral("none.json")));
    dialog.compareWith(earlier);
    ASSERT_EQ(dialog.model()->rowCount(), 1);
    EXPECT_EQ(dialog.model()->index(0, ReportDiffModel::ChangeColumn).data().toString(), QStringLiteral("Policy changed"));
    EXPECT_EQ(dialog.model()->index(0, ReportDiffModel::AfterColumn).data().toString(), QStringLiteral("Round Robin"));

    QFile wrong(dir.filePath(QStringLiteral("wrong.json")));
    ASSERT_TRUE(wrong.open(QIODevice::WriteOnly));
    wrong.write("[\"not\", \"a\", \"report\"]");
    wrong.close();
    dialog.compareWith(wrong.fileName());
    EXPECT_EQ(dialog.model()->rowCount(), 0);
    EXPECT_TRUE(dialog.summaryLabel()->text().contains(QStringLiteral("cannot be read")));
}

} // namespace
} // namespace pathlens
