// What one tick of a live chart costs in the view, Qt Charts' own work
// included: the chart panel's I/O chart reads the window from the history,
// decimates it to at most one min/max pair per pixel column and replaces
// every series in bulk (views/charts/iochartview.h), against a naive update
// that hands Qt Charts every reading.
//
// Data (historyfixture.h), 24 h at 1 s:
//   a disk with 8 paths as the group benchmark shapes them (2 ports x 4
//   paths, the 2 per port to the owning controller busy, the others idle
//   A/NO paths); the chart draws reads and writes of each path (16 lines);
//   64 busy series, read IOPS (64 lines).
// Two stores hold it: the default tiers (15 min full rate, 10 s for 6 h,
// 1 min for 7 days), which the decimated chart reads, and one keeping the
// whole day at full rate, which the naive update draws from.
//
// BM_DiskUpdate_Decimated/W      the panel's tick for the 8-path disk, plot W px wide
// BM_DiskUpdate_DecimatedPaint/W the same plus painting the chart once (one frame)
// BM_DiskUpdate_AllBusy/W        the 8 paths all busy (Round Robin): the worst case
// BM_DiskUpdate_Naive/W          every reading of the 16 lines handed over
// BM_Update64_Decimated/W        64 lines
// BM_Update64_Naive/W            64 lines, every reading (one iteration: seconds)
// BM_Decimate64                  decimation alone for the 64 lines (no Qt Charts)
//
// Counters: points = points handed to Qt Charts per update (all series),
// series = QXYSeries::replace calls per update, plot_px = plot width,
// tier_s = resolution read (0: every reading). The disk ticks append one
// reading per path before each (untimed) update, so the window moves as live.
// Run: QT_QPA_PLATFORM=offscreen build-rel/tests/benchmarks/bench_chart_update

#include "qtbenchmarkmain.h"
#include "historyfixture.h"

#include "model/history/decimation.h"
#include "model/history/pathsampler.h"
#include "views/charts/chartpanel.h"
#include "views/charts/iochartview.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

#include <memory>

namespace pathlens {
namespace {

using namespace benchfixture;
using namespace std::chrono_literals;

constexpr std::int64_t Day = 24 * 3600;
const std::string DiskKey = "srv/be1/LUN1";

HistoryConfig fullRateDay()
{
    HistoryConfig config;
    config.tiers = {{0ms, 24h}};
    return config;
}

/// A disk's 8 paths and their disk, one day at 1 s.
std::vector<std::string> feedDisk(HistoryStore &store, bool allBusy)
{
    const GroupShape shape;
    const HistoryStore::SeriesId disk = store.seriesFor(DiskKey, ObjectLevel::Disk);
    std::vector<CounterStep> sums(static_cast<std::size_t>(Day));
    std::vector<std::string> keys;
    for (int p = 0; p < 2; ++p) {
        for (int k = 0; k < 4; ++k) {
            keys.push_back(DiskKey + "/path" + std::to_string(p * 4 + k));
            PathTraffic traffic = shape.traffic(0, p, 0, allBusy ? k % 2 : k);
            traffic.seed = mix(std::uint64_t(p * 4 + k) + 77);
            const HistoryStore::SeriesId id = store.seriesFor(keys.back(), ObjectLevel::Path);
            const bool busy = traffic.readIops > 0.0;
            store.noteState(id, Epoch2024Ms, busy ? PathState::ActiveOptimized : PathState::ActiveUnoptimized);
            for (std::int64_t t = 0; t < Day; ++t) {
                const CounterStep step = stepAt(traffic, t);
                store.append(id, step);
                addTo(sums[std::size_t(t)], step);
            }
        }
    }
    for (const CounterStep &step : sums)
        store.append(disk, step);
    return keys;
}

/// A panel showing @p object of @p sampler's history, laid out for a plot
/// about @p plotWidth pixels wide, over the last 24 h.
struct Panel {
    ChartPanel panel;

