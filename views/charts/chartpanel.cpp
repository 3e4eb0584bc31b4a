#include "views/charts/chartpanel.h"

#include "model/health/healthcontext.h"
#include "model/history/historycsv.h"
#include "model/history/pathsampler.h"
#include "model/inventorytreemodel.h"
#include "views/charts/chartstyle.h"
#include "views/charts/statetimeline.h"
#include "views/presentation.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace pathlens {

namespace {

using namespace std::chrono_literals;

QString windowLabel(std::chrono::milliseconds window)
{
    return charts::spanText(window.count());
}

QToolButton *toolButton(const QString &text, QWidget *parent, bool checkable = false)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setCheckable(checkable);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

bool saveAtomically(const QString &fileName, QString *error, const std::function<bool(QIODevice &)> &write)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, file.errorString());
        return false;
    }
    if (!write(file) || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(fileName, file.errorString().isEmpty()
                                                               ? QCoreApplication::translate("pathlens::ChartPanel", "could not be written")
                                                               : file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

} // namespace

const std::vector<std::chrono::milliseconds> &ChartPanel::windows()
{
    static const std::vector<std::chrono::milliseconds> spans{5min, 1h, 24h, 7 * 24h};
    return spans;
}

ChartPanel::ChartPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    buildToolbar();

    m_plot = new QWidget(this);
    m_plot->setObjectName(QStringLiteral("chartPlot"));
    m_plot->setAutoFillBackground(true);
    QPalette plotPalette = m_plot->palette();
    plotPalette.setColor(QPalette::Window, Qt::white);
    m_plot->setPalette(plotPalette);
    auto *plotLayout = new QVBoxLayout(m_plot);
    plotLayout->setContentsMargins(0, 4, 0, 4);
    plotLayout->setSpacing(0);
    m_title = new QLabel(m_plot);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setContentsMargins(6, 0, 6, 0);
    QFont heading = m_title->font();
    heading.setBold(true);
    m_title->setFont(heading);
    m_chart = new IoChartView(m_plot);
    m_timeline = new StateTimeline(m_plot);
    const HealthSettings rule;
    m_timeline->setFlapRule(rule.flapChanges, rule.flapWindow);
    plotLayout->addWidget(m_title);
    plotLayout->addWidget(m_chart, 1);
    plotLayout->addWidget(m_timeline);
    layout->addWidget(m_plot, 1);

    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_chart, &IoChartView::zoomChanged, this, [this](bool zoomed) {
        m_resetZoomButton->setEnabled(zoomed);
        refresh();
    });
    connect(m_chart, &IoChartView::plotAreaChanged, this, &ChartPanel::onPlotAreaChanged);

    setObject(QString());
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::buildToolbar()
{
    auto *bar = new QHBoxLayout();
    bar->setSpacing(2);

    m_quantityGroup = new QButtonGroup(this);
    m_quantityGroup->setExclusive(true);
    QToolButton *throughput = toolButton(tr("MB/s"), this, true);
    throughput->setToolTip(tr("Throughput in megabytes (10^6 bytes) per second"));
    QToolButton *iops = toolButton(tr("IOPS"), this, true);
    iops->setToolTip(tr("Operations per second"));
    m_quantityGroup->addButton(throughput, int(Quantity::Throughput));
    m_quantityGroup->addButton(iops, int(Quantity::Iops));
    throughput->setChecked(true);
    bar->addWidget(throughput);
    bar->addWidget(iops);
    connect(m_quantityGroup, &QButtonGroup::idClicked, this, [this](int id) { setQuantity(Quantity(id)); });

    bar->addSpacing(8);
    m_directionBox = new QComboBox(this);
    m_directionBox->addItem(tr("Reads and writes"), int(Direction::ReadsAndWrites));
    m_directionBox->addItem(tr("Reads"), int(Direction::Reads));
    m_directionBox->addItem(tr("Writes"), int(Direction::Writes));
    m_directionBox->setToolTip(tr("Which I/O to draw; on a disk, reads draw thick and writes thin"));
    bar->addWidget(m_directionBox);
    connect(m_directionBox, &QComboBox::activated, this,
            [this](int index) { setDirection(Direction(m_directionBox->itemData(index).toInt())); });

    bar->addSpacing(8);
    m_windowGroup = new QButtonGroup(this);
    m_windowGroup->setExclusive(true);
    for (std::size_t i = 0; i < windows().size(); ++i) {
        QToolButton *button = toolButton(windowLabel(windows()[i]), this, true);
        button->setToolTip(tr("Show the last %1").arg(windowLabel(windows()[i])));
        m_windowGroup->addButton(button, int(i));
        button->setChecked(windows()[i] == m_window);
        bar->addWidget(button);
    }
    connect(m_windowGroup, &QButtonGroup::idClicked, this,
            [this](int id) { setWindow(windows()[std::size_t(id)]); });

    bar->addStretch(1);
    m_pauseButton = toolButton(tr("Pause"), this, true);
    m_pauseButton->setToolTip(tr("Hold the picture still; sampling goes on and resuming catches up"));
    connect(m_pauseButton, &QToolButton::toggled, this, &ChartPanel::setPaused);
    bar->addWidget(m_pauseButton);

    m_resetZoomButton = toolButton(tr("Reset zoom"), this);
    m_resetZoomButton->setToolTip(tr("Drag across the chart to zoom in; this (or a right click) shows the whole window again"));
    m_resetZoomButton->setEnabled(false);
    connect(m_resetZoomButton, &QToolButton::clicked, this, [this] { m_chart->resetZoom(); });
    bar->addWidget(m_resetZoomButton);

    m_exportButton = toolButton(tr("Export"), this);
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_exportButton);
    menu->addAction(tr("Chart as PNG image…"), this, [this] { exportWithDialog(QStringLiteral("png")); });
    menu->addAction(tr("Chart as SVG drawing…"), this, [this] { exportWithDialog(QStringLiteral("svg")); });
    menu->addAction(tr("Series as CSV…"), this, [this] { exportWithDialog(QStringLiteral("csv")); });
    m_exportButton->setMenu(menu);
    bar->addWidget(m_exportButton);

    static_cast<QVBoxLayout *>(layout())->addLayout(bar);
}

