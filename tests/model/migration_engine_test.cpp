// Remedy 2 run against the simulated lab: the happy path, each fault the
// lab can inject, restarts, rollback, and resuming a run cut off at any point
// of a step.

#include "migration_testlab.h"

#include "model/health/finding.h"
#include "model/migration/migrationjournal.h"

#include <QFile>
#include <QJsonDocument>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace pathlens {
namespace {

using namespace testlab;
using ::testing::HasSubstr;

/// Every record type in the journal, in order.
std::vector<std::string> recordTypes(const MigrationRun &run)
{
    std::vector<std::string> types;
    auto content = readJournal(QString::fromStdString(run.journalPath));
    EXPECT_TRUE(content.ok());
    if (!content.ok())
        return types;
    EXPECT_TRUE(content->problems.empty());
    for (const QJsonObject &record : content->records)
        types.push_back(record.value(QStringLiteral("type")).toString().toStdString());
    return types;
}

std::size_t countOf(const std::vector<std::string> &types, const std::string &type)
{
    return static_cast<std::size_t>(std::count(types.begin(), types.end(), type));
}

struct Run {
    std::unique_ptr<TestLab> lab;
    QTemporaryDir journals;
    std::unique_ptr<MigrationEngine> engine;
    std::vector<std::string> log;

    LabBackend &backend() { return **lab; }
    const MigrationRun &run() const { return engine->run(); }
};

/// Prepares, acknowledges and starts a run of @p text's SRV1 (or @p server).
std::unique_ptr<Run> startRun(const std::string &text, const std::string &server = "SRV1",
                              std::vector<std::string> ports = {})
{
    auto run = std::make_unique<Run>();
    run->lab = openLab(text);
    if (!run->lab)
        return nullptr;
    run->engine = std::make_unique<MigrationEngine>(settingsIn(run->journals));
    Run *raw = run.get();
    run->engine->setLogSink([raw](const std::string &line) { raw->log.push_back(line); });
    const auto prepared = run->engine->prepare(run->backend(), requestFor(server, std::move(ports)));
    EXPECT_FALSE(prepared) << prepared->toString();
    EXPECT_FALSE(run->engine->run().canStart()); // the support consequences wait for the admin
    EXPECT_TRUE(run->engine->start().has_value());
    run->engine->acknowledgeSupportConsequences();
    const auto started = run->engine->start();
    EXPECT_FALSE(started) << (started ? started->toString() : "");
    return run;
}

std::unique_ptr<Run> runToEnd(const std::string &text, bool deletePorts = true)
{
    auto run = startRun(text);
    if (run)
        run->engine->runToEnd(run->backend(), deletePorts);
    return run;
}

TEST(MigrationRun, HandsTheBackEndToMsdsmAndClearsTheAluaFindings)
{
    auto run = runToEnd(fixtureText("migration-base.json"));
    ASSERT_TRUE(run);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Completed) << result.stateDetail;
    for (const MigrationStep &step : result.plan.steps)
        EXPECT_EQ(step.status, StepStatus::Done) << step.id << ": " << step.detail;
    EXPECT_FALSE(result.restartRecommended());

    // What the admin saw before: the DataCore driver on an ALUA array, I/O on a slow path.
    EXPECT_TRUE(result.before.ioMeasured);
    EXPECT_TRUE(hasRule(result.before, rules::DataCoreBeDriverAlua));
    EXPECT_TRUE(hasRule(result.before, rules::IoOnNonOptimized));
    // And after: both gone, measured.
    ASSERT_TRUE(result.after);
    EXPECT_TRUE(result.after->ioMeasured);
    EXPECT_FALSE(hasRule(*result.after, rules::DataCoreBeDriverAlua));
    EXPECT_FALSE(hasRule(*result.after, rules::IoOnNonOptimized));

