#pragma once

// Synthetic I/O history for the history and chart benchmarks.
//
// Traffic follows the lab's model (platform/lab/labtraffic.h): a busy path
// runs at its base rate with up to 30 % of per-second jitter on top of a slow
// wave; an idle path (non-optimized under Round Robin with Subset) moves
// nothing. Everything is a pure function of (path seed, second), so any
// benchmark can rebuild the same data.
//
// Group shape as in bench_tree_merge: 64 servers x 4 back-end ports x 128
// LUNs x 4 paths per port (2 per array controller): 131,072 paths, of which
// the 2 per port that lead to the owning controller carry the LUN's I/O.

#include "model/history/historystore.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace pathlens::benchfixture {

using history::CounterStep;

/// splitmix64's finaliser: well spread, cheap.
inline std::uint64_t mix(std::uint64_t value)
{
    value += 0x9E3779B97F4A7C15ull;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
    return value ^ (value >> 31);
}

/// Uniform in [0, 1).
inline double unit(std::uint64_t key, std::int64_t counter)
{
    return double(mix(key ^ mix(std::uint64_t(counter))) >> 11) * (1.0 / 9007199254740992.0);
}

/// How one path's traffic looks.
struct PathTraffic {
    std::uint64_t seed = 0;
    double readIops = 0.0;    ///< 0: idle path
    double writeIops = 0.0;
    std::uint32_t blockSize = 8192;
    /// Realistic sources: request sizes vary (bytes no exact multiple of
    /// the count) and reading times jitter by a few milliseconds.
    bool varied = false;
};

inline constexpr std::int64_t Epoch2024Ms = 1'717'200'000'000; // 2024-06-01 00:00 UTC

/// Operations in second @p s of a stream at @p iops: jitter up to 30 %,
/// a wave of up to +-25 % over ten minutes.
inline std::uint64_t opsIn(std::uint64_t key, double iops, std::int64_t s)
{
    if (iops <= 0.0)
        return 0;
    const double wave = 0.25 * (2.0 * unit(key ^ 0x57, s / 600) - 1.0);
    const double jitter = 0.3 * unit(key, s);
    return std::uint64_t(iops * (0.85 + wave + jitter));
}

/// The step for second @p s (ending at Epoch2024Ms + (s + 1) * intervalMs).
inline CounterStep stepAt(const PathTraffic &path, std::int64_t s, std::uint32_t intervalMs = 1000)
{
    CounterStep step;
    step.endMs = Epoch2024Ms + (s + 1) * std::int64_t(intervalMs);
    step.intervalMs = intervalMs;
    const double scale = double(intervalMs) / 1000.0;
    step.reads = std::uint64_t(double(opsIn(path.seed ^ 'r', path.readIops, s)) * scale);
    step.writes = std::uint64_t(double(opsIn(path.seed ^ 'w', path.writeIops, s)) * scale);
    step.bytesRead = step.reads * path.blockSize;
    step.bytesWritten = step.writes * path.blockSize;
    const bool busy = path.readIops + path.writeIops > 0.0;
    step.outstanding = busy ? std::uint32_t(1 + mix(path.seed ^ std::uint64_t(s)) % 8) : 0u;
    if (path.varied) {
        // Timestamps a few ms off the beat, and a mix of 4 KiB..64 KiB requests.
        const std::int64_t jitter = std::int64_t(mix(path.seed * 31 + std::uint64_t(s)) % 7) - 3;
        const std::int64_t previousJitter = s == 0 ? 0 : std::int64_t(mix(path.seed * 31 + std::uint64_t(s - 1)) % 7) - 3;
        step.endMs += jitter;
        step.intervalMs = std::uint32_t(std::int64_t(intervalMs) + jitter - previousJitter);
        const auto bytesFor = [&](std::uint64_t ops, std::uint64_t salt) {
            const double share = unit(path.seed ^ salt, s); // share of 64 KiB requests
            return ops * 4096 + std::uint64_t(double(ops) * share * 0.2) * (65536 - 4096);
        };
        step.bytesRead = bytesFor(step.reads, 0x1111);
        step.bytesWritten = bytesFor(step.writes, 0x2222);
    }
    return step;
}

/// Sum of steps (an aggregate's step).
inline void addTo(CounterStep &total, const CounterStep &step)
{
    if (total.intervalMs == 0) {
        total = step;
        return;
    }
    total.reads += step.reads;
    total.writes += step.writes;
    total.bytesRead += step.bytesRead;
    total.bytesWritten += step.bytesWritten;
    total.outstanding = total.outstanding.value_or(0) + step.outstanding.value_or(0);
}

/// The group's objects, as the tree keys them.
struct GroupShape {
    int servers = 64;
    int ports = 4;
    int luns = 128;
    int pathsPerPort = 4;

    int pathCount() const { return servers * ports * luns * pathsPerPort; }

    std::string serverKey(int s) const { return "{5E2C8A10-0000-4000-8000-" + std::to_string(100000000000 + s) + "}"; }
    std::string portKey(int s, int p) const { return serverKey(s) + '/' + serverKey(s) + ":FC" + std::to_string(p + 1); }
    std::string diskKey(int s, int p, int l) const
    {
        return portKey(s, p) + "/600601601C8045003A21B65F" + std::to_string(100000 + l);
    }
    std::string pathKey(int s, int p, int l, int k) const
    {
        char id[17];
        std::snprintf(id, sizeof id, "%016llx", 0x77000000ull | std::uint64_t(p) << 16 | std::uint64_t(k) << 8 | unsigned(l));
        return diskKey(s, p, l) + '/' + id;
    }