void ChartPanel::setSampler(PathSampler *sampler)
{
    if (m_sampler)
        disconnect(m_sampler, nullptr, this, nullptr);
    m_sampler = sampler;
    m_chart->setHistory(sampler ? &sampler->history() : nullptr);
    m_timeline->setHistory(sampler ? &sampler->history() : nullptr);
    if (sampler) {
        connect(sampler, &PathSampler::sampled, this, &ChartPanel::onSampled);
        connect(sampler, &PathSampler::historyCleared, this, [this] {
            m_frozenAt.reset();
            rebuildLines();
        });
        connect(sampler, &QObject::destroyed, this, [this] {
            m_chart->setHistory(nullptr);
            m_timeline->setHistory(nullptr);
            rebuildLines();
        });
    }
    rebuildLines();
}

void ChartPanel::setTreeModel(const InventoryTreeModel *model)
{
    // Read when lines are planned; each reading checks whether a refresh of
    // the tree changed a path's state (its colour) or the paths themselves.
    m_model = model;
    rebuildLines();
}

void ChartPanel::setObject(const QString &keyPath)
{
    m_keyPath = keyPath;
    m_chart->resetZoom();
    rebuildLines();
}

void ChartPanel::setQuantity(Quantity quantity)
{
    m_quantity = quantity;
    if (QAbstractButton *button = m_quantityGroup->button(int(quantity)))
        button->setChecked(true);
    rebuildLines();
}

void ChartPanel::setDirection(Direction direction)
{
    m_direction = direction;
    m_directionBox->setCurrentIndex(m_directionBox->findData(int(direction)));
    rebuildLines();
}

void ChartPanel::setWindow(std::chrono::milliseconds window)
{
    m_window = std::max<std::chrono::milliseconds>(window, 10s);
    for (std::size_t i = 0; i < windows().size(); ++i) {
        if (windows()[i] == m_window)
            m_windowGroup->button(int(i))->setChecked(true);
    }
    m_chart->resetZoom();
    refresh();
}

void ChartPanel::setPaused(bool paused)
{
    m_paused = paused;
    {
        const QSignalBlocker block(m_pauseButton);
        m_pauseButton->setChecked(paused);
    }
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    if (paused) {
        m_frozenAt = m_current.toMs;
        updateStatus();
    } else {
        m_frozenAt.reset();
        refresh();
    }
}

