// Remedy 1 through Windows MPIO, the pure part: which policies and preferred
// paths a disk is offered and why, the mpclaim command line of each choice,
// the checks, the change function, and the before/after comparison of the
// disk's findings.

#include "model/health/healthreport.h"
#include "model/remedy/policychange.h"
#include "model/snapshotbuilder.h"
#include "platform/lab/labbackend.h"

#include "mocks/mockplatform.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace pathlens {
namespace {

using ::testing::_;
using ::testing::Return;
using testing::MockBackend;

constexpr std::uint64_t Be1SpA = 0x77040000; // A/NO for LUN 3 (owned by SP B)
constexpr std::uint64_t Be1SpB = 0x77040002; // A/O
constexpr std::uint64_t Be2SpA = 0x77050001; // A/NO
constexpr std::uint64_t Be2SpB = 0x77050003; // A/O

const std::string Lun3 = "600601601C8045003A21B65F13B4E311";
const std::string Lun5 = "600601601C8045003A21B65F1759E311";
const std::string Lun8 = "5000C500A1B2C3D4";
const std::string Lun9 = "600601601C8045003A21B65F1D00E311";

std::unique_ptr<LabBackend> loadLab(const std::string &path)
{
    auto loaded = LabBackend::fromFile(path);
    if (!loaded) {
        ADD_FAILURE() << loaded.error().toString();
        return nullptr;
    }
    return std::move(loaded).value();
}

InventorySnapshot labSnapshot(const std::string &path)
{
    auto backend = loadLab(path);
    return backend ? buildSnapshot(readSources(*backend)) : InventorySnapshot{};
}

InventorySnapshot remedyLab()
{
    return labSnapshot(std::string(PATHLENS_TEST_DATA_DIR) + "/labs/remedy1-lab.json");
}

/// The first row of the disk with this key: the way a click in the tree names it.
PolicyTarget rowOf(const InventorySnapshot &snapshot, const std::string &diskKey)
{
    for (const ServerEntry &server : snapshot.servers) {
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks) {
                if (disk.key == diskKey)
                    return {server.key, port.key, disk.key};
            }
        }
    }
    ADD_FAILURE() << "no row for disk " << diskKey;
    return {};
}

PolicyPlan planFor(const std::string &diskKey)
{
    const InventorySnapshot snapshot = remedyLab();
    return planPolicyChange(snapshot, rowOf(snapshot, diskKey));
}

std::vector<std::uint64_t> candidateIds(const PolicyPlan &plan)
{
    std::vector<std::uint64_t> ids;
    for (const PreferredCandidate &c : plan.candidates)
        ids.push_back(c.pathId);
    return ids;
}

// A hand-made MPIO disk on one server, its paths under one port row each.
struct HandDisk {
    InventorySnapshot snapshot;

    HandDisk(std::uint32_t number, LoadBalancePolicy policy, std::string dsm = "Microsoft DSM",
             AluaSupport alua = AluaSupport::ImplicitOnly)
    {
        ServerEntry server;
        server.key = "srv-1";
        server.server.id = "srv-1";
        server.server.name = "DCS-X";
        server.server.hostName = "dcs-x.example";
        snapshot.servers.push_back(server);
        m_number = number;
        m_policy = policy;
        m_dsm = std::move(dsm);
        m_alua = alua;
    }

    HandDisk &path(std::uint64_t id, PathState state, PathState tpg, bool preferred = false)
    {
        PortEntry port;
        port.key = "port-" + std::to_string(snapshot.servers[0].ports.size());
        DataCorePort dc;
        dc.id = port.key;
        dc.alias = "HBA " + std::to_string(snapshot.servers[0].ports.size() + 1);
        port.port = dc;
        DiskEntry disk;
        disk.key = "SERIAL-1";
        disk.serial = "SERIAL-1";
        disk.caption = caption;
        disk.owner = PathOwner::Mpio;
        disk.mpioDisk = m_number;
        disk.dsm = m_dsm;
        disk.policy = m_policy;
        disk.alua = m_alua;
        PathEntry entry;
        entry.key = formatPathId(id);
        entry.pathId = id;
        entry.state = state;
        entry.tpgState = tpg;
        if (tpg != PathState::Unknown)
            entry.tpgId = tpg == PathState::ActiveOptimized ? 1 : 2;
        entry.preferred = preferred;
        disk.paths.push_back(entry);
        port.disks.push_back(disk);
        snapshot.servers[0].ports.push_back(port);
        return *this;
    }

