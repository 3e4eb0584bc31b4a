// Rate maths from counter readings: rates from the backend's timestamps,
// 32-bit count wrap, counter resets and late readings (gaps, never spikes),
// aggregates per disk, port and server, and state events.

#include "model/history/historyrecorder.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const Clock::time_point T0 = Clock::time_point(std::chrono::milliseconds(1'717'200'000'000));
const TimeWindow Everything{0, 4'000'000'000'000};

constexpr std::uint64_t PathA = 0x77040001;
constexpr std::uint64_t PathB = 0x77040002;
// Another disk on the same port, through the same I_T nexus as A: MSDSM
// gives it the same path id.
constexpr std::uint64_t PathC = PathA;

// One server "s1" (host DCS1), port "be1" with disk "LUN1" (paths A, B) and
// disk "LUN2" (path C), port "be2" with DataCore's path to LUN1.
InventorySnapshot snapshot()
{
    InventorySnapshot snap;
    ServerEntry server;
    server.key = "s1";
    server.server.id = "s1";
    server.server.hostName = "DCS1";
    PortEntry be1;
    be1.key = "be1";
    DiskEntry lun1;
    lun1.key = "LUN1";
    lun1.mpioDisk = 1;
    for (std::uint64_t id : {PathA, PathB}) {
        PathEntry path;
        path.key = formatPathId(id);
        path.owner = PathOwner::Mpio;
        path.pathId = id;
        lun1.paths.push_back(path);
    }
    DiskEntry lun2;
    lun2.key = "LUN2";
    lun2.mpioDisk = 2;
    PathEntry c;
    c.key = formatPathId(PathC);
    c.pathId = PathC;
    lun2.paths.push_back(c);
    be1.disks = {lun1, lun2};
    PortEntry be2;
    be2.key = "be2";
    DiskEntry dcLun;
    dcLun.key = "LUN1";
    dcLun.owner = PathOwner::DataCoreDriver;
    PathEntry dc;
    dc.owner = PathOwner::DataCoreDriver;
    dc.key = "dc:be2:005|000|000|001";
    dcLun.paths.push_back(dc);
    be2.disks = {dcLun};
    server.ports = {be1, be2};
    snap.servers.push_back(server);
    return snap;
}

const std::string KeyA = "s1/be1/LUN1/" + formatPathId(PathA);
const std::string KeyB = "s1/be1/LUN1/" + formatPathId(PathB);
const std::string KeyC = "s1/be1/LUN2/" + formatPathId(PathC);
const std::string KeyDc = "s1/be2/LUN1/dc:be2:005|000|000|001";

PathCounters counters(Clock::time_point taken, std::uint32_t reads, std::uint32_t writes = 0,
                      std::uint64_t blockSize = 8192)
{
    PathCounters c;
    c.reads = reads;
    c.writes = writes;
    c.bytesRead = std::uint64_t(reads) * blockSize;
    c.bytesWritten = std::uint64_t(writes) * blockSize;
    c.taken = taken;
    return c;
}

CounterReading::Path mpio(std::uint64_t pathId, PathCounters c, PathState state = PathState::ActiveOptimized,
                          std::uint32_t disk = 1)
{
    // Host names are matched without case, as Windows does.
    return CounterReading::Path{mpioPathIdentity("dcs1", disk, pathId), state, c};
}

CounterReading reading(std::vector<CounterReading::Path> paths)
{
    CounterReading r;
    r.readAt = Clock::now(); // wall time: must not be what rates use
    r.paths = std::move(paths);
    return r;
}

struct Recording {
    HistoryStore store;
    HistoryRecorder recorder{store};
    Recording() { recorder.setIndex(snapshot()); }

    RateSeries reads(const std::string &key) { return store.series(key, Metric::ReadIops, Everything, 0); }
};

