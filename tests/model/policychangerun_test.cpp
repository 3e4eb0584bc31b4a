// Remedy 1 through Windows MPIO against the simulated lab, the way the
// console runs it: the change on the service's worker, the reading after it,
// one more reading to measure I/O after the change, and the findings before
// and after.

#include "model/health/healthreport.h"
#include "model/inventoryservice.h"
#include "model/remedy/policychangerun.h"
#include "model/snapshotbuilder.h"
#include "platform/lab/labbackend.h"

#include <QFile>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

const std::string Lun3 = "600601601C8045003A21B65F13B4E311";
const std::string Lun7 = "600601601C8045003A21B65F1B2AE311";
constexpr std::uint64_t Be1SpA = 0x77040000; // A/NO for LUN 3
constexpr std::uint64_t Be1SpB = 0x77040002; // A/O for LUN 3
constexpr std::uint64_t Be2SpA = 0x77050001; // A/NO for LUN 7

std::string labPath()
{
    return std::string(PATHLENS_TEST_DATA_DIR) + "/labs/remedy1-lab.json";
}

std::string readLab()
{
    QFile file(QString::fromStdString(labPath()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

bool waitFor(QSignalSpy &spy, int count)
{
    while (spy.count() < count) {
        if (!spy.wait(10000))
            return false;
    }
    return true;
}

// The lab behind the service, with a clock the test steps. The clock is read
// on the service's worker, hence atomic.
class LabService
{
public:
    explicit LabService(Result<std::unique_ptr<LabBackend>> loaded)
    {
        if (!loaded) {
            ADD_FAILURE() << loaded.error().toString();
            return;
        }
        std::unique_ptr<LabBackend> backend = std::move(loaded).value();
        backend->setClock([clock = m_seconds] { return TimePoint(std::chrono::seconds(clock->load())); });
        service = std::make_unique<InventoryService>(std::move(backend));
    }
    LabService() : LabService(LabBackend::fromFile(labPath())) {}

    void step(std::chrono::seconds by) { *m_seconds += by.count(); }

    /// Every reading from now on is taken @p by after the previous one.
    void stepAfterEachReading(std::chrono::seconds by)
    {
        QObject::connect(service.get(), &InventoryService::refreshFinished, service.get(),
                         [this, by] { step(by); });
    }

    SnapshotPtr read()
    {
        QSignalSpy finished(service.get(), &InventoryService::refreshFinished);
        service->refresh();
        if (!waitFor(finished, 1))
            return nullptr;
        return finished.takeFirst().at(0).value<SnapshotPtr>();
    }

    /// Two readings 10 s apart: the second one has measured I/O.
    SnapshotPtr measure()
    {
        read();
        step(10s);
        return read();
    }

    std::unique_ptr<InventoryService> service;

private:
    // 2024-06-10 10:00 UTC, after the lab's trafficSince.
    std::shared_ptr<std::atomic<std::int64_t>> m_seconds = std::make_shared<std::atomic<std::int64_t>>(1'718'013'600);
};

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

std::vector<std::string> rulesAbout(const InventorySnapshot &snapshot, const std::string &diskKey)
{
    std::vector<std::string> ids;
    if (!snapshot.health)
        return ids;
    for (const Finding &f : findingsAbout(*snapshot.health, rowOf(snapshot, diskKey))) {
        if (std::find(ids.begin(), ids.end(), f.rule) == ids.end())
            ids.push_back(f.rule);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> rulesOf(const std::vector<Finding> &findings)
{
    std::vector<std::string> ids;
    for (const Finding &f : findings)
        ids.push_back(f.rule);
    std::sort(ids.begin(), ids.end());
    return ids;
}

PolicyRunResult runChange(InventoryService &service, const std::string &diskKey, PolicyChoice choice,
                          std::vector<PolicyChangeRun::Stage> *stages = nullptr)
{
    const SnapshotPtr last = service.lastSnapshot();
    EXPECT_TRUE(last);
    if (!last)
        return {};
    PolicyChangeRun run(service, planPolicyChange(*last, rowOf(*last, diskKey)), choice);
    run.setMeasureDelay(0ms);
    QObject::connect(&run, &PolicyChangeRun::stageChanged, &run, [stages](PolicyChangeRun::Stage stage) {
        if (stages)
            stages->push_back(stage);
    });
    QSignalSpy finished(&run, &PolicyChangeRun::finished);
    run.start();
    EXPECT_TRUE(waitFor(finished, 1));
    EXPECT_EQ(run.stage(), PolicyChangeRun::Stage::Finished);
    return run.result();
}

bool contains(const std::vector<std::string> &lines, const std::string &text)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&text](const std::string &line) { return line.find(text) != std::string::npos; });
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string text;
    for (const std::string &line : lines)
        text += line + '\n';
    return text;
}

TEST(PolicyChangeRun, RoundRobinWithSubsetClearsIoOnTheNonOptimizedPath)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    const SnapshotPtr before = lab.measure();
    ASSERT_TRUE(before && before->health);
    ASSERT_TRUE(before->health->ioMeasured);
    // Fail Over Only pinned to a path to the controller that does not own the
    // LUN: all reads cross over, and two optimized paths stand idle.
    EXPECT_EQ(rulesAbout(*before, Lun3), (std::vector<std::string>{"io-on-non-optimized", "policy-mismatch"}));

    lab.stepAfterEachReading(10s);
    std::vector<PolicyChangeRun::Stage> stages;
    const PolicyRunResult result
        = runChange(*lab.service, Lun3, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}, &stages);
    ASSERT_TRUE(result.ok()) << joined(result.lines());
    EXPECT_EQ(stages, (std::vector<PolicyChangeRun::Stage>{PolicyChangeRun::Stage::Changing,
                                                           PolicyChangeRun::Stage::Reading,
                                                           PolicyChangeRun::Stage::Measuring,
                                                           PolicyChangeRun::Stage::Finished}));
    EXPECT_EQ(result.policyAfter, LoadBalancePolicy::RoundRobinWithSubset);
    EXPECT_TRUE(result.policyConfirmed);
    EXPECT_FALSE(result.rebootRequired);
    EXPECT_EQ(result.detail, "MPIO Disk0 on DCS-A: Round Robin with Subset");
    EXPECT_EQ(result.command, "mpclaim -l -d 0 3 0000000077040000 1 0 0 0000000077040002 0 0 0 0000000077050001 1 0 0 "
                              "0000000077050003 0 0 0");
    EXPECT_TRUE(result.outcome.ioMeasured);
    EXPECT_EQ(rulesOf(result.outcome.cleared), (std::vector<std::string>{"io-on-non-optimized", "policy-mismatch"}));
    EXPECT_TRUE(result.outcome.allCleared()) << joined(result.lines());
    const std::vector<std::string> lines = result.lines();
    EXPECT_TRUE(contains(lines, "io-on-non-optimized on DGC VRAID LUN 3 cleared")) << joined(lines);
    EXPECT_TRUE(contains(lines, "policy-mismatch on DGC VRAID LUN 3 cleared")) << joined(lines);

    // The service's own picture agrees, and the next readings stay clean.
    EXPECT_TRUE(rulesAbout(*lab.service->lastSnapshot(), Lun3).empty());
    EXPECT_TRUE(rulesAbout(*lab.read(), Lun3).empty());
}

TEST(PolicyChangeRun, FailOverOnlyOnTheOptimizedPathClearsTheIoButNotTheIdlePaths)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    lab.stepAfterEachReading(10s);
    const PolicyRunResult result = runChange(*lab.service, Lun3, {LoadBalancePolicy::FailOverOnly, Be1SpB});
    ASSERT_TRUE(result.ok()) << joined(result.lines());
    EXPECT_TRUE(result.policyConfirmed);
    EXPECT_EQ(result.command, "mpclaim -l -d 0 1 0000000077040002 0 0 1");
    EXPECT_EQ(rulesOf(result.outcome.cleared), (std::vector<std::string>{"io-on-non-optimized"}));
    // Fail Over Only still leaves the second optimized path idle.
    EXPECT_EQ(rulesOf(result.outcome.remaining), (std::vector<std::string>{"policy-mismatch"}));
    EXPECT_TRUE(contains(result.lines(), "io-on-non-optimized on DGC VRAID LUN 3 cleared"));
    EXPECT_TRUE(contains(result.lines(), "still present: policy-mismatch on DCS-A / DGC VRAID LUN 3"));

    const SnapshotPtr after = lab.service->lastSnapshot();
    const PolicyPlan plan = planPolicyChange(*after, rowOf(*after, Lun3));
    EXPECT_EQ(plan.activePath(), Be1SpB);
    EXPECT_EQ(plan.path(Be1SpB)->entry.state, PathState::ActiveOptimized);
    EXPECT_TRUE(plan.path(Be1SpB)->entry.preferred);
    EXPECT_FALSE(plan.path(Be1SpA)->entry.preferred);
}

