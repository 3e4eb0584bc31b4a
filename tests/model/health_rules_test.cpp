// One case that fires and a near miss that does not, for every rule of
// domain.md §4 (docs/health-rules.md says why each near miss stays quiet).

#include "healthfixtures.h"

#include "model/health/rules.h"

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace healthtest;

const Finding *only(const HealthReport &report, std::string_view rule)
{
    const auto found = report.byRule(rule);
    EXPECT_EQ(found.size(), 1u) << describe(report);
    return found.size() == 1 ? found.front() : nullptr;
}

TEST(HealthRules, EveryRuleOfTheContractIsThereOnce)
{
    std::set<std::string_view> ids;
    for (const auto &rule : healthRules())
        EXPECT_TRUE(ids.insert(rule->id()).second) << rule->id();
    EXPECT_EQ(ids, std::set<std::string_view>(rules::All.begin(), rules::All.end()));
}

TEST(HealthRules, HealthyMpioGroupHasNoFindings)
{
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2)}));
    EXPECT_TRUE(report.empty()) << describe(report);
    EXPECT_EQ(report.worst(), Severity::None);
}

// ------------------------------------------------------ no-optimized-path

TEST(NoOptimizedPath, OnlyNonOptimizedPathsIsAWarning)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040002, Hba1, ANO, 2), mpath(0x77050003, Hba2, ANO, 2)})}));
    const Finding *finding = only(report, rules::NoOptimizedPath);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_EQ(finding->object.keyPath(), "S1/*/SERIAL0");
    EXPECT_EQ(finding->object.kind, ObjectRef::Kind::Disk);
}

TEST(NoOptimizedPath, NoUsablePathAtAllIsCritical)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, FAIL, 1, AO), mpath(0x77050001, Hba2, FAIL, 1, AO)})}));
    const Finding *finding = only(report, rules::NoOptimizedPath);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Critical);
    EXPECT_EQ(report.worst(), Severity::Critical);
}

TEST(NoOptimizedPath, NearMissStandbyPathOfAnOptimizedGroupUnderFailOverOnly)
{
    // MSDSM parks the second optimized path in Standby: the TPG is still A/O.
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(
        0, LoadBalancePolicy::FailOverOnly, {mpath(0x77040000, Hba1, SB, 1, AO), mpath(0x77050003, Hba2, ANO, 2)})}));
    EXPECT_TRUE(report.byRule(rules::NoOptimizedPath).empty()) << describe(report);
}

TEST(NoOptimizedPath, NearMissUnknownStatesAreNotGuessed)
{
    const HealthReport report = evaluateOnce(dataCoreGroup({bdisk(
        "L0", {bpath("P1", 0, 0, UNKNOWN, std::nullopt, true), bpath("P2", 1, 0, UNKNOWN, std::nullopt)}, false)}));
    EXPECT_TRUE(report.byRule(rules::NoOptimizedPath).empty()) << describe(report);
}

// --------------------------------------------------------- failed-path

TEST(FailedPath, FailedAndUnavailablePathsFire)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(
        0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, AO, 1), mpath(0x77040002, Hba1, FAIL, 2, ANO),
         mpath(0x77050003, Hba2, UA, 2)})}));
    const auto found = report.byRule(rules::FailedPath);
    ASSERT_EQ(found.size(), 2u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Warning);
    EXPECT_EQ(found[0]->object.kind, ObjectRef::Kind::Path);
    EXPECT_EQ(found[0]->object.keyPath(), "S1/adapter:be1/SERIAL0/0000000077040002");
    EXPECT_EQ(found[1]->object.keyPath(), "S1/adapter:be2/SERIAL0/0000000077050003");
}

TEST(FailedPath, NearMissAllPathsUsable)
{
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0)}));
    EXPECT_TRUE(report.byRule(rules::FailedPath).empty());
}

// --------------------------------------------------------- single-path