TEST(HistoryRecorder, RatesUseTheBackendsTimestamps)
{
    Recording r;
    r.recorder.record(reading({mpio(PathA, counters(T0, 1000, 10))}));
    const auto tick = r.recorder.record(reading({mpio(PathA, counters(T0 + 2s, 1600, 50))}));
    EXPECT_EQ(tick.measured, 1u);
    EXPECT_EQ(tick.atMs, 1'717'200'002'000);

    const RateSeries reads = r.reads(KeyA);
    ASSERT_EQ(reads.points.size(), 1u);
    EXPECT_EQ(reads.points[0].startMs, 1'717'200'000'000);
    EXPECT_EQ(reads.points[0].endMs, 1'717'200'002'000);
    EXPECT_DOUBLE_EQ(reads.points[0].avg, 300.0);
    EXPECT_DOUBLE_EQ(r.store.series(KeyA, Metric::WriteIops, Everything, 0).points[0].avg, 20.0);
    EXPECT_DOUBLE_EQ(r.store.series(KeyA, Metric::ReadMBps, Everything, 0).points[0].avg, 300.0 * 8192 / 1e6);
}

TEST(HistoryRecorder, CountsThatWrapAreCountedOn)
{
    Recording r;
    r.recorder.record(reading({mpio(PathA, counters(T0, 4'294'967'000u, 4'294'967'295u))}));
    PathCounters after = counters(T0 + 1s, 304, 99);
    after.bytesRead = 4'294'967'000ull * 8192 + 600 * 8192;
    after.bytesWritten = 4'294'967'295ull * 8192 + 100 * 8192;
    const auto tick = r.recorder.record(reading({mpio(PathA, after)}));
    EXPECT_EQ(tick.measured, 1u);
    EXPECT_EQ(tick.resets, 0u);
    const RateSeries reads = r.reads(KeyA);
    ASSERT_EQ(reads.points.size(), 1u);
    EXPECT_DOUBLE_EQ(reads.points[0].avg, 600.0);
    EXPECT_DOUBLE_EQ(r.store.series(KeyA, Metric::WriteIops, Everything, 0).points[0].avg, 100.0);
}

TEST(HistoryRecorder, ResetCountersLeaveAGapNotANegativeOrHugeRate)
{
    Recording r;
    r.recorder.record(reading({mpio(PathA, counters(T0, 1'000'000))}));
    r.recorder.record(reading({mpio(PathA, counters(T0 + 1s, 1'000'500))}));
    // MSDsmClearCounters: back near zero. Wrapping would need 4.29 billion
    // reads in a second, which no path does.
    const auto reset = r.recorder.record(reading({mpio(PathA, counters(T0 + 2s, 50))}));
    EXPECT_EQ(reset.resets, 1u);
    EXPECT_EQ(reset.measured, 0u);
    r.recorder.record(reading({mpio(PathA, counters(T0 + 3s, 150))}));

    const RateSeries reads = r.reads(KeyA);
    ASSERT_EQ(reads.points.size(), 2u);
    EXPECT_DOUBLE_EQ(reads.points[0].avg, 500.0);
    EXPECT_DOUBLE_EQ(reads.points[1].avg, 100.0);
    EXPECT_TRUE(reads.gapBefore(1));
}

TEST(HistoryRecorder, ALateReadingIsAGapNotASpike)
{
    Recording r;
    r.recorder.setGapAfter(6s);
    r.recorder.record(reading({mpio(PathA, counters(T0, 0))}));
    r.recorder.record(reading({mpio(PathA, counters(T0 + 2s, 200))}));
    // The worker was busy for 30 s: 3,000 reads moved, but when is unknown.
    const auto late = r.recorder.record(reading({mpio(PathA, counters(T0 + 32s, 3200))}));
    EXPECT_EQ(late.gaps, 1u);
    EXPECT_EQ(late.measured, 0u);
    r.recorder.record(reading({mpio(PathA, counters(T0 + 34s, 3400))}));

    const RateSeries reads = r.reads(KeyA);
    ASSERT_EQ(reads.points.size(), 2u);
    EXPECT_TRUE(reads.gapBefore(1));
    for (const SeriesPoint &p : reads.points)
        EXPECT_DOUBLE_EQ(p.max, 100.0);
    // A reading a little late (one missed tick) is still measured, at its true rate.
    const auto slow = r.recorder.record(reading({mpio(PathA, counters(T0 + 38s, 3800))}));
    EXPECT_EQ(slow.measured, 1u);
    EXPECT_DOUBLE_EQ(r.reads(KeyA).points.back().avg, 100.0);
}

