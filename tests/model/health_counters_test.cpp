// Measured I/O: counter deltas (wraps, resets, gaps) and the rule that is
// decided by them, io-on-non-optimized.

#include "healthfixtures.h"

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace healthtest;

PathCounters counters(std::uint32_t reads, std::uint32_t writes, std::uint64_t bytesRead,
                      std::chrono::system_clock::time_point taken)
{
    PathCounters c;
    c.reads = reads;
    c.writes = writes;
    c.bytesRead = bytesRead;
    c.bytesWritten = std::uint64_t(writes) * 4096;
    c.taken = taken;
    return c;
}

// ---------------------------------------------------------- counterDelta

TEST(CounterDelta, PlainIncreaseGivesRates)
{
    const CounterDelta delta =
        counterDelta(counters(1000, 500, 8'192'000, T0), counters(3000, 1500, 24'576'000, T0 + 10s));
    ASSERT_TRUE(delta.measured());
    EXPECT_EQ(delta.reads, 2000u);
    EXPECT_EQ(delta.writes, 1000u);
    EXPECT_EQ(delta.bytesRead, 16'384'000u);
    EXPECT_EQ(delta.interval, 10s);
    EXPECT_DOUBLE_EQ(delta.readRate(), 200.0);
    EXPECT_DOUBLE_EQ(delta.writeRate(), 100.0);
}

