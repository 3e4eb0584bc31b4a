// Memory and ingest cost of the I/O history (model/history/historystore.h).
//
// BM_HistoryHourGroup: one hour at 1 s of a 131,072-path group (shape in
//   historyfixture.h; half the paths busy, as under Round Robin with Subset),
//   with its 32,768 disk, 256 port and 64 server aggregates, in a store whose
//   full-rate tier holds the whole hour (the rolled tiers hold it too).
//   Time: feeding it, series by series. Counters:
//     bytes_per_path    all heap bytes of the store / paths
//     bytes_per_sample  full-rate tier bytes / samples held, one sample being
//                       one metric's value at one reading (4 per reading:
//                       read/write counts and bytes; the outstanding count
//                       rides along uncounted)
//     bytes_per_reading full-rate tier bytes / readings held (all of them)
// BM_HistoryHourVaried: the same for 8,192 paths whose request sizes vary and
//   whose timestamps jitter by up to 3 ms, as real counters do.
// BM_HistoryWeekOnePath: seven days at 1 s of one busy and one idle path with
//   the default tiers (15 min full rate, 10 s for 6 h, 1 min for 7 days): the
//   steady-state footprint of a path.
// BM_HistoryTick: one reading of the whole group (131,072 paths and their
//   aggregates) appended reading by reading, as the sampler does each tick.
//
// The CTest smoke run (--benchmark_min_time below 0.1 s) uses a 4-server
// group (8,192 paths) so it stays quick; figures come from a run without it.

#include "historyfixture.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace pathlens {
namespace {

using namespace benchfixture;
using namespace std::chrono_literals;

bool g_smoke = false;

GroupShape group()
{
    GroupShape shape;
    if (g_smoke)
        shape.servers = 4;
    return shape;
}

HistoryConfig hourAtFullRate()
{
    HistoryConfig config;
    config.tiers = {{0ms, 1h}, {10s, 6h}, {1min, 24h * 7}};
    return config;
}

void reportMemory(benchmark::State &state, const HistoryStore &store, std::size_t paths)
{
    const HistoryStore::Usage usage = store.usage();
    state.counters["bytes_per_path"] = double(usage.heapBytes) / double(paths);
    state.counters["bytes_per_sample"] = double(usage.stepBytes) / double(usage.steps * 4);
    state.counters["bytes_per_reading"] = double(usage.stepBytes) / double(usage.steps);
    state.counters["store_MB"] = double(usage.heapBytes) / 1e6;
    state.counters["readings"] = double(usage.steps);
}

void hourOfGroup(benchmark::State &state, const GroupShape &shape, bool varied)
{
    std::unique_ptr<HistoryStore> store;
    for (auto _ : state) {
        state.PauseTiming();
        store.reset();
        store = std::make_unique<HistoryStore>(hourAtFullRate());
        const GroupSeries ids = makeSeries(*store, shape);
        state.ResumeTiming();
        feedGroup(*store, shape, ids, 3600, varied);
    }
    reportMemory(state, *store, std::size_t(shape.pathCount()));
    state.counters["paths"] = shape.pathCount();
    state.counters["ns_per_append"] = benchmark::Counter(
        double(store->usage().steps) * double(state.iterations()),
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_HistoryHourGroup(benchmark::State &state)
{
    hourOfGroup(state, group(), false);
}

void BM_HistoryHourVaried(benchmark::State &state)
{
    GroupShape shape;
    shape.servers = g_smoke ? 1 : 4; // 8,192 paths: the bytes per sample do not depend on the count
    hourOfGroup(state, shape, true);
}

void BM_HistoryWeekOnePath(benchmark::State &state)
{
    const GroupShape shape;
    constexpr std::int64_t Week = 7 * 24 * 3600;
    std::size_t busyBytes = 0;
    std::size_t idleBytes = 0;
    std::size_t steps = 0;
    std::size_t buckets = 0;
    for (auto _ : state) {
        for (const int k : {0, 3}) { // path 0 is busy, path 3 idle
            HistoryStore store;
            const HistoryStore::SeriesId id = store.seriesFor(shape.pathKey(0, 0, 1, k), ObjectLevel::Path);
            const PathTraffic traffic = shape.traffic(0, 0, 1, k);
            for (std::int64_t t = 0; t < Week; ++t)
                store.append(id, stepAt(traffic, t));
            const HistoryStore::Usage usage = store.usage();
            (k == 0 ? busyBytes : idleBytes) = usage.heapBytes;
            if (k == 0) {
                steps = usage.steps;
                buckets = usage.buckets;
            }
        }
    }
    state.counters["busy_path_bytes"] = double(busyBytes);
    state.counters["idle_path_bytes"] = double(idleBytes);
    state.counters["readings_held"] = double(steps);
    state.counters["buckets_held"] = double(buckets);
}

void BM_HistoryTick(benchmark::State &state)
{
    const GroupShape shape = group();
    HistoryStore store;
    const GroupSeries ids = makeSeries(store, shape);
    std::vector<PathTraffic> traffic;
    for (int s = 0; s < shape.servers; ++s)
        for (int p = 0; p < shape.ports; ++p)
            for (int l = 0; l < shape.luns; ++l)
                for (int k = 0; k < shape.pathsPerPort; ++k)
                    traffic.push_back(shape.traffic(s, p, l, k));
    std::vector<CounterStep> disks(ids.disks.size());
    std::vector<CounterStep> ports(ids.ports.size());
    std::vector<CounterStep> servers(ids.servers.size());
    std::int64_t second = 0;
    for (auto _ : state) {
        std::fill(disks.begin(), disks.end(), CounterStep());
        std::fill(ports.begin(), ports.end(), CounterStep());
        std::fill(servers.begin(), servers.end(), CounterStep());
        for (std::size_t i = 0; i < ids.paths.size(); ++i) {
            const CounterStep step = stepAt(traffic[i], second);
            store.append(ids.paths[i], step);
            addTo(disks[i / std::size_t(shape.pathsPerPort)], step);
        }
        for (std::size_t d = 0; d < ids.disks.size(); ++d) {
            store.append(ids.disks[d], disks[d]);
            addTo(ports[d / std::size_t(shape.luns)], disks[d]);
        }
        for (std::size_t p = 0; p < ids.ports.size(); ++p) {
            store.append(ids.ports[p], ports[p]);
            addTo(servers[p / std::size_t(shape.ports)], ports[p]);
        }
        for (std::size_t s = 0; s < ids.servers.size(); ++s)
            store.append(ids.servers[s], servers[s]);
        ++second;
    }
    state.counters["series"] = double(store.seriesCount());
}

BENCHMARK(BM_HistoryHourGroup)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_HistoryHourVaried)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_HistoryWeekOnePath)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_HistoryTick)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace pathlens

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        constexpr const char *MinTime = "--benchmark_min_time=";
        if (std::strncmp(argv[i], MinTime, std::strlen(MinTime)) == 0)
            pathlens::g_smoke = std::atof(argv[i] + std::strlen(MinTime)) < 0.1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