    LabBackend &lab = run->backend();
    const std::vector<MpioDisk> disks = lab.mpio()->disks("SRV1").value();
    ASSERT_EQ(disks.size(), 3u);
    for (const MpioDisk &disk : disks) {
        EXPECT_EQ(disk.dsm, "Microsoft DSM");
        EXPECT_EQ(disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
    }
    ASSERT_EQ(result.luns.size(), 3u);
    for (const LunOutcome &lun : result.luns) {
        EXPECT_TRUE(lun.problems.empty()) << lun.caption;
        EXPECT_TRUE(lun.ioMeasured);
        EXPECT_EQ(lun.readsPerSecondOnNonOptimized, 0.0);
        EXPECT_GE(lun.usablePaths, lun.expectedPaths);
        EXPECT_GT(lun.optimizedPaths, 0u);
    }

    // Per device instance: the back-end functions changed, the front-end HBA of the same model did not.
    const std::vector<Adapter> adapters = lab.devices()->adapters("SRV1").value();
    EXPECT_EQ(adapterAt(adapters, {175, 0, 0})->driver.service, "ql2300i");
    EXPECT_EQ(adapterAt(adapters, {175, 0, 1})->driver.service, "ql2300i");
    EXPECT_EQ(adapterAt(adapters, {130, 0, 0})->driver.service, "dcsfc");
    EXPECT_EQ(adapterAt(adapters, {130, 0, 1})->driver.service, "dcsfc");
    ASSERT_EQ(result.devices.size(), 2u);
    for (const DeviceState &device : result.devices)
        EXPECT_EQ(device.state, DeviceState::State::Replaced) << device.text;

    // Exactly the ports this run left Not present are gone; the old one stays.
    const std::vector<DataCorePort> ports = lab.dataCore()->ports().value();
    EXPECT_EQ(portById(ports, "P-BE1"), nullptr);
    EXPECT_EQ(portById(ports, "P-BE2"), nullptr);
    ASSERT_NE(portById(ports, "P-OLD"), nullptr);
    EXPECT_EQ(portById(ports, "P-FE1")->presence, Presence::Present);

    // Each step is journaled before and after it runs.
    const std::vector<std::string> types = recordTypes(result);
    ASSERT_FALSE(types.empty());
    EXPECT_EQ(types.front(), "run-started");
    EXPECT_EQ(countOf(types, "step-started"), result.plan.steps.size());
    EXPECT_EQ(countOf(types, "step-finished"), result.plan.steps.size());
    EXPECT_EQ(types.back(), "run-state");

    // Every step recorded what it did.
    const MigrationStep *install = result.step("install-driver:175:0.1");
    EXPECT_EQ(install->driverBefore->service, "dcsfc");
    EXPECT_EQ(install->driverAfter->service, "ql2300i");
    EXPECT_THAT(install->detail, HasSubstr("oem21.inf"));
    EXPECT_TRUE(install->started && install->finished);
    const MigrationStep *policy = result.step("set-policy:600601601C8045000000000000000A01");
    ASSERT_TRUE(policy->mpioDisk);
    // The manual command now names the disk and each path's state.
    EXPECT_THAT(policy->manualAction, HasSubstr("mpclaim -l -d " + std::to_string(*policy->mpioDisk) + " 3 0000000077"));
    EXPECT_FALSE(run->log.empty());
}

TEST(MigrationRun, ShippedLabDcsAWaitsForTheRestartTheDriversNeedThenCompletes)
{
    auto run = startRun(shippedText("default-lab.json"), "DCS-A");
    ASSERT_TRUE(run);
    run->engine->runToEnd(run->backend(), true);
    // The shipped lab's driver installs take effect at the restart (rule install-needs-restart):
    // the DataCore ports stay present, so the run stops before removing them.
    const MigrationRun &waiting = run->run();
    ASSERT_EQ(waiting.state, RunState::WaitingForRestart) << waiting.stateDetail;
    EXPECT_THAT(waiting.stateDetail, HasSubstr("Restart DCS-A first"));
    EXPECT_EQ(stepOf(waiting, "claim")->status, StepStatus::Done) << stepOf(waiting, "claim")->detail;
    for (const MigrationStep &step : waiting.plan.steps) {
        if (step.kind == StepKind::DeletePort || step.kind == StepKind::SetPolicy) {
            EXPECT_EQ(step.status, StepStatus::Planned) << step.id;
        }
    }
    EXPECT_TRUE(run->backend().mpio()->disks("DCS-A").value().empty()); // nothing claimed before the restart
    const std::vector<DataCorePort> before = run->backend().dataCore()->ports().value();
    EXPECT_EQ(std::count_if(before.begin(), before.end(),
                            [](const DataCorePort &p) { return p.alias.rfind("DCS-A BE", 0) == 0 && p.presence == Presence::Present; }),
              2);

    // One restart brings the native driver and, with the hardware registered, MSDSM's claim.
    ASSERT_TRUE(run->backend().restartHost("DCS-A").ok());
    ASSERT_FALSE(run->engine->resume());
    run->engine->runToEnd(run->backend(), true);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Completed) << result.stateDetail;
    EXPECT_FALSE(result.restartRecommended()) << result.stateDetail;
    EXPECT_FALSE(hasRule(*result.after, rules::IoOnNonOptimized));
    EXPECT_FALSE(hasRule(*result.after, rules::DataCoreBeDriverAlua));
    const std::vector<MpioDisk> disks = run->backend().mpio()->disks("DCS-A").value();
    EXPECT_EQ(disks.size(), 10u);
    for (const MpioDisk &disk : disks)
        EXPECT_EQ(disk.policy, LoadBalancePolicy::RoundRobinWithSubset);
    // DCS-B is untouched.
    EXPECT_TRUE(run->backend().mpio()->disks("DCS-B").value().empty());
}