    PolicyPlan plan() const { return planPolicyChange(snapshot, {"srv-1", "port-0", "SERIAL-1"}); }

    std::string caption = "DGC VRAID LUN 12";

private:
    std::uint32_t m_number = 0;
    LoadBalancePolicy m_policy = LoadBalancePolicy::Unknown;
    std::string m_dsm;
    AluaSupport m_alua = AluaSupport::Unknown;
};

// ------------------------------------------------------------------ the plan

TEST(PolicyChangePlan, DiskPinnedToNonOptimizedPathOffersOptimizedPathsFirst)
{
    const PolicyPlan plan = planFor(Lun3);
    ASSERT_TRUE(plan.canChange()) << plan.refusal;
    EXPECT_EQ(plan.diskName, "DGC VRAID LUN 3");
    EXPECT_EQ(plan.serverName, "DCS-A");
    EXPECT_EQ(plan.host, "DCS-A");
    EXPECT_EQ(plan.mpioDisk, 0u);
    EXPECT_EQ(plan.systemDisk, "Disk 1");
    EXPECT_EQ(plan.current, LoadBalancePolicy::FailOverOnly);
    EXPECT_TRUE(plan.alua);

    // The LUN shows under both HBA ports; the plan has all four paths.
    ASSERT_EQ(plan.paths.size(), 4u);
    EXPECT_EQ(plan.paths[0].label(), "0000000077040000 via QLogic QLE2692 Fibre Channel Adapter #1");
    EXPECT_EQ(plan.paths[3].label(), "0000000077050003 via QLogic QLE2692 Fibre Channel Adapter #2");

    EXPECT_EQ(candidateIds(plan), (std::vector<std::uint64_t>{Be1SpB, Be2SpB, Be1SpA, Be2SpA}));
    EXPECT_EQ(plan.candidates[0].rank, PreferredCandidate::Rank::Optimized);
    EXPECT_EQ(plan.candidates[0].reason, "Active/Optimized: served by the owning controller");
    EXPECT_EQ(plan.candidates[2].rank, PreferredCandidate::Rank::NonOptimized);
    EXPECT_EQ(plan.candidates[2].reason, "Active/Non-optimized: I/O would cross to the other controller");
    EXPECT_TRUE(plan.candidates[2].preferredNow);
    EXPECT_EQ(plan.activePath(), Be1SpA);

    // Under Fail Over Only MSDSM parks the second optimized path in Standby;
    // it is still offered as optimized, since the array serves it from the owner.
    const PolicyPath *parked = plan.path(Be2SpB);
    ASSERT_NE(parked, nullptr);
    EXPECT_EQ(parked->entry.state, PathState::Standby);
    EXPECT_TRUE(plan.candidate(Be2SpB)->selectable);
}

