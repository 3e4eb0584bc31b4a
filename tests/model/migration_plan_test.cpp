// Remedy 2 before anything changes: PCI matching of back-end ports to device
// instances, the plan's steps with their manual equivalents, and every
// preflight rule.

#include "migration_testlab.h"

#include "model/migration/migrationchoices.h"
#include "model/migration/migrationplanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace pathlens {
namespace {

using namespace testlab;
using ::testing::HasSubstr;

// ------------------------------------------------------------ values

TEST(MigrationValues, PciLocationsInDecimalAndHexMeanTheSameFunction)
{
    const PciLocation expected{175, 0, 1};
    EXPECT_EQ(parsePciLocation("175:0.1"), expected);
    EXPECT_EQ(parsePciLocation("175:0:1"), expected);
    EXPECT_EQ(parsePciLocation(" 0xaf:0x0.0x1 "), expected);
    EXPECT_EQ(parsePciLocation("0000:af:00.1"), expected); // lspci, hex
    EXPECT_EQ(parsePciLocation("PCI bus 175, device 0, function 1"), expected);
    EXPECT_EQ(parsePciLocation("pci bus 175, device 0, function 1"), expected);
    // DataCore's 130 is lspci's 82.
    EXPECT_EQ(parsePciLocation("130:0.0"), parsePciLocation("0000:82:00.0"));

    EXPECT_FALSE(parsePciLocation("af:00.1")); // hex without a prefix is not guessed
    EXPECT_FALSE(parsePciLocation("256:0.0"));
    EXPECT_FALSE(parsePciLocation("175:32.0"));
    EXPECT_FALSE(parsePciLocation("175:0.8"));
    EXPECT_FALSE(parsePciLocation("175:0"));
    EXPECT_FALSE(parsePciLocation(""));
    EXPECT_FALSE(parsePciLocation("<script>:0.0"));
    EXPECT_FALSE(parsePciLocation("PCI bus x, device 0, function 0"));
}

TEST(MigrationValues, ClaimHardwareIdIsPaddedVendorAndProduct)
{
    EXPECT_EQ(claimHardwareId("DGC", "VRAID"), "DGC     VRAID           ");
    EXPECT_EQ(claimHardwareId("HPE", "MSA 2050 SAN"), "HPE     MSA 2050 SAN    ");
    EXPECT_EQ(claimHardwareId("LONGVENDORNAME", "P").size(), 24u);
}

TEST(MigrationValues, DataCoreDriversAreRecognised)
{
    DriverPackage dataCore{"DataCore QLogic 2X Fibre Channel Adapter", "DataCore Software", "15.0", "", "oem12.inf",
                           "dcsfc"};
    DriverPackage native{"QLogic Fibre Channel Adapter", "QLogic", "9.4.6.20", "", "oem21.inf", "ql2300i"};
    EXPECT_TRUE(isDataCoreDriver(dataCore));
    EXPECT_FALSE(isDataCoreDriver(native));
    EXPECT_EQ(driverWords(native), "QLogic Fibre Channel Adapter 9.4.6.20 (oem21.inf)");
}

TEST(MigrationValues, StateWordsReadBack)
{
    for (RunState state : {RunState::Planned, RunState::Running, RunState::Paused, RunState::WaitingForRestart,
                           RunState::Failed, RunState::Completed, RunState::RollingBack, RunState::RolledBack,
                           RunState::RollbackFailed, RunState::Abandoned})
        EXPECT_EQ(runStateFromString(toString(state)), state);
    for (StepStatus status : {StepStatus::Planned, StepStatus::Running, StepStatus::Done, StepStatus::Skipped,
                              StepStatus::Failed, StepStatus::RolledBack})
        EXPECT_EQ(stepStatusFromString(toString(status)), status);
    EXPECT_EQ(toString(StepStatus::RolledBack), "rolled-back");
    EXPECT_FALSE(runStateFromString("done"));
    EXPECT_TRUE(isFinal(RunState::Completed));
    EXPECT_FALSE(isFinal(RunState::Failed));
}

// ------------------------------------------------------------ choices

MigrationChoicesReading readFixture(const std::string &name)
{
    auto lab = openLab(fixtureText(name), name);
    return readMigrationChoices(**lab);
}

const BackEndPortChoice *choice(const ServerChoice &server, const std::string &id)
{
    for (const BackEndPortChoice &port : server.ports) {
        if (port.port.id == id)
            return &port;
    }
    return nullptr;
}

TEST(MigrationChoices, BackEndPortsMatchTheirDeviceByFullPciLocation)
{
    const MigrationChoicesReading reading = readFixture("migration-base.json");
    ASSERT_EQ(reading.servers.size(), 1u);
    const ServerChoice &server = reading.servers.front();
    EXPECT_EQ(server.server.name, "SRV1");

    // Front-end ports are not offered at all; the old and the loopback port are, with reasons.
    ASSERT_EQ(server.ports.size(), 4u);
    EXPECT_EQ(choice(server, "P-FE1"), nullptr);

    const BackEndPortChoice *be2 = choice(server, "P-BE2");
    ASSERT_NE(be2, nullptr);
    ASSERT_TRUE(be2->selectable()) << be2->reason;
    ASSERT_TRUE(be2->device);
    // Function 1 of the dual-port HBA, not its sibling on the same bus.
    EXPECT_EQ(be2->device->instanceId, "PCI\\VEN_1077&DEV_2261&SUBSYS_02A91077&REV_01\\4&2A6C9F3&0&0110");
    EXPECT_EQ(be2->device->driver.provider, "DataCore Software");
    EXPECT_EQ(be2->disks.size(), 3u);
    const auto l1 = std::find_if(be2->disks.begin(), be2->disks.end(),
                                 [](const DiskBehindPort &disk) { return disk.id == "L1"; });
    ASSERT_NE(l1, be2->disks.end());
    EXPECT_EQ(l1->paths, 2u);
    EXPECT_TRUE(l1->inUse); // SANsymphony's one path for L1 leaves from BE2

    const BackEndPortChoice *old = choice(server, "P-OLD");
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->match, PortMatch::NotPresent);
    EXPECT_THAT(old->reason, HasSubstr("Not present"));
    const BackEndPortChoice *loop = choice(server, "P-LOOP");
    ASSERT_NE(loop, nullptr);
    EXPECT_EQ(loop->match, PortMatch::NoPciLocation);
    EXPECT_FALSE(loop->reason.empty());
}

