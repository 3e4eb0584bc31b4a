#pragma once

// Measured I/O from two readings of cumulative per-path counters. MSDSM's
// counts are 32-bit and wrap; its byte counts are 64-bit. A counter reset
// (MSDsmClearCounters, a reboot, a path that was removed and came back) is not
// I/O, and a long pause between readings is not a burst.

#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>

namespace pathlens {

struct CounterLimits {
    /// A previous reading older than this is a gap: its average says nothing
    /// about what flows now, so the interval is not judged.
    std::chrono::seconds maxInterval{15 * 60};
    /// Operations per second one path cannot exceed; a decrease that would
    /// need more to be a wrap is a reset.
    double maxPlausibleRate = 2'000'000.0;
};

struct CounterDelta {
    enum class Status {
        Measured,   ///< the values below are what moved in the interval
        NoInterval, ///< same reading time, or a reading without a time
        Reset,      ///< counters restarted (a value fell without wrapping, or the new reading is older)
        Gap,        ///< the readings are further apart than CounterLimits::maxInterval
    };

    Status status = Status::NoInterval;
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t bytesWritten = 0;
    std::chrono::milliseconds interval{0};

    bool measured() const { return status == Status::Measured; }
    double seconds() const { return double(interval.count()) / 1000.0; }
    double readRate() const;  ///< reads per second; 0 unless measured
    double writeRate() const; ///< writes per second; 0 unless measured
};

/// What moved between two readings of one path's counters.
CounterDelta counterDelta(const PathCounters &before, const PathCounters &after, const CounterLimits &limits = {});

/// The previous reading of every path, by the path's identity (see
/// HealthInput: "serverKey/diskKey/pathKey").
class CounterHistory final
{
public:
    const PathCounters *previous(const std::string &pathIdentity) const;
    void record(const std::string &pathIdentity, const PathCounters &counters);
    /// Forgets the paths not named: a path that vanished starts afresh when it
    /// returns, so its restarted counters never meet a stale reading.
    void retainOnly(const std::set<std::string> &pathIdentities);
    std::size_t size() const { return m_previous.size(); }
    void clear() { m_previous.clear(); }

private:
    std::unordered_map<std::string, PathCounters> m_previous;
};

} // namespace pathlens
