// The sampler on the simulated lab, with the lab's clock stepped by the test:
// the default lab's problem shows in the history (a LUN read over its
// Active/Non-optimized path), and after remedy 2 (native driver, claim, Round
// Robin with Subset) the same LUN's I/O runs over its Active/Optimized paths.

#include "model/history/pathsampler.h"
#include "model/inventoryservice.h"
#include "platform/lab/labbackend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <atomic>
#include <map>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

// 2024-06-10 10:00 UTC, after the shipped labs' trafficSince.
constexpr std::int64_t StartMs = 1'718'013'600'000;

std::unique_ptr<LabBackend> loadLab(const std::string &name, std::atomic<std::int64_t> *nowMs)
{
    auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/" + name);
    if (!loaded) {
        ADD_FAILURE() << loaded.error().toString();
        return nullptr;
    }
    auto backend = std::move(loaded).value();
    if (nowMs) {
        // Called on the service's worker; the test steps it between readings.
        backend->setClock([nowMs] { return Clock::time_point(std::chrono::milliseconds(nowMs->load())); });
    }
    return backend;
}

struct SampledLab {
    std::atomic<std::int64_t> nowMs{StartMs};
    std::unique_ptr<InventoryService> service;
    std::unique_ptr<PathSampler> sampler;

    explicit SampledLab(const std::string &name = "default-lab.json")
    {
        auto backend = loadLab(name, &nowMs);
        if (!backend)
            return;
        service = std::make_unique<InventoryService>(std::move(backend));
        QSignalSpy refreshed(service.get(), &InventoryService::refreshFinished);
        service->refresh();
        EXPECT_TRUE(refreshed.wait(20'000));
        sampler = std::make_unique<PathSampler>(service.get());
    }

    bool ready() const { return sampler != nullptr; }

    /// One reading at the lab's current time, then the clock moves on.
    bool sample(std::chrono::seconds then = 2s)
    {
        QSignalSpy sampled(sampler.get(), &PathSampler::sampled);
        sampler->sampleNow();
        const bool ok = sampled.wait(20'000);
        nowMs += std::chrono::milliseconds(then).count();
        return ok;
    }

    bool change(InventoryService::ChangeFunction change)
    {
        QSignalSpy refreshed(service.get(), &InventoryService::refreshFinished);
        bool succeeded = false;
        service->submitChange(std::move(change), [&](const ChangeResult &result) {
            EXPECT_TRUE(result.ok()) << result.error().toString();
            succeeded = result.ok();
        });
        return refreshed.wait(20'000) && succeeded;
    }

    TimeWindow everything() const { return TimeWindow{StartMs - 1000, nowMs.load() + 1000}; }

    /// Newest read IOPS of an object.
    double readIops(const std::string &keyPath) const
    {
        const RateSeries series = sampler->history().series(keyPath, Metric::ReadIops, everything(), 0);
        return series.points.empty() ? -1.0 : series.points.back().avg;
    }
};

struct PathRow {
    std::string keyPath;
    std::string diskKeyPath;
    PathState state = PathState::Unknown;
    bool inUse = false;
    PathOwner owner = PathOwner::Mpio;
};

/// Every path of a LUN (by caption) on a server (by name), across its ports.
std::vector<PathRow> pathsOf(const InventorySnapshot &snapshot, const std::string &server, const std::string &caption)
{
    std::vector<PathRow> rows;
    for (const ServerEntry &s : snapshot.servers) {
        if (s.server.name != server)
            continue;
        for (const PortEntry &port : s.ports) {
            for (const DiskEntry &disk : port.disks) {
                if (disk.caption != caption)
                    continue;
                const std::string diskKey = s.key + '/' + port.key + '/' + disk.key;
                for (const PathEntry &path : disk.paths)
                    rows.push_back(PathRow{diskKey + '/' + path.key, diskKey, path.state, path.inUse, path.owner});
            }
        }
    }
    return rows;
}

ChangeResult remedyTwo(Backend &backend, const std::string &host)
{
    // Step 3: the native driver on the back-end HBA (bus 175) only.
    const auto adapters = backend.devices()->adapters(host);
    if (!adapters)
        return adapters.error();
    for (const Adapter &adapter : adapters.value()) {
        if (!adapter.pci || adapter.pci->bus != 175)
            continue;
        const auto drivers = backend.devices()->compatibleDrivers(host, adapter.instanceId);
        if (!drivers)
            return drivers.error();
        for (const DriverPackage &driver : drivers.value()) {
            if (driver.version != "9.4.6.20")
                continue;
            if (ChangeResult installed = backend.devices()->installDriver(host, adapter.instanceId, driver); !installed)
                return installed;
        }
    }
    // Step 5: claim; the shipped lab's drivers and claims take effect at the
    // restart; step 6: Round Robin with Subset on every claimed disk.
    if (ChangeResult claimed = backend.mpio()->claim(host, ClaimRequest{}); !claimed)
        return claimed;
    if (auto *lab = dynamic_cast<LabBackend *>(&backend)) {
        if (ChangeResult restarted = lab->restartHost(host); !restarted)
            return restarted;
    }
    const auto disks = backend.mpio()->disks(host);
    if (!disks)
        return disks.error();
    for (const MpioDisk &disk : disks.value()) {
        if (ChangeResult set = backend.mpio()->setPolicy(host, disk.number, LoadBalancePolicy::RoundRobinWithSubset);
            !set)
            return set;
    }
    return Change{false, "remedy 2 on " + host};
}

TEST(HistorySampler, DefaultLabShowsALunReadOverItsNonOptimizedPath)
{
    SampledLab lab;
    ASSERT_TRUE(lab.ready());
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());
    EXPECT_GT(lab.sampler->lastTick().measured, 0u);
    // The lab's clock, not the wall clock, times the readings.
    EXPECT_EQ(lab.sampler->lastTick().atMs, StartMs + 4000);

    const auto rows = pathsOf(*lab.service->lastSnapshot(), "DCS-A", "DGC VRAID LUN 1");
    ASSERT_FALSE(rows.empty());
    int carrying = 0;
    for (const PathRow &row : rows) {
        const double iops = lab.readIops(row.keyPath);
        ASSERT_GE(iops, 0.0) << row.keyPath << " has no history";
        if (row.inUse) {
            ++carrying;
            // The LUN reads 1500/s give or take the lab's variation, all of it here.
            EXPECT_EQ(row.state, PathState::ActiveUnoptimized) << row.keyPath;
            EXPECT_GT(iops, 250.0) << row.keyPath;
            EXPECT_DOUBLE_EQ(lab.readIops(row.diskKeyPath), iops);
        } else {
            EXPECT_EQ(iops, 0.0) << row.keyPath;
        }
    }
    EXPECT_EQ(carrying, 1);
}

TEST(HistorySampler, AfterRemedyTwoTheIoRunsOverTheOptimizedPaths)
{
    SampledLab lab;
    ASSERT_TRUE(lab.ready());
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());
    const auto before = pathsOf(*lab.service->lastSnapshot(), "DCS-A", "DGC VRAID LUN 1");
    std::string oldPath;
    for (const PathRow &row : before) {
        if (row.inUse)
            oldPath = row.keyPath;
    }
    ASSERT_FALSE(oldPath.empty());
    const std::size_t oldPoints =
        lab.sampler->history().series(oldPath, Metric::ReadIops, lab.everything(), 0).points.size();
    EXPECT_EQ(oldPoints, 1u);

    ASSERT_TRUE(lab.change([](Backend &backend) { return remedyTwo(backend, "DCS-A"); }));
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());

    const auto after = pathsOf(*lab.service->lastSnapshot(), "DCS-A", "DGC VRAID LUN 1");
    ASSERT_FALSE(after.empty());
    double optimized = 0.0;
    int optimizedPaths = 0;
    std::map<std::string, double> disks;
    for (const PathRow &row : after) {
        EXPECT_EQ(row.owner, PathOwner::Mpio) << row.keyPath;
        const double iops = lab.readIops(row.keyPath);
        ASSERT_GE(iops, 0.0) << row.keyPath << " has no history";
        disks[row.diskKeyPath] += iops;
        if (row.state == PathState::ActiveOptimized) {
            EXPECT_GT(iops, 0.0) << row.keyPath;
            optimized += iops;
            ++optimizedPaths;
        } else {
            EXPECT_EQ(iops, 0.0) << row.keyPath << " " << toString(row.state);
        }
    }
    EXPECT_GE(optimizedPaths, 2);
    EXPECT_GT(optimized, 250.0);
    // Each disk row is the sum of its paths.
    for (const auto &[disk, sum] : disks)
        EXPECT_NEAR(lab.readIops(disk), sum, 1e-6 * sum + 1e-9) << disk;
    // The old DataCore path left the tree and its history ends where it did.
    EXPECT_EQ(lab.sampler->history().series(oldPath, Metric::ReadIops, lab.everything(), 0).points.size(), oldPoints);
}

TEST(HistorySampler, IntervalIsClampedAndPauseResumeSayWhatTheyDo)
{
    SampledLab lab;
    ASSERT_TRUE(lab.ready());
    PathSampler &sampler = *lab.sampler;
    EXPECT_EQ(sampler.interval(), 2s);
    sampler.setInterval(0s);
    EXPECT_EQ(sampler.interval(), 1s);
    sampler.setInterval(600s);
    EXPECT_EQ(sampler.interval(), 60s);
    sampler.setInterval(5s);
    EXPECT_EQ(sampler.interval(), 5s);

    QSignalSpy running(&sampler, &PathSampler::runningChanged);
    QSignalSpy sampled(&sampler, &PathSampler::sampled);
    EXPECT_FALSE(sampler.isRunning());
    sampler.start(); // reads at once
    EXPECT_TRUE(sampler.isRunning());
    EXPECT_TRUE(sampled.wait(20'000));
    sampler.pause();
    EXPECT_FALSE(sampler.isRunning());
    sampler.resume();
    EXPECT_TRUE(sampler.isRunning());
    sampler.pause();
    ASSERT_EQ(running.size(), 4);
    EXPECT_EQ(running.at(0).at(0).toBool(), true);
    EXPECT_EQ(running.at(1).at(0).toBool(), false);
    EXPECT_EQ(running.at(3).at(0).toBool(), false);
}

TEST(HistorySampler, TicksOnItsTimer)
{
    // The system clock this time: one-second ticks, each a measured reading.
    auto backend = loadLab("default-lab.json", nullptr);
    ASSERT_TRUE(backend);
    InventoryService service(std::move(backend));
    QSignalSpy refreshed(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(refreshed.wait(20'000));
    PathSampler sampler(&service);
    sampler.setInterval(1s);
    QSignalSpy sampled(&sampler, &PathSampler::sampled);
    sampler.start();
    while (sampled.size() < 3)
        ASSERT_TRUE(sampled.wait(10'000));
    sampler.pause();
    EXPECT_GT(sampler.lastTick().measured, 0u);
    EXPECT_GT(sampler.history().seriesCount(), 0u);
}

TEST(HistorySampler, AnotherBackendStartsAnEmptyHistory)
{
    SampledLab lab;
    ASSERT_TRUE(lab.ready());
    ASSERT_TRUE(lab.sample());
    ASSERT_TRUE(lab.sample());
    ASSERT_GT(lab.sampler->history().seriesCount(), 0u);

    QSignalSpy cleared(lab.sampler.get(), &PathSampler::historyCleared);
    QSignalSpy refreshed(lab.service.get(), &InventoryService::refreshFinished);
    lab.service->replaceBackend(loadLab("healthy-lab.json", &lab.nowMs));
    EXPECT_EQ(cleared.size(), 1);
    EXPECT_EQ(lab.sampler->history().seriesCount(), 0u);
    ASSERT_TRUE(refreshed.wait(20'000));
    // The new lab's first reading is a baseline, the second is measured.
    ASSERT_TRUE(lab.sample());
    EXPECT_EQ(lab.sampler->lastTick().measured, 0u);
    ASSERT_TRUE(lab.sample());
    EXPECT_GT(lab.sampler->lastTick().measured, 0u);
}

TEST(HistorySampler, AFailedSourceIsReportedAndTheRestStillRead)
{
    QFile file(QString::fromUtf8(PATHLENS_SOURCE_DIR) + QStringLiteral("/resources/labs/default-lab.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QJsonObject lab = QJsonDocument::fromJson(file.readAll()).object();
    QJsonArray faults = lab.value(QStringLiteral("faults")).toArray();
    faults.prepend(QJsonObject{{QStringLiteral("operation"), QStringLiteral("physicalDisks")},
                               {QStringLiteral("message"), QStringLiteral("The REST service timed out, \"again\"")}});
    lab.insert(QStringLiteral("faults"), faults);
    auto loaded = LabBackend::fromText(QJsonDocument(lab).toJson().toStdString(), "faulty-lab.json");
    ASSERT_TRUE(loaded) << loaded.error().toString();
    LabBackend &backend = *loaded.value();

    // Claim DCS-A first, so it has MPIO paths to read.
    ASSERT_TRUE(remedyTwo(backend, "DCS-A").ok());
    const CounterReading reading = readCounters(backend, {"DCS-A", "dcs-a", "DCS-B"});
    ASSERT_EQ(reading.problems.size(), 1u);
    EXPECT_NE(reading.problems[0].find("DataCore physical disks"), std::string::npos);
    EXPECT_NE(reading.problems[0].find("timed out"), std::string::npos);
    EXPECT_FALSE(reading.paths.empty());
    for (const CounterReading::Path &path : reading.paths) {
        EXPECT_EQ(path.identity.rfind("mpio|dcs-a|", 0), 0u) << path.identity; // DCS-A once, DCS-B has no MPIO disks
        EXPECT_TRUE(path.counters.has_value());
    }
}

} // namespace
} // namespace pathlens
