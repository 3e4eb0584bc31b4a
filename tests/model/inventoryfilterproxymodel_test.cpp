// The filter between the inventory tree and the views: search words, only
// problems, port roles and path states, alone and together, and staying right
// while refreshes change rows, states and findings underneath it.

#include "model/health/healthreport.h"
#include "model/inventoryfilterproxymodel.h"
#include "model/inventorytreemodel.h"

#include "modeltestutil.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <random>

namespace pathlens {
namespace {

using testing::snapshotFrom;
using testing::text;

/// One line per row, indented two spaces per level: the row's key.
QStringList printKeys(const QAbstractItemModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        lines << QString(depth * 2, QLatin1Char(' ')) + index.data(InventoryTreeModel::KeyRole).toString();
        lines << printKeys(model, index, depth + 1);
    }
    return lines;
}

Finding finding(std::string_view rule, Severity severity, ObjectRef object, std::vector<ObjectRef> rows)
{
    Finding result;
    result.rule = std::string(rule);
    result.severity = severity;
    result.object = std::move(object);
    result.rows = std::move(rows);
    result.objectName = result.object.keyPath();
    result.message = "Something about " + result.object.keyPath() + ".";
    return result;
}

// Two servers: s1 has back-end port p1 (two LUNs) and an empty front-end
// port fe1; s2 has back-end port q1 and mirror port q2, both reaching LUN d9.
const QStringList lines = {
    QStringLiteral("s1/p1/d1/a=AO"), QStringLiteral("s1/p1/d1/b=ANO"), QStringLiteral("s1/p1/d2/c=AO"),
    QStringLiteral("s1/fe1"),        QStringLiteral("s2/q1/d9/z=FAIL"), QStringLiteral("s2/q1/d9/y=AO"),
    QStringLiteral("s2/q2/d9/x=SB"),
};

std::vector<Finding> defaultFindings()
{
    return {
        finding(rules::FailedPath, Severity::Warning, ObjectRef::path("s2", "q1", "d9", "z"),
                {ObjectRef::path("s2", "q1", "d9", "z")}),
        // About LUN d2 as a whole: its paths are part of the problem.
        finding(rules::SinglePath, Severity::Warning, ObjectRef::disk("s1", std::string(AnyPortKey), "d2"),
                {ObjectRef::disk("s1", "p1", "d2")}),
    };
}

SnapshotPtr group(const QStringList &rows = lines, std::vector<Finding> findings = defaultFindings())
{
    auto snapshot = std::make_shared<InventorySnapshot>(*snapshotFrom(rows));
    for (ServerEntry &server : snapshot->servers) {
        server.server.name = server.key == "s1" ? "DCS-A" : "DCS-B";
        for (PortEntry &port : server.ports) {
            if (port.key == "fe1")
                port.port->roles = RoleFrontEnd;
            else if (port.key == "q2")
                port.port->roles = RoleMirror;
            if (port.key == "p1") {
                port.port->portName = "21:00:00:24:ff:7e:a1:20";
                port.port->pci = PciLocation{175, 0, 0};
            }
            for (DiskEntry &disk : port.disks)
                disk.serial = "600601601C80450" + disk.key;
        }
    }
    updateDigests(*snapshot);
    attachHealth(*snapshot, std::make_shared<const HealthReport>(std::move(findings)));
    return snapshot;
}

class FilterProxyTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { QLoggingCategory::setFilterRules(QStringLiteral("qt.svg.warning=false")); }

    FilterProxyTest()
    {
        proxy.setSourceModel(&model);
        model.apply(group());
    }

    QStringList shown() const { return printKeys(proxy); }
    QStringList everything() const { return printKeys(model); }