std::vector<Metric> ChartPanel::metrics() const
{
    const bool mb = m_quantity == Quantity::Throughput;
    std::vector<Metric> out;
    if (m_direction != Direction::Writes)
        out.push_back(mb ? Metric::ReadMBps : Metric::ReadIops);
    if (m_direction != Direction::Reads)
        out.push_back(mb ? Metric::WriteMBps : Metric::WriteIops);
    return out;
}

std::optional<ObjectLevel> ChartPanel::levelOf(const QString &keyPath) const
{
    const std::string key = keyPath.toStdString();
    if (m_sampler) {
        if (const auto id = m_sampler->history().find(key))
            return m_sampler->history().level(*id);
    }
    if (m_model) {
        const QModelIndex index = m_model->indexForKeyPath(keyPath);
        if (index.isValid()) {
            switch (InventoryTreeModel::NodeKind(index.data(InventoryTreeModel::NodeKindRole).toInt())) {
            case InventoryTreeModel::NodeKind::Server: return ObjectLevel::Server;
            case InventoryTreeModel::NodeKind::Port: return ObjectLevel::Port;
            case InventoryTreeModel::NodeKind::Disk: return ObjectLevel::Disk;
            case InventoryTreeModel::NodeKind::Path: return ObjectLevel::Path;
            }
        }
    }
    return std::nullopt;
}

QString ChartPanel::displayName(const std::string &keyPath) const
{
    const QString key = QString::fromStdString(keyPath);
    if (m_model) {
        const QModelIndex index = m_model->indexForKeyPath(key);
        if (index.isValid())
            return index.data(Qt::DisplayRole).toString();
    }
    // Not in the tree any more (a driver change took the path away); without
    // a tree, the last part of its key.
    if (m_model && m_model->snapshot())
        return tr("(gone)");
    // Keys may hold '/' themselves: below the charted object, all that follows it.
    const QString below = m_keyPath + QLatin1Char('/');
    if (!m_keyPath.isEmpty() && key.startsWith(below))
        return key.mid(below.size());
    return key.section(QLatin1Char('/'), -1);
}

PathState ChartPanel::currentState(const std::string &keyPath) const
{
    if (m_model) {
        const QModelIndex index = m_model->indexForKeyPath(QString::fromStdString(keyPath));
        if (index.isValid()) {
            const QVariant state = index.data(InventoryTreeModel::PathStateRole);
            if (state.isValid())
                return PathState(state.toInt());
        }
    }
    if (m_sampler) {
        const HistoryStore &history = m_sampler->history();
        if (const auto state = history.stateAt(keyPath, history.newestMs()))
            return *state;
    }
    return PathState::Unknown;
}

std::vector<std::string> ChartPanel::pathsOfObject() const
{
    // The tree's paths in its order, then paths only the history still knows
    // (gone from the tree, e.g. after a driver change).
    std::vector<std::string> paths;
    const std::string key = m_keyPath.toStdString();
    if (m_level == ObjectLevel::Path)
        return {key};
    if (m_model && m_level == ObjectLevel::Disk) {
        const QModelIndex disk = m_model->indexForKeyPath(m_keyPath);
        for (int row = 0; disk.isValid() && row < m_model->rowCount(disk); ++row)
            paths.push_back(m_model->index(row, 0, disk).data(InventoryTreeModel::KeyPathRole).toString().toStdString());
    }
    if (m_sampler) {
        for (std::string &path : m_sampler->history().keysUnder(key, ObjectLevel::Path)) {
            if (std::find(paths.begin(), paths.end(), path) == paths.end())
                paths.push_back(std::move(path));
        }
    }
    return paths;
}

