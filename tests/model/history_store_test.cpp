// The history store: full-rate values, exact roll-ups into coarser tiers
// (min, max and average of known inputs), gaps, the tier a window reads,
// bounded memory, and path state events.

#include "model/history/historystore.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using history::CounterStep;

// A minute boundary, so 10 s and 1 min slots start here.
constexpr std::int64_t T0 = 1'717'200'000'000;
static_assert(T0 % 60'000 == 0);

CounterStep step(std::int64_t endSecond, std::uint64_t reads, std::uint64_t writes = 0, std::uint32_t intervalMs = 1000)
{
    CounterStep s;
    s.endMs = T0 + endSecond * 1000;
    s.intervalMs = intervalMs;
    s.reads = reads;
    s.writes = writes;
    s.bytesRead = reads * 4096;
    s.bytesWritten = writes * 65536;
    return s;
}

HistoryConfig smallTiers()
{
    HistoryConfig config;
    config.tiers = {{0ms, 1min}, {10s, 1h}, {1min, 24h}};
    return config;
}

const TimeWindow Everything{T0 - 3'600'000, T0 + 100'000'000};

TEST(HistoryStore, FullRateTierGivesEachReadingsRate)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("s/p/d/path", ObjectLevel::Path);
    store.append(id, step(2, 600, 100, 2000)); // 600 reads over 2 s
    store.append(id, step(4, 1000, 0, 2000));

    const RateSeries reads = store.series("s/p/d/path", Metric::ReadIops, Everything, 0);
    ASSERT_EQ(reads.points.size(), 2u);
    EXPECT_EQ(reads.resolutionMs, 0);
    EXPECT_EQ(reads.points[0].startMs, T0);
    EXPECT_EQ(reads.points[0].endMs, T0 + 2000);
    EXPECT_DOUBLE_EQ(reads.points[0].avg, 300.0);
    EXPECT_DOUBLE_EQ(reads.points[0].min, 300.0);
    EXPECT_DOUBLE_EQ(reads.points[0].max, 300.0);
    EXPECT_DOUBLE_EQ(reads.points[1].avg, 500.0);
    EXPECT_FALSE(reads.gapBefore(1));

    const RateSeries mb = store.series("s/p/d/path", Metric::ReadMBps, Everything, 0);
    EXPECT_DOUBLE_EQ(mb.points[0].avg, 300.0 * 4096 / 1e6);
    const RateSeries writeMb = store.series("s/p/d/path", Metric::WriteMBps, Everything, 0);
    EXPECT_DOUBLE_EQ(writeMb.points[0].avg, 50.0 * 65536 / 1e6);
    EXPECT_DOUBLE_EQ(writeMb.points[1].avg, 0.0);
}