TEST(MigrationRun, OnlyTheChosenPortChanges)
{
    auto run = startRun(fixtureText("migration-base.json"), "SRV1", {"0000:af:00.0"});
    ASSERT_TRUE(run);
    run->engine->runToEnd(run->backend(), true);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Completed) << result.stateDetail;
    ASSERT_EQ(result.plan.devices.size(), 1u);
    EXPECT_EQ(result.plan.devices[0].portId, "P-BE1");
    const std::vector<Adapter> adapters = run->backend().devices()->adapters("SRV1").value();
    EXPECT_EQ(adapterAt(adapters, {175, 0, 0})->driver.service, "ql2300i");
    EXPECT_EQ(adapterAt(adapters, {175, 0, 1})->driver.service, "dcsfc");
    EXPECT_EQ(portById(run->backend().dataCore()->ports().value(), "P-BE2")->presence, Presence::Present);
    // MSDSM reaches each LUN through BE1 only, as many paths as SANsymphony had there.
    for (const LunOutcome &lun : result.luns) {
        EXPECT_TRUE(lun.problems.empty()) << lun.caption;
        EXPECT_EQ(lun.usablePaths, lun.expectedPaths) << lun.caption;
    }
    EXPECT_EQ(result.luns[0].expectedPaths, 2u);
}

TEST(MigrationRun, KeepingThePortsSkipsTheirRemoval)
{
    auto run = runToEnd(fixtureText("migration-base.json"), false);
    ASSERT_TRUE(run);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Completed) << result.stateDetail;
    EXPECT_EQ(result.step("delete-port:P-BE1")->status, StepStatus::Skipped);
    EXPECT_THAT(result.step("delete-port:P-BE1")->detail, HasSubstr("SANsymphony console"));
    const std::vector<DataCorePort> ports = run->backend().dataCore()->ports().value();
    ASSERT_NE(portById(ports, "P-BE1"), nullptr);
    EXPECT_EQ(portById(ports, "P-BE1")->presence, Presence::NotPresent);
}

TEST(MigrationRun, WaitsForTheAdminsAnswerBeforeRemovingPorts)
{
    auto run = startRun(fixtureText("migration-base.json"));
    ASSERT_TRUE(run);
    MigrationEngine &engine = *run->engine;
    EXPECT_EQ(engine.runNextStep(run->backend()), 0);
    EXPECT_EQ(engine.runNextStep(run->backend()), 1);
    EXPECT_EQ(engine.runNextStep(run->backend()), 2); // the claim
    EXPECT_TRUE(engine.needsPortDeletionConfirmation());
    EXPECT_EQ(engine.portsToDelete(), (std::vector<std::string>{"SRV1 BE1", "SRV1 BE2"}));
    EXPECT_EQ(engine.runNextStep(run->backend()), -1); // nothing runs without the answer
    EXPECT_EQ(engine.run().state, RunState::Running);
    engine.answerPortDeletion(true);
    EXPECT_EQ(engine.runNextStep(run->backend()), 3);
    EXPECT_EQ(engine.run().plan.steps[3].status, StepStatus::Done);
}

