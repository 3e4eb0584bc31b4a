#pragma once

// The records the history keeps and their compressed form.
//
// A CounterStep is what one path's counters moved between two readings, as
// integers straight from the counters, so full-rate history is exact. It is
// stored as: one bit when it repeats the step before on the beat (an idle
// path); else the end time as its distance from the last interval (on a
// 100 ms grid), the interval as its distance from the gap between the ends,
// the change of each count, each byte count as its distance from "count
// times the last bytes per operation" in whole sectors, and the outstanding
// count's change. Each of those integers uses an adaptive Rice code
// (bitstream.h), so steady values cost a bit and noise costs about its size.
//
// A RateBucket rolls the steps of one resolution slot up: sums (so averages
// stay exact), the covered time, and the minimum and maximum per-second rate
// of the steps in it (so peaks survive the roll-up; kept to 4 significant
// digits, see roundRate()). Sums use the integer code, min/max the XOR code
// for doubles, byte-rate extremes XORed against the operation-rate extreme
// times the bucket's bytes per operation. An idle bucket is one bit.
//
// Records are kept in blocks of a fixed count; each block is decoded from its
// start, so a block is the unit of decoding and of retention. The codecs are
// lossless for any input, wild values included.

#include "model/history/bitstream.h"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace pathlens::history {

/// What moved on one path (or on all paths of a disk, port or server) between
/// two readings. Times are the backend's, in milliseconds since the epoch.
struct CounterStep {
    std::int64_t endMs = 0;
    std::uint32_t intervalMs = 0; ///< > 0; the step covers [endMs - intervalMs, endMs]
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t bytesWritten = 0;
    std::optional<std::uint32_t> outstanding; ///< requests in flight at the later reading, where known

    std::int64_t startMs() const { return endMs - std::int64_t(intervalMs); }
    friend bool operator==(const CounterStep &, const CounterStep &) = default;
};

/// Per-second rates a bucket keeps the extremes of, in this order.
enum RateField { ReadOps, WriteOps, ReadBytes, WriteBytes, RateFieldCount };

/// Per-second rate of one field of a step.
double stepRate(const CounterStep &step, RateField field);
/// All four, as buckets keep them (rounded, see roundRate()).
std::array<double, RateFieldCount> stepRates(const CounterStep &step);

/// The steps of one slot [startMs, startMs + resolution) rolled up.
struct RateBucket {
    std::int64_t startMs = 0;
    std::uint32_t coveredMs = 0; ///< sum of the steps' intervals
    std::uint32_t steps = 0;
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t bytesWritten = 0;
    std::array<double, RateFieldCount> minRate{}; ///< per second, over the steps
    std::array<double, RateFieldCount> maxRate{};
    std::uint32_t outstandingSteps = 0; ///< steps that knew their outstanding count
    std::uint64_t outstandingSum = 0;
    std::uint32_t outstandingMin = 0;
    std::uint32_t outstandingMax = 0;

    /// Rolls one step in (the first one sets the extremes).
    void add(const CounterStep &step) { add(step, stepRates(step)); }
    /// The same with the step's rates already worked out (stepRates()).
    void add(const CounterStep &step, const std::array<double, RateFieldCount> &rates);
    friend bool operator==(const RateBucket &, const RateBucket &) = default;
};


/// Delta-of-delta / prediction state for steps; one per block, from zero.
class StepCodec final
{
public:
    void encode(BitWriter &out, const CounterStep &step);
    CounterStep decode(BitReader &in);

private:
    enum Field { End, Interval, Reads, Writes, BytesRead, BytesWritten, Outstanding, FieldCount };

    std::int64_t m_end = 0;
    std::int64_t m_endDelta = 0;
    std::uint32_t m_interval = 0;
    std::uint64_t m_reads = 0;
    std::uint64_t m_writes = 0;
    std::uint64_t m_bytesRead = 0;
    std::uint64_t m_bytesWritten = 0;
    std::uint64_t m_outstanding = 0; ///< value + 1; 0 = unknown
    bool m_started = false;
    std::array<AdaptiveCode, FieldCount> m_codes;
};

