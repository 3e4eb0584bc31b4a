#pragma once

#include "model/history/historystore.h"

#include <QString>
#include <QWidget>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pathlens {

/// The paths' ALUA states over time, one bar per path under the I/O chart
/// and aligned with its plot: each stretch in its state's colour and hatch
/// (so grey-scale works), every change marked with a tick, and stretches
/// where a path flapped (as many changes in as short a time as the
/// path-flapping rule counts) framed in red.
class StateTimeline final : public QWidget
{
    Q_OBJECT

public:
    /// One path to show.
    struct PathRow {
        std::string keyPath;
        QString label;   ///< short, left of the bar ("P1")
        QString name;    ///< in full, for the tooltip
        std::int64_t endMs = 0; ///< where the path's readings end (it left); 0: it is still there
    };

    struct Segment {
        std::int64_t fromMs = 0;
        std::int64_t toMs = 0;
        PathState state = PathState::Unknown;
    };
    struct Flap {
        std::int64_t fromMs = 0;
        std::int64_t toMs = 0;
        std::size_t changes = 0;
    };
    /// A row as drawn for the current range.
    struct Row {
        PathRow path;
        std::vector<Segment> segments; ///< where the state is known, oldest first
        std::vector<StateEvent> events;  ///< changes within the range
        std::vector<Flap> flaps;
    };

    explicit StateTimeline(QWidget *parent = nullptr);

    void setHistory(const HistoryStore *history);
    /// The paths, in order; more than maxRows() are cut (the cut is said).
    void setPaths(std::vector<PathRow> paths);
    /// Reads the paths' states over @p range again.
    void refresh(const TimeWindow &range);
    /// The bars span the widget less these margins: the chart's plot area.
    void setPlotMargins(int left, int right);
    /// What counts as flapping: @p changes within @p window (the health
    /// rule's defaults).
    void setFlapRule(std::size_t changes, std::chrono::milliseconds window);

    const std::vector<Row> &rows() const { return m_rows; }
    const TimeWindow &range() const { return m_range; }
    std::size_t eventCount() const;
    std::size_t flapCount() const;
    static constexpr int maxRows() { return 16; }
    /// Paths left out beyond maxRows().
    std::size_t hiddenPaths() const { return m_hidden; }
    /// Text when there is no row ("No path below ...").
    void setEmptyText(const QString &text);

    /// The tooltip at a point (plain text); empty where there is nothing.
    QString toolTipTextAt(const QPoint &pos) const;
    /// Where a row's bar is drawn.
    QRect barRect(std::size_t row) const;
    double xForTime(std::int64_t ms) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    Row buildRow(const PathRow &path) const;
    int rowAt(const QPoint &pos) const;
    std::int64_t timeAtX(double x) const;

    const HistoryStore *m_history = nullptr;
    std::vector<PathRow> m_paths;
    std::vector<Row> m_rows;
    std::size_t m_hidden = 0;
    TimeWindow m_range;
    QString m_emptyText;
    int m_leftMargin = 60;
    int m_rightMargin = 10;
    std::size_t m_flapChanges = 3;
    std::chrono::milliseconds m_flapWindow{10 * 60 * 1000};
};

} // namespace pathlens