TEST(HistoryRecorder, ReadingsOutOfOrderOrWithoutTimeAreHandled)
{
    Recording r;
    r.recorder.record(reading({mpio(PathA, counters(T0 + 10s, 1000))}));
    const auto back = r.recorder.record(reading({mpio(PathA, counters(T0 + 5s, 1100))}));
    EXPECT_EQ(back.measured, 0u);
    EXPECT_TRUE(r.reads(KeyA).points.empty());

    // No timestamp from the source: the time of the reading stands in.
    Recording s;
    CounterReading first = reading({mpio(PathA, counters({}, 100))});
    first.readAt = T0;
    s.recorder.record(first);
    CounterReading second = reading({mpio(PathA, counters({}, 300))});
    second.readAt = T0 + 2s;
    s.recorder.record(second);
    ASSERT_EQ(s.reads(KeyA).points.size(), 1u);
    EXPECT_DOUBLE_EQ(s.reads(KeyA).points[0].avg, 100.0);
}

TEST(HistoryRecorder, AggregatesSumTheirPaths)
{
    Recording r;
    for (int i = 0; i <= 3; ++i) {
        const auto at = T0 + std::chrono::seconds(2 * i);
        r.recorder.record(reading({mpio(PathA, counters(at, std::uint32_t(100 * i), 0)),
                                   mpio(PathB, counters(at, std::uint32_t(40 * i), std::uint32_t(10 * i))),
                                   mpio(PathC, counters(at, std::uint32_t(1000 * i), 0, 65536),
                                        PathState::ActiveOptimized, 2)}));
    }
    const RateSeries disk = r.reads("s1/be1/LUN1");
    ASSERT_EQ(disk.points.size(), 3u);
    EXPECT_DOUBLE_EQ(disk.points[0].avg, 70.0); // 50 + 20
    const RateSeries port = r.reads("s1/be1");
    ASSERT_EQ(port.points.size(), 3u);
    EXPECT_DOUBLE_EQ(port.points[2].avg, 570.0); // + 500 from LUN2
    EXPECT_DOUBLE_EQ(r.store.series("s1/be1", Metric::ReadMBps, Everything, 0).points[0].avg,
                     (70.0 * 8192 + 500.0 * 65536) / 1e6);
    EXPECT_DOUBLE_EQ(r.reads("s1").points[0].avg, 570.0);
    EXPECT_EQ(r.store.keysUnder("s1/be1/LUN1", ObjectLevel::Path), (std::vector<std::string>{KeyA, KeyB}));
}

TEST(HistoryRecorder, AnAggregateWithAPathMissingABeatHasAGapNotADip)
{
    Recording r;
    r.recorder.record(reading({mpio(PathA, counters(T0, 0)), mpio(PathB, counters(T0, 0))}));
    r.recorder.record(reading({mpio(PathA, counters(T0 + 1s, 100)), mpio(PathB, counters(T0 + 1s, 100))}));
    // B's counters were cleared: A alone would halve the disk's rate.
    r.recorder.record(reading({mpio(PathA, counters(T0 + 2s, 200)), mpio(PathB, counters(T0 + 2s, 0))}));
    r.recorder.record(reading({mpio(PathA, counters(T0 + 3s, 300)), mpio(PathB, counters(T0 + 3s, 100))}));

    const RateSeries disk = r.reads("s1/be1/LUN1");
    ASSERT_EQ(disk.points.size(), 2u);
    EXPECT_DOUBLE_EQ(disk.points[0].avg, 200.0);
    EXPECT_DOUBLE_EQ(disk.points[1].avg, 200.0);
    EXPECT_TRUE(disk.gapBefore(1));
    EXPECT_EQ(r.reads(KeyA).points.size(), 3u); // A itself was measured throughout
}