class BucketCodec final
{
public:
    void encode(BitWriter &out, const RateBucket &bucket);
    RateBucket decode(BitReader &in);

private:
    enum Field {
        Start, Covered, Steps, Reads, Writes, BytesRead, BytesWritten,
        OutstandingSteps, OutstandingSum, OutstandingMin, OutstandingMax, FieldCount
    };

    std::int64_t m_start = 0;
    std::int64_t m_startDelta = 0;
    bool m_started = false;
    RateBucket m_last;
    std::array<AdaptiveCode, FieldCount> m_codes;
    std::array<XorState, RateFieldCount> m_min;
    std::array<XorState, RateFieldCount> m_max;
};

/// Rounds a rate to 12 significant bits (4 significant digits): what a
/// bucket keeps of its extremes. Integers below 8192 stay exact; infinities
/// and NaN pass unchanged.
double roundRate(double rate);

/// Encodes a whole sequence as one stream and decodes it back (tests, tools).
std::vector<std::uint64_t> encodeSteps(const std::vector<CounterStep> &steps, std::size_t *bits = nullptr);
std::vector<CounterStep> decodeSteps(const std::vector<std::uint64_t> &words, std::size_t count);
std::vector<std::uint64_t> encodeBuckets(const std::vector<RateBucket> &buckets, std::size_t *bits = nullptr);
std::vector<RateBucket> decodeBuckets(const std::vector<std::uint64_t> &words, std::size_t count);

/// Time span of a record, for windows and retention.
inline std::int64_t recordStart(const CounterStep &step) { return step.startMs(); }
inline std::int64_t recordEnd(const CounterStep &step) { return step.endMs; }

/// Fixed-count blocks of one record type, oldest first; the newest block is
/// open and grows, the others are sealed into exact allocations.
template <typename Record, typename Codec>
class BlockRing final
{
public:
    explicit BlockRing(std::uint32_t recordsPerBlock = 256) : m_perBlock(recordsPerBlock) {}

    /// @p startMs / @p endMs: the record's span (records arrive in time order).
    void append(const Record &record, std::int64_t startMs, std::int64_t endMs)
    {
        if (m_openCount == 0)
            m_openFirst = startMs;
        m_openCodec.encode(m_open, record);
        m_openLast = endMs;
        ++m_openCount;
        ++m_total;
        if (m_openCount == m_perBlock)
            seal();
    }

    /// Drops sealed blocks that end before @p ms. Returns whether any went.
    bool dropBefore(std::int64_t ms)
    {
        std::size_t n = 0;
        while (n < m_sealed.size() && m_sealed[n].lastMs < ms)
            ++n;
        if (n == 0)
            return false;
        for (std::size_t i = 0; i < n; ++i)
            m_total -= m_sealed[i].count;
        m_horizon = m_sealed[n - 1].lastMs;
        m_droppedBlocks += n;
        m_sealed.erase(m_sealed.begin(), m_sealed.begin() + std::ptrdiff_t(n));
        return true;
    }

    /// Calls @p visit(record) for every record of the blocks that overlap
    /// [fromMs, toMs], in time order (records at the block edges may lie
    /// outside the window; the caller filters).
    template <typename Visit>
    void forEach(std::int64_t fromMs, std::int64_t toMs, Visit &&visit) const
    {
        for (const Block &block : m_sealed) {
            if (block.lastMs < fromMs || block.firstMs > toMs)
                continue;
            BitReader in = block.bits.reader();
            Codec codec;
            for (std::uint32_t i = 0; i < block.count; ++i)
                visit(codec.decode(in));
        }
        if (m_openCount == 0 || m_openLast < fromMs || m_openFirst > toMs)
            return;
        BitReader in(m_open.words(), m_open.wordCount());
        Codec codec;
        for (std::uint32_t i = 0; i < m_openCount; ++i)
            visit(codec.decode(in));
    }