TEST(CounterDelta, ThirtyTwoBitCountsWrap)
{
    // As in the ssv2 bundle: 4,294,967,000 reads, then 704 ten seconds later.
    const CounterDelta delta = counterDelta(counters(4'294'967'000u, 70'000, 281'474'976'710'656ull, T0),
                                            counters(704, 73'000, 281'474'976'710'656ull + 8'192'000, T0 + 10s));
    ASSERT_TRUE(delta.measured());
    EXPECT_EQ(delta.reads, 1000u);
    EXPECT_EQ(delta.writes, 3000u);
}

TEST(CounterDelta, FallingBytesIsAResetNotIo)
{
    // The counts could be a wrap, but the 64-bit byte count fell: cleared.
    const CounterDelta delta =
        counterDelta(counters(4'294'967'000u, 100, 900'000'000, T0), counters(50, 10, 409'600, T0 + 10s));
    EXPECT_EQ(delta.status, CounterDelta::Status::Reset);
    EXPECT_EQ(delta.reads, 0u);
    EXPECT_DOUBLE_EQ(delta.readRate(), 0.0);
}

TEST(CounterDelta, ADropNoWrapCanExplainIsAReset)
{
    // From 2,000,000 to 10 in two seconds would be 4.29 billion reads: reset.
    // (Byte counts unknown to the source stay 0 and do not help.)
    PathCounters before = counters(2'000'000, 10, 0, T0);
    PathCounters after = counters(10, 10, 0, T0 + 2s);
    before.bytesWritten = after.bytesWritten = 0;
    EXPECT_EQ(counterDelta(before, after).status, CounterDelta::Status::Reset);
}

TEST(CounterDelta, OlderNewReadingIsAReset)
{
    EXPECT_EQ(counterDelta(counters(10, 10, 100, T0), counters(20, 20, 200, T0 - 1s)).status,
              CounterDelta::Status::Reset);
}

TEST(CounterDelta, SameOrUnknownTimeIsNoInterval)
{
    EXPECT_EQ(counterDelta(counters(10, 10, 100, T0), counters(20, 20, 200, T0)).status,
              CounterDelta::Status::NoInterval);
    EXPECT_EQ(counterDelta(counters(10, 10, 100, {}), counters(20, 20, 200, T0)).status,
              CounterDelta::Status::NoInterval);
}

TEST(CounterDelta, LongGapIsNotJudged)
{
    const CounterDelta delta = counterDelta(counters(0, 0, 0, T0), counters(9'000'000, 0, 1, T0 + 1h));
    EXPECT_EQ(delta.status, CounterDelta::Status::Gap);
    EXPECT_DOUBLE_EQ(delta.readRate(), 0.0);
    CounterLimits patient;
    patient.maxInterval = 2h;
    EXPECT_TRUE(counterDelta(counters(0, 0, 0, T0), counters(9'000'000, 0, 1, T0 + 1h), patient).measured());
}

TEST(CounterHistory, RemembersTheLastReadingAndForgetsVanishedPaths)
{
    CounterHistory history;
    history.record("a", counters(1, 1, 1, T0));
    history.record("b", counters(2, 2, 2, T0));
    history.record("a", counters(5, 5, 5, T0 + 1s));
    ASSERT_NE(history.previous("a"), nullptr);
    EXPECT_EQ(history.previous("a")->reads, 5u);
    history.retainOnly({"a"});
    EXPECT_EQ(history.previous("b"), nullptr);
    EXPECT_EQ(history.size(), 1u);
}

TEST(StateHistory, KeepsChangesOnlyAndForgetsOldOnes)
{
    StateHistory history;
    history.record("p", AO, T0);
    history.record("p", AO, T0 + 1min); // no change
    history.record("p", FAIL, T0 + 2min);
    history.record("p", std::nullopt, T0 + 3min);
    EXPECT_EQ(history.changesSince("p", T0), 2u);
    EXPECT_EQ(history.last("p"), std::nullopt);
    history.forgetBefore(T0 + 150s);
    EXPECT_EQ(history.changesSince("p", T0), 1u);
    history.forgetBefore(T0 + 4min); // last seen absent before the horizon: gone
    EXPECT_FALSE(history.knows("p"));
}

// --------------------------------------------------- io-on-non-optimized

// The healthy disk shape: A/O 77040000 (HBA 1), A/O 77050001 (HBA 2), A/NO
// 77040002 and 77050003. @p slowReads per second go over 77040002.
struct IoCase {
    double fastReads = 1000;
    double slowReads = 0;
    double slowWrites = 0;
};

HealthReport measure(const IoCase &io, std::chrono::seconds interval = 10s, MpioDisk disk = healthyDisk(0))
{
    SourceData before = mpioGroup({disk});
    SourceData after = before;
    const auto base = [](std::uint32_t, std::uint64_t) {
        return std::pair<std::int64_t, std::int64_t>{100'000, 50'000};
    };
    setMpioCounters(before, T0, base);
    setMpioCounters(after, T0 + interval, [&](std::uint32_t d, std::uint64_t id) {
        auto [reads, writes] = base(d, id);
        const double seconds = double(interval.count());
        if (id == 0x77040000 || id == 0x77050001)
            reads += std::int64_t(io.fastReads / 2 * seconds);
        if (id == 0x77040002) {
            reads += std::int64_t(io.slowReads * seconds);
            writes += std::int64_t(io.slowWrites * seconds);
        }
        return std::pair{reads, writes};
    });
    HealthMonitor monitor;
    monitor.update(before);
    return monitor.update(after);
}

TEST(IoOnNonOptimized, ReadsMostlyOverANonOptimizedPathAreCritical)
{
    const HealthReport report = measure({.fastReads = 100, .slowReads = 900});
    ASSERT_TRUE(report.ioMeasured);
    EXPECT_EQ(report.ioInterval, 10s);
    const auto found = report.byRule(rules::IoOnNonOptimized);
    ASSERT_EQ(found.size(), 1u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Critical);
    EXPECT_EQ(found[0]->object.keyPath(), "S1/adapter:be1/SERIAL0/0000000077040002");
    EXPECT_NE(found[0]->message.find("900 reads/s"), std::string::npos) << found[0]->message;
    EXPECT_NE(found[0]->message.find("90 %"), std::string::npos) << found[0]->message;
}

TEST(IoOnNonOptimized, AMinorShareOfReadsIsAWarning)
{
    // 10 % of the reads, as Least Queue Depth sends them.
    const HealthReport report = measure({.fastReads = 900, .slowReads = 100});
    const auto found = report.byRule(rules::IoOnNonOptimized);
    ASSERT_EQ(found.size(), 1u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Warning);
}

TEST(IoOnNonOptimized, FewButDominantReadsAreOnlyAWarning)
{
    // All reads take the slow path, but 20 per second hurt nobody much.
    const HealthReport report = measure({.fastReads = 0, .slowReads = 20});
    const auto found = report.byRule(rules::IoOnNonOptimized);
    ASSERT_EQ(found.size(), 1u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Warning);
}

TEST(IoOnNonOptimized, WritesAloneAreInfo)
{
    const HealthReport report = measure({.fastReads = 1000, .slowReads = 0, .slowWrites = 500});
    const auto found = report.byRule(rules::IoOnNonOptimized);
    ASSERT_EQ(found.size(), 1u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Info);
}

TEST(IoOnNonOptimized, NearMissIoOnlyOnOptimizedPaths)
{
    const HealthReport report = measure({.fastReads = 5000});
    EXPECT_TRUE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty()) << describe(report);
}

TEST(IoOnNonOptimized, NearMissBelowTheNoiseFloor)
{
    // Path verification and the odd inquiry: under one operation a second.
    const HealthReport report = measure({.fastReads = 1000, .slowReads = 0.5, .slowWrites = 0.3}, 100s);
    EXPECT_TRUE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty()) << describe(report);
}

