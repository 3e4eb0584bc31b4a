#include "model/health/counterhistory.h"

#include <iterator>

namespace pathlens {

namespace {

constexpr std::uint64_t CountRange = std::uint64_t(1) << 32;

// A 32-bit count that is lower than before either wrapped or restarted. It
// wrapped only when the I/O needed to go round is possible in the interval.
bool countMoved(std::uint32_t before, std::uint32_t after, double seconds, double maxRate, std::uint64_t &moved)
{
    if (after >= before) {
        moved = after - before;
        return true;
    }
    const std::uint64_t wrapped = CountRange - before + after;
    if (double(wrapped) > maxRate * seconds)
        return false;
    moved = wrapped;
    return true;
}

} // namespace

double CounterDelta::readRate() const
{
    return measured() && interval.count() > 0 ? double(reads) / seconds() : 0.0;
}

double CounterDelta::writeRate() const
{
    return measured() && interval.count() > 0 ? double(writes) / seconds() : 0.0;
}

CounterDelta counterDelta(const PathCounters &before, const PathCounters &after, const CounterLimits &limits)
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;

    CounterDelta delta;
    const std::chrono::system_clock::time_point unknown{};
    if (before.taken == unknown || after.taken == unknown || before.taken == after.taken)
        return delta; // NoInterval
    if (after.taken < before.taken) {
        delta.status = CounterDelta::Status::Reset;
        return delta;
    }
    delta.interval = duration_cast<milliseconds>(after.taken - before.taken);
    if (delta.interval <= milliseconds(0))
        return delta;
    if (delta.interval > limits.maxInterval) {
        delta.status = CounterDelta::Status::Gap;
        return delta;
    }

    const double seconds = delta.seconds();
    // Byte counts are 64-bit and never wrap in practice: falling means reset.
    const bool bytesFell = after.bytesRead < before.bytesRead || after.bytesWritten < before.bytesWritten;
    if (bytesFell || !countMoved(before.reads, after.reads, seconds, limits.maxPlausibleRate, delta.reads)
        || !countMoved(before.writes, after.writes, seconds, limits.maxPlausibleRate, delta.writes)) {
        delta = CounterDelta{};
        delta.status = CounterDelta::Status::Reset;
        return delta;
    }
    delta.bytesRead = after.bytesRead - before.bytesRead;
    delta.bytesWritten = after.bytesWritten - before.bytesWritten;
    delta.status = CounterDelta::Status::Measured;
    return delta;
}

const PathCounters *CounterHistory::previous(const std::string &pathIdentity) const
{
    const auto found = m_previous.find(pathIdentity);
    return found == m_previous.end() ? nullptr : &found->second;
}

void CounterHistory::record(const std::string &pathIdentity, const PathCounters &counters)
{
    m_previous[pathIdentity] = counters;
}

void CounterHistory::retainOnly(const std::set<std::string> &pathIdentities)
{
    for (auto it = m_previous.begin(); it != m_previous.end();) {
        if (pathIdentities.count(it->first))
            ++it;
        else
            it = m_previous.erase(it);
    }
}

} // namespace pathlens