    /// Paths 0 and 1 of each port lead to the LUN's owner and carry its I/O.
    PathTraffic traffic(int s, int p, int l, int k, bool varied = false) const
    {
        PathTraffic t;
        t.seed = mix(std::uint64_t(((s * 16 + p) * 1024 + l) * 8 + k));
        t.varied = varied;
        if (k < 2) {
            const double lunIops = 200.0 + double(mix(std::uint64_t(l) * 7) % 1800);
            t.readIops = lunIops * 0.7 / 2.0;
            t.writeIops = lunIops * 0.3 / 2.0;
            t.blockSize = (l % 3 == 0) ? 65536 : 8192;
        }
        return t;
    }
};

/// Ids of every series of the group in a store: paths, disks, ports, servers.
struct GroupSeries {
    std::vector<HistoryStore::SeriesId> paths;   ///< [((s*ports + p)*luns + l)*pathsPerPort + k]
    std::vector<HistoryStore::SeriesId> disks;   ///< [(s*ports + p)*luns + l]
    std::vector<HistoryStore::SeriesId> ports;   ///< [s*ports + p]
    std::vector<HistoryStore::SeriesId> servers; ///< [s]
};

inline GroupSeries makeSeries(HistoryStore &store, const GroupShape &shape)
{
    GroupSeries ids;
    for (int s = 0; s < shape.servers; ++s) {
        ids.servers.push_back(store.seriesFor(shape.serverKey(s), ObjectLevel::Server));
        for (int p = 0; p < shape.ports; ++p) {
            ids.ports.push_back(store.seriesFor(shape.portKey(s, p), ObjectLevel::Port));
            for (int l = 0; l < shape.luns; ++l) {
                ids.disks.push_back(store.seriesFor(shape.diskKey(s, p, l), ObjectLevel::Disk));
                for (int k = 0; k < shape.pathsPerPort; ++k)
                    ids.paths.push_back(store.seriesFor(shape.pathKey(s, p, l, k), ObjectLevel::Path));
            }
        }
    }
    return ids;
}

/// Feeds @p seconds readings of the whole group, path by path (each series
/// in turn: the same content as reading by reading, far kinder to caches,
/// so the benchmark measures memory, not the machine's cache misses).
/// Disks, ports and servers get the sums of their paths, as the recorder
/// gives them.
inline void feedGroup(HistoryStore &store, const GroupShape &shape, const GroupSeries &ids, std::int64_t seconds,
                      bool varied = false)
{
    std::vector<CounterStep> disk(static_cast<std::size_t>(seconds));
    std::vector<CounterStep> port(static_cast<std::size_t>(seconds));
    std::vector<CounterStep> server(static_cast<std::size_t>(seconds));
    std::size_t pathIndex = 0;
    std::size_t diskIndex = 0;
    for (int s = 0; s < shape.servers; ++s) {
        std::fill(server.begin(), server.end(), CounterStep());
        for (int p = 0; p < shape.ports; ++p) {
            std::fill(port.begin(), port.end(), CounterStep());
            for (int l = 0; l < shape.luns; ++l) {
                std::fill(disk.begin(), disk.end(), CounterStep());
                for (int k = 0; k < shape.pathsPerPort; ++k) {
                    const PathTraffic traffic = shape.traffic(s, p, l, k, varied);
                    const HistoryStore::SeriesId id = ids.paths[pathIndex++];
                    for (std::int64_t t = 0; t < seconds; ++t) {
                        const CounterStep step = stepAt(traffic, t);
                        store.append(id, step);
                        addTo(disk[std::size_t(t)], step);
                    }
                }
                const HistoryStore::SeriesId diskId = ids.disks[diskIndex++];
                for (std::int64_t t = 0; t < seconds; ++t) {
                    store.append(diskId, disk[std::size_t(t)]);
                    addTo(port[std::size_t(t)], disk[std::size_t(t)]);
                }
            }
            const HistoryStore::SeriesId portId = ids.ports[std::size_t(s * shape.ports + p)];
            for (std::int64_t t = 0; t < seconds; ++t) {
                store.append(portId, port[std::size_t(t)]);
                addTo(server[std::size_t(t)], port[std::size_t(t)]);
            }
        }
        for (std::int64_t t = 0; t < seconds; ++t)
            store.append(ids.servers[std::size_t(s)], server[std::size_t(t)]);
    }
}

/// A store holding @p seconds of history for @p count busy series keyed
/// "bench/<n>" (distinct traffic each), fed at 1 s.
inline std::vector<std::string> feedBusySeries(HistoryStore &store, int count, std::int64_t seconds)
{
    std::vector<std::string> keys;
    for (int n = 0; n < count; ++n) {
        keys.push_back("bench/" + std::to_string(n));
        PathTraffic traffic;
        traffic.seed = mix(std::uint64_t(n) + 1000);
        traffic.readIops = 300.0 + 100.0 * (n % 8);
        traffic.writeIops = 120.0 + 30.0 * (n % 5);
        const HistoryStore::SeriesId id = store.seriesFor(keys.back(), ObjectLevel::Path);
        for (std::int64_t t = 0; t < seconds; ++t)
            store.append(id, stepAt(traffic, t));
    }
    return keys;
}

} // namespace pathlens::benchfixture