    Panel(PathSampler &sampler, const QString &object, int plotWidth)
    {
        panel.resize(plotWidth + 90, 700);
        panel.setSampler(&sampler);
        panel.setWindow(24h);
        panel.setObject(object);
        panel.show();
        QCoreApplication::processEvents();
        panel.refresh();
    }
};

struct Stores {
    std::unique_ptr<PathSampler> disk;         ///< default tiers
    std::unique_ptr<PathSampler> diskFull;     ///< the day at full rate
    std::unique_ptr<PathSampler> diskAllBusy;  ///< default tiers, every path busy
    std::unique_ptr<PathSampler> busy;         ///< 64 series, default tiers
    std::unique_ptr<PathSampler> busyFull;     ///< 64 series, full rate
    std::vector<std::string> busyKeys;
};

Stores &stores()
{
    static Stores *made = [] {
        auto *s = new Stores;
        s->disk = std::make_unique<PathSampler>(nullptr);
        feedDisk(s->disk->history(), false);
        s->diskFull = std::make_unique<PathSampler>(nullptr, fullRateDay());
        feedDisk(s->diskFull->history(), false);
        s->diskAllBusy = std::make_unique<PathSampler>(nullptr);
        feedDisk(s->diskAllBusy->history(), true);
        s->busy = std::make_unique<PathSampler>(nullptr);
        s->busyKeys = feedBusySeries(s->busy->history(), 64, Day);
        s->busyFull = std::make_unique<PathSampler>(nullptr, fullRateDay());
        feedBusySeries(s->busyFull->history(), 64, Day);
        return s;
    }();
    return *made;
}

void report(benchmark::State &state, const IoChartView &chart)
{
    const IoChartView::UpdateStats &stats = chart.lastUpdate();
    state.counters["points"] = double(stats.pointsHanded);
    state.counters["series"] = double(stats.seriesReplaced);
    state.counters["plot_px"] = double(stats.pixelWidth);
    state.counters["tier_s"] = double(stats.resolutionMs) / 1000.0;
}

/// One more second of every series of the disk (untimed): the window moves
/// on as it does between two readings.
void nextReading(HistoryStore &store, std::int64_t &second)
{
    const std::vector<std::string> keys = store.keysUnder(DiskKey, ObjectLevel::Path);
    CounterStep sum;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        PathTraffic traffic;
        traffic.seed = mix(k + 77);
        traffic.readIops = 500.0;
        traffic.writeIops = 200.0;
        const CounterStep step = stepAt(traffic, second);
        store.append(*store.find(keys[k]), step);
        addTo(sum, step);
    }
    store.append(*store.find(DiskKey), sum);
    ++second;
}

/// The chart's tick as the panel does it on each reading.
void panelTick(benchmark::State &state, PathSampler &sampler, bool paint = false)
{
    Panel view(sampler, QString::fromStdString(DiskKey), int(state.range(0)));
    IoChartView &chart = *view.panel.chartView();
    QImage frame(chart.size(), QImage::Format_ARGB32_Premultiplied);
    std::int64_t second = (sampler.history().newestMs() - Epoch2024Ms) / 1000;
    for (auto _ : state) {
        state.PauseTiming();
        nextReading(sampler.history(), second);
        state.ResumeTiming();
        view.panel.refresh();
        if (paint) {
            QPainter painter(&frame);
            chart.render(&painter);
        }
    }
    report(state, chart);
}

void BM_DiskUpdate_Decimated(benchmark::State &state)
{
    panelTick(state, *stores().disk);
}

void BM_DiskUpdate_DecimatedPaint(benchmark::State &state)
{
    panelTick(state, *stores().disk, true);
}

void BM_DiskUpdate_AllBusy(benchmark::State &state)
{
    panelTick(state, *stores().diskAllBusy);
}

void BM_DiskUpdate_Naive(benchmark::State &state)
{
    Panel view(*stores().diskFull, QString::fromStdString(DiskKey), int(state.range(0)));
    IoChartView &chart = *view.panel.chartView();
    const TimeWindow window = view.panel.currentWindow();
    for (auto _ : state)
        chart.refresh(window, IoChartView::UpdateMode::Full);
    report(state, chart);
}

/// A chart of the 64 busy series' read IOPS.
void update64(benchmark::State &state, PathSampler &sampler, IoChartView::UpdateMode mode)
{
    IoChartView chart;
    chart.resize(int(state.range(0)) + 90, 600);
    chart.show();
    QCoreApplication::processEvents();
    std::vector<ChartLine> lines;
    for (const std::string &key : stores().busyKeys)
        lines.push_back(ChartLine{key, Metric::ReadIops, QString::fromStdString(key), QString::fromStdString(key),
                                  QPen(Qt::darkBlue, 1.5), true, PathState::Unknown});
    chart.setLines(std::move(lines));
    chart.setHistory(&sampler.history());
    const std::int64_t newest = sampler.history().newestMs();
    const TimeWindow window{newest - Day * 1000, newest};
    chart.refresh(window, mode);
    for (auto _ : state)
        chart.refresh(window, mode);
    report(state, chart);
}

void BM_Update64_Decimated(benchmark::State &state)
{
    update64(state, *stores().busy, IoChartView::UpdateMode::Decimated);
}

void BM_Update64_Naive(benchmark::State &state)
{
    update64(state, *stores().busyFull, IoChartView::UpdateMode::Full);
}

void BM_Decimate64(benchmark::State &state)
{
    const HistoryStore &store = stores().busy->history();
    const std::int64_t newest = store.newestMs();
    ChartRequest request{stores().busyKeys, {Metric::ReadIops}, TimeWindow{newest - Day * 1000, newest},
                         int(state.range(0)), DecimationMode::MinMax};
    std::size_t points = 0;
    for (auto _ : state) {
        const std::vector<ChartSeries> series = chartSeries(store, request);
        points = 0;
        for (const ChartSeries &one : series)
            points += std::size_t(one.points.size());
        benchmark::DoNotOptimize(series.data());
    }
    state.counters["points"] = double(points);
}

BENCHMARK(BM_DiskUpdate_Decimated)->Arg(1000)->Arg(1920)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiskUpdate_DecimatedPaint)->Arg(1000)->Arg(1920)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiskUpdate_AllBusy)->Arg(1000)->Arg(1920)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DiskUpdate_Naive)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Update64_Decimated)->Arg(1000)->Arg(1920)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Update64_Naive)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_Decimate64)->Arg(1000)->Arg(1920)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace pathlens

PATHLENS_QT_BENCHMARK_MAIN()