TEST(PolicyChangeRun, IoMeasuredAcrossTheChangeIsNotTakenAsTheOutcome)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    // The admin looks at the dialog for half a minute before applying: the
    // first reading after the change measures those 30 s of slow reads.
    lab.step(30s);
    lab.stepAfterEachReading(10s);
    QSignalSpy readings(lab.service.get(), &InventoryService::refreshFinished);
    const PolicyRunResult result = runChange(*lab.service, Lun3, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt});
    ASSERT_TRUE(result.ok()) << joined(result.lines());
    ASSERT_EQ(readings.count(), 2);
    const SnapshotPtr first = readings.at(0).at(0).value<SnapshotPtr>();
    EXPECT_EQ(rulesAbout(*first, Lun3), (std::vector<std::string>{"io-on-non-optimized"}));
    // The outcome comes from the reading measured wholly after the change.
    EXPECT_TRUE(result.outcome.ioMeasured);
    EXPECT_TRUE(result.outcome.allCleared()) << joined(result.lines());
    EXPECT_TRUE(contains(result.lines(), "io-on-non-optimized on DGC VRAID LUN 3 cleared"));
}

TEST(PolicyChangeRun, WithoutTimePassingTheIoIsNotYetMeasured)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    // The clock stands still: neither reading after the change has an interval.
    const PolicyRunResult result = runChange(*lab.service, Lun3, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt});
    ASSERT_TRUE(result.ok()) << joined(result.lines());
    EXPECT_FALSE(result.outcome.ioMeasured);
    EXPECT_EQ(result.outcome.notYetMeasured, (std::vector<std::string>{"io-on-non-optimized"}));
    EXPECT_EQ(rulesOf(result.outcome.cleared), (std::vector<std::string>{"policy-mismatch"}));
    EXPECT_TRUE(contains(result.lines(), "io-on-non-optimized on DGC VRAID LUN 3: not yet measured; will be re-checked "
                                         "on the next refresh"))
        << joined(result.lines());
}

