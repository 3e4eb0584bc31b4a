// Decimation for the charts: at most a min/max pair per pixel column, peaks
// survive, gaps are breaks, and the tier follows the window.

#include "model/history/decimation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using history::CounterStep;

constexpr std::int64_t T0 = 1'717'200'000'000;

CounterStep readsAt(std::int64_t second, std::uint64_t reads)
{
    CounterStep step;
    step.endMs = T0 + second * 1000;
    step.intervalMs = 1000;
    step.reads = reads;
    step.bytesRead = reads * 4096;
    return step;
}

/// One hour at 1 s: 100 reads/s, one second of 5000 at 30:00, 0 at 45:00.
HistoryStore hourWithPeak()
{
    HistoryConfig config;
    config.tiers = {{0ms, 2h}, {10s, 6h}, {1min, 24h}};
    HistoryStore store(config);
    const auto id = store.seriesFor("s/p/d/a", ObjectLevel::Path);
    for (int i = 1; i <= 3600; ++i)
        store.append(id, readsAt(i, i == 1800 ? 5000 : i == 2700 ? 0 : 100));
    return store;
}

const TimeWindow Hour{T0, T0 + 3'600'000};

double maxY(const QList<QPointF> &points)
{
    double best = -1;
    for (const QPointF &p : points)
        if (!isGap(p))
            best = std::max(best, p.y());
    return best;
}

double minY(const QList<QPointF> &points)
{
    double best = 1e300;
    for (const QPointF &p : points)
        if (!isGap(p))
            best = std::min(best, p.y());
    return best;
}

TEST(HistoryDecimation, AtMostTwoPointsPerColumnAndPeaksSurvive)
{
    const HistoryStore store = hourWithPeak();
    const RateSeries series = store.series("s/p/d/a", Metric::ReadIops, Hour, 0);
    ASSERT_EQ(series.points.size(), 3600u);
    for (int width : {100, 333, 1000}) {
        const QList<QPointF> points = decimate(series, Hour, width);
        EXPECT_LE(points.size(), 2 * width) << width;
        EXPECT_DOUBLE_EQ(maxY(points), 5000.0) << width;
        EXPECT_DOUBLE_EQ(minY(points), 0.0) << width;
        std::map<long, int> perColumn;
        for (const QPointF &p : points) {
            ASSERT_FALSE(isGap(p));
            ++perColumn[long((p.x() - double(T0)) * width / 3'600'000.0)];
        }
        for (const auto &[column, count] : perColumn)
            EXPECT_LE(count, 2) << "column " << column << " of " << width;
        // x is in time order, on the window.
        for (qsizetype i = 1; i < points.size(); ++i)
            EXPECT_LE(points[i - 1].x(), points[i].x());
        EXPECT_GE(points.front().x(), double(T0));
        EXPECT_LE(points.back().x(), double(T0 + 3'600'000));
    }
    // Without decimation it is every reading.
    EXPECT_EQ(fullSeries(series, Hour).size(), 3600);
}

TEST(HistoryDecimation, AverageModeGivesOnePointPerColumn)
{
    const HistoryStore store = hourWithPeak();
    const RateSeries series = store.series("s/p/d/a", Metric::ReadIops, Hour, 0);
    const QList<QPointF> points = decimate(series, Hour, 60, DecimationMode::Average);
    ASSERT_EQ(points.size(), 60);
    // Minute 30's column averages the peak in: (59 * 100 + 5000) / 60. The
    // peak's reading ends at 30:00 and lies in the 29th minute's column.
    EXPECT_DOUBLE_EQ(points[29].y(), (59 * 100.0 + 5000.0) / 60.0);
    EXPECT_DOUBLE_EQ(points[10].y(), 100.0);
}

TEST(HistoryDecimation, GapsAreBreaks)
{
    HistoryStore store;
    const auto id = store.seriesFor("k", ObjectLevel::Path);
    for (int i = 1; i <= 100; ++i)
        store.append(id, readsAt(i, 50));
    for (int i = 201; i <= 300; ++i) // 100 s without readings
        store.append(id, readsAt(i, 70));
    const TimeWindow window{T0, T0 + 300'000};
    const RateSeries series = store.series("k", Metric::ReadIops, window, 0);
    const QList<QPointF> points = decimate(series, window, 300);
    int gaps = 0;
    for (const QPointF &p : points)
        gaps += isGap(p) ? 1 : 0;
    EXPECT_EQ(gaps, 1);
    EXPECT_FALSE(isGap(points.front()));
    EXPECT_FALSE(isGap(points.back()));
    const QList<QList<QPointF>> runs = splitAtGaps(points);
    ASSERT_EQ(runs.size(), 2);
    EXPECT_DOUBLE_EQ(runs[0].back().y(), 50.0);
    EXPECT_DOUBLE_EQ(runs[1].front().y(), 70.0);
    EXPECT_LT(runs[0].back().x(), double(T0 + 101'000));
    EXPECT_GT(runs[1].front().x(), double(T0 + 199'000));
    // The full series breaks at the same place.
    EXPECT_EQ(splitAtGaps(fullSeries(series, window)).size(), 2);
}

TEST(HistoryDecimation, EmptyOrDegenerateRequestsGiveNothing)
{
    const HistoryStore store = hourWithPeak();
    const RateSeries series = store.series("s/p/d/a", Metric::ReadIops, Hour, 0);
    EXPECT_TRUE(decimate(series, Hour, 0).isEmpty());
    EXPECT_TRUE(decimate(series, TimeWindow{T0, T0}, 100).isEmpty());
    EXPECT_TRUE(decimate(RateSeries(), Hour, 100).isEmpty());
    EXPECT_TRUE(decimate(series, TimeWindow{T0 - 10'000'000, T0 - 5'000'000}, 100).isEmpty());
    EXPECT_TRUE(splitAtGaps({}).isEmpty());
}

TEST(HistoryDecimation, ChartSeriesReadsTheTierTheWindowNeeds)
{
    const HistoryStore store = hourWithPeak();
    ChartRequest request;
    request.keyPaths = {"s/p/d/a", "s/p/d/a", "missing"};
    request.metrics = {Metric::ReadIops, Metric::ReadMBps};
    request.window = Hour;
    request.pixelWidth = 30; // 2-minute columns: the 1-minute tier is fine enough
    const std::vector<ChartSeries> charts = chartSeries(store, request);
    ASSERT_EQ(charts.size(), 6u);
    EXPECT_EQ(charts[0].resolutionMs, 60'000);
    EXPECT_EQ(charts[1].metric, Metric::ReadMBps);
    EXPECT_LE(charts[0].points.size(), 60);
    // The 1-minute buckets kept the one-second peak.
    EXPECT_DOUBLE_EQ(maxY(charts[0].points), 5000.0);
    EXPECT_DOUBLE_EQ(maxY(charts[1].points), 5000.0 * 4096 / 1e6);
    EXPECT_DOUBLE_EQ(minY(charts[0].points), 0.0);
    EXPECT_TRUE(charts[4].points.isEmpty());

    request.pixelWidth = 2000; // finer than 10 s: full rate
    EXPECT_EQ(chartSeries(store, request)[0].resolutionMs, 0);
}

} // namespace
} // namespace pathlens
