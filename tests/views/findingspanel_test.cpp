// The findings panel as an admin uses it: worst first, sortable, filtered by
// severity and text, a click reveals the object in the tree, Ctrl+C copies
// the selected rows for a ticket or a spreadsheet.

#include "model/findingstablemodel.h"
#include "model/health/healthreport.h"
#include "views/findingspanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

namespace pathlens {
namespace {

const std::string hostile = "<script>alert(1)</script>\tand a\nline";

Finding finding(std::string rule, Severity severity, ObjectRef object, std::string name, std::string message)
{
    Finding f;
    f.rule = std::move(rule);
    f.severity = severity;
    f.object = std::move(object);
    f.objectName = std::move(name);
    f.message = std::move(message);
    f.recommendation = "Fix " + f.objectName + '.';
    f.rows = {f.object};
    return f;
}

std::vector<Finding> labFindings()
{
    Finding lun = finding("spof-adapter", Severity::Warning, ObjectRef::disk("srv", "*", "lun9"), "SRV / LUN 9",
                          "Both usable paths leave through one port.");
    lun.rows = {ObjectRef::disk("srv", "be1", "lun9"), ObjectRef::disk("srv", "be2", "lun9")};
    return {
        finding("io-on-non-optimized", Severity::Critical, ObjectRef::path("srv", "be1", "lun1", "dc:1"),
                "SRV / LUN 1 / path 1", "1,500 reads/s went over this Active/Unoptimized path."),
        finding("port-not-present", Severity::Info, ObjectRef::port("srv", "fe9"), "SRV / " + hostile,
                "The port is Not present."),
        lun,
        finding("failed-path", Severity::Warning, ObjectRef::path("srv", "be1", "lun9", "dc:2"), "SRV / LUN 9 / path 2",
                "The path is Failed."),
        finding("io-on-non-optimized", Severity::Critical, ObjectRef::path("srv", "be2", "lun4", "dc:3"),
                "SRV / LUN 4 / path 3", "900 reads/s went over this Active/Unoptimized path."),
    };
}

std::shared_ptr<const HealthReport> report(std::vector<Finding> findings)
{
    return std::make_shared<const HealthReport>(std::move(findings));
}

QStringList column(const FindingsPanel &panel, int column)
{
    QStringList out;
    const QAbstractItemModel *model = panel.view()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, column).data().toString();
    return out;
}

/// Selects view rows (by view row number), the first one current.
void selectRows(FindingsPanel &panel, std::initializer_list<int> rows)
{
    QItemSelectionModel *selection = panel.view()->selectionModel();
    selection->clearSelection();
    bool first = true;
    for (int row : rows) {
        const QModelIndex index = panel.view()->model()->index(row, 0);
        if (first)
            selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        else
            selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        first = false;
    }
}

TEST(FindingsPanel, ListsWorstFirstAndCounts)
{
    FindingsPanel panel;
    QAbstractItemModelTester tester(panel.proxy(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(panel.countsText(), QStringLiteral("Not evaluated"));
    panel.setReport(report({}));
    EXPECT_EQ(panel.countsText(), QStringLiteral("No findings"));
    panel.setReport(report(labFindings()));
    EXPECT_EQ(column(panel, FindingsTableModel::SeverityColumn),
              (QStringList{"Critical", "Critical", "Warning", "Warning", "Info"}));
    EXPECT_EQ(panel.countsText(), QStringLiteral("2 critical, 2 warnings, 1 info"));
    EXPECT_EQ(panel.findChild<QLabel *>(QStringLiteral("findingsCounts"))->text(), panel.countsText());
    // The severity column carries an icon.
    EXPECT_FALSE(panel.view()->model()->index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
    for (Severity s : {Severity::Critical, Severity::Warning, Severity::Info})
        EXPECT_FALSE(severityIcon(s).isNull());
}

TEST(FindingsPanel, SortsByEveryColumn)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    panel.view()->sortByColumn(FindingsTableModel::RuleColumn, Qt::AscendingOrder);
    EXPECT_EQ(column(panel, FindingsTableModel::RuleColumn),
              (QStringList{"failed-path", "io-on-non-optimized", "io-on-non-optimized", "port-not-present", "spof-adapter"}));
    panel.view()->sortByColumn(FindingsTableModel::ObjectColumn, Qt::DescendingOrder);
    EXPECT_EQ(column(panel, FindingsTableModel::ObjectColumn).first(), QStringLiteral("SRV / LUN 9 / path 2"));
    // Back to severity: worst first again, and it stays so when a refresh adds findings.
    panel.view()->sortByColumn(FindingsTableModel::SeverityColumn, Qt::AscendingOrder);
    auto more = labFindings();
    more.push_back(finding("no-optimized-path", Severity::Critical, ObjectRef::disk("srv", "*", "lun5"), "SRV / LUN 5",
                           "None of its paths can carry I/O."));
    panel.setReport(report(more));
    EXPECT_EQ(column(panel, FindingsTableModel::SeverityColumn),
              (QStringList{"Critical", "Critical", "Critical", "Warning", "Warning", "Info"}));
}

TEST(FindingsPanel, FiltersBySeverityAndText)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    auto *combo = panel.findChild<QComboBox *>(QStringLiteral("findingsSeverity"));
    ASSERT_NE(combo, nullptr);
    combo->setCurrentIndex(combo->findData(int(Severity::Warning)));
    EXPECT_EQ(panel.minimumSeverity(), Severity::Warning);
    EXPECT_EQ(panel.view()->model()->rowCount(), 4);
    EXPECT_EQ(panel.countsText(), QStringLiteral("2 critical, 2 warnings, 1 info (showing 4)"));

    panel.setMinimumSeverity(Severity::Critical);
    EXPECT_EQ(combo->currentData().toInt(), int(Severity::Critical));
    EXPECT_EQ(column(panel, FindingsTableModel::SeverityColumn), (QStringList{"Critical", "Critical"}));

    // Text matches any column, case-insensitive; the severity filter still applies.
    panel.setMinimumSeverity(Severity::Info);
    auto *filter = panel.findChild<QLineEdit *>(QStringLiteral("findingsFilter"));
    ASSERT_NE(filter, nullptr);
    QTest::keyClicks(filter, QStringLiteral("LUN 9"));
    EXPECT_EQ(column(panel, FindingsTableModel::RuleColumn), (QStringList{"failed-path", "spof-adapter"}));
    panel.setFilterText(QStringLiteral("<SCRIPT>"));
    EXPECT_EQ(column(panel, FindingsTableModel::RuleColumn), (QStringList{"port-not-present"}));
    panel.setFilterText(QStringLiteral("unoptimized"));
    EXPECT_EQ(panel.view()->model()->rowCount(), 2);
    panel.setFilterText({});
    EXPECT_EQ(panel.view()->model()->rowCount(), 5);
}

TEST(FindingsPanel, SelectingAFindingRevealsItsRow)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    QSignalSpy reveal(&panel, &FindingsPanel::revealRequested);
    panel.view()->sortByColumn(FindingsTableModel::ObjectColumn, Qt::AscendingOrder);

    // Clicking a row, as the admin does.
    panel.resize(900, 400);
    panel.show();
    const QStringList objects = column(panel, FindingsTableModel::ObjectColumn);
    const int lunRow = int(objects.indexOf(QStringLiteral("SRV / LUN 9")));
    ASSERT_GE(lunRow, 0);
    const QRect cell = panel.view()->visualRect(panel.view()->model()->index(lunRow, FindingsTableModel::RuleColumn));
    QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, cell.center());
    ASSERT_EQ(reveal.count(), 1);
    // A LUN-wide finding reveals the LUN's first row, never the "*" port.
    EXPECT_EQ(reveal.at(0).at(0).toString(), QStringLiteral("srv/be1/lun9"));

