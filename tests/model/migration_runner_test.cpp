// The wizard's model: MigrationRunner runs each step as a job on the
// inventory service's worker and reports through signals on the UI thread.

#include "migration_testlab.h"

#include "model/inventoryservice.h"
#include "model/migration/migrationrunner.h"

#include <QSignalSpy>
#include <QThread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <set>

namespace pathlens {
namespace {

using namespace testlab;
using ::testing::HasSubstr;

constexpr int kWaitMs = 20000;

/// A lab behind an inventory service; the test keeps the lab's clock.
struct ServiceLab {
    std::unique_ptr<TestLab> lab;
    std::unique_ptr<InventoryService> service;
    QTemporaryDir journals;

    explicit ServiceLab(const std::string &text)
    {
        lab = openLab(text);
        service = std::make_unique<InventoryService>(std::move(lab->backend));
    }
};

/// Waits for the run to stop, answering the port question with @p deletePorts.
QString waitForEnd(MigrationRunner &runner, QSignalSpy &finished, bool deletePorts = true)
{
    QObject context;
    QObject::connect(&runner, &MigrationRunner::portDeletionConfirmationNeeded, &context,
                     [&runner, deletePorts](const QStringList &) { runner.confirmPortDeletion(deletePorts); });
    if (finished.isEmpty() && !finished.wait(kWaitMs))
        return QStringLiteral("(timed out)");
    return finished.takeFirst().at(0).toString();
}

TEST(MigrationRunner, RunsEveryStepOffTheUiThreadAndReportsEach)
{
    ServiceLab setup(fixtureText("migration-base.json"));
    MigrationRunner runner(*setup.service, settingsIn(setup.journals));

    QSignalSpy choices(&runner, &MigrationRunner::choicesReady);
    runner.loadChoices();
    ASSERT_TRUE(choices.wait(kWaitMs));
    ASSERT_EQ(runner.choices().size(), 1u);
    EXPECT_EQ(runner.choices()[0].ports.size(), 4u);

    QSignalSpy planned(&runner, &MigrationRunner::planReady);
    runner.prepare(requestFor("SRV1"));
    EXPECT_TRUE(runner.isBusy());
    ASSERT_TRUE(planned.wait(kWaitMs));
    EXPECT_FALSE(runner.isBusy());
    const std::size_t steps = runner.run().plan.steps.size();
    ASSERT_EQ(steps, 9u);
    EXPECT_FALSE(runner.run().canStart());

    QSignalSpy errors(&runner, &MigrationRunner::errorOccurred);
    runner.start(); // not acknowledged yet
    ASSERT_EQ(errors.size(), 1);
    EXPECT_THAT(errors.takeFirst().at(0).toString().toStdString(), HasSubstr("support consequences"));

    QSignalSpy started(&runner, &MigrationRunner::stepStarted);
    QSignalSpy stepFinished(&runner, &MigrationRunner::stepFinished);
    QSignalSpy lines(&runner, &MigrationRunner::logLine);
    QSignalSpy question(&runner, &MigrationRunner::portDeletionConfirmationNeeded);
    QSignalSpy finished(&runner, &MigrationRunner::finished);
    runner.acknowledgeSupportConsequences();
    EXPECT_TRUE(runner.run().canStart());
    runner.start();

    ASSERT_TRUE(question.wait(kWaitMs));
    EXPECT_EQ(question.takeFirst().at(0).toStringList(),
              (QStringList{QStringLiteral("SRV1 BE1"), QStringLiteral("SRV1 BE2")}));
    EXPECT_TRUE(runner.waitingForPortConfirmation());
    EXPECT_EQ(stepFinished.size(), 3); // the drivers and the claim; nothing more until the answer
    runner.confirmPortDeletion(true);

    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(finished.takeFirst().at(0).toString(), QStringLiteral("completed"));
    EXPECT_EQ(std::size_t(started.size()), steps);
    ASSERT_EQ(std::size_t(stepFinished.size()), steps);
    for (const QList<QVariant> &arguments : stepFinished)
        EXPECT_EQ(arguments.at(2).toString(), QStringLiteral("done")) << arguments.at(1).toString().toStdString();
    EXPECT_EQ(stepFinished.first().at(1).toString(), QStringLiteral("install-driver:175:0.0"));
    EXPECT_GT(lines.size(), int(steps));
    EXPECT_EQ(runner.run().state, RunState::Completed);
    ASSERT_TRUE(runner.run().after);
    EXPECT_FALSE(hasRule(*runner.run().after, rules::IoOnNonOptimized));
    EXPECT_TRUE(errors.isEmpty());

    const auto journal = runner.journal();
    ASSERT_TRUE(journal.ok());
    EXPECT_TRUE(journal->startsWith("{"));
    // The tree saw the change: its last snapshot has MSDSM's disks.
    QSignalSpy refreshed(setup.service.get(), &InventoryService::refreshFinished);
    setup.service->refresh();
    ASSERT_TRUE(refreshed.wait(kWaitMs));
    const SnapshotPtr snapshot = setup.service->lastSnapshot();
    ASSERT_TRUE(snapshot);
    std::size_t mpioDisks = 0;
    for (const ServerEntry &server : snapshot->servers)
        for (const PortEntry &port : server.ports)
            for (const DiskEntry &disk : port.disks)
                mpioDisks += disk.owner == PathOwner::Mpio ? 1 : 0;
    EXPECT_GT(mpioDisks, 0u);
}

TEST(MigrationRunner, CancelStopsBetweenStepsAndAnotherRunnerResumesFromTheJournal)
{
    ServiceLab setup(fixtureText("migration-base.json"));
    {
        MigrationRunner runner(*setup.service, settingsIn(setup.journals));
        QSignalSpy planned(&runner, &MigrationRunner::planReady);
        runner.prepare(requestFor("SRV1"));
        ASSERT_TRUE(planned.wait(kWaitMs));
        runner.acknowledgeSupportConsequences();
        QSignalSpy finished(&runner, &MigrationRunner::finished);
        QObject context;
        QObject::connect(&runner, &MigrationRunner::stepFinished, &context,
                         [&runner](int index, const QString &, const QString &) {
                             if (index == 0)
                                 runner.cancel();
                         });
        runner.start();
        ASSERT_TRUE(finished.wait(kWaitMs));
        EXPECT_EQ(finished.takeFirst().at(0).toString(), QStringLiteral("paused"));
        EXPECT_EQ(runner.run().plan.steps[0].status, StepStatus::Done);
        EXPECT_EQ(runner.run().plan.steps[1].status, StepStatus::Planned);
    }

    MigrationRunner next(*setup.service, settingsIn(setup.journals));
    const std::vector<JournalEntry> offered = next.resumableRuns();
    ASSERT_EQ(offered.size(), 1u);
    EXPECT_EQ(offered[0].run.state, RunState::Paused);
    QSignalSpy opened(&next, &MigrationRunner::runOpened);
    next.openRun(offered[0].path);
    ASSERT_EQ(opened.size(), 1);
    EXPECT_EQ(next.run().plan.steps[0].status, StepStatus::Done);
    QSignalSpy finished(&next, &MigrationRunner::finished);
    next.resume();
    EXPECT_EQ(waitForEnd(next, finished), QStringLiteral("completed"));
    EXPECT_TRUE(next.resumableRuns().empty());
}

TEST(MigrationRunner, AFailedStepOffersTheRollback)
{
    ServiceLab setup(withFaults(fixtureText("migration-base.json"),
                                R"([{"operation": "claim", "message": "The MPIO service is not running.", "code": 1062}])"));
    MigrationRunner runner(*setup.service, settingsIn(setup.journals));
    QSignalSpy planned(&runner, &MigrationRunner::planReady);
    runner.prepare(requestFor("SRV1"));
    ASSERT_TRUE(planned.wait(kWaitMs));
    runner.acknowledgeSupportConsequences();
    QSignalSpy finished(&runner, &MigrationRunner::finished);
    runner.start();
    EXPECT_EQ(waitForEnd(runner, finished), QStringLiteral("failed"));
    EXPECT_THAT(runner.run().stateDetail, HasSubstr("The MPIO service is not running."));
    ASSERT_EQ(runner.run().devices.size(), 2u);
    EXPECT_EQ(runner.run().devices[0].state, DeviceState::State::Replaced);

    runner.rollBack();
    EXPECT_EQ(waitForEnd(runner, finished), QStringLiteral("rolled-back"));
    for (const DeviceState &device : runner.run().devices)
        EXPECT_EQ(device.state, DeviceState::State::RolledBack) << device.text;
}

TEST(MigrationRunner, AnUnknownServerIsReportedNotPlanned)
{
    ServiceLab setup(fixtureText("migration-base.json"));
    MigrationRunner runner(*setup.service, settingsIn(setup.journals));
    QSignalSpy errors(&runner, &MigrationRunner::errorOccurred);
    runner.prepare(requestFor("<script>"));
    ASSERT_TRUE(errors.wait(kWaitMs));
    EXPECT_THAT(errors.takeFirst().at(0).toString().toStdString(), HasSubstr("\"<script>\""));
    EXPECT_FALSE(runner.isBusy());
}

TEST(MigrationRunner, ARunnerDestroyedWhileAStepRunsIsNotCalledBack)
{
    ServiceLab setup(fixtureText("migration-base.json"));
    {
        MigrationRunner runner(*setup.service, settingsIn(setup.journals));
        QSignalSpy planned(&runner, &MigrationRunner::planReady);
        runner.prepare(requestFor("SRV1"));
        ASSERT_TRUE(planned.wait(kWaitMs));
        runner.acknowledgeSupportConsequences();
        runner.start(); // the job is queued; the runner goes away at once
    }
    // The service finishes the queued job without a runner to report to.
    QSignalSpy refreshed(setup.service.get(), &InventoryService::refreshFinished);
    setup.service->refresh();
    EXPECT_TRUE(refreshed.wait(kWaitMs));
    const auto offered = findResumableRuns(setup.journals.path());
    ASSERT_EQ(offered.size(), 1u); // started, recorded, resumable
}

} // namespace
} // namespace pathlens
