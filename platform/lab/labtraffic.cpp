#include "labtraffic.h"

namespace pathlens::lab {

namespace {

constexpr double kJitterShare = 0.3;
constexpr double kWaveShare = 0.5;
constexpr std::int64_t kWavePeriod = 600; // seconds between wave levels

/// Uniform in [0, 1) from a key and a counter.
double unit(std::uint64_t key, std::int64_t counter)
{
    const std::uint64_t bits = mix64(key ^ mix64(static_cast<std::uint64_t>(counter)));
    return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
}

} // namespace

std::uint64_t mix64(std::uint64_t value)
{
    value += 0x9E3779B97F4A7C15ull;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
    return value ^ (value >> 31);
}

std::uint64_t hashText(std::string_view text)
{
    std::uint64_t hash = 0xCBF29CE484222325ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001B3ull;
    }
    return hash;
}

double TrafficStream::jitter(std::int64_t second) const
{
    return kJitterShare * m_iops * unit(m_key, second);
}

double TrafficStream::wave(std::int64_t second) const
{
    // Levels are in "seconds of I/O" so the slope stays within kWaveShare * iops.
    const std::int64_t block = second / kWavePeriod;
    const std::int64_t offset = second % kWavePeriod;
    const std::uint64_t waveKey = mix64(m_key ^ 0x5741564500000000ull);
    const double amplitude = kWaveShare * m_iops * static_cast<double>(kWavePeriod);
    const double from = amplitude * unit(waveKey, block);
    const double to = amplitude * unit(waveKey, block + 1);
    return from + (to - from) * static_cast<double>(offset) / static_cast<double>(kWavePeriod);
}

double TrafficStream::cumulative(std::int64_t second) const
{
    if (second <= 0 || m_iops <= 0.0)
        return 0.0;
    return m_iops * static_cast<double>(second) + jitter(second) - jitter(0) + wave(second) - wave(0);
}

} // namespace pathlens::lab
