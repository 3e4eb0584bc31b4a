// The compressed history encoding gives back exactly what went in: on
// counter-like sequences, on edge values, and on random bit patterns.

#include "model/history/historycodec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace pathlens::history {
namespace {

std::uint64_t bitsOf(double value)
{
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// Doubles compared bit for bit (NaN payloads and -0.0 included).
void expectSameBucket(const RateBucket &a, const RateBucket &b, std::size_t index)
{
    EXPECT_EQ(a.startMs, b.startMs) << index;
    EXPECT_EQ(a.coveredMs, b.coveredMs) << index;
    EXPECT_EQ(a.steps, b.steps) << index;
    EXPECT_EQ(a.reads, b.reads) << index;
    EXPECT_EQ(a.writes, b.writes) << index;
    EXPECT_EQ(a.bytesRead, b.bytesRead) << index;
    EXPECT_EQ(a.bytesWritten, b.bytesWritten) << index;
    for (int f = 0; f < RateFieldCount; ++f) {
        EXPECT_EQ(bitsOf(a.minRate[f]), bitsOf(b.minRate[f])) << index << " min " << f;
        EXPECT_EQ(bitsOf(a.maxRate[f]), bitsOf(b.maxRate[f])) << index << " max " << f;
    }
    EXPECT_EQ(a.outstandingSteps, b.outstandingSteps) << index;
    EXPECT_EQ(a.outstandingSum, b.outstandingSum) << index;
    EXPECT_EQ(a.outstandingMin, b.outstandingMin) << index;
    EXPECT_EQ(a.outstandingMax, b.outstandingMax) << index;
}

TEST(HistoryCodec, SignedCodeRoundTripsEveryBucketEdge)
{
    std::vector<std::int64_t> values = {0, 1, -1, 7, -8, 8, -9, 127, -128, 128, -129, 4095, -4096, 4096,
                                        (1 << 21) - 1, -(1 << 21), 1 << 21, std::numeric_limits<std::int64_t>::max(),
                                        std::numeric_limits<std::int64_t>::min()};
    BitWriter out;
    for (std::int64_t v : values)
        out.writeSigned(v);
    BitReader in(out.words(), out.wordCount());
    for (std::int64_t v : values)
        EXPECT_EQ(in.readSigned(), v);
    EXPECT_EQ(in.position(), out.bitCount());
}

TEST(HistoryCodec, XorCodeRoundTripsSpecialDoubles)
{
    const std::vector<double> values = {0.0, -0.0, 1.0, 1.0, 1.5, 1e300, -1e-300, std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min(),
                                        512.0, 498.0, 498.0};
    BitWriter out;
    XorState writer;
    for (double v : values)
        writer.write(out, v);
    BitReader in(out.words(), out.wordCount());
    XorState reader;
    for (double v : values)
        EXPECT_EQ(bitsOf(reader.read(in)), bitsOf(v));
    EXPECT_EQ(in.position(), out.bitCount());
}

TEST(HistoryCodec, StepsRoundTripAndAreSmallForSteadyCounters)
{
    std::vector<CounterStep> steps;
    std::mt19937_64 random(7);
    for (int i = 0; i < 3600; ++i) {
        CounterStep step;
        step.endMs = 1'717'200'000'000 + 1000 * (i + 1);
        step.intervalMs = 1000;
        step.reads = 500 + random() % 150;
        step.writes = 200 + random() % 60;
        step.bytesRead = step.reads * 8192;
        step.bytesWritten = step.writes * 8192;
        step.outstanding = std::uint32_t(1 + random() % 8);
        steps.push_back(step);
    }
    std::size_t bits = 0;
    const auto words = encodeSteps(steps, &bits);
    EXPECT_EQ(decodeSteps(words, steps.size()), steps);
    // Two counts with ~7 bits of noise each, the rest nearly free: about 4
    // bytes a reading against 44 raw.
    EXPECT_LT(double(bits) / 8.0 / double(steps.size()), 5.0);
}

TEST(HistoryCodec, IdleStepsCostAFewBits)
{
    std::vector<CounterStep> steps;
    for (int i = 0; i < 1000; ++i) {
        CounterStep step;
        step.endMs = 1'717'200'000'000 + 2000 * (i + 1);
        step.intervalMs = 2000;
        step.outstanding = 0u;
        steps.push_back(step);
    }
    std::size_t bits = 0;
    const auto words = encodeSteps(steps, &bits);
    EXPECT_EQ(decodeSteps(words, steps.size()), steps);
    EXPECT_LT(bits, 1000u * 8u); // under a byte a reading, the block start included
}

TEST(HistoryCodec, RandomStepsRoundTripExactly)
{
    std::mt19937_64 random(20240601);
    for (int round = 0; round < 20; ++round) {
        std::vector<CounterStep> steps;
        for (int i = 0; i < 500; ++i) {
            CounterStep step;
            // Mix tame and wild values so every code length is exercised.
            const bool wild = random() % 3 == 0;
            step.endMs = wild ? std::int64_t(random()) : 1'700'000'000'000 + i * 1000 + std::int64_t(random() % 5);
            step.intervalMs = wild ? std::uint32_t(random()) : 1000;
            step.reads = wild ? random() : random() % 1000;
            step.writes = wild ? random() : random() % 1000;
            step.bytesRead = wild ? random() : step.reads * (random() % 2 ? 4096 : 65536) + random() % 512;
            step.bytesWritten = random();
            if (random() % 4)
                step.outstanding = std::uint32_t(random());
            if (i > 0 && random() % 4 == 0) {
                // The same again a second later (the one-bit case), or nearly.
                const std::int64_t delta = random() % 2 ? 1000 : 1003;
                step = steps.back();
                step.endMs = std::int64_t(std::uint64_t(step.endMs) + std::uint64_t(delta));
                step.intervalMs = std::uint32_t(delta);
            }
            steps.push_back(step);
        }
        const auto words = encodeSteps(steps);
        ASSERT_EQ(decodeSteps(words, steps.size()), steps) << "round " << round;
    }
}

TEST(HistoryCodec, RandomBucketsRoundTripBitForBit)
{
    std::mt19937_64 random(99);
    std::vector<RateBucket> buckets;
    for (int i = 0; i < 2000; ++i) {
        RateBucket bucket;
        const bool wild = random() % 4 == 0;
        bucket.startMs = wild ? std::int64_t(random()) : 1'700'000'000'000 + i * 10'000;
        bucket.coveredMs = std::uint32_t(wild ? random() : 10'000);
        bucket.steps = std::uint32_t(random() % 20);
        bucket.reads = random();
        bucket.writes = random() % 100'000;
        bucket.bytesRead = random();
        bucket.bytesWritten = bucket.writes * 8192;
        for (int f = 0; f < RateFieldCount; ++f) {
            // Random bit patterns: NaNs, infinities and denormals all occur.
            const std::uint64_t minBits = random();
            std::memcpy(&bucket.minRate[f], &minBits, sizeof minBits);
            bucket.maxRate[f] = wild ? -bucket.minRate[f] : double(random() % 5000);
        }
        bucket.outstandingSteps = std::uint32_t(random() % 3);
        bucket.outstandingSum = random() % 100;
        bucket.outstandingMin = std::uint32_t(random());
        bucket.outstandingMax = std::uint32_t(random() % 9);
        if (i > 1 && random() % 3 == 0) {
            // An idle stretch: the slot before, one slot on (the one-bit case).
            bucket = buckets.back();
            // Modulo 2^64, as the codec counts: wild starts may be anywhere.
            const std::uint64_t last = std::uint64_t(buckets[buckets.size() - 1].startMs);
            const std::uint64_t before = std::uint64_t(buckets[buckets.size() - 2].startMs);
            bucket.startMs = std::int64_t(last + (last - before));
        }
        buckets.push_back(bucket);
    }
    const auto words = encodeBuckets(buckets);
    const auto back = decodeBuckets(words, buckets.size());
    ASSERT_EQ(back.size(), buckets.size());
    for (std::size_t i = 0; i < buckets.size(); ++i)
        expectSameBucket(back[i], buckets[i], i);
}

TEST(HistoryCodec, BlockRingDropsWholeBlocksAndKeepsOrder)
{
    BlockRing<CounterStep, StepCodec> ring(16);
    for (int i = 0; i < 100; ++i) {
        CounterStep step;
        step.endMs = 1000 * (i + 1);
        step.intervalMs = 1000;
        step.reads = std::uint64_t(i);
        ring.append(step, step.startMs(), step.endMs);
    }
    EXPECT_EQ(ring.size(), 100u);
    // Blocks of 16: dropping before t=40 s removes the two blocks that end
    // before it (steps 0..31), not a part of the third.
    EXPECT_TRUE(ring.dropBefore(40'000));
    EXPECT_EQ(ring.size(), 68u);
    EXPECT_EQ(ring.horizon(), 32'000);
    std::vector<std::uint64_t> reads;
    ring.forEach(0, 1'000'000, [&](const CounterStep &step) { reads.push_back(step.reads); });
    ASSERT_EQ(reads.size(), 68u);
    for (std::size_t i = 0; i < reads.size(); ++i)
        EXPECT_EQ(reads[i], 32 + i);
    // Only the blocks overlapping a window are decoded.
    std::size_t seen = 0;
    ring.forEach(90'000, 91'000, [&](const CounterStep &) { ++seen; });
    EXPECT_EQ(seen, 16u); // the block of steps 80..95
}

} // namespace
} // namespace pathlens::history
