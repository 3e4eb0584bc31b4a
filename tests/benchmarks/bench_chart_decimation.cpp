// What a live chart costs per tick on the model side: reading a window of
// history and cutting it to at most one min/max pair per pixel column
// (model/history/decimation.h), against handing every point over.
//
// Data (historyfixture.h): 64 busy series, 24 h at 1 s each (86,400
// readings). Two stores hold it: one with the default tiers (15 min full
// rate, 10 s for 6 h, 1 min for 7 days), where a 24 h window reads the
// 1-minute tier, and one keeping the whole day at full rate, the worst case.
// Charts are 1,920 pixels wide.
//
// BM_Chart64x24h             64 series, default tiers: read + decimate, as on
//                            every tick after the first (the store keeps the
//                            blocks it decoded; only the newest is read again)
// BM_Chart64x24h_Cold        the same from cold (first draw, every block decoded)
// BM_Chart64x24h_DecimateOnly  decimation alone (series read beforehand)
// BM_Chart64x24h_FullRate    64 series decimated from 86,400 readings each (cold)
// BM_Naive64x24h             64 series, every reading as a point, no decimation (cold)
// BM_Disk8x24h               a disk's 8 paths, default tiers, read IOPS (per tick)
// BM_Disk8x24h_FourMetrics   the same 8 paths, all four rate metrics (32 series)
// BM_Disk8x24h_FullRate      8 paths decimated from full rate (cold)
// BM_NaiveDisk8x24h          8 paths, every reading as a point (cold)
//
// Counter "points": points handed to the chart per tick. The Qt Charts side
// (QXYSeries::replace with these lists) is measured separately by the views.

#include "historyfixture.h"

#include "model/history/decimation.h"

#include <benchmark/benchmark.h>

namespace pathlens {
namespace {

using namespace benchfixture;
using namespace std::chrono_literals;

constexpr int Width = 1920;
constexpr std::int64_t Day = 24 * 3600;
const TimeWindow DayWindow{Epoch2024Ms, Epoch2024Ms + Day * 1000};

struct DayStores {
    HistoryStore tiered;
    HistoryStore fullRate{[] {
        HistoryConfig config;
        config.tiers = {{0ms, 24h}};
        return config;
    }()};
    std::vector<std::string> keys;
};

const DayStores &stores()
{
    static const DayStores *made = [] {
        auto *s = new DayStores;
        s->keys = feedBusySeries(s->tiered, 64, Day);
        feedBusySeries(s->fullRate, 64, Day);
        return s;
    }();
    return *made;
}

std::vector<std::string> firstKeys(std::size_t count)
{
    const auto &keys = stores().keys;
    return std::vector<std::string>(keys.begin(), keys.begin() + std::ptrdiff_t(count));
}

void chart(benchmark::State &state, const HistoryStore &store, std::size_t series, std::vector<Metric> metrics,
           bool cold = false)
{
    ChartRequest request;
    request.keyPaths = firstKeys(series);
    request.metrics = std::move(metrics);
    request.window = DayWindow;
    request.pixelWidth = Width;
    std::size_t points = 0;
    std::int64_t resolution = 0;
    store.dropDecodedCache();
    for (auto _ : state) {
        if (cold) {
            state.PauseTiming();
            store.dropDecodedCache();
            state.ResumeTiming();
        }
        const std::vector<ChartSeries> charts = chartSeries(store, request);
        points = 0;
        for (const ChartSeries &c : charts)
            points += std::size_t(c.points.size());
        resolution = charts.front().resolutionMs;
        benchmark::DoNotOptimize(charts.data());
    }
    state.counters["points"] = double(points);
    state.counters["series"] = double(request.keyPaths.size() * request.metrics.size());
    state.counters["tier_seconds"] = double(resolution) / 1000.0;
}

void decimateFullRate(benchmark::State &state, std::size_t series)
{
    const HistoryStore &store = stores().fullRate;
    const std::vector<std::string> keys = firstKeys(series);
    std::size_t points = 0;
    for (auto _ : state) {
        state.PauseTiming();
        store.dropDecodedCache();
        state.ResumeTiming();
        points = 0;
        for (const std::string &key : keys) {
            const RateSeries one = store.series(key, Metric::ReadIops, DayWindow, 0);
            const QList<QPointF> chart = decimate(one, DayWindow, Width);
            points += std::size_t(chart.size());
            benchmark::DoNotOptimize(chart.data());
        }
    }
    state.counters["points"] = double(points);
    state.counters["readings_per_series"] = double(Day);
}

void naive(benchmark::State &state, std::size_t series)
{
    const HistoryStore &store = stores().fullRate;
    const std::vector<std::string> keys = firstKeys(series);
    std::size_t points = 0;
    for (auto _ : state) {
        state.PauseTiming();
        store.dropDecodedCache();
        state.ResumeTiming();
        points = 0;
        for (const std::string &key : keys) {
            const RateSeries one = store.series(key, Metric::ReadIops, DayWindow, 0);
            const QList<QPointF> all = fullSeries(one, DayWindow);
            points += std::size_t(all.size());
            benchmark::DoNotOptimize(all.data());
        }
    }
    state.counters["points"] = double(points);
}

void BM_Chart64x24h(benchmark::State &state)
{
    chart(state, stores().tiered, 64, {Metric::ReadIops});
}

void BM_Chart64x24h_Cold(benchmark::State &state)
{
    chart(state, stores().tiered, 64, {Metric::ReadIops}, true);
}

void BM_Chart64x24h_DecimateOnly(benchmark::State &state)
{
    const HistoryStore &store = stores().tiered;
    const std::size_t tier = store.tierFor(DayWindow, Width);
    std::vector<RateSeries> read;
    for (const std::string &key : stores().keys)
        read.push_back(store.series(key, Metric::ReadIops, DayWindow, tier));
    std::size_t points = 0;
    for (auto _ : state) {
        points = 0;
        for (const RateSeries &one : read) {
            const QList<QPointF> chart = decimate(one, DayWindow, Width);
            points += std::size_t(chart.size());
            benchmark::DoNotOptimize(chart.data());
        }
    }
    state.counters["points"] = double(points);
}

void BM_Chart64x24h_FullRate(benchmark::State &state)
{
    decimateFullRate(state, 64);
}

void BM_Naive64x24h(benchmark::State &state)
{
    naive(state, 64);
}

void BM_Disk8x24h(benchmark::State &state)
{
    chart(state, stores().tiered, 8, {Metric::ReadIops});
}

void BM_Disk8x24h_FourMetrics(benchmark::State &state)
{
    chart(state, stores().tiered, 8, {Metric::ReadIops, Metric::WriteIops, Metric::ReadMBps, Metric::WriteMBps});
}

void BM_Disk8x24h_FullRate(benchmark::State &state)
{
    decimateFullRate(state, 8);
}

void BM_NaiveDisk8x24h(benchmark::State &state)
{
    naive(state, 8);
}

BENCHMARK(BM_Chart64x24h)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Chart64x24h_Cold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Chart64x24h_DecimateOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Chart64x24h_FullRate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Naive64x24h)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Disk8x24h)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Disk8x24h_FourMetrics)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Disk8x24h_FullRate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaiveDisk8x24h)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace pathlens

BENCHMARK_MAIN();