TEST(MigrationRun, ABlockedPreflightCannotStart)
{
    std::string text = fixtureText("migration-base.json");
    text = replaced(text, "\"version\": \"10.0 PSP 17\",", "\"version\": \"10.0 PSP 17\", \"system\": {\"elevated\": false},");
    auto lab = openLab(text);
    QTemporaryDir journals;
    MigrationEngine engine(settingsIn(journals));
    ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
    EXPECT_TRUE(engine.run().blocked());
    EXPECT_EQ(preflightItem(engine.run(), "admin-rights")->status, PreflightStatus::Block);
    engine.acknowledgeSupportConsequences();
    const auto refused = engine.start();
    ASSERT_TRUE(refused);
    EXPECT_THAT(refused->message, HasSubstr("Administrator rights"));
    EXPECT_TRUE(QDir(journals.path()).entryList(QDir::Files).isEmpty()); // nothing started, nothing journaled
    EXPECT_EQ(lab->backend->devices()->adapters("SRV1").value()[2].driver.service, "dcsfc");
}

TEST(MigrationRun, AnUnknownServerIsAnError)
{
    auto lab = openLab(fixtureText("migration-base.json"));
    MigrationEngine engine;
    const auto error = engine.prepare(**lab, requestFor("SRV9"));
    ASSERT_TRUE(error);
    EXPECT_THAT(error->message, HasSubstr("SRV9"));
    EXPECT_THAT(error->message, HasSubstr("SRV1"));
}

// ------------------------------------------------------------ faults

std::unique_ptr<Run> runWithFaults(const std::string &faults)
{
    return runToEnd(withFaults(fixtureText("migration-base.json"), faults));
}

TEST(MigrationFaults, AccessDeniedOnTheSecondDeviceStopsTheRunAndRollbackRestoresTheFirst)
{
    auto run = runWithFaults(R"([{"operation": "installDriver", "target": "be2", "message": "Access is denied.",
                                  "code": 5}])");
    ASSERT_TRUE(run);
    MigrationEngine &engine = *run->engine;
    {
        const MigrationRun &result = engine.run();
        ASSERT_EQ(result.state, RunState::Failed);
        const MigrationStep *failed = result.step("install-driver:175:0.1");
        EXPECT_EQ(failed->status, StepStatus::Failed);
        ASSERT_TRUE(failed->error);
        EXPECT_EQ(failed->error->code, 5);
        EXPECT_THAT(failed->detail, HasSubstr("Access is denied."));
        // What the admin is told: the failed step, each device's state, the way back.
        EXPECT_THAT(result.stateDetail, HasSubstr("Roll back"));
        ASSERT_EQ(result.devices.size(), 2u);
        EXPECT_EQ(result.devices[0].state, DeviceState::State::Replaced);
        EXPECT_EQ(result.devices[1].state, DeviceState::State::Unchanged);
        EXPECT_EQ(result.step("claim")->status, StepStatus::Planned); // nothing ran after the failure
    }

    ASSERT_FALSE(engine.rollBack(run->backend()));
    const MigrationRun &rolled = engine.run();
    EXPECT_EQ(rolled.state, RunState::RolledBack) << rolled.stateDetail;
    EXPECT_EQ(rolled.step("install-driver:175:0.0")->status, StepStatus::RolledBack);
    EXPECT_EQ(rolled.step("install-driver:175:0.1")->status, StepStatus::Failed);
    EXPECT_EQ(rolled.step("claim")->status, StepStatus::Skipped);
    EXPECT_EQ(rolled.devices[0].state, DeviceState::State::RolledBack);
    const std::vector<Adapter> adapters = run->backend().devices()->adapters("SRV1").value();
    EXPECT_EQ(adapterAt(adapters, {175, 0, 0})->driver.service, "dcsfc");
    // SANsymphony's port is back with its driver.
    EXPECT_EQ(portById(run->backend().dataCore()->ports().value(), "P-BE1")->presence, Presence::Present);

    const std::vector<std::string> types = recordTypes(rolled);
    EXPECT_EQ(countOf(types, "rollback-started"), 1u);
    EXPECT_EQ(types.back(), "rollback-finished");
}