TEST(SinglePath, OneUsablePathFires)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, FAIL, 2, ANO)})}));
    const Finding *finding = only(report, rules::SinglePath);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    // One path is single-path's; the spof rules leave it alone.
    EXPECT_TRUE(report.byRule(rules::SpofAdapter).empty());
    EXPECT_TRUE(report.byRule(rules::SpofController).empty());
}

TEST(SinglePath, NearMissAStandbyPathCountsAsUsable)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(
        0, LoadBalancePolicy::FailOverOnly, {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, SB, 1, AO)})}));
    EXPECT_TRUE(report.byRule(rules::SinglePath).empty()) << describe(report);
}

TEST(SinglePath, DataCoreDriverDisksCountEveryPathTheDriverCanFailOverTo)
{
    const HealthReport two = evaluateOnce(dataCoreGroup(
        {bdisk("L0", {bpath("P1", 0, 0, AO, 1, true), bpath("P2", 1, 0, AO, 1)})}));
    EXPECT_TRUE(two.byRule(rules::SinglePath).empty()) << describe(two);
    const HealthReport one = evaluateOnce(dataCoreGroup({bdisk("L0", {bpath("P1", 0, 0, AO, 1, true)})}));
    EXPECT_EQ(one.byRule(rules::SinglePath).size(), 1u) << describe(one);
}

// --------------------------------------------------------- spof-adapter

TEST(SpofAdapter, AllUsablePathsThroughOnePciFunctionFire)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77040002, Hba1, ANO, 2), mpath(0x77050001, Hba2, FAIL, 1, AO)})}));
    const Finding *finding = only(report, rules::SpofAdapter);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_NE(finding->message.find("175:0.0"), std::string::npos) << finding->message;
    // The LUN shows under both port rows; the finding belongs to both.
    EXPECT_EQ(finding->rows.size(), 2u);
}

TEST(SpofAdapter, NearMissTheTwoFunctionsOfOneCardAreTwoAdapters)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)})}));
    EXPECT_TRUE(report.byRule(rules::SpofAdapter).empty()) << describe(report);
}

// ------------------------------------------------------- spof-controller

TEST(SpofController, AllUsablePathsToOneTargetPortGroupFire)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, AO, 1), mpath(0x77040002, Hba1, FAIL, 2, ANO)})}));
    const Finding *finding = only(report, rules::SpofController);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
}

TEST(SpofController, NearMissSymmetricLunHasNoTargetPortGroups)
{
    MpioDisk disk = mdisk(0, LoadBalancePolicy::RoundRobin,
                          {mpath(0x77040000, Hba1, AO, std::nullopt), mpath(0x77050001, Hba2, AO, std::nullopt)});
    disk.alua = AluaSupport::NotSupported;
    const HealthReport report = evaluateOnce(mpioGroup({disk}));
    EXPECT_TRUE(report.empty()) << describe(report); // nor policy-mismatch: RR fits a symmetric LUN
}

// ------------------------------------------------------- policy-mismatch

TEST(PolicyMismatch, FailOverOnlyWithSeveralOptimizedPathsFires)
{
    // As MSDSM shows it: one active path, the other optimized one Standby.
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(0, LoadBalancePolicy::FailOverOnly,
        {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, SB, 1, AO), mpath(0x77040002, Hba1, ANO, 2)})}));
    const Finding *finding = only(report, rules::PolicyMismatch);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_NE(finding->message.find("Fail Over Only"), std::string::npos);
}

TEST(PolicyMismatch, PlainRoundRobinOnAluaDiskFires)
{
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0, LoadBalancePolicy::RoundRobin)}));
    EXPECT_EQ(report.byRule(rules::PolicyMismatch).size(), 1u) << describe(report);
}

