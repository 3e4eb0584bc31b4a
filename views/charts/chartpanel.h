#pragma once

#include "model/history/historystore.h"
#include "views/charts/iochartview.h"

#include <QPointer>
#include <QString>
#include <QWidget>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

class QButtonGroup;
class QComboBox;
class QLabel;
class QToolButton;

namespace pathlens {

class InventoryTreeModel;
class PathSampler;
class StateTimeline;

/// Live charts of the object selected in the tree (meant for a dock or a
/// tab): throughput or IOPS over time with reads and writes apart, for a
/// disk one line per path in its ALUA state's colour and dash pattern, and
/// under it the paths' state timeline with changes and flapping marked.
///
/// The toolbar picks the window (5 min, 1 h, 24 h, 7 days), pauses the
/// picture (sampling goes on; resuming catches up), resets a zoom, and
/// exports the chart as PNG or SVG and its series as CSV. The chart follows
/// the sampler: each reading replaces the series in bulk.
class ChartPanel final : public QWidget
{
    Q_OBJECT

public:
    enum class Quantity { Throughput, Iops };
    enum class Direction { ReadsAndWrites, Reads, Writes };

    /// The windows offered, shortest first.
    static const std::vector<std::chrono::milliseconds> &windows();

    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    /// Where the history comes from; the panel follows its readings. Not
    /// owned; null (or its destruction) empties the chart.
    void setSampler(PathSampler *sampler);
    /// Names and current states of the objects (optional: without it lines
    /// are named by their keys and coloured by the last state sampled).
    void setTreeModel(const InventoryTreeModel *model);
    /// The object to chart: the tree's KeyPathRole text of the selected row
    /// (a server, port, disk or path). Empty shows nothing.
    void setObject(const QString &keyPath);
    QString object() const { return m_keyPath; }
    ObjectLevel objectLevel() const { return m_level; }

    void setQuantity(Quantity quantity);
    Quantity quantity() const { return m_quantity; }
    void setDirection(Direction direction);
    Direction direction() const { return m_direction; }
    void setWindow(std::chrono::milliseconds window);
    std::chrono::milliseconds window() const { return m_window; }

    /// Freezes the picture where it is (the sampler keeps sampling).
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    /// Redraws from the history now (each reading does this by itself).
    void refresh();
    /// The window of the last refresh: it ends at the newest reading.
    TimeWindow currentWindow() const { return m_current; }

    /// Writes the chart and the state timeline as an image (PNG, via a grab
    /// of the widgets) or as a vector drawing (SVG); the file is replaced
    /// only when complete. False with @p error in words on failure.
    bool exportPng(const QString &fileName, QString *error = nullptr) const;
    bool exportSvg(const QString &fileName, QString *error = nullptr) const;
    /// The lines' series over the shown span as CSV (historycsv.h): every
    /// reading or bucket of the tier shown, not the decimated points.
    bool exportCsv(const QString &fileName, QString *error = nullptr) const;

    IoChartView *chartView() const { return m_chart; }
    StateTimeline *timeline() const { return m_timeline; }
    /// The heading ("Disk DGC VRAID LUN 1 via DCS-A BE1 on DCS-A") and the status line.
    QString titleText() const;
    QString statusText() const;

Q_SIGNALS:
    /// After every redraw (tests and the status bar may listen).
    void refreshed();

private:
    void buildToolbar();
    void rebuildLines();
    std::vector<ChartLine> planLines() const;
    std::vector<std::string> pathsOfObject() const;
    std::vector<Metric> metrics() const;
    QString displayName(const std::string &keyPath) const;
    QString objectTitle() const;
    PathState currentState(const std::string &keyPath) const;
    std::optional<ObjectLevel> levelOf(const QString &keyPath) const;
    void updateTimelinePaths();
    std::int64_t lastReading(const std::string &keyPath) const;
    void updateStatus();
    void onSampled();
    void onPlotAreaChanged(const QRectF &area);
    void syncTimelineMargins();
    void exportWithDialog(const QString &kind);
    QString suggestedFileName(const QString &suffix) const;
    QWidget *exportedWidget() const { return m_plot; }

    QPointer<PathSampler> m_sampler;
    QPointer<const InventoryTreeModel> m_model;
    QString m_keyPath;
    ObjectLevel m_level = ObjectLevel::Server;
    Quantity m_quantity = Quantity::Throughput;
    Direction m_direction = Direction::ReadsAndWrites;
    std::chrono::milliseconds m_window{std::chrono::hours(1)};
    bool m_paused = false;
    std::optional<std::int64_t> m_frozenAt;
    TimeWindow m_current;
    bool m_refitQueued = false;

    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QButtonGroup *m_quantityGroup = nullptr;
    QButtonGroup *m_windowGroup = nullptr;
    QComboBox *m_directionBox = nullptr;
    QToolButton *m_pauseButton = nullptr;
    QToolButton *m_resetZoomButton = nullptr;
    QToolButton *m_exportButton = nullptr;
    QWidget *m_plot = nullptr; ///< chart and timeline: what the exports show
    IoChartView *m_chart = nullptr;
    StateTimeline *m_timeline = nullptr;
};

} // namespace pathlens