    const int pathRow = int(objects.indexOf(QStringLiteral("SRV / LUN 1 / path 1")));
    selectRows(panel, {pathRow});
    ASSERT_EQ(reveal.count(), 2);
    EXPECT_EQ(reveal.at(1).at(0).toString(), QStringLiteral("srv/be1/lun1/dc:1"));

    // The details line says what to do about it.
    auto *details = panel.findChild<QLabel *>(QStringLiteral("findingsDetails"));
    ASSERT_NE(details, nullptr);
    EXPECT_TRUE(details->text().contains(QStringLiteral("Fix SRV / LUN 1 / path 1.")));

    // Enter (activation) asks again, for a tree that moved on.
    QTest::keyClick(panel.view(), Qt::Key_Return);
    EXPECT_EQ(reveal.count(), 3);
}

TEST(FindingsPanel, RefreshKeepsTheSelectionAndRevealsNothing)
{
    FindingsPanel panel;
    auto findings = labFindings();
    panel.setReport(report(findings));
    QSignalSpy reveal(&panel, &FindingsPanel::revealRequested);
    // Select the warning about the failed path.
    const int row = int(column(panel, FindingsTableModel::ObjectColumn).indexOf(QStringLiteral("SRV / LUN 9 / path 2")));
    selectRows(panel, {row});
    ASSERT_EQ(reveal.count(), 1);

    // The next reading: the critical findings above it are gone, one is new.
    findings.erase(findings.begin()); // the LUN 1 finding
    findings.push_back(finding("path-flapping", Severity::Warning, ObjectRef::path("srv", "be2", "lun7", "dc:9"),
                               "SRV / LUN 7 / path 9", "The path changed state 3 times."));
    panel.setReport(report(findings));
    const QModelIndexList selected = panel.view()->selectionModel()->selectedRows();
    ASSERT_EQ(selected.size(), 1);
    EXPECT_EQ(selected.at(0).siblingAtColumn(FindingsTableModel::ObjectColumn).data().toString(),
              QStringLiteral("SRV / LUN 9 / path 2"));
    EXPECT_EQ(reveal.count(), 1);

    // When the selected finding itself goes, the table moves on without moving the tree.
    findings.erase(std::remove_if(findings.begin(), findings.end(), [](const Finding &f) { return f.rule == "failed-path"; }),
                   findings.end());
    panel.setReport(report(findings));
    EXPECT_EQ(reveal.count(), 1);
}