TEST(MigrationChoices, AmbiguousMissingAndRoleConflictingMatchesAreRefusedWithAReason)
{
    const MigrationChoicesReading reading = readFixture("migration-matching.json");
    ASSERT_EQ(reading.servers.size(), 1u);
    const ServerChoice &server = reading.servers.front();

    const BackEndPortChoice *shared = choice(server, "P-BE-SHARED");
    ASSERT_NE(shared, nullptr);
    EXPECT_EQ(shared->match, PortMatch::RoleConflict);
    EXPECT_THAT(shared->reason, HasSubstr("SRV1 MR shared"));
    EXPECT_THAT(shared->reason, HasSubstr("175:0.0 (af:00.0)"));
    EXPECT_FALSE(shared->selectable());

    const BackEndPortChoice *both = choice(server, "P-BE-MR");
    ASSERT_NE(both, nullptr);
    EXPECT_EQ(both->match, PortMatch::RoleConflict);
    EXPECT_THAT(both->reason, HasSubstr("mirror role"));

    const BackEndPortChoice *nowhere = choice(server, "P-BE-NOWHERE");
    ASSERT_NE(nowhere, nullptr);
    EXPECT_EQ(nowhere->match, PortMatch::Missing);
    EXPECT_THAT(nowhere->reason, HasSubstr("200:0.0 (c8:00.0)"));

    for (const char *twin : {"P-BE-TWIN1", "P-BE-TWIN2"}) {
        const BackEndPortChoice *port = choice(server, twin);
        ASSERT_NE(port, nullptr);
        EXPECT_EQ(port->match, PortMatch::Ambiguous) << twin;
        EXPECT_THAT(port->reason, HasSubstr("Refusing to guess"));
        EXPECT_FALSE(port->device);
    }

    const BackEndPortChoice *iscsi = choice(server, "P-BE-ISCSI");
    ASSERT_NE(iscsi, nullptr);
    EXPECT_EQ(iscsi->match, PortMatch::NotFibreChannel);

    const BackEndPortChoice *good = choice(server, "P-BE-GOOD");
    ASSERT_NE(good, nullptr);
    EXPECT_TRUE(good->selectable()) << good->reason;
    EXPECT_EQ(good->device->pci, (PciLocation{176, 0, 0}));

    // Without a choice, only the port that matched is taken.
    const PortSelection all = selectPorts(server, {});
    ASSERT_EQ(all.ports.size(), 1u);
    EXPECT_EQ(all.ports.front()->port.id, "P-BE-GOOD");
}

