#include "model/history/historycodec.h"

#include <algorithm>
#include <cstring>

namespace pathlens::history {

namespace {

// Differences are taken modulo 2^64 so every input, however wild, comes back
// bit for bit.
std::int64_t difference(std::uint64_t value, std::uint64_t previous)
{
    return std::int64_t(value - previous);
}

// Bytes expected for @p ops operations at the previous bytes per operation.
std::uint64_t predictBytes(std::uint64_t ops, std::uint64_t previousOps, std::uint64_t previousBytes)
{
    if (ops == 0 || previousOps == 0)
        return 0;
    return ops * (previousBytes / previousOps);
}

std::uint64_t stepField(const CounterStep &step, RateField field)
{
    switch (field) {
    case ReadOps:
        return step.reads;
    case WriteOps:
        return step.writes;
    case ReadBytes:
        return step.bytesRead;
    case WriteBytes:
    case RateFieldCount:
        break;
    }
    return step.bytesWritten;
}

} // namespace

double stepRate(const CounterStep &step, RateField field)
{
    return step.intervalMs == 0 ? 0.0 : double(stepField(step, field)) * 1000.0 / double(step.intervalMs);
}

std::array<double, RateFieldCount> stepRates(const CounterStep &step)
{
    std::array<double, RateFieldCount> rates{};
    if (step.intervalMs == 0)
        return rates;
    for (int f = 0; f < RateFieldCount; ++f)
        rates[f] = roundRate(stepRate(step, RateField(f)));
    return rates;
}

void RateBucket::add(const CounterStep &step, const std::array<double, RateFieldCount> &rates)
{
    const bool first = steps == 0;
    ++steps;
    coveredMs += step.intervalMs;
    reads += step.reads;
    writes += step.writes;
    bytesRead += step.bytesRead;
    bytesWritten += step.bytesWritten;
    for (int f = 0; f < RateFieldCount; ++f) {
        minRate[f] = first ? rates[f] : std::min(minRate[f], rates[f]);
        maxRate[f] = first ? rates[f] : std::max(maxRate[f], rates[f]);
    }
    if (step.outstanding) {
        const std::uint32_t value = *step.outstanding;
        outstandingMin = outstandingSteps == 0 ? value : std::min(outstandingMin, value);
        outstandingMax = outstandingSteps == 0 ? value : std::max(outstandingMax, value);
        outstandingSum += value;
        ++outstandingSteps;
    }
}

// ------------------------------------------------------------------ steps

namespace {

// Reading times sit on a beat of whole seconds (a little off, for real
// sources): the next delta is predicted as the last one on a 100 ms grid.
std::int64_t predictDelta(std::int64_t lastDelta)
{
    const std::int64_t grid = 100;
    return (lastDelta >= 0 ? (lastDelta + grid / 2) / grid : (lastDelta - grid / 2) / grid) * grid;
}

constexpr std::uint64_t Sector = 512;

// Byte counts: a flag says whether the count is whole sectors (it nearly
// always is), then the distance from the prediction in sectors or bytes.
// Without operations there is nothing to predict from, and no flag.
void writeBytes(BitWriter &out, AdaptiveCode &code, std::uint64_t bytes, std::uint64_t ops, std::uint64_t lastOps,
                std::uint64_t lastBytes)
{
    if (ops == 0) {
        code.write(out, std::int64_t(bytes)); // idle: no flag, a zero costs one bit
        return;
    }
    const bool sectors = bytes % Sector == 0;
    out.write(sectors ? 1 : 0, 1);
    if (sectors)
        code.write(out, difference(bytes / Sector, predictBytes(ops, lastOps, lastBytes / Sector)));
    else
        code.write(out, difference(bytes, predictBytes(ops, lastOps, lastBytes)));
}

std::uint64_t readBytes(BitReader &in, AdaptiveCode &code, std::uint64_t ops, std::uint64_t lastOps,
                        std::uint64_t lastBytes)
{
    if (ops == 0)
        return std::uint64_t(code.read(in));
    if (in.read(1) != 0)
        return (predictBytes(ops, lastOps, lastBytes / Sector) + std::uint64_t(code.read(in))) * Sector;
    return predictBytes(ops, lastOps, lastBytes) + std::uint64_t(code.read(in));
}

} // namespace

void StepCodec::encode(BitWriter &out, const CounterStep &step)
{
    const std::int64_t delta = std::int64_t(std::uint64_t(step.endMs) - std::uint64_t(m_end));
    // An idle path repeats itself on the beat: one bit.
    const std::uint64_t outstandingCode = step.outstanding ? std::uint64_t(*step.outstanding) + 1 : 0;
    const bool repeat = m_started && delta == predictDelta(m_endDelta) && step.intervalMs == std::uint32_t(delta)
        && step.reads == m_reads && step.writes == m_writes && step.bytesRead == m_bytesRead
        && step.bytesWritten == m_bytesWritten && outstandingCode == m_outstanding;
    out.write(repeat ? 1 : 0, 1);
    if (repeat) {
        m_end = step.endMs;
        m_endDelta = delta;
        m_interval = step.intervalMs;
        return;
    }
    m_codes[End].write(out, std::int64_t(std::uint64_t(delta) - std::uint64_t(predictDelta(m_endDelta))));
    // Back to back readings: the interval is the distance between their ends.
    const std::uint64_t expectedInterval = m_started ? std::uint32_t(delta) : m_interval;
    m_codes[Interval].write(out, difference(step.intervalMs, expectedInterval));
    m_codes[Reads].write(out, difference(step.reads, m_reads));
    m_codes[Writes].write(out, difference(step.writes, m_writes));
    writeBytes(out, m_codes[BytesRead], step.bytesRead, step.reads, m_reads, m_bytesRead);
    writeBytes(out, m_codes[BytesWritten], step.bytesWritten, step.writes, m_writes, m_bytesWritten);
    const std::uint64_t outstanding = step.outstanding ? std::uint64_t(*step.outstanding) + 1 : 0;
    m_codes[Outstanding].write(out, difference(outstanding, m_outstanding));

    m_end = step.endMs;
    m_endDelta = delta;
    m_interval = step.intervalMs;
    m_reads = step.reads;
    m_writes = step.writes;
    m_bytesRead = step.bytesRead;
    m_bytesWritten = step.bytesWritten;
    m_outstanding = outstanding;
    m_started = true;
}

CounterStep StepCodec::decode(BitReader &in)
{
    CounterStep step;
    if (in.read(1) != 0) {
        m_endDelta = predictDelta(m_endDelta);
        m_end = std::int64_t(std::uint64_t(m_end) + std::uint64_t(m_endDelta));
        step.endMs = m_end;
        step.intervalMs = std::uint32_t(m_endDelta);
        step.reads = m_reads;
        step.writes = m_writes;
        step.bytesRead = m_bytesRead;
        step.bytesWritten = m_bytesWritten;
        if (m_outstanding != 0)
            step.outstanding = std::uint32_t(m_outstanding - 1);
        m_interval = step.intervalMs;
        return step;
    }
    const std::int64_t delta =
        std::int64_t(std::uint64_t(predictDelta(m_endDelta)) + std::uint64_t(m_codes[End].read(in)));
    step.endMs = std::int64_t(std::uint64_t(m_end) + std::uint64_t(delta));
    const std::uint64_t expectedInterval = m_started ? std::uint32_t(delta) : m_interval;
    step.intervalMs = std::uint32_t(expectedInterval + std::uint64_t(m_codes[Interval].read(in)));
    step.reads = m_reads + std::uint64_t(m_codes[Reads].read(in));
    step.writes = m_writes + std::uint64_t(m_codes[Writes].read(in));
    step.bytesRead = readBytes(in, m_codes[BytesRead], step.reads, m_reads, m_bytesRead);
    step.bytesWritten = readBytes(in, m_codes[BytesWritten], step.writes, m_writes, m_bytesWritten);
    m_outstanding += std::uint64_t(m_codes[Outstanding].read(in));
    if (m_outstanding != 0)
        step.outstanding = std::uint32_t(m_outstanding - 1);

    m_end = step.endMs;
    m_endDelta = delta;
    m_interval = step.intervalMs;
    m_reads = step.reads;
    m_writes = step.writes;
    m_bytesRead = step.bytesRead;
    m_bytesWritten = step.bytesWritten;
    m_started = true;
    return step;
}

// ---------------------------------------------------------------- buckets

double roundRate(double rate)
{
    std::uint64_t bits;
    std::memcpy(&bits, &rate, sizeof bits);
    if (((bits >> 52) & 0x7FF) == 0x7FF)
        return rate; // infinity, NaN
    constexpr unsigned Dropped = 52 - 12;
    bits += std::uint64_t(1) << (Dropped - 1); // to nearest; a carry bumps the exponent, as it should
    bits &= ~((std::uint64_t(1) << Dropped) - 1);
    double rounded;
    std::memcpy(&rounded, &bits, sizeof rounded);
    return rounded;
}

namespace {

// A bucket's extreme byte rate, predicted from its extreme operation rate at
// the bucket's bytes per operation (exact while the I/O size is constant).
std::uint64_t predictByteRate(double opsRate, std::uint64_t ops, std::uint64_t bytes, double last)
{
    double predicted = last;
    if (ops != 0)
        predicted = roundRate(opsRate * (double(bytes) / double(ops)));
    std::uint64_t bits;
    std::memcpy(&bits, &predicted, sizeof bits);
    return bits;
}

// All but the start; doubles bit for bit.
bool sameValues(const RateBucket &a, const RateBucket &b)
{
    return a.coveredMs == b.coveredMs && a.steps == b.steps && a.reads == b.reads && a.writes == b.writes
        && a.bytesRead == b.bytesRead && a.bytesWritten == b.bytesWritten
        && std::memcmp(a.minRate.data(), b.minRate.data(), sizeof a.minRate) == 0
        && std::memcmp(a.maxRate.data(), b.maxRate.data(), sizeof a.maxRate) == 0
        && a.outstandingSteps == b.outstandingSteps && a.outstandingSum == b.outstandingSum
        && a.outstandingMin == b.outstandingMin && a.outstandingMax == b.outstandingMax;
}

} // namespace

void BucketCodec::encode(BitWriter &out, const RateBucket &bucket)
{
    const std::int64_t delta = std::int64_t(std::uint64_t(bucket.startMs) - std::uint64_t(m_start));
    // An idle slot is the one before it, one slot on: one bit. Doubles are
    // compared bit for bit, so what comes back is exactly what went in.
    const bool repeat = m_started && delta == m_startDelta && sameValues(m_last, bucket);
    out.write(repeat ? 1 : 0, 1);
    if (repeat) {
        m_start = bucket.startMs;
        m_last.startMs = bucket.startMs;
        return;
    }
    m_started = true;
    m_codes[Start].write(out, std::int64_t(std::uint64_t(delta) - std::uint64_t(m_startDelta)));
    m_start = bucket.startMs;
    m_startDelta = delta;

    const RateBucket &last = m_last;
    m_codes[Covered].write(out, difference(bucket.coveredMs, last.coveredMs));
    m_codes[Steps].write(out, difference(bucket.steps, last.steps));
    m_codes[Reads].write(out, difference(bucket.reads, last.reads));
    m_codes[Writes].write(out, difference(bucket.writes, last.writes));
    writeBytes(out, m_codes[BytesRead], bucket.bytesRead, bucket.reads, last.reads, last.bytesRead);
    writeBytes(out, m_codes[BytesWritten], bucket.bytesWritten, bucket.writes, last.writes, last.bytesWritten);
    for (int f : {ReadOps, WriteOps}) {
        m_min[f].write(out, bucket.minRate[f]);
        m_max[f].write(out, bucket.maxRate[f]);
    }
    m_min[ReadBytes].write(out, bucket.minRate[ReadBytes],
                           predictByteRate(bucket.minRate[ReadOps], bucket.reads, bucket.bytesRead, last.minRate[ReadBytes]));
    m_max[ReadBytes].write(out, bucket.maxRate[ReadBytes],
                           predictByteRate(bucket.maxRate[ReadOps], bucket.reads, bucket.bytesRead, last.maxRate[ReadBytes]));
    m_min[WriteBytes].write(out, bucket.minRate[WriteBytes],
                            predictByteRate(bucket.minRate[WriteOps], bucket.writes, bucket.bytesWritten,
                                            last.minRate[WriteBytes]));
    m_max[WriteBytes].write(out, bucket.maxRate[WriteBytes],
                            predictByteRate(bucket.maxRate[WriteOps], bucket.writes, bucket.bytesWritten,
                                            last.maxRate[WriteBytes]));
    m_codes[OutstandingSteps].write(out, difference(bucket.outstandingSteps, last.outstandingSteps));
    m_codes[OutstandingSum].write(out, difference(bucket.outstandingSum, last.outstandingSum));
    m_codes[OutstandingMin].write(out, difference(bucket.outstandingMin, last.outstandingMin));
    m_codes[OutstandingMax].write(out, difference(bucket.outstandingMax, last.outstandingMax));
    m_last = bucket;
}

RateBucket BucketCodec::decode(BitReader &in)
{
    if (in.read(1) != 0) {
        m_start = std::int64_t(std::uint64_t(m_start) + std::uint64_t(m_startDelta));
        m_last.startMs = m_start;
        return m_last;
    }
    m_started = true;
    RateBucket bucket;
    m_startDelta = std::int64_t(std::uint64_t(m_startDelta) + std::uint64_t(m_codes[Start].read(in)));
    m_start = std::int64_t(std::uint64_t(m_start) + std::uint64_t(m_startDelta));
    bucket.startMs = m_start;

    const RateBucket &last = m_last;
    bucket.coveredMs = std::uint32_t(last.coveredMs + std::uint64_t(m_codes[Covered].read(in)));
    bucket.steps = std::uint32_t(last.steps + std::uint64_t(m_codes[Steps].read(in)));
    bucket.reads = last.reads + std::uint64_t(m_codes[Reads].read(in));
    bucket.writes = last.writes + std::uint64_t(m_codes[Writes].read(in));
    bucket.bytesRead = readBytes(in, m_codes[BytesRead], bucket.reads, last.reads, last.bytesRead);
    bucket.bytesWritten = readBytes(in, m_codes[BytesWritten], bucket.writes, last.writes, last.bytesWritten);
    for (int f : {ReadOps, WriteOps}) {
        bucket.minRate[f] = m_min[f].read(in);
        bucket.maxRate[f] = m_max[f].read(in);
    }
    bucket.minRate[ReadBytes] = m_min[ReadBytes].read(
        in, predictByteRate(bucket.minRate[ReadOps], bucket.reads, bucket.bytesRead, last.minRate[ReadBytes]));
    bucket.maxRate[ReadBytes] = m_max[ReadBytes].read(
        in, predictByteRate(bucket.maxRate[ReadOps], bucket.reads, bucket.bytesRead, last.maxRate[ReadBytes]));
    bucket.minRate[WriteBytes] = m_min[WriteBytes].read(
        in, predictByteRate(bucket.minRate[WriteOps], bucket.writes, bucket.bytesWritten, last.minRate[WriteBytes]));
    bucket.maxRate[WriteBytes] = m_max[WriteBytes].read(
        in, predictByteRate(bucket.maxRate[WriteOps], bucket.writes, bucket.bytesWritten, last.maxRate[WriteBytes]));
    bucket.outstandingSteps = std::uint32_t(last.outstandingSteps + std::uint64_t(m_codes[OutstandingSteps].read(in)));
    bucket.outstandingSum = last.outstandingSum + std::uint64_t(m_codes[OutstandingSum].read(in));
    bucket.outstandingMin = std::uint32_t(last.outstandingMin + std::uint64_t(m_codes[OutstandingMin].read(in)));
    bucket.outstandingMax = std::uint32_t(last.outstandingMax + std::uint64_t(m_codes[OutstandingMax].read(in)));
    m_last = bucket;
    return bucket;
}

// -------------------------------------------------------- whole sequences

namespace {

// One encoder state runs over the whole sequence: each item is coded against the one before.
template<typename Codec, typename Item>
std::vector<std::uint64_t> encodeAll(const std::vector<Item> &items, std::size_t *bits)
{
    BitWriter out;
    Codec codec;
    for (const Item &item : items)
        codec.encode(out, item);
    if (bits)
        *bits = out.bitCount();
    return std::vector<std::uint64_t>(out.words(), out.words() + out.wordCount());
}

template<typename Codec, typename Item>
std::vector<Item> decodeAll(const std::vector<std::uint64_t> &words, std::size_t count)
{
    BitReader in(words.data(), words.size());
    Codec codec;
    std::vector<Item> items;
    items.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        items.push_back(codec.decode(in));
    return items;
}

} // namespace

std::vector<std::uint64_t> encodeSteps(const std::vector<CounterStep> &steps, std::size_t *bits)
{
    return encodeAll<StepCodec>(steps, bits);
}

std::vector<CounterStep> decodeSteps(const std::vector<std::uint64_t> &words, std::size_t count)
{
    return decodeAll<StepCodec, CounterStep>(words, count);
}

std::vector<std::uint64_t> encodeBuckets(const std::vector<RateBucket> &buckets, std::size_t *bits)
{
    return encodeAll<BucketCodec>(buckets, bits);
}

std::vector<RateBucket> decodeBuckets(const std::vector<std::uint64_t> &words, std::size_t count)
{
    return decodeAll<BucketCodec, RateBucket>(words, count);
}

} // namespace pathlens::history