TEST(PolicyMismatch, RoundRobinSendingMeasuredIoDownNonOptimizedPathsFires)
{
    // One optimized path only, so the first clause does not apply: the
    // measured I/O on the A/NO path does.
    SourceData before = mpioGroup({mdisk(0, LoadBalancePolicy::RoundRobin,
                                         {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)})});
    SourceData after = before;
    setMpioCounters(before, T0, [](std::uint32_t, std::uint64_t) { return std::pair{1000, 1000}; });
    setMpioCounters(after, T0 + 10s, [](std::uint32_t, std::uint64_t) { return std::pair{6000, 3000}; });
    HealthMonitor monitor;
    monitor.update(before);
    const HealthReport report = monitor.update(after);
    const Finding *finding = only(report, rules::PolicyMismatch);
    ASSERT_NE(finding, nullptr);
    EXPECT_NE(finding->message.find("measured"), std::string::npos) << finding->message;
}

TEST(PolicyMismatch, NearMissFailOverOnlyWithOneOptimizedPath)
{
    const HealthReport report = evaluateOnce(mpioGroup({mdisk(
        0, LoadBalancePolicy::FailOverOnly, {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)})}));
    EXPECT_TRUE(report.byRule(rules::PolicyMismatch).empty()) << describe(report);
}

TEST(PolicyMismatch, NearMissRoundRobinWithSubset)
{
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0, LoadBalancePolicy::RoundRobinWithSubset)}));
    EXPECT_TRUE(report.byRule(rules::PolicyMismatch).empty()) << describe(report);
}

// ------------------------------------------------ datacore-be-driver-alua

TEST(DataCoreBeDriverAlua, DriverUsingANonOptimizedPathIsAWarningOnItsPort)
{
    const HealthReport report = evaluateOnce(dataCoreGroup(
        {bdisk("L0", {bpath("P1", 2, 0, ANO, 2, true), bpath("P1", 0, 0, AO, 1), bpath("P2", 1, 0, AO, 1),
                      bpath("P2", 3, 0, ANO, 2)})}));
    const auto found = report.byRule(rules::DataCoreBeDriverAlua);
    ASSERT_EQ(found.size(), 2u) << describe(report);
    // P1 carries the in-use A/NO path; P2 only reaches the disk.
    EXPECT_EQ(found[0]->object.keyPath(), "S1/P1");
    EXPECT_EQ(found[0]->severity, Severity::Warning);
    EXPECT_EQ(found[1]->object.keyPath(), "S1/P2");
    EXPECT_EQ(found[1]->severity, Severity::Info);
    EXPECT_NE(found[0]->recommendation.find("remedy 2"), std::string::npos);
    EXPECT_NE(found[0]->recommendation.find("175:0.0 (af:00.0)"), std::string::npos) << found[0]->recommendation;
}

TEST(DataCoreBeDriverAlua, PortWithFrontEndRoleIsPointedToRemedyOne)
{
    SourceData data = dataCoreGroup({bdisk("L0", {bpath("P1", 2, 0, ANO, 2, true), bpath("P1", 0, 0, AO, 1)})});
    data.ports[0].roles = RoleBackEnd | RoleFrontEnd;
    const HealthReport report = evaluateOnce(data);
    const Finding *finding = only(report, rules::DataCoreBeDriverAlua);
    ASSERT_NE(finding, nullptr);
    EXPECT_NE(finding->recommendation.find("remedy 1"), std::string::npos);
    EXPECT_EQ(finding->recommendation.find("remedy 2"), std::string::npos);
}

TEST(DataCoreBeDriverAlua, NearMissDisksThatReportNoAlua)
{
    const HealthReport report = evaluateOnce(dataCoreGroup({bdisk(
        "L0", {bpath("P1", 0, 0, UNKNOWN, std::nullopt, true), bpath("P2", 1, 0, UNKNOWN, std::nullopt)}, false)}));
    EXPECT_TRUE(report.byRule(rules::DataCoreBeDriverAlua).empty()) << describe(report);
}

// ----------------------------------------------------- port-not-present