TEST(MigrationFaults, ARollbackWithoutABackupDriverInstallsTheJournaledDriverAgain)
{
    // Windows keeps a backup driver only after some installs; without one DiRollbackDriver fails with
    // ERROR_NO_MORE_ITEMS (rule rollback-needs-backup). The journal names the driver each device had.
    auto run = runWithFaults(R"([{"operation": "rollBackDriver", "message": "A backup driver is not set for the device.",
                                  "code": 259}])");
    ASSERT_TRUE(run);
    MigrationEngine &engine = *run->engine;
    ASSERT_EQ(engine.run().state, RunState::Completed) << engine.run().stateDetail;
    ASSERT_FALSE(engine.rollBack(run->backend()));
    const MigrationRun &rolled = engine.run();
    EXPECT_EQ(rolled.state, RunState::RolledBack) << rolled.stateDetail;
    for (const char *id : {"install-driver:175:0.0", "install-driver:175:0.1"})
        EXPECT_EQ(rolled.step(id)->status, StepStatus::RolledBack) << rolled.step(id)->detail;
    const std::vector<Adapter> adapters = run->backend().devices()->adapters("SRV1").value();
    EXPECT_EQ(adapterAt(adapters, {175, 0, 0})->driver.service, "dcsfc");
    EXPECT_EQ(adapterAt(adapters, {175, 0, 1})->driver.service, "dcsfc");
    EXPECT_TRUE(std::any_of(run->log.begin(), run->log.end(), [](const std::string &line) {
        return line.find("No backup driver is set") != std::string::npos;
    }));
}

TEST(MigrationFaults, ADeviceThatVanishesIsReportedAndCannotBeRolledBack)
{
    auto run = runWithFaults(R"([{"operation": "installDriver", "target": "be1", "outcome": "vanish"}])");
    ASSERT_TRUE(run);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Failed);
    const MigrationStep *failed = result.step("install-driver:175:0.0");
    EXPECT_THAT(failed->detail, HasSubstr("no longer in the device inventory"));
    EXPECT_EQ(failed->error->code, 55);
    EXPECT_EQ(result.devices[0].state, DeviceState::State::Vanished);
    EXPECT_EQ(result.devices[1].state, DeviceState::State::Unchanged);
    // Its port is gone with the hardware; nothing was installed anywhere.
    EXPECT_EQ(portById(run->backend().dataCore()->ports().value(), "P-BE1")->presence, Presence::NotPresent);
    ASSERT_FALSE(run->engine->rollBack(run->backend()));
    EXPECT_EQ(run->run().state, RunState::RolledBack); // nothing of its own to undo
}

TEST(MigrationFaults, ARestErrorOnPortRemovalStopsTheRunAfterTheDrivers)
{
    auto run = runWithFaults(R"([{"operation": "deletePort", "target": "P-BE2",
                                  "message": "The remote server returned an error: (500) Internal Server Error.",
                                  "code": 500}])");
    ASSERT_TRUE(run);
    const MigrationRun &result = run->run();
    ASSERT_EQ(result.state, RunState::Failed);
    EXPECT_EQ(result.step("delete-port:P-BE1")->status, StepStatus::Done);
    const MigrationStep *failed = result.step("delete-port:P-BE2");
    EXPECT_EQ(failed->status, StepStatus::Failed);
    EXPECT_EQ(failed->error->code, 500);
    EXPECT_THAT(result.stateDetail, HasSubstr("(500) Internal Server Error"));
    for (const DeviceState &device : result.devices)
        EXPECT_EQ(device.state, DeviceState::State::Replaced);

    ASSERT_FALSE(run->engine->rollBack(run->backend()));
    EXPECT_EQ(run->run().state, RunState::RolledBack);
    // Both ports are there again: SANsymphony rediscovers them with its driver.
    const std::vector<DataCorePort> ports = run->backend().dataCore()->ports().value();
    EXPECT_EQ(portById(ports, "P-BE1")->presence, Presence::Present);
    EXPECT_EQ(portById(ports, "P-BE2")->presence, Presence::Present);
}