TEST(PolicyChangePlan, RecommendsRoundRobinWithSubsetForAnAluaArray)
{
    const PolicyPlan plan = planFor(Lun3);
    std::vector<LoadBalancePolicy> offered;
    for (const PolicyOption &option : plan.options)
        offered.push_back(option.policy);
    EXPECT_EQ(offered, (std::vector<LoadBalancePolicy>{LoadBalancePolicy::FailOverOnly, LoadBalancePolicy::RoundRobin,
                                                       LoadBalancePolicy::RoundRobinWithSubset,
                                                       LoadBalancePolicy::LeastQueueDepth,
                                                       LoadBalancePolicy::WeightedPaths, LoadBalancePolicy::LeastBlocks}));

    const PolicyOption *rrws = plan.option(LoadBalancePolicy::RoundRobinWithSubset);
    ASSERT_NE(rrws, nullptr);
    EXPECT_TRUE(rrws->recommended);
    EXPECT_TRUE(rrws->available);
    EXPECT_EQ(rrws->label, "Round Robin with Subset (RRWS)");
    EXPECT_NE(rrws->explanation.find("Active/Optimized paths only"), std::string::npos);
    EXPECT_FALSE(plan.option(LoadBalancePolicy::RoundRobin)->recommended);
    EXPECT_NE(plan.option(LoadBalancePolicy::RoundRobin)->explanation.find("Non-optimized"), std::string::npos);
    // MSDSM does not offer it on ALUA storage (DsmpQuerySupportedLBPolicies) and refuses to set it.
    EXPECT_FALSE(plan.option(LoadBalancePolicy::RoundRobin)->available);
    EXPECT_NE(plan.option(LoadBalancePolicy::RoundRobin)->unavailableReason.find("use Round Robin with Subset"),
              std::string::npos);

    const PolicyOption *weighted = plan.option(LoadBalancePolicy::WeightedPaths);
    EXPECT_FALSE(weighted->available);
    EXPECT_NE(weighted->unavailableReason.find("weight for every path"), std::string::npos);

    const PolicyChoice suggested = plan.suggestedChoice();
    EXPECT_EQ(suggested.policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_FALSE(suggested.preferredPath);
}

TEST(PolicyChangePlan, SymmetricDiskOffersEveryWorkingPathAndRoundRobin)
{
    const PolicyPlan plan = planFor(Lun8);
    ASSERT_TRUE(plan.canChange()) << plan.refusal;
    EXPECT_FALSE(plan.alua);
    ASSERT_EQ(plan.candidates.size(), 2u);
    for (const PreferredCandidate &c : plan.candidates) {
        EXPECT_TRUE(c.selectable);
        EXPECT_EQ(c.reason, "Symmetric access (no ALUA): every controller serves this disk alike");
    }
    EXPECT_TRUE(plan.option(LoadBalancePolicy::RoundRobin)->recommended);
    EXPECT_TRUE(plan.option(LoadBalancePolicy::RoundRobin)->available);
    const PolicyOption *rrws = plan.option(LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_FALSE(rrws->available);
    EXPECT_NE(rrws->unavailableReason.find("reports none"), std::string::npos);
    const PolicyCheck check = checkChoice(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt});
    EXPECT_FALSE(check.ok());
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}), "");
}

TEST(PolicyChangePlan, FailedStandbyAndUnavailablePathsAreOfferedDisabledWithTheReason)
{
    HandDisk disk(4, LoadBalancePolicy::RoundRobinWithSubset);
    disk.path(0x77010000, PathState::Failed, PathState::ActiveOptimized)
        .path(0x77010001, PathState::Standby, PathState::Standby)
        .path(0x77010002, PathState::Unavailable, PathState::Unavailable)
        .path(0x77010003, PathState::ActiveUnoptimized, PathState::ActiveUnoptimized)
        .path(0x77010004, PathState::ActiveOptimized, PathState::ActiveOptimized)
        .path(0x77010005, PathState::Transitioning, PathState::Transitioning);
    const PolicyPlan plan = disk.plan();
    ASSERT_TRUE(plan.canChange()) << plan.refusal;
    EXPECT_EQ(candidateIds(plan),
              (std::vector<std::uint64_t>{0x77010004, 0x77010003, 0x77010000, 0x77010001, 0x77010002, 0x77010005}));
    EXPECT_EQ(plan.candidate(0x77010000)->reason, "Failed: the path is down");
    EXPECT_EQ(plan.candidate(0x77010001)->reason.rfind("Standby:", 0), 0u);
    EXPECT_EQ(plan.candidate(0x77010002)->reason, "Unavailable: the array refuses I/O on this path");
    EXPECT_EQ(plan.candidate(0x77010005)->reason.rfind("Transitioning:", 0), 0u);
    for (std::uint64_t id : {0x77010000ull, 0x77010001ull, 0x77010002ull, 0x77010005ull}) {
        EXPECT_FALSE(plan.candidate(id)->selectable) << formatPathId(id);
        const PolicyCheck check = checkChoice(plan, {LoadBalancePolicy::FailOverOnly, id});
        EXPECT_FALSE(check.ok()) << formatPathId(id);
        EXPECT_NE(check.error.find("cannot carry the I/O"), std::string::npos) << check.error;
        EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::FailOverOnly, id}), "");
    }
}

