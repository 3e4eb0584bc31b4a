// The findings table: merged by rule and object on every refresh so a
// view's selection survives, sortable worst first, and with the keys a view
// needs to reveal the object in the tree.

#include "model/findingstablemodel.h"
#include "model/health/healthengine.h"
#include "platform/lab/labbackend.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

#include <gtest/gtest.h>

#include <memory>

namespace pathlens {
namespace {

using namespace std::chrono_literals;

Finding pathFinding(std::string rule, Severity severity, std::string path, std::string message = "It happened.")
{
    Finding f;
    f.rule = std::move(rule);
    f.severity = severity;
    f.object = ObjectRef::path("srv", "p1", "lun1", path);
    f.objectName = "SRV / LUN 1 / path " + path;
    f.message = std::move(message);
    f.recommendation = "Do something.";
    f.rows = {f.object};
    return f;
}

Finding lunFinding(std::string rule, Severity severity)
{
    Finding f;
    f.rule = std::move(rule);
    f.severity = severity;
    f.object = ObjectRef::disk("srv", std::string(AnyPortKey), "lun1");
    f.objectName = "SRV / LUN 1";
    f.message = "The LUN as a whole.";
    f.recommendation = "Zone it.";
    f.rows = {ObjectRef::disk("srv", "p2", "lun1"), ObjectRef::disk("srv", "p1", "lun1")};
    return f;
}

Finding portFinding(std::string rule, Severity severity, std::string port)
{
    Finding f;
    f.rule = std::move(rule);
    f.severity = severity;
    f.object = ObjectRef::port("srv", port);
    f.objectName = "SRV / " + port;
    f.message = "The port.";
    f.recommendation = "Remove it.";
    f.rows = {f.object};
    return f;
}

std::shared_ptr<const HealthReport> report(std::vector<Finding> findings)
{
    return std::make_shared<const HealthReport>(std::move(findings));
}

QStringList keys(const FindingsTableModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(FindingsTableModel::FindingKeyRole).toString();
    return out;
}

class FindingsTableModelTest : public ::testing::Test
{
protected:
    FindingsTableModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST_F(FindingsTableModelTest, ShowsEveryFindingWithItsColumnsAndRoles)
{
    model.setReport(report({pathFinding("io-on-non-optimized", Severity::Critical, "a"),
                            lunFinding("spof-adapter", Severity::Warning),
                            portFinding("port-not-present", Severity::Info, "fe9")}));
    ASSERT_EQ(model.rowCount(), 3);
    ASSERT_EQ(model.columnCount(), int(FindingsTableModel::ColumnCount));
    EXPECT_EQ(model.headerData(FindingsTableModel::FindingColumn, Qt::Horizontal).toString(), QStringLiteral("Finding"));

    // The report sorts worst first; new rows come in that order.
    const int lunRow = model.rowOfKey(QStringLiteral("spof-adapter|srv/*/lun1"));
    ASSERT_GE(lunRow, 0);
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
    EXPECT_EQ(cell(lunRow, FindingsTableModel::SeverityColumn).toString(), QStringLiteral("Warning"));
    EXPECT_EQ(cell(lunRow, FindingsTableModel::RuleColumn).toString(), QStringLiteral("spof-adapter"));
    EXPECT_EQ(cell(lunRow, FindingsTableModel::ObjectColumn).toString(), QStringLiteral("SRV / LUN 1"));
    EXPECT_EQ(cell(lunRow, FindingsTableModel::FindingColumn).toString(), QStringLiteral("The LUN as a whole."));
    EXPECT_EQ(cell(lunRow, FindingsTableModel::RecommendationColumn).toString(), QStringLiteral("Zone it."));
    EXPECT_EQ(cell(lunRow, 3, FindingsTableModel::SeverityRole).toInt(), int(Severity::Warning));
    EXPECT_EQ(cell(lunRow, 3, FindingsTableModel::RuleRole).toString(), QStringLiteral("spof-adapter"));
    EXPECT_EQ(cell(lunRow, 0, FindingsTableModel::ObjectKindRole).toString(), QStringLiteral("disk"));
    // A LUN-wide object names no port; the tree is revealed at its first row.
    EXPECT_EQ(cell(lunRow, 0, FindingsTableModel::ObjectKeyPathRole).toString(), QStringLiteral("srv/*/lun1"));
    EXPECT_EQ(cell(lunRow, 0, FindingsTableModel::RevealKeyPathRole).toString(), QStringLiteral("srv/p2/lun1"));

    const int pathRow = model.rowOfKey(QStringLiteral("io-on-non-optimized|srv/p1/lun1/a"));
    EXPECT_EQ(cell(pathRow, 0, FindingsTableModel::RevealKeyPathRole).toString(), QStringLiteral("srv/p1/lun1/a"));
    EXPECT_EQ(cell(pathRow, 0).toString(), QStringLiteral("Critical"));
}

TEST_F(FindingsTableModelTest, RefreshMergesInsteadOfResetting)
{
    model.setReport(report({pathFinding("io-on-non-optimized", Severity::Critical, "a"),
                            lunFinding("spof-adapter", Severity::Warning),
                            portFinding("port-not-present", Severity::Info, "fe9"),
                            pathFinding("failed-path", Severity::Warning, "z")}));
    QItemSelectionModel selection(&model);
    const int selectedRow = model.rowOfKey(QStringLiteral("port-not-present|srv/fe9"));
    selection.select(model.index(selectedRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    selection.setCurrentIndex(model.index(selectedRow, 0), QItemSelectionModel::NoUpdate);
    const QPersistentModelIndex changedRow = model.index(model.rowOfKey(QStringLiteral("spof-adapter|srv/*/lun1")), 0);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // The critical path finding is gone, the LUN's got worse, one is new, two are as before.
    model.setReport(report({lunFinding("spof-adapter", Severity::Critical),
                            portFinding("port-not-present", Severity::Info, "fe9"),
                            pathFinding("failed-path", Severity::Warning, "z"),
                            portFinding("port-not-present", Severity::Info, "fe8")}));

    EXPECT_EQ(reset.count(), 0);
    ASSERT_EQ(removed.count(), 1);
    ASSERT_EQ(inserted.count(), 1);
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(model.rowCount(), 4);
    EXPECT_TRUE(changedRow.isValid());
    EXPECT_EQ(changed.at(0).at(0).toModelIndex().row(), changedRow.row());
    EXPECT_EQ(changedRow.data(FindingsTableModel::SeverityRole).toInt(), int(Severity::Critical));

    // The admin's selection still holds the same finding.
    ASSERT_EQ(selection.selectedRows().size(), 1);
    EXPECT_EQ(selection.selectedRows().at(0).data(FindingsTableModel::FindingKeyRole).toString(),
              QStringLiteral("port-not-present|srv/fe9"));
    EXPECT_EQ(selection.currentIndex().data(FindingsTableModel::FindingKeyRole).toString(),
              QStringLiteral("port-not-present|srv/fe9"));
    // The new finding is appended.
    EXPECT_EQ(keys(model).last(), QStringLiteral("port-not-present|srv/fe8"));

    // The same report again changes nothing at all.
    const auto same = model.report();
    const int before = changed.count();
    model.setReport(std::make_shared<const HealthReport>(same->findings()));
    EXPECT_EQ(changed.count(), before);
    EXPECT_EQ(removed.count(), 1);
    EXPECT_EQ(inserted.count(), 1);
}

TEST_F(FindingsTableModelTest, RemovesRunsOfRowsAndEmptiesOnNull)
{
    std::vector<Finding> findings;
    for (int i = 0; i < 10; ++i)
        findings.push_back(pathFinding("failed-path", Severity::Warning, "p" + std::to_string(i)));
    model.setReport(report(findings));
    ASSERT_EQ(model.rowCount(), 10);
    // Keep 0, 4 and 9: two runs of rows go.
    model.setReport(report({findings[0], findings[4], findings[9]}));
    EXPECT_EQ(keys(model), (QStringList{QStringLiteral("failed-path|srv/p1/lun1/p0"), QStringLiteral("failed-path|srv/p1/lun1/p4"),
                                        QStringLiteral("failed-path|srv/p1/lun1/p9")}));
    model.setReport(nullptr);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.findingAt(0), nullptr);
}

TEST_F(FindingsTableModelTest, RepeatedRuleAndObjectKeepDistinctRows)
{
    model.setReport(report({pathFinding("path-count-drift", Severity::Warning, "a", "Fewer than the baseline."),
                            pathFinding("path-count-drift", Severity::Info, "a", "More than its siblings.")}));
    ASSERT_EQ(model.rowCount(), 2);
    EXPECT_NE(keys(model).at(0), keys(model).at(1));
}

TEST_F(FindingsTableModelTest, SortsWorstFirstThroughAProxy)
{
    model.setReport(report({portFinding("port-not-present", Severity::Info, "fe9"),
                            pathFinding("failed-path", Severity::Warning, "z"),
                            pathFinding("io-on-non-optimized", Severity::Critical, "a")}));
    // Later refreshes append: the model's own order is not severity order any more.
    model.setReport(report({portFinding("port-not-present", Severity::Info, "fe9"),
                            pathFinding("failed-path", Severity::Warning, "z"),
                            pathFinding("io-on-non-optimized", Severity::Critical, "a"),
                            pathFinding("io-on-non-optimized", Severity::Critical, "b"),
                            portFinding("port-not-present", Severity::Info, "fe1")}));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(FindingsTableModel::SortRole);
    proxy.sort(FindingsTableModel::SeverityColumn, Qt::AscendingOrder);
    QList<int> severities;
    for (int row = 0; row < proxy.rowCount(); ++row)
        severities << proxy.index(row, 0).data(FindingsTableModel::SeverityRole).toInt();
    EXPECT_EQ(severities, (QList<int>{3, 3, 2, 1, 1}));

    proxy.sort(FindingsTableModel::ObjectColumn, Qt::AscendingOrder);
    QStringList objects;
    for (int row = 0; row < proxy.rowCount(); ++row)
        objects << proxy.index(row, FindingsTableModel::ObjectColumn).data().toString();
    QStringList sorted = objects;
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) { return a.toCaseFolded() < b.toCaseFolded(); });
    EXPECT_EQ(objects, sorted);
}

TEST(FindingsTableModelLab, FollowsTheDefaultLabAcrossRefreshes)
{
    auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/default-lab.json");
    ASSERT_TRUE(loaded) << loaded.error().toString();
    std::unique_ptr<LabBackend> lab = std::move(loaded).value();
    auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'718'013'600));
    lab->setClock([&now] { return now; });

    FindingsTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    HealthMonitor monitor;
    model.setReport(std::make_shared<const HealthReport>(monitor.update(readSources(*lab))));
    const int stateOnly = model.rowCount();
    EXPECT_GT(stateOnly, 0);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    now += 5s;
    auto measured = std::make_shared<const HealthReport>(monitor.update(readSources(*lab)));
    model.setReport(measured);
    // The second reading measures I/O: the io-on-non-optimized findings join, nothing leaves.
    EXPECT_EQ(reset.count(), 0);
    EXPECT_EQ(removed.count(), 0);
    EXPECT_EQ(model.rowCount(), int(measured->findings().size()));
    EXPECT_GT(model.rowCount(), stateOnly);
    int critical = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        critical += index.data(FindingsTableModel::SeverityRole).toInt() == int(Severity::Critical) ? 1 : 0;
        EXPECT_FALSE(index.data(FindingsTableModel::RevealKeyPathRole).toString().contains(QStringLiteral("/*/")));
    }
    EXPECT_EQ(critical, int(measured->count(Severity::Critical)));
}

} // namespace
} // namespace pathlens
