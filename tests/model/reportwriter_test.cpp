#include "reportfixtures.h"

#include "model/report/reportwriter.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
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

TEST(ReportWriter, EveryFormatRendersFromTheSameContent)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    for (ReportFormat format :
         {ReportFormat::Csv, ReportFormat::Json, ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Prometheus}) {
        const Result<QByteArray> bytes = renderReport(content, format);
        ASSERT_TRUE(bytes.ok()) << toString(format);
        EXPECT_GT(bytes.value().size(), 200) << toString(format);
    }
}

TEST(ReportWriter, ReplacesAnExistingReportWhole)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("report.csv"));
    QFile old(target);
    ASSERT_TRUE(old.open(QIODevice::WriteOnly));
    old.write(QByteArray(100000, 'x')); // longer than the new report
    old.close();

    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    ASSERT_EQ(writeReportFile(content, ReportFormat::Csv, target), std::nullopt);
    EXPECT_EQ(readAll(target), renderReport(content, ReportFormat::Csv).value());
    // Nothing left beside it.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("report.csv")});
}

TEST(ReportWriter, UnwritableTargetIsAClearErrorAndTouchesNothing)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();

    const QString inMissingFolder = dir.filePath(QStringLiteral("no-such-folder/report.html"));
    const std::optional<Error> missing = writeReportFile(content, ReportFormat::Html, inMissingFolder);
    ASSERT_TRUE(missing.has_value());
    EXPECT_NE(missing->message.find("cannot write " + inMissingFolder.toStdString()), std::string::npos)
        << missing->toString();
    EXPECT_FALSE(QFile::exists(inMissingFolder));

    // A file where a folder should be.
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QFile file(blocker);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("keep me");
    file.close();
    EXPECT_TRUE(writeReportFile(content, ReportFormat::Json, blocker + QStringLiteral("/report.json")).has_value());
    EXPECT_EQ(readAll(blocker), QByteArray("keep me"));

    const std::optional<Error> folder = writeReportFile(content, ReportFormat::Pdf, dir.path());
    ASSERT_TRUE(folder.has_value());
    EXPECT_NE(folder->message.find("it is a folder"), std::string::npos);

    EXPECT_TRUE(writeReportFile(content, ReportFormat::Csv, QString()).has_value());
}

TEST(ReportExporter, WritesOnItsOwnThreadAndReportsBack)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto reading = std::make_shared<const Reading>(reportGroup());
    ReportExporter exporter;
    QSignalSpy finished(&exporter, &ReportExporter::finished);
    const QString target = dir.filePath(QStringLiteral("report.prom"));
    ASSERT_TRUE(exporter.start([reading] { return reading->content(); }, ReportFormat::Prometheus, target));
    EXPECT_TRUE(exporter.isRunning());
    EXPECT_FALSE(exporter.start([reading] { return reading->content(); }, ReportFormat::Csv, target))
        << "one export at a time";
    ASSERT_TRUE(finished.wait(30000));
    EXPECT_FALSE(exporter.isRunning());
    EXPECT_EQ(finished.at(0).at(0).toString(), target);
    EXPECT_TRUE(finished.at(0).at(1).toString().isEmpty());
    EXPECT_TRUE(readAll(target).startsWith("# HELP pathlens_"));

    const QString bad = dir.filePath(QStringLiteral("missing/report.prom"));
    ASSERT_TRUE(exporter.start([reading] { return reading->content(); }, ReportFormat::Prometheus, bad));
    ASSERT_TRUE(finished.wait(30000));
    EXPECT_TRUE(finished.at(1).at(1).toString().contains(QStringLiteral("cannot write")));
}

} // namespace
} // namespace pathlens