TEST(PolicyChangePlan, DataCoreOwnedDiskIsRefusedWithRemedyTwo)
{
    const InventorySnapshot snapshot = remedyLab();
    const PolicyPlan plan = planPolicyChange(snapshot, rowOf(snapshot, Lun9));
    EXPECT_TRUE(plan.found);
    EXPECT_FALSE(plan.canChange());
    EXPECT_EQ(plan.owner, PathOwner::DataCoreDriver);
    EXPECT_NE(plan.refusal.find("SANsymphony's own back-end driver"), std::string::npos) << plan.refusal;
    EXPECT_NE(plan.refusal.find("remedy 2"), std::string::npos) << plan.refusal;
    EXPECT_NE(plan.refusal.find("driver replacement wizard"), std::string::npos) << plan.refusal;
    // Its paths still show, so the dialog can say what it sees.
    EXPECT_EQ(plan.paths.size(), 2u);
    EXPECT_TRUE(plan.options.empty());
    EXPECT_TRUE(plan.candidates.empty());

    const PolicyChoice choice{LoadBalancePolicy::RoundRobinWithSubset, std::nullopt};
    EXPECT_EQ(checkChoice(plan, choice).error, plan.refusal);
    EXPECT_EQ(mpclaimCommand(plan, choice), "");

    // The change function refuses without touching the system.
    MockBackend backend;
    EXPECT_CALL(backend.mpioMock, setPolicy(_, _, _, _)).Times(0);
    EXPECT_CALL(backend.mpioMock, disks(_)).Times(0);
    const ChangeResult result = policyChangeFunction(plan, choice)(backend);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("Nothing was changed"), std::string::npos);
}

TEST(PolicyChangePlan, EveryDiskOfTheDefaultLabIsRefusedBeforeRemedyTwo)
{
    const InventorySnapshot snapshot = labSnapshot(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/default-lab.json");
    std::size_t disks = 0;
    for (const ServerEntry &server : snapshot.servers) {
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks) {
                ++disks;
                const PolicyPlan plan = planPolicyChange(snapshot, {server.key, port.key, disk.key});
                EXPECT_FALSE(plan.canChange()) << disk.caption;
                EXPECT_NE(plan.refusal.find("remedy 2"), std::string::npos) << disk.caption;
            }
        }
    }
    EXPECT_GT(disks, 0u);
}

TEST(PolicyChangePlan, VendorDsmIsRefused)
{
    HandDisk disk(1, LoadBalancePolicy::VendorSpecific, "PowerPath DSM");
    disk.path(0x77010000, PathState::ActiveOptimized, PathState::ActiveOptimized);
    const PolicyPlan plan = disk.plan();
    EXPECT_FALSE(plan.canChange());
    EXPECT_NE(plan.refusal.find("\"PowerPath DSM\", not the Microsoft DSM"), std::string::npos) << plan.refusal;
}

TEST(PolicyChangePlan, RowThatIsGoneIsRefused)
{
    const InventorySnapshot snapshot = remedyLab();
    const PolicyPlan plan = planPolicyChange(snapshot, {"S1", "*", "NO-SUCH-SERIAL"});
    EXPECT_FALSE(plan.found);
    EXPECT_FALSE(plan.canChange());
    EXPECT_NE(plan.refusal.find("not in the current reading"), std::string::npos);
    const PolicyPlan otherServer = planPolicyChange(snapshot, {"S2", "*", Lun3});
    EXPECT_FALSE(otherServer.found);
}

// ------------------------------------------------------------ command lines

TEST(PolicyChangeCommand, EachPolicyOnTheLab)
{
    const PolicyPlan plan = planFor(Lun3);
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::RoundRobin, std::nullopt}), ""); // not offered on ALUA
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::LeastQueueDepth, std::nullopt}), "mpclaim -l -d 0 4");
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::LeastBlocks, std::nullopt}), "mpclaim -l -d 0 6");
    // Round Robin with Subset: every working path with its target port group's state.
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}),
              "mpclaim -l -d 0 3 0000000077040000 1 0 0 0000000077040002 0 0 0 0000000077050001 1 0 0 "
              "0000000077050003 0 0 0");
    // Fail Over Only on an optimized path; the active path now is non-optimized, so nothing to demote.
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::FailOverOnly, Be1SpB}), "mpclaim -l -d 0 1 0000000077040002 0 0 1");
    // Weighted Paths is not set here; Vendor Specific and clearing are not offered.
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::WeightedPaths, std::nullopt}), "");
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::VendorSpecific, std::nullopt}), "");
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::Unknown, std::nullopt}), "");
}