std::vector<ChartLine> ChartPanel::planLines() const
{
    std::vector<ChartLine> lines;
    if (m_keyPath.isEmpty())
        return lines;
    const std::vector<Metric> shown = metrics();
    const std::string key = m_keyPath.toStdString();
    if (m_level != ObjectLevel::Disk) {
        const PathState state = m_level == ObjectLevel::Path ? currentState(key) : PathState::Unknown;
        const QString tag = displayName(key);
        for (Metric metric : shown) {
            ChartLine line;
            line.keyPath = key;
            line.metric = metric;
            line.name = charts::isRead(metric) ? tr("Read") : tr("Write");
            line.tag = tag;
            line.pen = charts::isRead(metric) ? charts::readPen(charts::ReadLineWidth)
                                              : charts::writePen(charts::ReadLineWidth);
            line.state = state;
            lines.push_back(line);
        }
        return lines;
    }
    // A disk: each path in its state's colour and pattern; several paths in
    // one state get different shades of it.
    const bool both = shown.size() > 1;
    int perState[8] = {};
    const std::vector<std::string> paths = pathsOfObject();
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const PathState state = currentState(paths[i]);
        const int shade = perState[std::size_t(state) % 8]++;
        const QString number = tr("P%1").arg(i + 1);
        for (Metric metric : shown) {
            ChartLine line;
            line.keyPath = paths[i];
            line.metric = metric;
            // Short in the legend (eight paths fit), in full in the read-out.
            line.name = QStringLiteral("%1 (%2)").arg(number, charts::stateTag(state));
            line.tag = number + QLatin1Char(' ') + displayName(paths[i]);
            const bool thin = both && !charts::isRead(metric);
            line.pen = charts::pathPen(state, thin ? charts::WriteLineWidth : charts::ReadLineWidth, shade);
            line.inLegend = !thin;
            line.state = state;
            lines.push_back(line);
        }
    }
    return lines;
}

void ChartPanel::rebuildLines()
{
    if (!m_keyPath.isEmpty())
        m_level = levelOf(m_keyPath).value_or(ObjectLevel::Server);
    m_chart->setLines(planLines());
    QString unit = m_quantity == Quantity::Throughput ? tr("MB/s") : tr("IOPS");
    if (m_level == ObjectLevel::Disk && m_direction == Direction::ReadsAndWrites)
        unit += tr(" (thick: read, thin: write)");
    m_chart->setValueTitle(unit);
    updateTimelinePaths();
    refresh();
}

std::int64_t ChartPanel::lastReading(const std::string &keyPath) const
{
    const HistoryStore &history = m_sampler->history();
    const std::int64_t newest = history.newestMs();
    const std::size_t coarsest = history.tierCount() - 1;
    const TimeWindow all{newest - history.config().tiers.back().span.count(), newest};
    const RateSeries series = history.series(keyPath, Metric::ReadIops, all, coarsest);
    return series.points.empty() ? 0 : std::min(series.points.back().endMs, newest);
}