TEST(MigrationFaults, AFailedClaimCanBeRetriedOnceTheCauseIsGone)
{
    auto run = runWithFaults(R"([{"operation": "claim", "message": "The MPIO service is not running.", "code": 1062,
                                  "times": 1}])");
    ASSERT_TRUE(run);
    ASSERT_EQ(run->run().state, RunState::Failed);
    EXPECT_EQ(run->run().step("claim")->error->code, 1062);
    EXPECT_TRUE(run->backend().mpio()->disks("SRV1").value().empty());

    ASSERT_FALSE(run->engine->resume());
    run->engine->runToEnd(run->backend(), true);
    EXPECT_EQ(run->run().state, RunState::Completed) << run->run().stateDetail;
    EXPECT_THAT(run->run().step("claim")->detail, HasSubstr("claimed 3 device(s)"));
}

TEST(MigrationFaults, AFailedPolicyChangeStopsTheRun)
{
    auto run = runWithFaults(R"([{"operation": "setPolicy", "target": "L1", "message": "Invalid parameter.",
                                  "code": 87}])");
    ASSERT_TRUE(run);
    ASSERT_EQ(run->run().state, RunState::Failed);
    EXPECT_EQ(run->run().step("set-policy:600601601C8045000000000000000A00")->status, StepStatus::Done);
    EXPECT_EQ(run->run().step("set-policy:600601601C8045000000000000000A01")->status, StepStatus::Failed);
    EXPECT_EQ(run->run().step("verify")->status, StepStatus::Planned);
}