TEST(PolicyChangeCommand, FailOverOnlySwitchDemotesTheActiveOptimizedPath)
{
    // LUN 5: Fail Over Only on its one working optimized path; its other
    // optimized path failed. Moving to the non-optimized path must give the
    // active one a Standby state, as mpclaim's usage text demands.
    const PolicyPlan plan = planFor(Lun5);
    ASSERT_TRUE(plan.canChange()) << plan.refusal;
    EXPECT_EQ(plan.activePath(), Be1SpA);
    EXPECT_EQ(candidateIds(plan), (std::vector<std::uint64_t>{Be1SpA, Be1SpB, Be2SpA}));
    EXPECT_FALSE(plan.candidate(Be2SpA)->selectable); // failed
    const PolicyChoice choice{LoadBalancePolicy::FailOverOnly, Be1SpB};
    EXPECT_EQ(mpclaimCommand(plan, choice), "mpclaim -l -d 2 1 0000000077040000 2 0 0 0000000077040002 0 0 1");
    const PolicyCheck check = checkChoice(plan, choice);
    EXPECT_TRUE(check.ok()) << check.error;
    EXPECT_NE(check.warning.find("while an Active/Optimized path is available"), std::string::npos) << check.warning;
    // The failed path has vanished from mpclaim's table: Round Robin with Subset leaves it out.
    EXPECT_EQ(mpclaimCommand(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}),
              "mpclaim -l -d 2 3 0000000077040000 0 0 0 0000000077040002 1 0 0");
}

TEST(PolicyChangeCommand, MatchesTheExamplesOfMpclaimsUsageText)
{
    // "For setting 'MPIO Disk2' to Fail-Over Only with pathId 0000000077030000
    // set to Active/Optimized and be the Preferred path for Failback"
    HandDisk two(2, LoadBalancePolicy::RoundRobinWithSubset);
    two.path(0x77030000, PathState::ActiveOptimized, PathState::ActiveOptimized)
        .path(0x77030001, PathState::Standby, PathState::Standby);
    EXPECT_EQ(mpclaimCommand(two.plan(), {LoadBalancePolicy::FailOverOnly, 0x77030000}),
              "mpclaim -l -d 2 1 0000000077030000 0 0 1");

    // "For setting 'MPIO Disk1' to Round Robin with Subset with pathId
    // 0000000077030000 to Active/Optimized and pathId 0000000077030001 set to Standby state"
    HandDisk one(1, LoadBalancePolicy::FailOverOnly);
    one.path(0x77030000, PathState::ActiveOptimized, PathState::ActiveOptimized, true)
        .path(0x77030001, PathState::Standby, PathState::Standby);
    EXPECT_EQ(mpclaimCommand(one.plan(), {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}),
              "mpclaim -l -d 1 3 0000000077030000 0 0 0 0000000077030001 2 0 0");

    // "When Fail-Over Only is already set for 'MPIO Disk3' and pathId
    // 0000000077030000 is set to Active/Optimized, to set pathId
    // 0000000077030000 to Standby and pathId 0000000077030001 to
    // Active/Optimized" (the new path is also made the preferred one here).
    HandDisk three(3, LoadBalancePolicy::FailOverOnly);
    three.path(0x77030000, PathState::ActiveOptimized, PathState::ActiveOptimized)
        .path(0x77030001, PathState::Standby, PathState::ActiveOptimized);
    EXPECT_EQ(mpclaimCommand(three.plan(), {LoadBalancePolicy::FailOverOnly, 0x77030001}),
              "mpclaim -l -d 3 1 0000000077030000 2 0 0 0000000077030001 0 0 1");
}

TEST(PolicyChangeCommand, HostileCaptionStaysOutOfTheCommandLine)
{
    HandDisk disk(7, LoadBalancePolicy::FailOverOnly);
    disk.caption = "LUN \"7\" <script>alert(1)</script>,\nnext & rm -rf";
    disk.path(0x77030000, PathState::ActiveOptimized, PathState::ActiveOptimized, true)
        .path(0x77030001, PathState::ActiveUnoptimized, PathState::ActiveUnoptimized);
    const PolicyPlan plan = disk.plan();
    const PolicyChoice choice{LoadBalancePolicy::RoundRobinWithSubset, std::nullopt};
    EXPECT_EQ(mpclaimCommand(plan, choice), "mpclaim -l -d 7 3 0000000077030000 0 0 0 0000000077030001 1 0 0");
    // The sentence names the disk as it is; views show it as plain text.
    EXPECT_NE(describeChange(plan, choice).find(disk.caption), std::string::npos);
}