    InventoryTreeModel model;
    InventoryFilterProxyModel proxy;
    // Checks every signal the proxy sends, from the first apply on.
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

TEST_F(FilterProxyTest, WithoutCriteriaEveryRowShows)
{
    EXPECT_FALSE(proxy.isFiltering());
    EXPECT_EQ(text(shown()), text(everything()));
    EXPECT_EQ(proxy.totalRowCount(), 16);
    EXPECT_EQ(proxy.matchingRowCount(), 16);
}

TEST_F(FilterProxyTest, SearchFindsAPortByItsHexPciLocationAndShowsWhatIsBelowIt)
{
    proxy.setSearchText(QStringLiteral("af:00.0"));
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      a", "      b", "    d2", "      c"}));
    EXPECT_EQ(proxy.matchingRowCount(), 6) << "the port and the rows below it; DCS-A only shows where they are";

    // Brackets, dots and colons are plain text, not a pattern.
    proxy.setSearchText(QStringLiteral("(AF:00.0)"));
    EXPECT_EQ(shown().size(), 7);
    proxy.setSearchText(QStringLiteral("21:00:00:24:FF:7E:A1:20"));
    EXPECT_EQ(shown().size(), 7) << "the WWPN, any case";
}

TEST_F(FilterProxyTest, SearchWordsMayBeFoundInTheRowOrARowAboveIt)
{
    // DCS-B is the server's name, Failed the path's state.
    proxy.setSearchText(QStringLiteral("dcs-b Failed"));
    EXPECT_EQ(text(shown()), text({"s2", "  q1", "    d9", "      z"}));
    EXPECT_EQ(proxy.matchingRowCount(), 1);

    proxy.setSearchText(QStringLiteral("600601601C80450d9"));
    EXPECT_EQ(text(shown()), text({"s2", "  q1", "    d9", "      z", "      y", "  q2", "    d9", "      x"}))
        << "a disk by its serial, under both ports";

    // A quoted phrase keeps its words together: "DCS-B q2" is nowhere.
    proxy.setSearchText(QStringLiteral("\"DCS-B q2\""));
    EXPECT_TRUE(shown().isEmpty()) << text(shown());
    proxy.setSearchText(QStringLiteral("DCS-B q2"));
    EXPECT_EQ(text(shown()), text({"s2", "  q2", "    d9", "      x"}));

    proxy.setSearchText(QStringLiteral("nothing-like-this"));
    EXPECT_TRUE(shown().isEmpty());
    EXPECT_EQ(proxy.matchingRowCount(), 0);
}

TEST_F(FilterProxyTest, OnlyProblemsKeepsTheRowsAboveAndTheDisksOwnPaths)
{
    QSignalSpy changed(&proxy, &InventoryFilterProxyModel::filterChanged);
    proxy.setOnlyProblems(true);
    EXPECT_EQ(changed.count(), 1);
    // d2's finding is about the LUN: its path c stays. z has its own; its
    // sibling y, whose disk has no finding of its own, does not.
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d2", "      c", "s2", "  q1", "    d9", "      z"}));
    EXPECT_EQ(proxy.matchingRowCount(), 8);
}

TEST_F(FilterProxyTest, RolesSelectPortsAndEverythingBelowThem)
{
    proxy.setRoleFilter(RoleFrontEnd);
    EXPECT_EQ(text(shown()), text({"s1", "  fe1"}));
    proxy.setRoleFilter(RoleFrontEnd | RoleMirror);
    EXPECT_EQ(text(shown()), text({"s1", "  fe1", "s2", "  q2", "    d9", "      x"}));
    proxy.setRoleFilter(RoleBackEnd);
    EXPECT_EQ(text(shown()),
              text({"s1", "  p1", "    d1", "      a", "      b", "    d2", "      c", "s2", "  q1", "    d9",
                    "      z", "      y"}));
}

TEST_F(FilterProxyTest, StatesSelectPaths)
{
    proxy.setStateFilter({PathState::Failed});
    EXPECT_EQ(text(shown()), text({"s2", "  q1", "    d9", "      z"}));
    proxy.setStateFilter({PathState::ActiveOptimized, PathState::Standby});
    EXPECT_EQ(text(shown()),
              text({"s1", "  p1", "    d1", "      a", "    d2", "      c", "s2", "  q1", "    d9", "      y",
                    "  q2", "    d9", "      x"}));
    EXPECT_EQ(proxy.matchingRowCount(), 4);
}

TEST_F(FilterProxyTest, CriteriaCombine)
{
    proxy.setRoleFilter(RoleBackEnd);
    proxy.setStateFilter({PathState::ActiveOptimized});
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      a", "    d2", "      c", "s2", "  q1",
                                   "    d9", "      y"}));
    proxy.setSearchText(QStringLiteral("DCS-A"));
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      a", "    d2", "      c"}));
    proxy.setOnlyProblems(true);
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d2", "      c"}));
    EXPECT_EQ(proxy.matchingRowCount(), 1);
}