TEST(PolicyChangeRun, LabFaultGivesTheErrorVerbatimAndChangesNothing)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    const SnapshotPtr before = lab.measure();
    ASSERT_TRUE(before);
    EXPECT_EQ(rulesAbout(*before, Lun7), (std::vector<std::string>{"io-on-non-optimized", "policy-mismatch"}));

    QSignalSpy readings(lab.service.get(), &InventoryService::refreshFinished);
    std::vector<PolicyChangeRun::Stage> stages;
    const PolicyRunResult result
        = runChange(*lab.service, Lun7, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}, &stages);
    EXPECT_EQ(result.status, PolicyRunResult::Status::Failed);
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->operation, "lab: set policy");
    EXPECT_EQ(result.error->message, "Access is denied.");
    EXPECT_EQ(result.error->code, 5);
    EXPECT_EQ(result.lines(), (std::vector<std::string>{"The change failed: lab: set policy: Access is denied. (code 5)",
                                                        "Nothing was changed."}));
    EXPECT_EQ(stages.back(), PolicyChangeRun::Stage::Finished);

    // The service reads again after any change: the disk is as it was.
    ASSERT_TRUE(waitFor(readings, 1));
    const SnapshotPtr after = lab.service->lastSnapshot();
    const PolicyPlan plan = planPolicyChange(*after, rowOf(*after, Lun7));
    EXPECT_EQ(plan.current, LoadBalancePolicy::FailOverOnly);
    EXPECT_EQ(plan.activePath(), Be2SpA);
    EXPECT_TRUE(plan.path(Be2SpA)->entry.preferred);
}

TEST(PolicyChangeRun, RebootRequiredIsSaidAndTheIoIsLeftForLater)
{
    std::string text = readLab();
    ASSERT_FALSE(text.empty());
    const std::string from = "\"setPolicyRequiresReboot\": false";
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, from.size(), "\"setPolicyRequiresReboot\": true");
    LabService lab(LabBackend::fromText(text, "remedy1-reboot"));
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    lab.stepAfterEachReading(10s);

    std::vector<PolicyChangeRun::Stage> stages;
    const PolicyRunResult result
        = runChange(*lab.service, Lun3, {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt}, &stages);
    ASSERT_TRUE(result.ok()) << joined(result.lines());
    EXPECT_TRUE(result.rebootRequired);
    EXPECT_TRUE(contains(result.lines(), "Windows asks for a restart of DCS-A before the change takes full effect."));
    EXPECT_EQ(std::count(stages.begin(), stages.end(), PolicyChangeRun::Stage::Measuring), 0);
    EXPECT_EQ(result.outcome.notYetMeasured, (std::vector<std::string>{"io-on-non-optimized"}));
}

TEST(PolicyChangeRun, ChoiceThatFailsTheCheckNeverReachesTheSystem)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    QSignalSpy readings(lab.service.get(), &InventoryService::refreshStarted);
    const PolicyRunResult result = runChange(*lab.service, Lun3, {LoadBalancePolicy::FailOverOnly, std::nullopt});
    EXPECT_EQ(result.status, PolicyRunResult::Status::Failed);
    ASSERT_TRUE(result.error);
    EXPECT_EQ(result.error->message, "Fail Over Only needs a preferred path: choose the path that is to carry the I/O.");
    EXPECT_EQ(readings.count(), 0); // no change was submitted, so no reading followed
    const SnapshotPtr after = lab.read();
    EXPECT_EQ(planPolicyChange(*after, rowOf(*after, Lun3)).activePath(), Be1SpA);
}

TEST(PolicyChangeRun, OpeningAnotherSourceMeanwhileEndsTheRun)
{
    LabService lab;
    ASSERT_TRUE(lab.service);
    ASSERT_TRUE(lab.measure());
    const SnapshotPtr last = lab.service->lastSnapshot();
    PolicyChangeRun run(*lab.service, planPolicyChange(*last, rowOf(*last, Lun3)),
                        {LoadBalancePolicy::RoundRobinWithSubset, std::nullopt});
    QSignalSpy finished(&run, &PolicyChangeRun::finished);
    run.start();
    auto other = LabBackend::fromFile(labPath());
    ASSERT_TRUE(other);
    lab.service->replaceBackend(std::move(other).value());
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_EQ(run.result().status, PolicyRunResult::Status::Lost);
    EXPECT_TRUE(contains(run.result().lines(), "another source was opened"));
}

} // namespace
} // namespace pathlens