void ChartPanel::updateTimelinePaths()
{
    std::vector<StateTimeline::PathRow> rows;
    if (m_keyPath.isEmpty()) {
        m_timeline->setEmptyText(tr("Select a server, port, disk or path in the tree"));
    } else if (m_level == ObjectLevel::Disk || m_level == ObjectLevel::Path) {
        const std::vector<std::string> paths = pathsOfObject();
        for (std::size_t i = 0; i < paths.size(); ++i) {
            const QString name = displayName(paths[i]);
            StateTimeline::PathRow row{paths[i], m_level == ObjectLevel::Disk ? tr("P%1").arg(i + 1) : name, name, 0};
            // The history keeps a path's last state for good: a path the tree
            // no longer has ends where its readings end.
            if (m_model && m_sampler && !m_model->indexForKeyPath(QString::fromStdString(paths[i])).isValid())
                row.endMs = lastReading(paths[i]);
            rows.push_back(std::move(row));
        }
        m_timeline->setEmptyText(tr("No path state recorded yet"));
    } else if (m_sampler) {
        // A server or port has many paths: the ones that changed state in
        // the window, most changes first.
        const TimeWindow window = currentWindow();
        std::vector<std::pair<std::string, std::size_t>> changed;
        for (const auto &event : m_sampler->history().stateEventsUnder(m_keyPath.toStdString(), window)) {
            auto found = std::find_if(changed.begin(), changed.end(),
                                      [&](const auto &entry) { return entry.first == event.pathKeyPath; });
            if (found == changed.end())
                changed.emplace_back(event.pathKeyPath, 1);
            else
                ++found->second;
        }
        std::stable_sort(changed.begin(), changed.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
        for (const auto &[path, count] : changed) {
            const std::size_t slash = path.rfind('/');
            const std::string disk = slash == std::string::npos ? std::string() : path.substr(0, slash);
            const QString name = displayName(disk) + QStringLiteral(" / ") + displayName(path);
            rows.push_back({path, displayName(path), name, 0});
        }
        m_timeline->setEmptyText(tr("No path below this object changed state in this window"));
    }
    m_timeline->setPaths(std::move(rows));
}

void ChartPanel::refresh()
{
    std::int64_t now = 0;
    if (m_frozenAt)
        now = *m_frozenAt;
    else if (m_sampler && m_sampler->history().newestMs() > 0)
        now = m_sampler->history().newestMs();
    else
        now = QDateTime::currentMSecsSinceEpoch();
    m_current = TimeWindow{now - m_window.count(), now};
    m_chart->refresh(m_current);
    if (m_level != ObjectLevel::Disk && m_level != ObjectLevel::Path && !m_keyPath.isEmpty())
        updateTimelinePaths(); // which paths changed depends on the window
    m_timeline->refresh(m_chart->shownRange());
    syncTimelineMargins();
    m_resetZoomButton->setEnabled(m_chart->isZoomed());
    m_title->setText(objectTitle());
    updateStatus();
    Q_EMIT refreshed();
}

void ChartPanel::onSampled()
{
    if (m_paused)
        return;
    // The object may have been unknown until this reading placed it.
    if (!m_keyPath.isEmpty() && levelOf(m_keyPath).value_or(m_level) != m_level) {
        rebuildLines();
        return;
    }
    const std::vector<ChartLine> planned = planLines();
    const std::vector<ChartLine> &shown = m_chart->lines();
    const bool same = std::equal(planned.begin(), planned.end(), shown.begin(), shown.end(),
                                 [](const ChartLine &a, const ChartLine &b) {
                                     return a.keyPath == b.keyPath && a.metric == b.metric && a.state == b.state
                                         && a.name == b.name;
                                 });
    if (same)
        refresh();
    else
        rebuildLines(); // a path came, went or changed state
}

void ChartPanel::onPlotAreaChanged(const QRectF &)
{
    // The chart lays out in steps (axes, legend); line up once it is done.
    QTimer::singleShot(0, this, &ChartPanel::syncTimelineMargins);
    // A plot that got wider or narrower wants its points again, once.
    if (std::abs(m_chart->pixelWidth() - m_chart->lastUpdate().pixelWidth) > 8 && !m_refitQueued) {
        m_refitQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_refitQueued = false;
            if (m_paused)
                m_chart->refresh(m_current);
            else
                refresh();
        });
    }
}

void ChartPanel::syncTimelineMargins()
{
    // The timeline's bars span exactly the chart's plot, so times line up.
    const QRectF area = m_chart->plotArea();
    QChart *chart = m_chart->chart();
    const QPoint left = m_chart->viewport()->mapTo(m_plot, m_chart->mapFromScene(chart->mapToScene(area.topLeft())));
    const QPoint right = m_chart->viewport()->mapTo(m_plot, m_chart->mapFromScene(chart->mapToScene(area.topRight())));
    m_timeline->setPlotMargins(left.x(), m_plot->width() - right.x());
}

QString ChartPanel::objectTitle() const
{
    if (m_keyPath.isEmpty())
        return tr("No object selected");
    const QString name = displayName(m_keyPath.toStdString());
    QStringList above;
    if (m_model) {
        for (QModelIndex index = m_model->indexForKeyPath(m_keyPath).parent(); index.isValid(); index = index.parent())
            above << index.data(Qt::DisplayRole).toString();
    }
    QString title;
    switch (m_level) {
    case ObjectLevel::Server: title = tr("Server %1").arg(name); break;
    case ObjectLevel::Port: title = tr("Port %1").arg(name); break;
    case ObjectLevel::Disk: title = tr("Disk %1").arg(name); break;
    case ObjectLevel::Path: title = tr("Path %1").arg(name); break;
    }
    if (m_level == ObjectLevel::Disk) {
        const std::size_t paths = m_timeline->rows().size() + m_timeline->hiddenPaths();
        title += paths == 1 ? tr(", 1 path") : tr(", %1 paths").arg(paths);
    }
    if (!above.isEmpty())
        title += QStringLiteral(" — ") + above.join(QStringLiteral(" on "));
    const QString quantity = m_quantity == Quantity::Throughput ? tr("throughput") : tr("IOPS");
    return tr("%1 · %2, last %3").arg(title, quantity, charts::spanText(m_current.span()));
}