// ------------------------------------------------------------------ checks

TEST(PolicyChangeCheck, RefusesWhatCannotBeApplied)
{
    const PolicyPlan plan = planFor(Lun3);
    EXPECT_EQ(checkChoice(plan, {LoadBalancePolicy::FailOverOnly, std::nullopt}).error,
              "Fail Over Only needs a preferred path: choose the path that is to carry the I/O.");
    EXPECT_EQ(checkChoice(plan, {LoadBalancePolicy::FailOverOnly, 0x12345678}).error,
              "Path 0000000012345678 is not a path of MPIO Disk0.");
    EXPECT_NE(checkChoice(plan, {LoadBalancePolicy::LeastQueueDepth, Be1SpB}).error.find("applies to Fail Over Only"),
              std::string::npos);
    EXPECT_NE(checkChoice(plan, {LoadBalancePolicy::VendorSpecific, std::nullopt}).error.find("does not set"),
              std::string::npos);
    // Nothing to change: the same preferred path under Fail Over Only.
    EXPECT_EQ(checkChoice(plan, {LoadBalancePolicy::FailOverOnly, Be1SpA}).error,
              "MPIO Disk0 already uses Fail Over Only with 0000000077040000 via QLogic QLE2692 Fibre Channel Adapter "
              "#1 as the preferred path.");

    EXPECT_TRUE(checkChoice(plan, {LoadBalancePolicy::FailOverOnly, Be1SpA}).nothingToChange);
    EXPECT_FALSE(checkChoice(plan, {LoadBalancePolicy::FailOverOnly, std::nullopt}).nothingToChange);

    const PolicyPlan rrws = planFor("600601601C8045003A21B65F1587E311"); // LUN 4, already RRWS
    const PolicyCheck same = checkChoice(rrws, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt});
    EXPECT_EQ(same.error, "MPIO Disk1 already uses Round Robin with Subset.");
    EXPECT_TRUE(same.nothingToChange);
}

TEST(PolicyChangeCheck, NonOptimizedPreferredPathIsAllowedWithAWarning)
{
    const PolicyPlan plan = planFor(Lun3);
    const PolicyCheck optimized = checkChoice(plan, {LoadBalancePolicy::FailOverOnly, Be2SpB});
    EXPECT_TRUE(optimized.ok());
    EXPECT_TRUE(optimized.warning.empty());
    const PolicyCheck slow = checkChoice(plan, {LoadBalancePolicy::FailOverOnly, Be2SpA});
    EXPECT_TRUE(slow.ok()) << slow.error;
    EXPECT_FALSE(slow.warning.empty());
}

TEST(PolicyChangeCheck, DescribesTheExactChange)
{
    const PolicyPlan plan = planFor(Lun3);
    EXPECT_EQ(describeChange(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}),
              "Set MPIO Disk0 (DGC VRAID LUN 3, serial 600601601C8045003A21B65F13B4E311) on DCS-A from Fail Over Only "
              "to Round Robin with Subset.");
    EXPECT_EQ(describeChange(plan, {LoadBalancePolicy::FailOverOnly, Be1SpB}),
              "Set MPIO Disk0 (DGC VRAID LUN 3, serial 600601601C8045003A21B65F13B4E311) on DCS-A from Fail Over Only "
              "to Fail Over Only with 0000000077040002 via QLogic QLE2692 Fibre Channel Adapter #1 as the preferred "
              "path (Active/Optimized).");
}

// ------------------------------------------------------- the change function

MpioDisk diskNumbered(std::uint32_t number, const std::string &serial)
{
    MpioDisk disk;
    disk.number = number;
    disk.serial = serial;
    return disk;
}