TEST_F(FilterProxyTest, ClearingShowsEverythingAgainInOneGo)
{
    proxy.setSearchText(QStringLiteral("d9"));
    proxy.setOnlyProblems(true);
    proxy.setRoleFilter(RoleBackEnd);
    proxy.setStateFilter({PathState::Failed});
    ASSERT_TRUE(proxy.isFiltering());
    QSignalSpy about(&proxy, &InventoryFilterProxyModel::filterAboutToChange);
    QSignalSpy changed(&proxy, &InventoryFilterProxyModel::filterChanged);
    proxy.clearFilters();
    EXPECT_FALSE(proxy.isFiltering());
    EXPECT_EQ(proxy.searchText(), QString());
    EXPECT_EQ(about.count(), 1);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(text(shown()), text(everything()));
    proxy.clearFilters();
    EXPECT_EQ(changed.count(), 1) << "nothing left to clear";
}

TEST_F(FilterProxyTest, BlanksAloneDoNotFilterAgain)
{
    proxy.setSearchText(QStringLiteral("d9"));
    QSignalSpy changed(&proxy, &InventoryFilterProxyModel::filterChanged);
    proxy.setSearchText(QStringLiteral("  d9 "));
    EXPECT_EQ(changed.count(), 0);
    proxy.setSearchText(QStringLiteral("   "));
    EXPECT_EQ(changed.count(), 1);
    EXPECT_FALSE(proxy.isFiltering());
}

TEST_F(FilterProxyTest, NewFindingsAfterARefreshShowUpAndRepairedOnesGo)
{
    proxy.setOnlyProblems(true);
    // z is repaired; path b of d1 gets a finding.
    model.apply(group(lines, {finding(rules::IoOnNonOptimized, Severity::Critical,
                                      ObjectRef::path("s1", "p1", "d1", "b"), {ObjectRef::path("s1", "p1", "d1", "b")}),
                              defaultFindings()[1]}));
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      b", "    d2", "      c"}));
}

TEST_F(FilterProxyTest, PathsFollowWhenTheirDisksOwnFindingComesAndGoes)
{
    proxy.setOnlyProblems(true);
    ASSERT_EQ(text(shown()), text({"s1", "  p1", "    d2", "      c", "s2", "  q1", "    d9", "      z"}));
    // d9 under q1 gets a finding of its own (a LUN finding): its path y joins z.
    std::vector<Finding> findings = defaultFindings();
    findings.push_back(finding(rules::SpofAdapter, Severity::Warning, ObjectRef::disk("s2", "q1", "d9"),
                               {ObjectRef::disk("s2", "q1", "d9")}));
    model.apply(group(lines, findings));
    EXPECT_EQ(text(shown()),
              text({"s1", "  p1", "    d2", "      c", "s2", "  q1", "    d9", "      z", "      y"}));
    model.apply(group());
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d2", "      c", "s2", "  q1", "    d9", "      z"}));
}

TEST_F(FilterProxyTest, RowsBelowARowThatStartsMatchingFollowIt)
{
    // "A/NO" is in d1's state text ("1 A/O, 1 A/NO") and path b's.
    proxy.setSearchText(QStringLiteral("A/NO"));
    ASSERT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      a", "      b"}));
    // Path c turns A/NO: disk d2 now says so too, and its path c is shown
    // with it, as a fresh filter would show it.
    QStringList changed = lines;
    changed[2] = QStringLiteral("s1/p1/d2/c=ANO");
    model.apply(group(changed));
    EXPECT_EQ(text(shown()), text({"s1", "  p1", "    d1", "      a", "      b", "    d2", "      c"}));
    changed[2] = QStringLiteral("s1/p1/d2/c=AO");
    changed[1] = QStringLiteral("s1/p1/d1/b=AO");
    model.apply(group(changed));
    EXPECT_TRUE(shown().isEmpty()) << text(shown());
}