QString ChartPanel::titleText() const
{
    return m_title->text();
}

QString ChartPanel::statusText() const
{
    return m_status->text();
}

void ChartPanel::updateStatus()
{
    QStringList parts;
    if (!m_sampler) {
        parts << tr("No sampler: nothing is being measured.");
    } else if (m_sampler->history().newestMs() == 0) {
        parts << tr("No reading yet: the first comes with the next sample.");
    } else {
        const IoChartView::UpdateStats &stats = m_chart->lastUpdate();
        parts << tr("Newest reading %1").arg(charts::timeText(m_sampler->history().newestMs(), m_window.count()));
        parts << tr("sampled every %1 s").arg(m_sampler->interval().count());
        if (stats.resolutionMs > 0)
            parts << tr("shown as %1 averages with their lows and peaks").arg(charts::spanText(stats.resolutionMs).replace(QLatin1Char(' '), QChar(0x2011)));
        else
            parts << tr("every reading shown");
    }
    if (m_paused)
        parts << tr("paused at %1 (sampling goes on)").arg(charts::timeText(m_current.toMs, m_window.count()));
    if (m_chart->isZoomed())
        parts << tr("zoomed to %1").arg(charts::spanText(m_chart->shownRange().span()));
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

// ------------------------------------------------------------------ exports

bool ChartPanel::exportPng(const QString &fileName, QString *error) const
{
    const QPixmap image = exportedWidget()->grab();
    return saveAtomically(fileName, error, [&](QIODevice &device) { return image.save(&device, "PNG"); });
}

bool ChartPanel::exportSvg(const QString &fileName, QString *error) const
{
    return saveAtomically(fileName, error, [&](QIODevice &device) {
        QWidget *widget = exportedWidget();
        QSvgGenerator svg;
        svg.setOutputDevice(&device);
        svg.setSize(widget->size());
        svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
        svg.setTitle(titleText());
        svg.setDescription(tr("PathLens I/O chart"));
        QPainter painter;
        if (!painter.begin(&svg))
            return false;
        widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        return painter.end();
    });
}

bool ChartPanel::exportCsv(const QString &fileName, QString *error) const
{
    std::vector<RateSeries> series;
    QStringList names;
    if (m_sampler) {
        const TimeWindow range = m_chart->shownRange();
        const std::size_t tier = m_chart->lastUpdate().tier;
        for (const ChartLine &line : m_chart->lines()) {
            series.push_back(m_sampler->history().series(line.keyPath, line.metric, range, tier));
            // A disk's lines are its paths (with their state now); other
            // objects' lines are the object itself.
            names << (m_level == ObjectLevel::Disk ? QStringLiteral("%1 (%2)").arg(line.tag, charts::stateTag(line.state))
                                                   : line.tag);
        }
    }
    return writeSeriesCsv(fileName, series, names, error);
}

QString ChartPanel::suggestedFileName(const QString &suffix) const
{
    QString name = displayName(m_keyPath.toStdString());
    // Only what every file system takes.
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('-');
    }
    const QString quantity = m_quantity == Quantity::Throughput ? QStringLiteral("mbps") : QStringLiteral("iops");
    const QString stamp = QDateTime::fromMSecsSinceEpoch(m_current.toMs).toString(QStringLiteral("yyyyMMdd-HHmm"));
    return QStringLiteral("pathlens-%1-%2-%3.%4").arg(name.isEmpty() ? QStringLiteral("chart") : name, quantity, stamp, suffix);
}

void ChartPanel::exportWithDialog(const QString &kind)
{
    const QString filter = kind == QLatin1String("png")   ? tr("PNG image (*.png)")
                           : kind == QLatin1String("svg") ? tr("SVG drawing (*.svg)")
                                                          : tr("CSV file (*.csv)");
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export chart"), suggestedFileName(kind), filter);
    if (fileName.isEmpty())
        return;
    QString error;
    const bool ok = kind == QLatin1String("png")   ? exportPng(fileName, &error)
                    : kind == QLatin1String("svg") ? exportSvg(fileName, &error)
                                                   : exportCsv(fileName, &error);
    if (!ok)
        QMessageBox::warning(this, tr("Export chart"), tr("The chart was not exported.\n%1").arg(error));
}

} // namespace pathlens
