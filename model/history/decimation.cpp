#include "model/history/decimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pathlens {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

bool overlaps(const SeriesPoint &point, const TimeWindow &window)
{
    return point.endMs >= window.fromMs && point.startMs <= window.toMs;
}

// One pixel column being filled.
struct Column {
    long index = -1;
    double minValue = 0, maxValue = 0;
    double minX = 0, maxX = 0;
    double weighted = 0, weight = 0, weightedX = 0;

    void start(long at, const SeriesPoint &point, double x, DecimationMode mode)
    {
        index = at;
        minValue = point.min;
        maxValue = point.max;
        minX = maxX = x;
        weighted = weightedX = weight = 0;
        if (mode == DecimationMode::Average)
            addWeight(point, x);
    }

    void add(const SeriesPoint &point, double x, DecimationMode mode)
    {
        if (point.min < minValue) {
            minValue = point.min;
            minX = x;
        }
        if (point.max > maxValue) {
            maxValue = point.max;
            maxX = x;
        }
        if (mode == DecimationMode::Average)
            addWeight(point, x);
    }

    void addWeight(const SeriesPoint &point, double x)
    {
        const double w = double(std::max<std::int64_t>(1, point.endMs - point.startMs));
        weighted += point.avg * w;
        weightedX += x * w;
        weight += w;
    }

    void flush(QList<QPointF> &out, DecimationMode mode)
    {
        if (index < 0)
            return;
        if (mode == DecimationMode::Average) {
            out.append(QPointF(weightedX / weight, weighted / weight));
        } else if (minValue == maxValue) {
            out.append(QPointF(std::min(minX, maxX), minValue));
        } else if (minX <= maxX) {
            out.append(QPointF(minX, minValue));
            out.append(QPointF(maxX, maxValue));
        } else {
            out.append(QPointF(maxX, maxValue));
            out.append(QPointF(minX, minValue));
        }
        index = -1;
    }
};

// Takes points in time order and emits the chart's points as it goes.
class Decimator final
{
public:
    Decimator(const TimeWindow &window, int pixelWidth, DecimationMode mode)
        : m_window(window)
        , m_width(pixelWidth)
        , m_columnsPerMs(double(pixelWidth) / double(window.span()))
        , m_mode(mode)
    {
        m_out.reserve(2 * qsizetype(pixelWidth) + 16);
    }

    void add(const SeriesPoint &point)
    {
        if (!overlaps(point, m_window))
            return;
        if (m_started && isGapBetween(m_previous, point)) {
            m_column.flush(m_out, m_mode);
            m_out.append(QPointF(double(m_previous.endMs), NaN));
        }
        const double x = double(point.midMs());
        const double column = std::clamp((x - double(m_window.fromMs)) * m_columnsPerMs, 0.0, double(m_width - 1));
        const long at = long(column);
        if (at != m_column.index) {
            m_column.flush(m_out, m_mode);
            m_column.start(at, point, x, m_mode);
        } else {
            m_column.add(point, x, m_mode);
        }
        m_previous = point;
        m_started = true;
    }

    QList<QPointF> finish()
    {
        m_column.flush(m_out, m_mode);
        return std::move(m_out);
    }

private:
    TimeWindow m_window;
    long m_width;
    double m_columnsPerMs;
    DecimationMode m_mode;
    QList<QPointF> m_out;
    Column m_column;
    SeriesPoint m_previous;
    bool m_started = false;
};

} // namespace

bool isGap(const QPointF &point)
{
    return std::isnan(point.y());
}

QList<QPointF> decimate(const RateSeries &series, const TimeWindow &window, int pixelWidth, DecimationMode mode)
{
    if (pixelWidth <= 0 || window.span() <= 0 || series.points.empty())
        return {};
    Decimator decimator(window, pixelWidth, mode);
    for (const SeriesPoint &point : series.points)
        decimator.add(point);
    return decimator.finish();
}

QList<QPointF> fullSeries(const RateSeries &series, const TimeWindow &window)
{
    QList<QPointF> out;
    out.reserve(qsizetype(series.points.size()));
    bool started = false;
    for (std::size_t i = 0; i < series.points.size(); ++i) {
        const SeriesPoint &point = series.points[i];
        if (!overlaps(point, window))
            continue;
        if (started && series.gapBefore(i))
            out.append(QPointF(double(series.points[i - 1].endMs), NaN));
        out.append(QPointF(double(point.midMs()), point.avg));
        started = true;
    }
    return out;
}

QList<QList<QPointF>> splitAtGaps(const QList<QPointF> &points)
{
    QList<QList<QPointF>> runs;
    QList<QPointF> run;
    for (const QPointF &point : points) {
        if (isGap(point)) {
            if (!run.isEmpty())
                runs.append(std::move(run));
            run = QList<QPointF>();
            continue;
        }
        run.append(point);
    }
    if (!run.isEmpty())
        runs.append(std::move(run));
    return runs;
}

std::vector<ChartSeries> chartSeries(const HistoryStore &history, const ChartRequest &request)
{
    std::vector<ChartSeries> out;
    out.reserve(request.keyPaths.size() * request.metrics.size());
    const std::size_t tier = history.tierFor(request.window, request.pixelWidth);
    const std::int64_t resolution = history.config().tiers[tier].resolution.count();
    const bool drawable = request.pixelWidth > 0 && request.window.span() > 0;

    // Points go straight from the history into the decimators, one per metric.
    struct Sink final : PointSink {
        std::vector<Decimator> decimators;
        void point(std::size_t metric, const SeriesPoint &point) override { decimators[metric].add(point); }
    };
    for (const std::string &key : request.keyPaths) {
        Sink sink;
        if (drawable) {
            for (std::size_t m = 0; m < request.metrics.size(); ++m)
                sink.decimators.emplace_back(request.window, request.pixelWidth, request.mode);
            history.visit(key, request.metrics, request.window, tier, sink);
        }
        for (std::size_t m = 0; m < request.metrics.size(); ++m) {
            ChartSeries chart;
            chart.keyPath = key;
            chart.metric = request.metrics[m];
            chart.resolutionMs = resolution;
            if (drawable)
                chart.points = sink.decimators[m].finish();
            out.push_back(std::move(chart));
        }
    }
    return out;
}

} // namespace pathlens