TEST(MigrationChoices, PortsAreChosenByIdAliasOrPciInEitherBase)
{
    const MigrationChoicesReading reading = readFixture("migration-base.json");
    const ServerChoice &server = reading.servers.front();
    const PortSelection byWords = selectPorts(server, {"P-BE1", "srv1 be2"});
    ASSERT_EQ(byWords.ports.size(), 2u);
    EXPECT_TRUE(byWords.unknown.empty());

    const PortSelection byPci = selectPorts(server, {"0000:af:00.1", "175:0.1"});
    ASSERT_EQ(byPci.ports.size(), 1u); // both name BE2
    EXPECT_EQ(byPci.ports.front()->port.id, "P-BE2");

    const PortSelection unknown = selectPorts(server, {"P-BE9", "<script>alert(1)</script>"});
    EXPECT_TRUE(unknown.ports.empty());
    EXPECT_EQ(unknown.unknown.size(), 2u);

    EXPECT_NE(findServerChoice(reading.servers, "srv1"), nullptr);
    EXPECT_NE(findServerChoice(reading.servers, "S1"), nullptr);
    EXPECT_EQ(findServerChoice(reading.servers, "SRV2"), nullptr);
}

// ------------------------------------------------------------ plan and preflight

struct Planned {
    MigrationChoicesReading reading;
    PlanOutcome outcome;
};

/// Facts as a healthy host gives them: elevated, MPIO installed, no restart
/// pending, and the lab's compatible drivers.
PreflightFacts healthyFacts(LabBackend &lab, const ServerChoice &server, const PortSelection &selection)
{
    PreflightFacts facts = gatherPreflightFacts(lab, server.server.hostName, selection.ports);
    facts.elevation = Result<Elevation>(Elevation{true, "elevated"});
    facts.mpioFeature = Result<MpioFeature>(MpioFeature{true, {"service msdsm: present"}});
    facts.pendingReboot = Result<PendingReboot>(PendingReboot{false, {}});
    return facts;
}

Planned planWith(const std::string &text, const std::function<void(PreflightFacts &)> &adjust = {},
                 MigrationRequest request = requestFor("SRV1"))
{
    auto lab = openLab(text);
    Planned planned;
    planned.reading = readMigrationChoices(**lab);
    const ServerChoice *server = findServerChoice(planned.reading.servers, request.server);
    EXPECT_NE(server, nullptr);
    const PortSelection selection = selectPorts(*server, request.ports);
    PreflightFacts facts = healthyFacts(**lab, *server, selection);
    if (adjust)
        adjust(facts);
    planned.outcome = planMigration(*server, selection, planned.reading.sources, facts, request);
    return planned;
}