TEST(HistoryRecorder, DataCorePathsAndStatesAreKept)
{
    Recording r;
    const auto dcPath = [](Clock::time_point at, std::uint32_t reads, PathState state) {
        return CounterReading::Path{dataCorePathIdentity("s1", "be2", ScsiAddress{5, 0, 0, 1}), state,
                                    counters(at, reads)};
    };
    r.recorder.record(reading({dcPath(T0, 0, PathState::ActiveUnoptimized), mpio(PathA, counters(T0, 0))}));
    r.recorder.record(reading({dcPath(T0 + 2s, 3000, PathState::ActiveUnoptimized),
                               mpio(PathA, counters(T0 + 2s, 0), PathState::Failed)}));
    r.recorder.record(reading({dcPath(T0 + 4s, 6000, PathState::ActiveUnoptimized),
                               mpio(PathA, counters(T0 + 4s, 0), PathState::ActiveOptimized)}));

    ASSERT_EQ(r.reads(KeyDc).points.size(), 2u);
    EXPECT_DOUBLE_EQ(r.reads(KeyDc).points[0].avg, 1500.0);
    EXPECT_TRUE(r.store.stateEvents(KeyDc, Everything).empty());
    const auto events = r.store.stateEvents(KeyA, Everything);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0], (StateEvent{1'717'200'002'000, PathState::ActiveOptimized, PathState::Failed}));
    EXPECT_EQ(events[1], (StateEvent{1'717'200'004'000, PathState::Failed, PathState::ActiveOptimized}));
}

TEST(HistoryRecorder, PathsTheTreeDoesNotKnowAreMeasuredButNotStored)
{
    HistoryStore store;
    HistoryRecorder recorder(store);
    const auto first = recorder.record(reading({mpio(PathA, counters(T0, 0))}));
    EXPECT_EQ(first.unplaced, 1u);
    EXPECT_EQ(store.seriesCount(), 0u);
    // The tree arrives: the next reading is measured against the one before.
    recorder.setIndex(snapshot());
    const auto placed = recorder.record(reading({mpio(PathA, counters(T0 + 1s, 250))}));
    EXPECT_EQ(placed.unplaced, 0u);
    EXPECT_EQ(placed.measured, 1u);
    EXPECT_DOUBLE_EQ(store.series(KeyA, Metric::ReadIops, Everything, 0).points.at(0).avg, 250.0);

    recorder.forgetCounters();
    const auto afresh = recorder.record(reading({mpio(PathA, counters(T0 + 2s, 500))}));
    EXPECT_EQ(afresh.first, 1u);
    EXPECT_EQ(afresh.measured, 0u);
}

TEST(HistoryRecorder, IndexFollowsTheTreesKeys)
{
    const PathIndex index(snapshot());
    EXPECT_EQ(index.size(), 4u);
    EXPECT_EQ(index.hosts(), (std::vector<std::string>{"DCS1"}));
    const PathIndex::Location *a = index.find(mpioPathIdentity("DCS1", 1, PathA));
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->path, KeyA);
    const PathIndex::Location *c = index.find(mpioPathIdentity("DCS1", 2, PathC));
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->path, KeyC);
    EXPECT_EQ(a->disk, "s1/be1/LUN1");
    EXPECT_EQ(a->port, "s1/be1");
    EXPECT_EQ(a->server, "s1");
    const PathIndex::Location *dc = index.find(dataCorePathIdentity("s1", "be2", ScsiAddress{5, 0, 0, 1}));
    ASSERT_NE(dc, nullptr);
    EXPECT_EQ(dc->path, KeyDc);
    EXPECT_EQ(index.find(mpioPathIdentity("other", 1, PathA)), nullptr);
}

} // namespace
} // namespace pathlens
