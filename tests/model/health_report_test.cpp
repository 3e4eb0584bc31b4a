// The report's aggregation for the tree's health column, and the object
// references: every finding's rows are rows of InventoryTreeModel.

#include "healthfixtures.h"

#include "model/inventorytreemodel.h"
#include "model/jsonreport.h"

#include <QJsonArray>

#include <gtest/gtest.h>

#include <memory>

namespace pathlens {
namespace {

using namespace healthtest;

Finding finding(std::string rule, Severity severity, ObjectRef object, std::vector<ObjectRef> rows = {})
{
    Finding f;
    f.rule = std::move(rule);
    f.severity = severity;
    f.object = object;
    f.rows = rows.empty() ? std::vector<ObjectRef>{object} : std::move(rows);
    return f;
}

TEST(ObjectRef, KeyPathsFollowTheTree)
{
    EXPECT_EQ(ObjectRef::server("s").keyPath(), "s");
    EXPECT_EQ(ObjectRef::port("s", "p").keyPath(), "s/p");
    EXPECT_EQ(ObjectRef::disk("s", "*", "d").keyPath(), "s/*/d");
    const ObjectRef path = ObjectRef::path("s", "p", "d", "dc:P1:004|000|002|000");
    EXPECT_EQ(path.keyPath(), "s/p/d/dc:P1:004|000|002|000");
    EXPECT_EQ(path.keyPathPrefixes(), (std::vector<std::string>{"s", "s/p", "s/p/d", "s/p/d/dc:P1:004|000|002|000"}));
    // Keys may hold '/': prefixes come from the parts, not from splitting.
    EXPECT_EQ(ObjectRef::port("a/b", "c").keyPathPrefixes(), (std::vector<std::string>{"a/b", "a/b/c"}));
}

TEST(HealthReport, WorstAtAggregatesEachRowAndEverythingBelowIt)
{
    const ObjectRef pathA = ObjectRef::path("s", "p1", "d", "a");
    const ObjectRef diskUnderP1 = ObjectRef::disk("s", "p1", "d");
    const ObjectRef diskUnderP2 = ObjectRef::disk("s", "p2", "d");
    const HealthReport report({
        finding("failed-path", Severity::Warning, pathA),
        finding("single-path", Severity::Warning, ObjectRef::disk("s", "*", "d"), {diskUnderP1, diskUnderP2}),
        finding("port-not-present", Severity::Info, ObjectRef::port("s", "p3")),
        finding("io-on-non-optimized", Severity::Critical, ObjectRef::path("t", "q", "e", "b")),
    });
    EXPECT_EQ(report.worst(), Severity::Critical);
    EXPECT_EQ(report.worstAt("s"), Severity::Warning);
    EXPECT_EQ(report.worstAt("s/p1"), Severity::Warning);
    EXPECT_EQ(report.worstAt("s/p2/d"), Severity::Warning); // the LUN-wide finding shows under each port
    EXPECT_EQ(report.worstAt("s/p1/d/a"), Severity::Warning);
    EXPECT_EQ(report.worstAt("s/p1/d/other"), Severity::None); // a sibling path is not affected
    EXPECT_EQ(report.worstAt("s/p3"), Severity::Info);
    EXPECT_EQ(report.worstAt("t"), Severity::Critical);
    EXPECT_EQ(report.worstAt("nowhere"), Severity::None);

    EXPECT_EQ(report.findingsAt("s/p1").size(), 2u);
    EXPECT_EQ(report.findingsAt("s/p2").size(), 1u);
    EXPECT_EQ(report.findingsAt("s/p1/d/a").size(), 1u);
    EXPECT_EQ(report.count(Severity::Warning), 2u);
    EXPECT_EQ(report.byRule("port-not-present").size(), 1u);
}

TEST(HealthReport, FindingsAreOrderedWorstFirstThenByRuleAndObject)
{
    const HealthReport report({
        finding("port-not-present", Severity::Info, ObjectRef::port("s", "b")),
        finding("single-path", Severity::Warning, ObjectRef::disk("s", "*", "z")),
        finding("failed-path", Severity::Warning, ObjectRef::path("s", "p", "d", "2")),
        finding("failed-path", Severity::Warning, ObjectRef::path("s", "p", "d", "1")),
        finding("no-optimized-path", Severity::Critical, ObjectRef::disk("s", "*", "d")),
    });
    std::vector<std::string> order;
    for (const Finding &f : report.findings())
        order.push_back(f.rule + ' ' + f.object.keyPath());
    EXPECT_EQ(order, (std::vector<std::string>{"no-optimized-path s/*/d", "failed-path s/p/d/1", "failed-path s/p/d/2",
                                               "single-path s/*/z", "port-not-present s/b"}));
}

TEST(HealthReport, EveryFindingRowIsARowOfTheTree)
{
    // A reading with something for most rules, DataCore and MPIO disks mixed.
    SourceData data = dataCoreGroup({bdisk("L0", {bpath("P1", 2, 0, ANO, 2, true), bpath("P1", 0, 0, AO, 1)}),
                                     bdisk("L1", {bpath("P2", 1, 1, FAIL, 1), bpath("P2", 3, 1, ANO, 2, true)})});
    data.ports.push_back(port("P9", PciLocation{4, 0, 0}, RoleFrontEnd, Presence::NotPresent));
    const InventorySnapshot snapshot = buildSnapshot(data);
    const HealthReport report = evaluate(data, snapshot, HealthContext{});
    ASSERT_GE(report.findings().size(), 4u) << describe(report);

    InventoryTreeModel model;
    model.apply(std::make_shared<const InventorySnapshot>(snapshot));
    for (const Finding &f : report.findings()) {
        ASSERT_FALSE(f.rows.empty()) << f.rule;
        for (const ObjectRef &row : f.rows) {
            const QModelIndex index = model.indexForKeyPath(QString::fromStdString(row.keyPath()));
            ASSERT_TRUE(index.isValid()) << f.rule << " " << row.keyPath();
            EXPECT_EQ(index.data(InventoryTreeModel::KeyPathRole).toString().toStdString(), row.keyPath());
        }
        if (f.object.kind != ObjectRef::Kind::Disk) {
            EXPECT_EQ(f.rows.front(), f.object);
        }
    }
}

TEST(JsonReport, FindingsCarryTheContractMembers)
{
    const SourceData data = mpioGroup({mdisk(0, LoadBalancePolicy::FailOverOnly,
                                             {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, SB, 1, AO),
                                              mpath(0x77050003, Hba2, ANO, 2)})});
    const QJsonObject report = buildJsonReport(data, ReportSource{"test", {}}, QDateTime::currentDateTimeUtc());
    const QJsonArray findings = report.value(QStringLiteral("findings")).toArray();
    ASSERT_EQ(findings.size(), 1);
    const QJsonObject f = findings.at(0).toObject();
    EXPECT_EQ(f.value(QStringLiteral("rule")).toString(), QStringLiteral("policy-mismatch"));
    EXPECT_EQ(f.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
    EXPECT_EQ(f.value(QStringLiteral("object")).toString(), QStringLiteral("S1/*/SERIAL0"));
    EXPECT_EQ(f.value(QStringLiteral("objectKind")).toString(), QStringLiteral("disk"));
    EXPECT_FALSE(f.value(QStringLiteral("message")).toString().isEmpty());
    EXPECT_FALSE(f.value(QStringLiteral("recommendation")).toString().isEmpty());
    const QJsonObject health = report.value(QStringLiteral("health")).toObject();
    EXPECT_EQ(health.value(QStringLiteral("worst")).toString(), QStringLiteral("warning"));
    EXPECT_FALSE(health.value(QStringLiteral("ioMeasured")).toBool());
    EXPECT_TRUE(health.value(QStringLiteral("ioIntervalSeconds")).isNull());
}

} // namespace
} // namespace pathlens
