#pragma once

// From history to chart points: at most one pair of points (the lowest and
// the highest value) per pixel column, so a chart's series is replaced in
// bulk with a few thousand points however long the window, and a short peak
// still shows. x is milliseconds since the epoch (QDateTimeAxis), y the
// metric's value.
//
// A gap in the data (a missed reading, a counter reset, an absent path) is
// one point whose y is NaN; splitAtGaps() cuts the list there for chart
// series that cannot draw breaks.

#include "model/history/historystore.h"

#include <QList>
#include <QPointF>

#include <string>
#include <vector>

namespace pathlens {

enum class DecimationMode {
    MinMax,  ///< per column the lowest and the highest value, in the order they occurred
    Average, ///< per column the time-weighted average, one point
};

QList<QPointF> decimate(const RateSeries &series, const TimeWindow &window, int pixelWidth,
                        DecimationMode mode = DecimationMode::MinMax);

/// Every point of the window as it is (each reading's or bucket's average),
/// gaps as NaN points: what drawing without decimation costs.
QList<QPointF> fullSeries(const RateSeries &series, const TimeWindow &window);

bool isGap(const QPointF &point);
/// The runs of points between gaps (empty runs are left out).
QList<QList<QPointF>> splitAtGaps(const QList<QPointF> &points);

/// What one chart shows: metrics of objects over a window.
struct ChartRequest {
    std::vector<std::string> keyPaths; ///< tree key paths (KeyPathRole)
    std::vector<Metric> metrics;
    TimeWindow window;
    int pixelWidth = 1000;
    DecimationMode mode = DecimationMode::MinMax;
};

struct ChartSeries {
    std::string keyPath;
    Metric metric = Metric::ReadIops;
    std::int64_t resolutionMs = 0; ///< of the tier read (0: full rate)
    QList<QPointF> points;
};

/// Reads the tier the window needs (HistoryStore::tierFor) and decimates
/// every key path × metric, in request order (key paths outer).
std::vector<ChartSeries> chartSeries(const HistoryStore &history, const ChartRequest &request);

} // namespace pathlens
