#pragma once

// The lab's I/O model. A LUN's cumulative operation count is a pure function
// of the simulated second, so counters are identical however often (or
// seldom) they are sampled, and reading them costs the same after a minute or
// a month:
//
//   ops(s) = iops * s + jitter(s) - jitter(0) + wave(s) - wave(0)
//
// jitter(s) is a seeded hash of the second scaled to 0.3 * iops, so the rate
// of one second, iops + jitter(s+1) - jitter(s), varies by up to 30 % without
// any summing; wave(s) interpolates seeded levels every ten minutes for slow
// swings of up to 50 %. The rate never drops below 20 % of iops, so the
// count never runs backwards.

#include <cstdint>
#include <string_view>

namespace pathlens::lab {

/// Seeded 64-bit mixing (splitmix64 finaliser): fast and well spread.
std::uint64_t mix64(std::uint64_t value);
/// FNV-1a of a text, to turn ids into hash keys.
std::uint64_t hashText(std::string_view text);

/// One I/O stream (reads or writes of one LUN).
class TrafficStream final
{
public:
    TrafficStream() = default;
    TrafficStream(std::uint64_t key, double iops) : m_key(key), m_iops(iops) {}

    /// Operations completed in seconds [0, second); 0 for second <= 0.
    double cumulative(std::int64_t second) const;

private:
    double jitter(std::int64_t second) const;
    double wave(std::int64_t second) const;

    std::uint64_t m_key = 0;
    double m_iops = 0.0;
};

} // namespace pathlens::lab