TEST(PolicyChangeFunction, CallsSetPolicyForTheChosenHostDiskAndPath)
{
    const PolicyPlan plan = planFor(Lun3);
    MockBackend backend;
    EXPECT_CALL(backend.mpioMock, disks("DCS-A"))
        .WillOnce(Return(Result<std::vector<MpioDisk>>(std::vector{diskNumbered(0, Lun3)})));
    EXPECT_CALL(backend.mpioMock,
                setPolicy("DCS-A", 0u, LoadBalancePolicy::FailOverOnly, std::optional<std::uint64_t>(Be2SpB)))
        .WillOnce(Return(ChangeResult(Change{false, "done"})));
    const ChangeResult result = policyChangeFunction(plan, {LoadBalancePolicy::FailOverOnly, Be2SpB})(backend);
    ASSERT_TRUE(result.ok()) << result.error().toString();
    EXPECT_EQ(result->detail, "done");
}

TEST(PolicyChangeFunction, DiskNumberThatNowNamesAnotherDiskChangesNothing)
{
    const PolicyPlan plan = planFor(Lun3);
    MockBackend backend;
    EXPECT_CALL(backend.mpioMock, disks("DCS-A"))
        .WillOnce(Return(Result<std::vector<MpioDisk>>(std::vector{diskNumbered(0, "OTHER-SERIAL")})));
    EXPECT_CALL(backend.mpioMock, setPolicy(_, _, _, _)).Times(0);
    const ChangeResult result = policyChangeFunction(plan, {LoadBalancePolicy::LeastQueueDepth, std::nullopt})(backend);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message,
              "MPIO Disk0 on DCS-A is now the disk with serial OTHER-SERIAL, not 600601601C8045003A21B65F13B4E311; "
              "nothing was changed. Refresh and choose the disk again.");
}

TEST(PolicyChangeFunction, FailingReadBeforeTheChangeChangesNothing)
{
    const PolicyPlan plan = planFor(Lun3);
    MockBackend backend;
    EXPECT_CALL(backend.mpioMock, disks("DCS-A"))
        .WillOnce(Return(Result<std::vector<MpioDisk>>(Error{"MPIO_DISK_INFO", "Access denied", 5})));
    EXPECT_CALL(backend.mpioMock, setPolicy(_, _, _, _)).Times(0);
    const ChangeResult result = policyChangeFunction(plan, {LoadBalancePolicy::LeastQueueDepth, std::nullopt})(backend);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().toString(),
              "check MPIO Disk0 on DCS-A before the change: MPIO_DISK_INFO: Access denied (code 5); nothing was changed");

    // A disk that is gone, and a source without MPIO.
    EXPECT_CALL(backend.mpioMock, disks("DCS-A")).WillOnce(Return(Result<std::vector<MpioDisk>>(std::vector<MpioDisk>{})));
    EXPECT_NE(policyChangeFunction(plan, {LoadBalancePolicy::LeastQueueDepth, std::nullopt})(backend).error().message.find(
                  "is no longer on DCS-A"),
              std::string::npos);
    backend.setParts(true, true, false);
    EXPECT_NE(policyChangeFunction(plan, {LoadBalancePolicy::LeastQueueDepth, std::nullopt})(backend).error().message.find(
                  "has no Windows MPIO"),
              std::string::npos);
}

TEST(PolicyChangeFunction, LabFaultIsReturnedAsItIsAndChangesNothing)
{
    auto lab = loadLab(std::string(PATHLENS_TEST_DATA_DIR) + "/labs/remedy1-lab.json");
    ASSERT_TRUE(lab);
    const InventorySnapshot snapshot = buildSnapshot(readSources(*lab));
    const PolicyPlan plan = planPolicyChange(snapshot, rowOf(snapshot, "600601601C8045003A21B65F1B2AE311")); // LUN 7
    ASSERT_TRUE(plan.canChange()) << plan.refusal;
    const ChangeResult result = policyChangeFunction(plan, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt})(*lab);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().toString(), "lab: set policy: Access is denied. (code 5)");
    const PolicyPlan again = planPolicyChange(buildSnapshot(readSources(*lab)), plan.target);
    EXPECT_EQ(again.current, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(again.activePath(), Be2SpA);
}

// ------------------------------------------------------------------ outcome

Finding finding(std::string_view rule, ObjectRef object, std::string name, std::string message = "measured")
{
    Finding f;
    f.rule = std::string(rule);
    f.severity = Severity::Warning;
    f.object = std::move(object);
    f.objectName = std::move(name);
    f.message = std::move(message);
    return f;
}