unsigned seedFromEnvironment(unsigned fallback)
{
    bool ok = false;
    const unsigned seed = qEnvironmentVariableIntValue("PATHLENS_TEST_SEED", &ok);
    return ok ? seed : fallback;
}

// Random refreshes under random criteria: the proxy that followed every
// change must read as a fresh proxy over a fresh model does.
TEST(FilterProxyRandom, FollowingRefreshesEqualsFilteringAfresh)
{
    QLoggingCategory::setFilterRules(QStringLiteral("qt.svg.warning=false"));
    std::mt19937 random(seedFromEnvironment(7));
    const auto pick = [&random](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    const QStringList states = {QStringLiteral("AO"), QStringLiteral("ANO"), QStringLiteral("SB"),
                                QStringLiteral("FAIL")};
    const QStringList words = {QStringLiteral("s1"), QStringLiteral("A/NO"), QStringLiteral("Failed"),
                               QStringLiteral("p2 x1"), QStringLiteral("d3"), QString()};

    InventoryTreeModel model;
    InventoryFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (int round = 0; round < 300; ++round) {
        if (round % 10 == 0) {
            proxy.setSearchText(words.at(pick(words.size())));
            proxy.setOnlyProblems(pick(2));
            proxy.setStateFilter(pick(3) ? 0u : InventoryFilterProxyModel::stateBit(PathState::Failed));
            proxy.setRoleFilter(pick(3) ? RoleNone : RoleBackEnd);
        }
        QStringList rows;
        std::vector<Finding> findings;
        for (int s = 0; s < 3; ++s) {
            for (int p = 0; p < 3; ++p) {
                if (pick(4) == 0)
                    continue;
                for (int d = 0; d < 4; ++d) {
                    if (pick(3) == 0)
                        continue;
                    const std::string server = "s" + std::to_string(s), port = "p" + std::to_string(p),
                                      disk = "d" + std::to_string(d);
                    for (int x = 0; x < 3; ++x) {
                        if (pick(3) == 0)
                            continue;
                        const std::string path = "x" + std::to_string(x);
                        rows << QString::fromStdString(server + '/' + port + '/' + disk + '/' + path + '=')
                                    + states.at(pick(states.size()));
                        if (pick(8) == 0)
                            findings.push_back(finding(rules::FailedPath, Severity::Warning,
                                                       ObjectRef::path(server, port, disk, path),
                                                       {ObjectRef::path(server, port, disk, path)}));
                    }
                    if (pick(10) == 0)
                        findings.push_back(finding(rules::SinglePath, Severity::Warning,
                                                   ObjectRef::disk(server, std::string(AnyPortKey), disk),
                                                   {ObjectRef::disk(server, port, disk)}));
                }
            }
        }
        model.apply(group(rows, findings));
        // Views look at the rows between refreshes.
        printKeys(proxy);

        InventoryTreeModel freshModel;
        freshModel.apply(model.snapshot());
        InventoryFilterProxyModel freshProxy;
        freshProxy.setSourceModel(&freshModel);
        freshProxy.setSearchText(proxy.searchText());
        freshProxy.setOnlyProblems(proxy.onlyProblems());
        freshProxy.setStateFilter(proxy.stateFilter());
        freshProxy.setRoleFilter(proxy.roleFilter());
        ASSERT_EQ(text(printKeys(proxy)), text(printKeys(freshProxy)))
            << "round " << round << ", search \"" << proxy.searchText().toStdString() << '"';
        ASSERT_EQ(proxy.matchingRowCount(), freshProxy.matchingRowCount());
    }
}

} // namespace
} // namespace pathlens