TEST(PortNotPresent, BackEndPortLeftByADriverSwapIsInfoFrontEndPortAWarning)
{
    SourceData data = mpioGroup({healthyDisk(0)});
    data.ports = {port("P1", Hba1, RoleBackEnd, Presence::NotPresent),
                  port("F1", PciLocation{4, 0, 0}, RoleFrontEnd, Presence::NotPresent)};
    const HealthReport report = evaluateOnce(data);
    const auto found = report.byRule(rules::PortNotPresent);
    ASSERT_EQ(found.size(), 2u) << describe(report);
    EXPECT_EQ(found[0]->object.keyPath(), "S1/F1");
    EXPECT_EQ(found[0]->severity, Severity::Warning);
    EXPECT_EQ(found[1]->object.keyPath(), "S1/P1");
    EXPECT_EQ(found[1]->severity, Severity::Info);
    EXPECT_NE(found[1]->recommendation.find("Remove the port"), std::string::npos);
}

TEST(PortNotPresent, NearMissPresentPort)
{
    SourceData data = mpioGroup({healthyDisk(0)});
    data.ports = {port("F1", PciLocation{130, 0, 0}, RoleFrontEnd, Presence::Present)};
    EXPECT_TRUE(evaluateOnce(data).byRule(rules::PortNotPresent).empty());
}

// ------------------------------------------------------- third-party-dsm

TEST(ThirdPartyDsm, VendorDsmOnADataCoreServerFires)
{
    MpioDisk disk = healthyDisk(0);
    disk.dsm = "HPE MSA DSM";
    const HealthReport report = evaluateOnce(mpioGroup({disk}));
    const Finding *finding = only(report, rules::ThirdPartyDsm);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_NE(finding->message.find("HPE MSA DSM"), std::string::npos);
}

TEST(ThirdPartyDsm, NearMissMicrosoftDsmSpelledLoosely)
{
    MpioDisk disk = healthyDisk(0);
    disk.dsm = " microsoft DSM ";
    EXPECT_TRUE(evaluateOnce(mpioGroup({disk})).byRule(rules::ThirdPartyDsm).empty());
}

TEST(ThirdPartyDsm, NearMissHostThatIsNotKnownAsADataCoreServer)
{
    MpioDisk disk = healthyDisk(0);
    disk.dsm = "HPE MSA DSM";
    SourceData data = mpioGroup({disk});
    data.servers.clear();
    data.dataCoreError = Error{"GET 2.0/servers", "not reachable", 0};
    EXPECT_TRUE(evaluateOnce(data).byRule(rules::ThirdPartyDsm).empty());
}

// ---------------------------------------------------------- path-flapping

TEST(PathFlapping, ThreeChangesWithinTheWindowFire)
{
    const std::string identity = "S1/SERIAL0/0000000077050001";
    HealthContext context;
    context.states.record(identity, AO, T0);
    context.states.record(identity, FAIL, T0 + 1min);
    context.states.record(identity, AO, T0 + 2min);
    // The current reading adds the third change.
    MpioDisk down = healthyDisk(0);
    down.paths[1].state = FAIL;
    context.now = T0 + 3min;
    const HealthReport report = evaluate(mpioGroup({down}), context);
    const Finding *finding = only(report, rules::PathFlapping);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_EQ(finding->object.keyPath(), "S1/adapter:be2/SERIAL0/0000000077050001");
    EXPECT_NE(finding->message.find("3 times in the last 10 minutes"), std::string::npos) << finding->message;
}

TEST(PathFlapping, NearMissChangesOutsideTheWindowOrTooFew)
{
    const std::string identity = "S1/SERIAL0/0000000077050001";
    HealthContext context;
    context.states.record(identity, AO, T0);
    context.states.record(identity, FAIL, T0 + 1min);
    context.states.record(identity, AO, T0 + 2min);
    MpioDisk down = healthyDisk(0);
    down.paths[1].state = FAIL;
    // 20 minutes on, only the change of this reading is recent.
    context.now = T0 + 22min;
    EXPECT_TRUE(evaluate(mpioGroup({down}), context).byRule(rules::PathFlapping).empty());
    // Two changes in the window are not yet flapping.
    context.now = T0 + 5min;
    EXPECT_TRUE(evaluate(mpioGroup({healthyDisk(0)}), context).byRule(rules::PathFlapping).empty());
    // The threshold is a setting.
    context.settings.flapChanges = 2;
    EXPECT_EQ(evaluate(mpioGroup({healthyDisk(0)}), context).byRule(rules::PathFlapping).size(), 1u);
}