TEST(MigrationFaults, ADriverThatNeedsARestartMakesTheRunWaitAndResumeAfterIt)
{
    auto run = runWithFaults(R"([{"operation": "installDriver", "outcome": "rebootRequired"}])");
    ASSERT_TRUE(run);
    {
        const MigrationRun &result = run->run();
        ASSERT_EQ(result.state, RunState::WaitingForRestart) << result.stateDetail;
        EXPECT_THAT(result.stateDetail, HasSubstr("Restart SRV1"));
        EXPECT_TRUE(result.step("install-driver:175:0.0")->rebootRequired);
        EXPECT_EQ(result.step("install-driver:175:0.1")->status, StepStatus::Done);
        EXPECT_EQ(result.step("delete-port:P-BE1")->status, StepStatus::Planned);
    }
    // The process ends here; after the restart PathLens starts again.
    const std::string journal = run->run().journalPath;
    run->engine.reset();
    ASSERT_TRUE(run->backend().hostSystem()->rebootPending("SRV1")->pending);

    // Resuming without the restart waits again.
    {
        auto reopened = MigrationEngine::open(QString::fromStdString(journal), settingsIn(run->journals));
        ASSERT_TRUE(reopened.ok()) << reopened.error().toString();
        ASSERT_FALSE(reopened.value()->resume());
        reopened.value()->runToEnd(run->backend(), true);
        EXPECT_EQ(reopened.value()->run().state, RunState::WaitingForRestart);
    }

    ASSERT_TRUE(run->backend().restartHost("SRV1").ok());
    const auto found = findResumableRun(run->journals.path(), "srv1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->path.toStdString(), journal);
    auto reopened = MigrationEngine::open(found->path, settingsIn(run->journals));
    ASSERT_TRUE(reopened.ok());
    MigrationEngine &engine = *reopened.value();
    ASSERT_FALSE(engine.resume());
    engine.runToEnd(run->backend(), true);
    EXPECT_EQ(engine.run().state, RunState::Completed) << engine.run().stateDetail;
    EXPECT_FALSE(findResumableRun(run->journals.path()));
}

TEST(MigrationFaults, AClaimThatNeedsARestartMakesThePolicyStepWait)
{
    auto run = runWithFaults(R"([{"operation": "claim", "outcome": "rebootRequired"}])");
    ASSERT_TRUE(run);
    ASSERT_EQ(run->run().state, RunState::WaitingForRestart) << run->run().stateDetail;
    EXPECT_EQ(run->run().step("claim")->status, StepStatus::Done);
    EXPECT_THAT(run->run().step("claim")->detail, HasSubstr("follow the restart"));
    EXPECT_THAT(run->run().stateDetail, HasSubstr("MSDSM has not claimed"));

    ASSERT_TRUE(run->backend().restartHost("SRV1").ok());
    ASSERT_FALSE(run->engine->resume());
    run->engine->runToEnd(run->backend(), true);
    EXPECT_EQ(run->run().state, RunState::Completed) << run->run().stateDetail;
}

TEST(MigrationFaults, ACancelPausesBetweenStepsAndTheRunResumes)
{
    auto run = startRun(fixtureText("migration-base.json"));
    ASSERT_TRUE(run);
    EXPECT_EQ(run->engine->runNextStep(run->backend()), 0);
    ASSERT_FALSE(run->engine->pause("cancelled by the admin"));
    EXPECT_EQ(run->run().state, RunState::Paused);
    EXPECT_EQ(run->engine->runNextStep(run->backend()), -1);
    ASSERT_TRUE(findResumableRun(run->journals.path()));
    ASSERT_FALSE(run->engine->resume());
    run->engine->runToEnd(run->backend(), true);
    EXPECT_EQ(run->run().state, RunState::Completed);
}

// ------------------------------------------------------------ resume

struct CutOff {
    int step = 0;
    StepCheckpoint point = StepCheckpoint::Started;
};

struct Crash {
};

/// Runs until the process "dies" at @p cut, then reads the run back from its
/// journal and resumes it on the same lab.
void crashAndResume(const CutOff &cut, const std::string &expectDetail)
{
    auto lab = openLab(fixtureText("migration-base.json"));
    ASSERT_TRUE(lab);
    QTemporaryDir journals;
    std::string journal;
    {
        MigrationSettings settings = settingsIn(journals);
        MigrationEngine engine(settings);
        ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
        const std::string id = engine.run().plan.steps[std::size_t(cut.step)].id;
        engine.setCheckpoint([&](StepCheckpoint point, const MigrationStep &step) {
            if (point == cut.point && step.id == id)
                throw Crash{};
        });
        engine.acknowledgeSupportConsequences();
        ASSERT_FALSE(engine.start());
        journal = engine.run().journalPath;
        EXPECT_THROW(engine.runToEnd(**lab, true), Crash);
    }

    auto found = findResumableRun(journals.path(), "SRV1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->run.state, RunState::Running);
    const MigrationStep &cutStep = found->run.plan.steps[std::size_t(cut.step)];
    if (cut.point == StepCheckpoint::Finished)
        EXPECT_NE(cutStep.status, StepStatus::Running);
    else
        EXPECT_EQ(cutStep.status, StepStatus::Running) << "a step-started record without its step-finished";

    auto reopened = MigrationEngine::open(found->path, settingsIn(journals));
    ASSERT_TRUE(reopened.ok()) << reopened.error().toString();
    MigrationEngine &engine = *reopened.value();
    ASSERT_FALSE(engine.resume());
    engine.runToEnd(**lab, true);
    const MigrationRun &result = engine.run();
    ASSERT_EQ(result.state, RunState::Completed) << result.stateDetail;
    EXPECT_THAT(result.plan.steps[std::size_t(cut.step)].detail, HasSubstr(expectDetail));
    for (const MigrationStep &step : result.plan.steps)
        EXPECT_EQ(step.status, StepStatus::Done) << step.id;
    // A change found done is not made again: its step started once; a step
    // cut off before its change started twice.
    const auto content = readJournal(found->path);
    ASSERT_TRUE(content.ok());
    int starts = 0;
    for (const QJsonObject &record : content->records) {
        if (record.value(QStringLiteral("type")).toString() == QLatin1String("step-started")
            && record.value(QStringLiteral("step")).toString().toStdString() == cutStep.id)
            ++starts;
    }
    const bool repeated = cut.point == StepCheckpoint::Started || cutStep.kind == StepKind::Verify;
    EXPECT_EQ(starts, repeated ? 2 : 1);
    EXPECT_EQ(lab->backend->mpio()->disks("SRV1").value().size(), 3u);
}

TEST(MigrationResume, ADriverInstallCutOffBeforeItsChangeRunsAgain)
{
    crashAndResume({1, StepCheckpoint::Started}, "installed QLogic driver oem21.inf");
}

TEST(MigrationResume, ADriverInstallCutOffAfterItsChangeIsFoundDone)
{
    crashAndResume({1, StepCheckpoint::Changed}, "Decided when the run resumed: the device runs");
}

TEST(MigrationResume, APortRemovalCutOffAfterItsChangeIsFoundDone)
{
    crashAndResume({3, StepCheckpoint::Changed}, "no longer in the configuration, so it was removed");
}

TEST(MigrationResume, AClaimCutOffAfterItsChangeIsFoundDone)
{
    crashAndResume({2, StepCheckpoint::Changed}, "every back-end disk of the run is an MPIO disk");
}

TEST(MigrationResume, APolicyChangeCutOffAfterItsChangeIsFoundDone)
{
    crashAndResume({6, StepCheckpoint::Changed}, "Decided when the run resumed: MPIO Disk");
}

TEST(MigrationResume, AStopAfterAFinishedStepGoesOnWithTheNext)
{
    crashAndResume({3, StepCheckpoint::Finished}, "removed Not present port");
}

TEST(MigrationResume, AVerificationCutOffRunsAgain)
{
    crashAndResume({8, StepCheckpoint::Changed}, "All as expected");
}

TEST(MigrationResume, AnInterruptedRunCanBeRolledBackInstead)
{
    auto lab = openLab(fixtureText("migration-base.json"));
    QTemporaryDir journals;
    {
        MigrationEngine engine(settingsIn(journals));
        ASSERT_FALSE(engine.prepare(**lab, requestFor("SRV1")));
        engine.setCheckpoint([](StepCheckpoint point, const MigrationStep &step) {
            if (point == StepCheckpoint::Changed && step.kind == StepKind::Claim)
                throw Crash{};
        });
        engine.acknowledgeSupportConsequences();
        ASSERT_FALSE(engine.start());
        EXPECT_THROW(engine.runToEnd(**lab, true), Crash);
    }
    auto found = findResumableRun(journals.path());
    ASSERT_TRUE(found);
    auto reopened = MigrationEngine::open(found->path, settingsIn(journals));
    ASSERT_TRUE(reopened.ok());
    ASSERT_FALSE(reopened.value()->rollBack(**lab));
    const MigrationRun &result = reopened.value()->run();
    EXPECT_EQ(result.state, RunState::RolledBack) << result.stateDetail;
    EXPECT_THAT(result.stateDetail, HasSubstr("mpclaim -n -u -d \"DGC     VRAID           \""));
    const std::vector<Adapter> adapters = lab->backend->devices()->adapters("SRV1").value();
    for (const Adapter &adapter : adapters)
        EXPECT_EQ(adapter.driver.service, "dcsfc");
    // The LUNs are SANsymphony's again: MSDSM has no path left to them.
    EXPECT_TRUE(lab->backend->mpio()->disks("SRV1").value().empty());
    const std::vector<BackEndDisk> backEnd = lab->backend->dataCore()->physicalDisks().value();
    for (const BackEndDisk &disk : backEnd)
        EXPECT_FALSE(disk.paths.empty()) << disk.id;
    EXPECT_FALSE(findResumableRun(journals.path())); // rolled back is final
}

} // namespace
} // namespace pathlens