TEST(HistoryStore, RollUpKeepsExactMinMaxAndAverage)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    // Reads climb 1, 2, ... 60 per second; writes stay at 3 except one
    // second at 1000 (second 37).
    for (int i = 1; i <= 60; ++i)
        store.append(id, step(i, std::uint64_t(i), i == 37 ? 1000 : 3));

    const Metric metrics[] = {Metric::ReadIops, Metric::WriteIops, Metric::WriteMBps};
    const auto tenSeconds = store.series("k", metrics, Everything, 1);
    ASSERT_EQ(tenSeconds.size(), 3u);
    const RateSeries &reads = tenSeconds[0];
    EXPECT_EQ(reads.resolutionMs, 10'000);
    ASSERT_EQ(reads.points.size(), 6u);
    for (int k = 0; k < 6; ++k) {
        const SeriesPoint &p = reads.points[std::size_t(k)];
        EXPECT_EQ(p.startMs, T0 + k * 10'000);
        EXPECT_EQ(p.endMs, T0 + (k + 1) * 10'000);
        EXPECT_DOUBLE_EQ(p.min, 10.0 * k + 1);
        EXPECT_DOUBLE_EQ(p.max, 10.0 * k + 10);
        EXPECT_DOUBLE_EQ(p.avg, 10.0 * k + 5.5);
        EXPECT_FALSE(reads.gapBefore(std::size_t(k)));
    }
    const SeriesPoint &spike = tenSeconds[1].points[3];
    EXPECT_DOUBLE_EQ(spike.min, 3.0);
    EXPECT_DOUBLE_EQ(spike.max, 1000.0);
    EXPECT_DOUBLE_EQ(spike.avg, (9 * 3 + 1000) / 10.0);
    EXPECT_DOUBLE_EQ(tenSeconds[2].points[3].max, 1000.0 * 65536 / 1e6);
    EXPECT_DOUBLE_EQ(tenSeconds[1].points[2].max, 3.0);

    // One minute: the one-second peak is still there, the average exact.
    const RateSeries minute = store.series("k", Metric::WriteIops, Everything, 2);
    ASSERT_EQ(minute.points.size(), 1u);
    EXPECT_EQ(minute.resolutionMs, 60'000);
    EXPECT_DOUBLE_EQ(minute.points[0].max, 1000.0);
    EXPECT_DOUBLE_EQ(minute.points[0].min, 3.0);
    EXPECT_DOUBLE_EQ(minute.points[0].avg, (59 * 3 + 1000) / 60.0);
    const RateSeries minuteReads = store.series("k", Metric::ReadIops, Everything, 2);
    EXPECT_DOUBLE_EQ(minuteReads.points[0].avg, 30.5);

    // The same after the slot closed and went through the encoder.
    store.append(id, step(61, 7, 3));
    const RateSeries sealed = store.series("k", Metric::WriteIops, Everything, 2);
    ASSERT_EQ(sealed.points.size(), 2u);
    EXPECT_DOUBLE_EQ(sealed.points[0].max, 1000.0);
    EXPECT_DOUBLE_EQ(sealed.points[0].avg, (59 * 3 + 1000) / 60.0);
    EXPECT_DOUBLE_EQ(sealed.points[1].avg, 3.0);
    EXPECT_EQ(sealed.points[1].endMs, T0 + 61'000); // the open slot ends at its newest reading
}

TEST(HistoryStore, BucketAverageIsOverTheTimeMeasured)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    // Seconds 1-4 measured at 100/s; 5-8 lost (a reset); 9-10 at 400/s.
    for (int i = 1; i <= 4; ++i)
        store.append(id, step(i, 100));
    store.append(id, step(10, 800, 0, 2000));
    const RateSeries raw = store.series("k", Metric::ReadIops, Everything, 0);
    ASSERT_EQ(raw.points.size(), 5u);
    EXPECT_TRUE(raw.gapBefore(4));
    EXPECT_DOUBLE_EQ(raw.points[4].avg, 400.0);

    const RateSeries bucket = store.series("k", Metric::ReadIops, Everything, 1);
    ASSERT_EQ(bucket.points.size(), 1u);
    EXPECT_DOUBLE_EQ(bucket.points[0].avg, 1200.0 / 6.0);
    EXPECT_DOUBLE_EQ(bucket.points[0].min, 100.0);
    EXPECT_DOUBLE_EQ(bucket.points[0].max, 400.0);
}

TEST(HistoryStore, MissingSlotsAreGapsInRolledTiers)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    for (int i = 1; i <= 10; ++i)
        store.append(id, step(i, 10));
    for (int i = 31; i <= 40; ++i)
        store.append(id, step(i, 20));
    const RateSeries tier = store.series("k", Metric::ReadIops, Everything, 1);
    ASSERT_EQ(tier.points.size(), 2u);
    EXPECT_TRUE(tier.gapBefore(1));
    const RateSeries raw = store.series("k", Metric::ReadIops, Everything, 0);
    ASSERT_EQ(raw.points.size(), 20u);
    for (std::size_t i = 1; i < raw.points.size(); ++i)
        EXPECT_EQ(raw.gapBefore(i), i == 10) << i;
}

TEST(HistoryStore, OutstandingRequestsWhereKnown)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    // 1 4 4 - 0 1 4 4 1 0: second 4 did not know its outstanding count.
    const std::uint32_t values[] = {1, 4, 4, 0, 0, 1, 4, 4, 1, 0};
    for (int i = 1; i <= 10; ++i) {
        CounterStep s = step(i, 5);
        if (i != 4)
            s.outstanding = values[i - 1];
        store.append(id, s);
    }
    const RateSeries raw = store.series("k", Metric::Outstanding, Everything, 0);
    ASSERT_EQ(raw.points.size(), 9u);
    EXPECT_DOUBLE_EQ(raw.points[3].avg, 0.0);
    EXPECT_EQ(raw.points[3].endMs, T0 + 5000);
    const RateSeries bucket = store.series("k", Metric::Outstanding, Everything, 1);
    ASSERT_EQ(bucket.points.size(), 1u);
    EXPECT_DOUBLE_EQ(bucket.points[0].min, 0.0);
    EXPECT_DOUBLE_EQ(bucket.points[0].max, 4.0);
    EXPECT_DOUBLE_EQ(bucket.points[0].avg, 19.0 / 9.0);
}

TEST(HistoryStore, WindowSelectsPoints)
{
    HistoryStore store(smallTiers());
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    for (int i = 1; i <= 60; ++i)
        store.append(id, step(i, std::uint64_t(i)));
    const RateSeries part = store.series("k", Metric::ReadIops, TimeWindow{T0 + 20'000, T0 + 30'000}, 0);
    // Readings touching [20 s, 30 s]: those ending at 20 s .. 31 s.
    ASSERT_FALSE(part.points.empty());
    EXPECT_EQ(part.points.front().endMs, T0 + 20'000);
    EXPECT_EQ(part.points.back().startMs, T0 + 30'000);
    EXPECT_TRUE(store.series("unknown", Metric::ReadIops, Everything, 0).points.empty());
}

TEST(HistoryStore, TierFollowsTheWindow)
{
    HistoryStore store; // 15 min full rate, 10 s for 6 h, 1 min for 7 days
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    // Five minutes of history: every tier still holds all of it.
    for (int i = 1; i <= 300; ++i)
        store.append(id, step(i, 10));
    const std::int64_t now = store.newestMs();
    EXPECT_EQ(store.tierFor(TimeWindow{now - 3'600'000, now}, 1000), 0u);
    EXPECT_EQ(store.tierFor(TimeWindow{now - 3'600'000, now}, 50), 2u);

    // Eight hours, a reading every 10 s.
    for (int i = 310; i <= 8 * 3600; i += 10)
        store.append(id, step(i, 100, 0, 10'000));
    const std::int64_t later = store.newestMs();
    const auto last = [later](std::chrono::milliseconds span) { return TimeWindow{later - span.count(), later}; };
    EXPECT_EQ(store.tierFor(last(10min), 1000), 0u);
    EXPECT_EQ(store.tierFor(last(1h), 1000), 1u); // full rate holds 15 min; 10 s is the finest left
    EXPECT_EQ(store.tierFor(last(1h), 100), 1u);  // 36 s columns: 10 s fits, 1 min does not
    EXPECT_EQ(store.tierFor(last(1h), 50), 2u);   // 72 s columns
    EXPECT_EQ(store.tierFor(last(8h), 2000), 2u); // 10 s holds 6 h only
    EXPECT_EQ(store.tierFor(last(24h * 30), 2000), 2u);
}

TEST(HistoryStore, MemoryStaysBoundedByTheSpans)
{
    HistoryConfig config;
    config.tiers = {{0ms, 2min}, {10s, 10min}, {1min, 30min}};
    config.stepsPerBlock = 32;
    config.bucketsPerBlock = 8;
    HistoryStore store(config);
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    std::size_t afterOneHour = 0;
    for (int i = 1; i <= 3 * 3600; ++i) {
        store.append(id, step(i, std::uint64_t(500 + (i * 7919) % 300), std::uint64_t(100 + (i * 104729) % 50)));
        if (i == 3600)
            afterOneHour = store.memoryBytes();
    }
    const HistoryStore::Usage usage = store.usage();
    // Full rate: 2 min plus at most one block; buckets: 10 min / 10 s and
    // 30 min / 1 min, each plus a block and the open slot.
    EXPECT_GE(usage.steps, 120u);
    EXPECT_LE(usage.steps, 120u + 32u);
    EXPECT_LE(usage.buckets, (60u + 8u + 1u) + (30u + 8u + 1u));
    EXPECT_LE(store.memoryBytes(), afterOneHour + afterOneHour / 4);
    EXPECT_GT(store.memoryBytes(), 0u);
    // Old readings are gone, recent ones are there.
    EXPECT_TRUE(store.series("k", Metric::ReadIops, TimeWindow{T0, T0 + 3600'000}, 0).points.empty());
    EXPECT_FALSE(store.series("k", Metric::ReadIops, TimeWindow{store.newestMs() - 60'000, store.newestMs()}, 0)
                     .points.empty());
    EXPECT_FALSE(store.series("k", Metric::ReadIops, TimeWindow{store.newestMs() - 1'700'000, store.newestMs()}, 2)
                     .points.empty());
}

TEST(HistoryStore, RepeatedQueriesSeeWhatWasAddedSince)
{
    HistoryConfig config = smallTiers();
    config.stepsPerBlock = 16;
    config.bucketsPerBlock = 4;
    HistoryStore cached(config);
    HistoryStore plain(config);
    plain.setDecodedCacheLimit(0);
    const auto a = cached.seriesFor("k", ObjectLevel::Path);
    const auto b = plain.seriesFor("k", ObjectLevel::Path);
    const auto same = [&](std::size_t tier) {
        const RateSeries x = cached.series("k", Metric::ReadIops, Everything, tier);
        const RateSeries y = plain.series("k", Metric::ReadIops, Everything, tier);
        ASSERT_EQ(x.points.size(), y.points.size()) << "tier " << tier;
        for (std::size_t i = 0; i < x.points.size(); ++i) {
            EXPECT_EQ(x.points[i].endMs, y.points[i].endMs);
            EXPECT_EQ(x.points[i].max, y.points[i].max);
        }
    };
    int second = 0;
    for (int round = 0; round < 6; ++round) {
        // 23 readings a round: the open block grows, blocks get sealed, and
        // the oldest are dropped (the full-rate tier keeps 1 minute).
        for (int i = 0; i < 23; ++i) {
            ++second;
            cached.append(a, step(second, std::uint64_t(second * 37 % 101)));
            plain.append(b, step(second, std::uint64_t(second * 37 % 101)));
        }
        for (std::size_t tier = 0; tier < 3; ++tier)
            same(tier);
    }
    EXPECT_GT(cached.decodedCacheBytes(), 0u);
    EXPECT_EQ(plain.decodedCacheBytes(), 0u);

    // A small cache stays within its limit and still answers right.
    cached.setDecodedCacheLimit(3000);
    for (std::size_t tier = 0; tier < 3; ++tier)
        same(tier);
    EXPECT_LE(cached.decodedCacheBytes(), 3000u);
    cached.dropDecodedCache();
    EXPECT_EQ(cached.decodedCacheBytes(), 0u);
}

TEST(HistoryStore, StateChangesAreEvents)
{
    HistoryStore store;
    const auto id = store.seriesFor("s/p/d/a", ObjectLevel::Path);
    store.noteState(id, T0 + 1000, PathState::ActiveOptimized);
    store.noteState(id, T0 + 2000, PathState::ActiveOptimized);
    store.noteState(id, T0 + 3000, PathState::ActiveUnoptimized);
    store.noteState(id, T0 + 4000, PathState::Failed);
    store.noteState(id, T0 + 5000, PathState::ActiveOptimized);

    const auto events = store.stateEvents("s/p/d/a", Everything);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0], (StateEvent{T0 + 3000, PathState::ActiveOptimized, PathState::ActiveUnoptimized}));
    EXPECT_EQ(events[1], (StateEvent{T0 + 4000, PathState::ActiveUnoptimized, PathState::Failed}));
    EXPECT_EQ(events[2], (StateEvent{T0 + 5000, PathState::Failed, PathState::ActiveOptimized}));
    EXPECT_EQ(store.stateEvents("s/p/d/a", TimeWindow{T0 + 3500, T0 + 4500}).size(), 1u);

    EXPECT_FALSE(store.stateAt("s/p/d/a", T0).has_value());
    EXPECT_EQ(store.stateAt("s/p/d/a", T0 + 1500), PathState::ActiveOptimized);
    EXPECT_EQ(store.stateAt("s/p/d/a", T0 + 4200), PathState::Failed);
    EXPECT_EQ(store.stateAt("s/p/d/a", T0 + 9000), PathState::ActiveOptimized);
}

TEST(HistoryStore, FlappingPathKeepsTheNewestEvents)
{
    HistoryConfig config;
    config.maxEventsPerPath = 4;
    HistoryStore store(config);
    const auto id = store.seriesFor("p", ObjectLevel::Path);
    for (int i = 0; i <= 10; ++i)
        store.noteState(id, T0 + i * 1000, i % 2 ? PathState::Failed : PathState::ActiveOptimized);
    const auto events = store.stateEvents("p", Everything);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events.front().atMs, T0 + 7000);
    // What was before the kept events is still told right from where they start.
    EXPECT_EQ(store.stateAt("p", T0 + 6500), PathState::ActiveOptimized);
    EXPECT_FALSE(store.stateAt("p", T0 + 5000).has_value());
}

TEST(HistoryStore, EventsAndKeysUnderAnObject)
{
    HistoryStore store;
    const auto a = store.seriesFor("s/p/disk1/a", ObjectLevel::Path);
    const auto b = store.seriesFor("s/p/disk1/b", ObjectLevel::Path);
    const auto c = store.seriesFor("s/p/disk10/c", ObjectLevel::Path);
    store.seriesFor("s/p/disk1", ObjectLevel::Disk);
    for (auto id : {a, b, c})
        store.noteState(id, T0, PathState::ActiveOptimized);
    store.noteState(b, T0 + 2000, PathState::Standby);
    store.noteState(a, T0 + 1000, PathState::Failed);
    store.noteState(c, T0 + 500, PathState::Failed);

    const auto events = store.stateEventsUnder("s/p/disk1", Everything);
    ASSERT_EQ(events.size(), 2u); // disk10's path is not disk1's
    EXPECT_EQ(events[0].pathKeyPath, "s/p/disk1/a");
    EXPECT_EQ(events[1].pathKeyPath, "s/p/disk1/b");
    EXPECT_EQ(store.keysUnder("s/p/disk1", ObjectLevel::Path), (std::vector<std::string>{"s/p/disk1/a", "s/p/disk1/b"}));
    EXPECT_EQ(store.keysUnder("s", ObjectLevel::Path).size(), 3u);
    EXPECT_EQ(store.keysUnder("s", ObjectLevel::Disk), (std::vector<std::string>{"s/p/disk1"}));
}

} // namespace
} // namespace pathlens