TEST(IoOnNonOptimized, NearMissStateAloneIsNotEnough)
{
    // Without a previous reading nothing is measured, whatever the states.
    SourceData data = mpioGroup({healthyDisk(0)});
    setMpioCounters(data, T0, [](std::uint32_t, std::uint64_t) { return std::pair{1'000'000, 1'000'000}; });
    const HealthReport report = evaluateOnce(data);
    EXPECT_FALSE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty());
}

TEST(IoOnNonOptimized, NearMissNoOptimizedPathToUseInstead)
{
    MpioDisk disk = mdisk(0, LoadBalancePolicy::RoundRobinWithSubset,
                          {mpath(0x77040000, Hba1, FAIL, 1, AO), mpath(0x77040002, Hba1, ANO, 2)});
    const HealthReport report = measure({.fastReads = 0, .slowReads = 900}, 10s, disk);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty()) << describe(report);
    EXPECT_EQ(report.byRule(rules::NoOptimizedPath).size(), 1u);
}

TEST(IoOnNonOptimized, NearMissCounterResetIsNotIo)
{
    SourceData before = mpioGroup({healthyDisk(0)});
    SourceData after = before;
    setMpioCounters(before, T0, [](std::uint32_t, std::uint64_t) { return std::pair{3'000'000'000ll, 1'000'000ll}; });
    // Cleared counters (MSDsmClearCounters) look like a huge wrap of the counts.
    setMpioCounters(after, T0 + 2s, [](std::uint32_t, std::uint64_t) { return std::pair{40ll, 10ll}; });
    HealthMonitor monitor;
    monitor.update(before);
    const HealthReport report = monitor.update(after);
    EXPECT_FALSE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty()) << describe(report);
}

TEST(IoOnNonOptimized, NearMissAGapIsNotASpike)
{
    // An hour between readings: the average says nothing about now.
    const HealthReport report = measure({.fastReads = 0, .slowReads = 900}, 3600s);
    EXPECT_FALSE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty());
}

TEST(IoOnNonOptimized, DataCoreDriverPathIsJudgedByTheArrayState)
{
    BackEndDisk disk
        = bdisk("L0", {bpath("P1", 2, 0, ANO, 2, true), bpath("P1", 0, 0, AO, 1), bpath("P2", 1, 0, AO, 1)});
    for (BackEndPath &path : disk.paths)
        path.counters = counters(0, 0, 0, T0);
    SourceData before = dataCoreGroup({disk});
    disk.paths[0].counters = counters(15'000, 5'000, 15'000 * 8192ull, T0 + 10s);
    disk.paths[1].counters = counters(0, 0, 0, T0 + 10s);
    disk.paths[2].counters = counters(0, 0, 0, T0 + 10s);
    SourceData after = dataCoreGroup({disk});
    HealthMonitor monitor;
    monitor.update(before);
    const HealthReport report = monitor.update(after);
    const auto found = report.byRule(rules::IoOnNonOptimized);
    ASSERT_EQ(found.size(), 1u) << describe(report);
    EXPECT_EQ(found[0]->severity, Severity::Critical);
    EXPECT_EQ(found[0]->object.keyPath(), "S1/P1/SN-L0/dc:P1:004|000|002|000");
    EXPECT_NE(found[0]->recommendation.find("remedy 1"), std::string::npos);
}

} // namespace
} // namespace pathlens