Finding ioOn(const std::string &path, std::string message = "1,200 reads/s")
{
    return finding(rules::IoOnNonOptimized, ObjectRef::path("S1", "be1", "D3", path),
                   "DCS-A / DGC VRAID LUN 3 / path " + path, std::move(message));
}

Finding mismatch()
{
    return finding(rules::PolicyMismatch, ObjectRef::disk("S1", std::string(AnyPortKey), "D3"), "DCS-A / DGC VRAID LUN 3");
}

TEST(PolicyChangeOutcome, FindingsThatAreGoneAreCleared)
{
    const PolicyOutcome outcome = compareFindings("DGC VRAID LUN 3", {ioOn("p1"), mismatch()}, {}, true);
    EXPECT_EQ(outcome.cleared.size(), 2u);
    EXPECT_TRUE(outcome.allCleared());
    EXPECT_EQ(outcome.lines(), (std::vector<std::string>{"io-on-non-optimized on DGC VRAID LUN 3 cleared",
                                                          "policy-mismatch on DGC VRAID LUN 3 cleared"}));
}

TEST(PolicyChangeOutcome, RemainingAndNewFindingsAreNamed)
{
    const Finding single = finding(rules::SinglePath, ObjectRef::disk("S1", "*", "D3"), "DCS-A / DGC VRAID LUN 3",
                                   "Only one usable path.");
    const PolicyOutcome outcome
        = compareFindings("DGC VRAID LUN 3", {ioOn("p1"), ioOn("p2")}, {ioOn("p2", "300 reads/s"), single}, true);
    EXPECT_FALSE(outcome.allCleared());
    EXPECT_EQ(outcome.lines(),
              (std::vector<std::string>{
                  "io-on-non-optimized on DCS-A / DGC VRAID LUN 3 / path p1 cleared",
                  "still present: io-on-non-optimized on DCS-A / DGC VRAID LUN 3 / path p2: 300 reads/s",
                  "new: single-path on DCS-A / DGC VRAID LUN 3: Only one usable path.",
              }));
}

TEST(PolicyChangeOutcome, IoFindingsWaitForAMeasurementAfterTheChange)
{
    // The reading right after the change has no interval of its own: the
    // absence of an I/O finding says nothing, nor does one measured across the change.
    const PolicyOutcome outcome = compareFindings("DGC VRAID LUN 3", {ioOn("p1"), mismatch()}, {ioOn("p1")}, false);
    EXPECT_TRUE(outcome.remaining.empty());
    EXPECT_EQ(outcome.cleared.size(), 1u);
    EXPECT_EQ(outcome.cleared[0].rule, rules::PolicyMismatch);
    EXPECT_EQ(outcome.notYetMeasured, (std::vector<std::string>{"io-on-non-optimized"}));
    EXPECT_FALSE(outcome.allCleared());
    EXPECT_EQ(outcome.lines(),
              (std::vector<std::string>{"policy-mismatch on DGC VRAID LUN 3 cleared",
                                        "io-on-non-optimized on DGC VRAID LUN 3: not yet measured; will be re-checked "
                                        "on the next refresh"}));
}

TEST(PolicyChangeOutcome, NoFindingsEitherWay)
{
    const PolicyOutcome outcome = compareFindings("DGC VRAID LUN 4", {}, {}, true);
    EXPECT_TRUE(outcome.allCleared());
    EXPECT_EQ(outcome.lines(), (std::vector<std::string>{"No findings on DGC VRAID LUN 4 before or after the change."}));
}

TEST(PolicyChangeOutcome, FindingsAboutPicksTheDiskAndItsPathsOnly)
{
    const HealthReport report({
        ioOn("p1"),
        mismatch(),
        finding(rules::PolicyMismatch, ObjectRef::disk("S1", "*", "D4"), "other disk"),
        finding(rules::PolicyMismatch, ObjectRef::disk("S2", "*", "D3"), "same serial, other server"),
        finding(rules::PortNotPresent, ObjectRef::port("S1", "be1"), "a port"),
    });
    const std::vector<Finding> about = findingsAbout(report, {"S1", "be1", "D3"});
    std::vector<std::string> names;
    for (const Finding &f : about)
        names.push_back(f.objectName);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"DCS-A / DGC VRAID LUN 3", "DCS-A / DGC VRAID LUN 3 / path p1"}));
}

} // namespace
} // namespace pathlens