const PreflightItem *item(const PlanOutcome &outcome, const std::string &id)
{
    for (const PreflightItem &candidate : outcome.preflight) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

bool blocked(const PlanOutcome &outcome)
{
    return std::any_of(outcome.preflight.begin(), outcome.preflight.end(),
                       [](const PreflightItem &i) { return i.status == PreflightStatus::Block; });
}

TEST(MigrationPlan, StepsRunFromDriversToVerifyWithTheirManualEquivalents)
{
    const Planned planned = planWith(fixtureText("migration-base.json"));
    const MigrationPlan &plan = planned.outcome.plan;
    EXPECT_FALSE(blocked(planned.outcome));
    std::vector<std::string> ids;
    for (const MigrationStep &step : plan.steps)
        ids.push_back(step.id);
    // The claim comes before the port removals: registered with MSDSM before the restart the drivers
    // need, the LUNs are claimed as the native driver brings them up (rule claim-registers).
    EXPECT_EQ(ids, (std::vector<std::string>{"install-driver:175:0.0", "install-driver:175:0.1", "claim",
                                             "delete-port:P-BE1", "delete-port:P-BE2",
                                             "set-policy:600601601C8045000000000000000A00",
                                             "set-policy:600601601C8045000000000000000A01",
                                             "set-policy:600601601C8045000000000000000A02", "verify"}));
    for (const MigrationStep &step : plan.steps) {
        EXPECT_EQ(step.status, StepStatus::Planned);
        EXPECT_FALSE(step.manualAction.empty()) << step.id;
        EXPECT_EQ(step.host, "SRV1");
    }

    const MigrationStep &install = plan.steps[1];
    EXPECT_EQ(install.kind, StepKind::InstallDriver);
    EXPECT_EQ(stageOf(install.kind), MigrationStage::Execute);
    EXPECT_EQ(install.pci, (PciLocation{175, 0, 1}));
    ASSERT_TRUE(install.driverAfter);
    EXPECT_EQ(install.driverAfter->version, "9.4.6.20"); // the newest native driver
    EXPECT_EQ(install.driverBefore->service, "dcsfc");
    // By hand: Device Manager on this instance, never by hardware id.
    EXPECT_THAT(install.manualAction, HasSubstr("Device Manager"));
    EXPECT_THAT(install.manualAction, HasSubstr("4&2A6C9F3&0&0110"));
    EXPECT_THAT(install.manualAction, HasSubstr("pnputil /add-driver <inf> /install"));

    EXPECT_THAT(plan.steps[3].manualAction, HasSubstr("DELETE /RestService/rest.svc/1.0/ports/P-BE1"));
    EXPECT_EQ(plan.steps[2].manualAction.rfind("mpclaim -n -i -d \"DGC     VRAID           \"", 0), 0u);
    EXPECT_THAT(plan.steps[5].manualAction, HasSubstr("mpclaim -l -d <N> 3"));
    EXPECT_EQ(plan.steps[5].policy, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_EQ(stageOf(plan.steps[8].kind), MigrationStage::Verify);

    // What the run expects to find afterwards: the paths SANsymphony knew through the chosen ports.
    ASSERT_EQ(plan.luns.size(), 3u);
    EXPECT_EQ(plan.luns[0].expectedPaths, 4u);
    EXPECT_EQ(plan.luns[2].expectedPaths, 2u);
    EXPECT_EQ(plan.hardwareIds, (std::vector<std::string>{"DGC     VRAID           "}));
}

TEST(MigrationPlan, TheAdminsDriverAndPolicyAreUsed)
{
    MigrationRequest request = requestFor("SRV1", {"SRV1 BE1"});
    request.drivers = {"OEM17.INF"};
    request.policy = LoadBalancePolicy::LeastQueueDepth;
    const Planned planned = planWith(fixtureText("migration-base.json"), {}, request);
    const MigrationPlan &plan = planned.outcome.plan;
    ASSERT_EQ(plan.devices.size(), 1u);
    EXPECT_EQ(plan.devices[0].nativeDriver->version, "9.2.9.27");
    EXPECT_EQ(plan.devices[0].candidates.size(), 2u);
    for (const MigrationStep &step : plan.steps) {
        if (step.kind == StepKind::SetPolicy) {
            EXPECT_EQ(step.policy, LoadBalancePolicy::LeastQueueDepth);
            EXPECT_THAT(step.manualAction, HasSubstr("mpclaim -l -d <N> 4"));
        }
    }
    EXPECT_EQ(migrationPolicyFromString("lqd"), LoadBalancePolicy::LeastQueueDepth);
    EXPECT_FALSE(migrationPolicyFromString("FOO")); // the SANsymphony default this remedy replaces
}

TEST(MigrationPreflight, AHealthyHostPassesButTheSupportConsequencesNeedAnAcknowledgement)
{
    const Planned planned = planWith(fixtureText("migration-base.json"));
    for (const char *id : {"admin-rights", "mpio-feature", "pending-reboot", "match:P-BE1", "native-driver:P-BE1",
                           "pool-disks:P-BE1", "back-end-disks"}) {
        const PreflightItem *found = item(planned.outcome, id);
        ASSERT_NE(found, nullptr) << id;
        EXPECT_EQ(found->status, PreflightStatus::Pass) << id << ": " << found->detail;
    }
    const PreflightItem *support = item(planned.outcome, "support-consequences");
    ASSERT_NE(support, nullptr);
    EXPECT_TRUE(support->needsAcknowledgement);
    EXPECT_FALSE(support->acknowledged);
    EXPECT_THAT(support->detail, HasSubstr("third-party failover"));
    EXPECT_THAT(support->detail, HasSubstr("direct-attached"));
    EXPECT_THAT(support->detail, HasSubstr("performance counters"));
    const PreflightItem *match = item(planned.outcome, "match:P-BE2");
    EXPECT_THAT(match->detail, HasSubstr("175:0.1 (af:00.1)"));
}

TEST(MigrationPreflight, MissingRightsFeatureOrAPendingRestartBlock)
{
    const Planned noAdmin = planWith(fixtureText("migration-base.json"), [](PreflightFacts &facts) {
        facts.elevation = Result<Elevation>(Elevation{false, "the process token is not elevated"});
    });
    EXPECT_EQ(item(noAdmin.outcome, "admin-rights")->status, PreflightStatus::Block);
    EXPECT_THAT(item(noAdmin.outcome, "admin-rights")->detail, HasSubstr("administrator"));

    const Planned noMpio = planWith(fixtureText("migration-base.json"), [](PreflightFacts &facts) {
        facts.mpioFeature = Result<MpioFeature>(MpioFeature{false, {"service msdsm (Microsoft DSM): missing"}});
    });
    EXPECT_EQ(item(noMpio.outcome, "mpio-feature")->status, PreflightStatus::Block);
    EXPECT_THAT(item(noMpio.outcome, "mpio-feature")->detail, HasSubstr("Install-WindowsFeature Multipath-IO"));

    const Planned pending = planWith(fixtureText("migration-base.json"), [](PreflightFacts &facts) {
        facts.pendingReboot = Result<PendingReboot>(PendingReboot{true, {"Windows Update waits for a restart"}});
    });
    EXPECT_EQ(item(pending.outcome, "pending-reboot")->status, PreflightStatus::Block);
    EXPECT_THAT(item(pending.outcome, "pending-reboot")->detail, HasSubstr("Windows Update"));

    // A source that cannot tell warns instead of guessing.
    const Planned unknown = planWith(fixtureText("migration-base.json"), [](PreflightFacts &facts) {
        facts.elevation.reset();
        facts.mpioFeature = Result<MpioFeature>(Error{"OpenSCManagerW", "Access is denied.", 5});
        facts.pendingReboot.reset();
    });
    EXPECT_EQ(item(unknown.outcome, "admin-rights")->status, PreflightStatus::Warn);
    EXPECT_EQ(item(unknown.outcome, "mpio-feature")->status, PreflightStatus::Warn);
    EXPECT_THAT(item(unknown.outcome, "mpio-feature")->detail, HasSubstr("Access is denied"));
    EXPECT_EQ(item(unknown.outcome, "pending-reboot")->status, PreflightStatus::Warn);
    EXPECT_FALSE(blocked(unknown.outcome));
}

TEST(MigrationPreflight, NoNativeDriverInTheStoreBlocks)
{
    // Only the DataCore driver fits this device.
    std::string text = fixtureText("migration-base.json");
    const std::string compatible = "\"compatibleDrivers\": [\"dcsfc\", \"ql2300i\", \"ql2300i-old\"]}\n      ]";
    text = replaced(text, compatible, "\"compatibleDrivers\": [\"dcsfc\"]}\n      ]");
    const Planned planned = planWith(text);
    EXPECT_EQ(item(planned.outcome, "native-driver:P-BE1")->status, PreflightStatus::Pass);
    const PreflightItem *be2 = item(planned.outcome, "native-driver:P-BE2");
    EXPECT_EQ(be2->status, PreflightStatus::Block);
    EXPECT_THAT(be2->detail, HasSubstr("pnputil /add-driver"));

    const Planned failing = planWith(fixtureText("migration-base.json"), [](PreflightFacts &facts) {
        for (auto &[instance, drivers] : facts.drivers)
            drivers = Error{"SetupDiBuildDriverInfoList", "The device is not ready.", 21};
    });
    EXPECT_EQ(item(failing.outcome, "native-driver:P-BE1")->status, PreflightStatus::Block);
    EXPECT_THAT(item(failing.outcome, "native-driver:P-BE1")->detail, HasSubstr("not ready"));
}

TEST(MigrationPreflight, DisksAlreadyInAPoolBlockReplaceBeforeYouMapStorage)
{
    // The shipped lab's DCS-B uses two back-end disks in Pool 1.
    const Planned planned = planWith(shippedText("default-lab.json"), {}, requestFor("DCS-B"));
    const PreflightItem *pool = item(planned.outcome, "pool-disks:5C04230E-3D82-5112-AC44-9D1B714A8F81");
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(pool->status, PreflightStatus::Block);
    EXPECT_THAT(pool->detail, HasSubstr("Replace before you map storage"));
    EXPECT_THAT(pool->detail, HasSubstr("Pool 1"));

    // DCS-A has not put its back-end disks into a pool yet.
    const Planned fresh = planWith(shippedText("default-lab.json"), {}, requestFor("DCS-A"));
    EXPECT_FALSE(blocked(fresh.outcome));
}

TEST(MigrationPreflight, PortsThatCannotBeMatchedBlockWithTheirReason)
{
    const Planned planned =
        planWith(fixtureText("migration-matching.json"), {}, requestFor("SRV1", {"P-BE-SHARED", "P-BE-TWIN1"}));
    EXPECT_EQ(item(planned.outcome, "match:P-BE-SHARED")->status, PreflightStatus::Block);
    EXPECT_THAT(item(planned.outcome, "match:P-BE-SHARED")->detail, HasSubstr("SRV1 MR shared"));
    EXPECT_EQ(item(planned.outcome, "match:P-BE-TWIN1")->status, PreflightStatus::Block);
    EXPECT_TRUE(planned.outcome.plan.devices.empty());

    // The good port's disk is in a pool with a hostile name: blocked, the name kept as it is.
    const Planned good = planWith(fixtureText("migration-matching.json"));
    const PreflightItem *pool = item(good.outcome, "pool-disks:P-BE-GOOD");
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(pool->status, PreflightStatus::Block);
    EXPECT_THAT(pool->detail, HasSubstr("Pool <script>\"1\""));

    const Planned unknown = planWith(fixtureText("migration-base.json"), {}, requestFor("SRV1", {"SRV1 BE7"}));
    EXPECT_EQ(item(unknown.outcome, "port-selection")->status, PreflightStatus::Block);
    EXPECT_THAT(item(unknown.outcome, "port-selection")->detail, HasSubstr("SRV1 BE7"));
}

TEST(MigrationPreflight, DisksWithoutVendorOrProductCannotBeClaimedByName)
{
    auto lab = openLab(fixtureText("migration-base.json"));
    MigrationChoicesReading reading = readMigrationChoices(**lab);
    for (BackEndDisk &disk : reading.sources.backEndDisks) {
        if (disk.id == "L1")
            disk.product.clear();
    }
    const ServerChoice &server = reading.servers.front();
    const PortSelection selection = selectPorts(server, {});
    const PlanOutcome outcome =
        planMigration(server, selection, reading.sources, healthyFacts(**lab, server, selection), requestFor("SRV1"));
    const PreflightItem *ids = item(outcome, "claim-ids");
    ASSERT_NE(ids, nullptr);
    EXPECT_EQ(ids->status, PreflightStatus::Block);
    EXPECT_THAT(ids->detail, HasSubstr("DGC VRAID LUN 1"));
    // The other disks still name their array: never an empty list, which would claim everything.
    EXPECT_EQ(outcome.plan.hardwareIds, (std::vector<std::string>{"DGC     VRAID           "}));
}

} // namespace
} // namespace pathlens