TEST(PathFlapping, MonitorCountsVanishingAndReturningButNotAFailedRead)
{
    HealthMonitor monitor;
    SourceData present = mpioGroup({healthyDisk(0)});
    SourceData gone = present;
    gone.hosts[0].mpioDisks[0].paths.pop_back(); // 0000000077050003 vanishes
    SourceData unread = present;
    unread.hosts[0].mpioDisks.clear();
    unread.hosts[0].mpioError = Error{"MPIO", "WMI query failed", 0};

    auto at = [](SourceData data, int minute) {
        setMpioCounters(data, T0 + std::chrono::minutes(minute), [](std::uint32_t, std::uint64_t) {
            return std::pair{0, 0};
        });
        return data;
    };
    monitor.update(at(present, 0));
    monitor.update(at(unread, 1)); // not a change: the source failed
    monitor.update(at(present, 2));
    EXPECT_TRUE(monitor.update(at(present, 3)).byRule(rules::PathFlapping).empty());
    monitor.update(at(gone, 4));
    monitor.update(at(present, 5));
    const HealthReport report = monitor.update(at(gone, 6));
    // gone, back, gone: the path is absent now, so there is no row to flag;
    // when it returns the next change makes it flapping.
    EXPECT_TRUE(report.byRule(rules::PathFlapping).empty());
    EXPECT_EQ(monitor.update(at(present, 7)).byRule(rules::PathFlapping).size(), 1u);
}

// -------------------------------------------------------- path-count-drift

TEST(PathCountDrift, LunWithFewerPathsThanItsSiblingsIsAWarning)
{
    MpioDisk thin = mdisk(3, LoadBalancePolicy::RoundRobinWithSubset,
                          {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)});
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2), thin}));
    const Finding *finding = only(report, rules::PathCountDrift);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Warning);
    EXPECT_EQ(finding->object.keyPath(), "S1/*/SERIAL3");
    EXPECT_NE(finding->message.find("2 paths"), std::string::npos);
}

TEST(PathCountDrift, LunWithMorePathsThanItsSiblingsIsInfo)
{
    MpioDisk wide = healthyDisk(3);
    wide.paths.push_back(mpath(0x77040001, Hba1, AO, 1));
    const HealthReport report = evaluateOnce(mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2), wide}));
    const Finding *finding = only(report, rules::PathCountDrift);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Severity::Info);
}

TEST(PathCountDrift, NearMissNoClearMajority)
{
    MpioDisk thin = mdisk(2, LoadBalancePolicy::RoundRobinWithSubset,
                          {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)});
    MpioDisk thin2 = thin;
    thin2.number = 3;
    thin2.serial = "SERIAL3";
    // Two LUNs with 4 paths, two with 2: which is right is not for PathLens to guess.
    EXPECT_TRUE(
        evaluateOnce(mpioGroup({healthyDisk(0), healthyDisk(1), thin, thin2})).byRule(rules::PathCountDrift).empty());
    // Nor with only two LUNs.
    EXPECT_TRUE(evaluateOnce(mpioGroup({healthyDisk(0), thin})).byRule(rules::PathCountDrift).empty());
}

TEST(PathCountDrift, NearMissOtherArraysAreNotSiblings)
{
    MpioDisk other = mdisk(3, LoadBalancePolicy::RoundRobinWithSubset,
                           {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)});
    other.vendor = "HPE";
    other.product = "MSA 2060 SAN";
    EXPECT_TRUE(evaluateOnce(mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2), other}))
                    .byRule(rules::PathCountDrift)
                    .empty());
}

} // namespace
} // namespace pathlens