    /// Sealed blocks overlapping [fromMs, toMs]: indexes [first, last).
    std::pair<std::size_t, std::size_t> sealedOverlapping(std::int64_t fromMs, std::int64_t toMs) const
    {
        std::size_t first = 0;
        while (first < m_sealed.size() && m_sealed[first].lastMs < fromMs)
            ++first;
        std::size_t last = first;
        while (last < m_sealed.size() && m_sealed[last].firstMs <= toMs)
            ++last;
        return {first, last};
    }
    /// A sealed block's number since the ring began; it stays with the
    /// block while older ones are dropped (a cache key).
    std::uint64_t sequence(std::size_t index) const { return m_droppedBlocks + index; }
    std::size_t sealedCount() const { return m_sealed.size(); }
    /// The open block's number; it keeps it once sealed.
    std::uint64_t openSequence() const { return m_droppedBlocks + m_sealed.size(); }
    bool openOverlaps(std::int64_t fromMs, std::int64_t toMs) const
    {
        return m_openCount != 0 && m_openLast >= fromMs && m_openFirst <= toMs;
    }

    /// Where decoding of a block stopped, to go on from there later: a
    /// block's bits never change once written, sealed or not.
    struct Cursor {
        Codec codec;
        std::size_t bit = 0;
    };
    /// Decodes the records of a sealed block (@p index) or of the open one
    /// (@p index == sealedCount()) that @p records does not hold yet.
    void decodeMore(std::size_t index, Cursor &cursor, std::vector<Record> &records) const
    {
        const bool open = index >= m_sealed.size();
        const std::uint64_t *words = open ? m_open.words() : m_sealed[index].bits.words();
        const std::size_t wordCount = open ? m_open.wordCount() : m_sealed[index].bits.wordCount();
        const std::uint32_t count = open ? m_openCount : m_sealed[index].count;
        if (records.size() >= count)
            return;
        records.reserve(open ? m_perBlock : count);
        BitReader in(words, wordCount, cursor.bit);
        while (records.size() < count)
            records.push_back(cursor.codec.decode(in));
        cursor.bit = in.position();
    }

    std::size_t size() const { return m_total; }
    bool empty() const { return m_total == 0; }
    /// End of the newest block dropped; data before it is gone. Min when none was dropped.
    std::int64_t horizon() const { return m_horizon; }
    std::int64_t oldestMs() const
    {
        return !m_sealed.empty() ? m_sealed.front().firstMs : m_openCount ? m_openFirst : 0;
    }

    /// Heap bytes (block words and bookkeeping, spare capacity included).
    std::size_t memoryBytes() const
    {
        // Allocations as glibc makes them: 8 bytes of header, 16-byte steps.
        const auto allocation = [](std::size_t n) { return n == 0 ? 0 : ((n + 8 + 15) / 16) * 16; };
        std::size_t bytes = allocation(m_sealed.capacity() * sizeof(Block)) + allocation(m_open.capacityBytes());
        for (const Block &block : m_sealed)
            bytes += allocation(block.bits.bytes());
        return bytes;
    }
    /// Bits of encoded records alone.
    std::size_t encodedBytes() const
    {
        std::size_t bytes = (m_open.bitCount() + 7) / 8;
        for (const Block &block : m_sealed)
            bytes += block.bits.bytes();
        return bytes;
    }

private:
    struct Block {
        SealedBits bits;
        std::int64_t firstMs = 0;
        std::int64_t lastMs = 0;
        std::uint32_t count = 0;
    };

    void seal()
    {
        m_sealed.push_back(Block{SealedBits(m_open), m_openFirst, m_openLast, m_openCount});
        m_open.release();
        m_openCodec = Codec();
        m_openCount = 0;
    }

    std::uint32_t m_perBlock;
    std::vector<Block> m_sealed;
    BitWriter m_open;
    Codec m_openCodec;
    std::uint32_t m_openCount = 0;
    std::int64_t m_openFirst = 0;
    std::int64_t m_openLast = 0;
    std::size_t m_total = 0;
    std::uint64_t m_droppedBlocks = 0;
    std::int64_t m_horizon = std::numeric_limits<std::int64_t>::min();
};

} // namespace pathlens::history
