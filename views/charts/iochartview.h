#pragma once

#include "model/history/decimation.h"
#include "model/history/historystore.h"

#include <QChartView>
#include <QList>
#include <QPen>
#include <QString>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

class QCategoryAxis;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace pathlens {

/// One line of an I/O chart: one metric of one object of the tree.
struct ChartLine {
    std::string keyPath;               ///< the tree's KeyPathRole
    Metric metric = Metric::ReadMBps;
    QString name;                      ///< legend text
    QString tag;                       ///< short name for the read-out ("P1", "Read")
    QPen pen;
    bool inLegend = true;              ///< a path's write line shares its read line's legend entry
    PathState state = PathState::Unknown; ///< paths: their state now; aggregates: Unknown
};

/// An I/O chart over time (Qt Charts), fed from the history.
///
/// Each refresh reads what the window needs (HistoryStore::tierFor), cuts it
/// to at most one lowest/highest pair per pixel column (decimation.h) and
/// hands every line its points with one QXYSeries::replace: never point by
/// point, and never more points than the plot has columns for. A gap in the
/// history breaks the line (Qt Charts cannot, so a line with gaps is drawn as
/// several series that share its pen and legend entry).
///
/// Zoom: drag across the plot (a horizontal rubber band); the zoomed span is
/// read again at full detail on every refresh; a right click or resetZoom()
/// goes back. Hovering shows a cursor and says every line's value there.
class IoChartView final : public QChartView
{
    Q_OBJECT

public:
    enum class UpdateMode {
        Decimated, ///< the window's tier, one min/max pair per pixel column at most
        Full,      ///< every point of the finest tier that holds the window (for comparison)
    };

    /// What the last refresh did.
    struct UpdateStats {
        std::size_t seriesReplaced = 0; ///< QXYSeries::replace calls
        std::size_t pointsHanded = 0;   ///< points given to Qt Charts, all series
        std::size_t tier = 0;           ///< HistoryStore tier read
        std::int64_t resolutionMs = 0;  ///< of that tier (0: every reading)
        int pixelWidth = 0;             ///< plot columns decimated to
        double maxValue = 0.0;          ///< highest value shown
        std::chrono::nanoseconds elapsed{0};
    };

    explicit IoChartView(QWidget *parent = nullptr);
    ~IoChartView() override;

    /// The history the chart reads; null empties the chart. Not owned.
    void setHistory(const HistoryStore *history);
    const HistoryStore *history() const { return m_history; }

    /// Which lines to draw (rebuilds the series; the next refresh fills them).
    void setLines(std::vector<ChartLine> lines);
    const std::vector<ChartLine> &lines() const { return m_lines; }
    /// "MB/s" or "IOPS": the value axis' title.
    void setValueTitle(const QString &title);

    /// Reads the history over @p window (or the zoomed span within it) and
    /// replaces every line's points.
    void refresh(const TimeWindow &window, UpdateMode mode = UpdateMode::Decimated);
    const UpdateStats &lastUpdate() const { return m_stats; }
    /// The window of the last refresh, and the span actually shown.
    const TimeWindow &window() const { return m_window; }
    TimeWindow shownRange() const;

    bool isZoomed() const { return m_zoom.has_value(); }
    /// Shows @p range (clipped to the window) until resetZoom(); what a drag does.
    void zoomTo(const TimeWindow &range);
    void resetZoom();

    /// Columns the plot has (what decimation aims at).
    int pixelWidth() const;
    QRectF plotArea() const;
    /// x of a time in widget coordinates, and back.
    double xForTime(std::int64_t ms) const;
    std::int64_t timeAtX(double x) const;

    /// Every line's value at @p ms, one entry per object: "10:42:13 · P1 (A/NO)
    /// read 12.4 MB/s, write 0 MB/s · ...". Empty outside the data.
    QString readoutAt(std::int64_t ms) const;
    /// The hovered time, if the mouse is over the plot.
    std::optional<std::int64_t> hoveredTime() const { return m_hover; }
    /// The read-out shown beside the cursor (empty when not hovering).
    QString hoverText() const;
    /// What hovering at @p ms does (the mouse does the same); nullopt leaves.
    void hoverAt(std::optional<std::int64_t> ms);

    /// The names written at the right end of the busy lines, top to bottom.
    QStringList endLabels() const;

    /// The series that draw line @p index (more than one where it has gaps).
    QList<QLineSeries *> seriesOf(std::size_t index) const;
    /// The time axis, labelled at round local times. Its values (and the
    /// series' x) are milliseconds relative to timeOrigin(), the right edge.
    QCategoryAxis *timeAxis() const { return m_timeAxis; }
    std::int64_t timeOrigin() const { return m_origin; }
    /// Where the time axis has its labels (round local times within the range).
    static std::vector<std::int64_t> timeTicks(const TimeWindow &range, int maxTicks);
    QValueAxis *valueAxis() const { return m_valueAxis; }

Q_SIGNALS:
    /// A drag or right click zoomed in or out; the owner refreshes.
    void zoomChanged(bool zoomed);
    void hoverChanged(const QString &readout);
    void plotAreaChanged(const QRectF &plotArea);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Line;
    void onTimeRangeChanged();
    void applyPoints(Line &line, QList<QPointF> points);
    void setPart(QLineSeries *series, const QList<QPointF> &points);
    QLineSeries *addPart(const ChartLine &spec, bool inLegend);
    void setTimeRange(const TimeWindow &range);
    void setValueRange(double maxValue);
    void placeCursor();
    void placeReadout();
    void placeEndLabels();
    std::size_t fullTierFor(const TimeWindow &range) const;

    const HistoryStore *m_history = nullptr;
    QCategoryAxis *m_timeAxis = nullptr;
    std::vector<std::int64_t> m_ticks; ///< the labels the axis has
    std::int64_t m_origin = 0;         ///< the time x = 0 stands for
    QValueAxis *m_valueAxis = nullptr;
    QGraphicsLineItem *m_cursor = nullptr;
    QLabel *m_readout = nullptr; ///< the hover read-out, beside the cursor
    /// Names at the right end of the lines that carry I/O, so a line is
    /// known without the legend's colours (grey-scale prints).
    std::vector<QGraphicsRectItem *> m_endLabels;
    std::vector<ChartLine> m_lines;
    std::vector<Line> m_parts;
    TimeWindow m_window;
    std::optional<TimeWindow> m_zoom;
    std::optional<std::int64_t> m_hover;
    std::size_t m_tier = 0;
    UpdateStats m_stats;
    bool m_settingRange = false;
};

} // namespace pathlens