TEST(FindingsPanel, CopiesSelectedRowsAsTextAndTable)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    QApplication::clipboard()->clear();
    panel.copySelection(); // nothing selected: nothing copied
    EXPECT_TRUE(QApplication::clipboard()->text().isEmpty());

    // Rows 0 (critical) and 4 (the info with a hostile name), in view order.
    selectRows(panel, {4, 0});
    panel.copySelection();
    const QString text = QApplication::clipboard()->text();
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3) << text.toStdString();
    EXPECT_EQ(lines.at(0), QStringLiteral("Severity\tRule\tObject\tFinding\tRecommendation"));
    EXPECT_TRUE(lines.at(1).startsWith(QStringLiteral("Critical\tio-on-non-optimized\tSRV / LUN ")));
    // The tab and line break inside the name do not split the row.
    const QStringList cells = lines.at(2).split(QLatin1Char('\t'));
    ASSERT_EQ(cells.size(), 5) << lines.at(2).toStdString();
    EXPECT_EQ(cells.at(0), QStringLiteral("Info"));
    EXPECT_EQ(cells.at(2), QStringLiteral("SRV / <script>alert(1)</script> and a line"));

    const QMimeData *mime = QApplication::clipboard()->mimeData();
    ASSERT_NE(mime, nullptr);
    ASSERT_TRUE(mime->hasHtml());
    EXPECT_TRUE(mime->html().contains(QStringLiteral("<th>Severity</th>")));
    EXPECT_TRUE(mime->html().contains(QStringLiteral("&lt;script&gt;")));
    EXPECT_FALSE(mime->html().contains(QStringLiteral("<script>")));
}

TEST(FindingsPanel, CtrlCCopiesFromTheTable)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    panel.show();
    QApplication::setActiveWindow(&panel);
    panel.view()->setFocus();
    selectRows(panel, {1});
    QApplication::clipboard()->clear();
    QTest::keyClick(panel.view(), Qt::Key_C, Qt::ControlModifier);
    const QStringList lines = QApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 2);
    EXPECT_TRUE(lines.at(1).startsWith(QStringLiteral("Critical\t")));
}

TEST(FindingsPanel, HostileTextIsShownAsText)
{
    FindingsPanel panel;
    panel.setReport(report(labFindings()));
    const int row = int(column(panel, FindingsTableModel::RuleColumn).indexOf(QStringLiteral("port-not-present")));
    selectRows(panel, {row});
    auto *details = panel.findChild<QLabel *>(QStringLiteral("findingsDetails"));
    ASSERT_NE(details, nullptr);
    EXPECT_TRUE(details->text().contains(QStringLiteral("&lt;script&gt;")));
    EXPECT_FALSE(details->text().contains(QStringLiteral("<script>")));
    const QString tip = panel.view()->model()->index(row, 2).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(tip.contains(QStringLiteral("&lt;script&gt;")));
    EXPECT_FALSE(tip.contains(QStringLiteral("<script>")));
    EXPECT_TRUE(tip.contains(QStringLiteral("Fix SRV / ")));
}

} // namespace
} // namespace pathlens
