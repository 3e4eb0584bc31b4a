#include "views/charts/iochartview.h"

#include "views/charts/chartstyle.h"

#include <QDateTime>
#include <QCategoryAxis>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLocale>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace pathlens {

namespace {

/// Drops the inner points of runs with the same value (an idle path's zeros,
/// a flat stretch): the line looks the same with two points as with a
/// thousand, and Qt Charts pays per point.
void dropFlatRuns(QList<QPointF> &points)
{
    if (points.size() < 3)
        return;
    qsizetype kept = 1;
    for (qsizetype i = 1; i + 1 < points.size(); ++i) {
        const double y = points[i].y();
        // NaN never equals itself: gap markers always stay.
        if (y == points[kept - 1].y() && y == points[i + 1].y())
            continue;
        points[kept++] = points[i];
    }
    points[kept++] = points.back();
    points.resize(kept);
}

bool hasGap(const QList<QPointF> &points)
{
    return std::any_of(points.cbegin(), points.cend(), [](const QPointF &p) { return isGap(p); });
}

const SeriesPoint *pointAt(const RateSeries &series, std::int64_t ms)
{
    const SeriesPoint *found = nullptr;
    for (const SeriesPoint &point : series.points) {
        if (point.startMs <= ms && ms <= point.endMs)
            found = &point;
    }
    return found;
}

} // namespace

struct IoChartView::Line {
    QList<QLineSeries *> parts; ///< parts[0] carries the legend entry
    std::optional<QPointF> last; ///< the newest point shown (chart x), if any
};

IoChartView::IoChartView(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 8, 4));
    chart->legend()->setAlignment(Qt::AlignTop);
    // A legend entry draws a piece of the line itself: its dash pattern
    // tells the state in grey-scale too.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    setChart(chart); // the view owns it

    // Labels at round local times (10:00, 10:05, ...), which QDateTimeAxis
    // cannot do: it divides the range evenly from wherever it starts.
    m_timeAxis = new QCategoryAxis(chart);
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    // x is milliseconds before the right edge of the plot, so the axis range
    // stays put while the window moves on: a moving range would make Qt
    // Charts recompute every series once for the range and again for the
    // points.
    m_timeAxis->setTitleText(tr("Local time"));
    QFont small = m_timeAxis->titleFont();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    small.setBold(false);
    m_timeAxis->setTitleFont(small);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);

    m_valueAxis = new QValueAxis(chart);
    m_valueAxis->setTitleFont(small);
    m_valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_valueAxis->setRange(0, 1);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);

    m_cursor = new QGraphicsLineItem(chart);
    m_cursor->setPen(QPen(QColor(0x40, 0x40, 0x40, 160), 1, Qt::DashLine));
    m_cursor->setZValue(100);
    m_cursor->hide();

    m_readout = new QLabel(this);
    m_readout->setObjectName(QStringLiteral("chartReadout"));
    m_readout->setTextFormat(Qt::PlainText);
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(255, 255, 255, 235); color: #202020; border: 1px solid #9a9a9a; padding: 3px 5px; }"));
    m_readout->hide();

    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    setMouseTracking(true);
    setMinimumHeight(220);

    connect(m_timeAxis, &QValueAxis::rangeChanged, this, &IoChartView::onTimeRangeChanged);
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        placeCursor();
        placeEndLabels();
        Q_EMIT plotAreaChanged(area);
    });
    setTimeRange(TimeWindow{QDateTime::currentMSecsSinceEpoch() - 300'000, QDateTime::currentMSecsSinceEpoch()});
}

IoChartView::~IoChartView() = default;

void IoChartView::setHistory(const HistoryStore *history)
{
    m_history = history;
    if (!history) {
        for (Line &line : m_parts) {
            for (QLineSeries *part : line.parts)
                setPart(part, {});
        }
        hoverAt(std::nullopt);
    }
}

void IoChartView::setValueTitle(const QString &title)
{
    m_valueAxis->setTitleText(title);
}

QLineSeries *IoChartView::addPart(const ChartLine &spec, bool inLegend)
{
    auto *series = new QLineSeries();
    // Qt Charts takes legend names for HTML; names come from remote systems.
    series->setName(spec.name.toHtmlEscaped());
    series->setPen(spec.pen);
    chart()->addSeries(series); // the chart owns it
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    const QList<QLegendMarker *> markers = chart()->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        marker->setVisible(inLegend);
    return series;
}

void IoChartView::setLines(std::vector<ChartLine> lines)
{
    chart()->removeAllSeries();
    m_parts.clear();
    m_lines = std::move(lines);
    m_parts.resize(m_lines.size());
    for (std::size_t i = 0; i < m_lines.size(); ++i)
        m_parts[i].parts << addPart(m_lines[i], m_lines[i].inLegend);
    chart()->legend()->setVisible(!m_lines.empty());
}

QList<QLineSeries *> IoChartView::seriesOf(std::size_t index) const
{
    return index < m_parts.size() ? m_parts[index].parts : QList<QLineSeries *>();
}

void IoChartView::setPart(QLineSeries *series, const QList<QPointF> &points)
{
    if (points.isEmpty() && series->count() == 0)
        return;
    series->replace(points);
    ++m_stats.seriesReplaced;
    m_stats.pointsHanded += std::size_t(points.size());
}

void IoChartView::applyPoints(Line &line, QList<QPointF> points)
{
    const double origin = double(m_origin);
    for (QPointF &point : points)
        point.rx() -= origin;
    line.last.reset();
    for (auto it = points.crbegin(); it != points.crend(); ++it) {
        if (!isGap(*it)) {
            line.last = *it;
            break;
        }
    }
    if (!hasGap(points)) {
        setPart(line.parts.front(), points);
        for (qsizetype i = 1; i < line.parts.size(); ++i)
            setPart(line.parts[i], {});
        return;
    }
    const QList<QList<QPointF>> runs = splitAtGaps(points);
    const std::size_t index = std::size_t(&line - m_parts.data());
    while (line.parts.size() < std::max<qsizetype>(1, runs.size()))
        line.parts << addPart(m_lines[index], false);
    for (qsizetype i = 0; i < line.parts.size(); ++i)
        setPart(line.parts[i], i < runs.size() ? runs[i] : QList<QPointF>());
}

std::size_t IoChartView::fullTierFor(const TimeWindow &range) const
{
    // The finest tier that still holds the whole range.
    const std::vector<HistoryTier> &tiers = m_history->config().tiers;
    const std::int64_t newest = m_history->newestMs();
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        if (range.fromMs >= newest - tiers[t].span.count())
            return t;
    }
    return tiers.size() - 1;
}

void IoChartView::refresh(const TimeWindow &window, UpdateMode mode)
{
    const auto started = std::chrono::steady_clock::now();
    m_stats = UpdateStats();
    m_window = window;
    if (m_zoom && (m_zoom->fromMs >= window.toMs || m_zoom->toMs <= window.fromMs))
        m_zoom.reset(); // the window moved away from what was zoomed into
    const TimeWindow range = shownRange();
    const int width = pixelWidth();
    m_stats.pixelWidth = width;

    // Objects and metrics in first-seen order; every line is one (object, metric).
    std::vector<std::string> keys;
    std::vector<Metric> metrics;
    for (const ChartLine &line : m_lines) {
        if (std::find(keys.begin(), keys.end(), line.keyPath) == keys.end())
            keys.push_back(line.keyPath);
        if (std::find(metrics.begin(), metrics.end(), line.metric) == metrics.end())
            metrics.push_back(line.metric);
    }
    const auto slot = [&](const std::string &key, Metric metric) {
        const auto k = std::size_t(std::find(keys.begin(), keys.end(), key) - keys.begin());
        const auto m = std::size_t(std::find(metrics.begin(), metrics.end(), metric) - metrics.begin());
        return k * metrics.size() + m;
    };

    std::vector<QList<QPointF>> points(keys.size() * metrics.size());
    if (m_history && !keys.empty()) {
        if (mode == UpdateMode::Decimated) {
            ChartRequest request{keys, metrics, range, width, DecimationMode::MinMax};
            std::vector<ChartSeries> series = chartSeries(*m_history, request);
            m_tier = m_history->tierFor(range, width);
            for (ChartSeries &one : series) {
                m_stats.resolutionMs = one.resolutionMs;
                dropFlatRuns(one.points);
                points[slot(one.keyPath, one.metric)] = std::move(one.points);
            }
        } else {
            m_tier = fullTierFor(range);
            for (const std::string &key : keys) {
                for (const RateSeries &one : m_history->series(key, metrics, range, m_tier)) {
                    m_stats.resolutionMs = one.resolutionMs;
                    points[slot(key, one.metric)] = fullSeries(one, range);
                }
            }
        }
    }
    m_stats.tier = m_tier;

    double maxValue = 0.0;
    for (const QList<QPointF> &list : points) {
        for (const QPointF &point : list) {
            if (!isGap(point))
                maxValue = std::max(maxValue, point.y());
        }
    }
    m_stats.maxValue = maxValue;
    setTimeRange(range);
    setValueRange(maxValue);
    for (std::size_t i = 0; i < m_lines.size(); ++i)
        applyPoints(m_parts[i], std::move(points[slot(m_lines[i].keyPath, m_lines[i].metric)]));
    placeCursor();
    placeEndLabels();
    m_stats.elapsed = std::chrono::steady_clock::now() - started;
    if (m_hover)
        hoverAt(m_hover); // the read-out says the new values
}

TimeWindow IoChartView::shownRange() const
{
    if (!m_zoom)
        return m_window;
    return TimeWindow{std::max(m_zoom->fromMs, m_window.fromMs), std::min(m_zoom->toMs, m_window.toMs)};
}

std::vector<std::int64_t> IoChartView::timeTicks(const TimeWindow &range, int maxTicks)
{
    constexpr std::int64_t s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
    static constexpr std::int64_t steps[] = {1 * s,  2 * s,  5 * s,  10 * s, 15 * s, 30 * s, 1 * m,
                                             2 * m,  5 * m,  10 * m, 15 * m, 30 * m, 1 * h,  2 * h,
                                             3 * h,  6 * h,  12 * h, 1 * d,  2 * d,  7 * d};
    std::vector<std::int64_t> ticks;
    if (range.span() <= 0)
        return ticks;
    std::int64_t step = steps[std::size(steps) - 1];
    for (std::int64_t candidate : steps) {
        if (range.span() / candidate <= std::max(maxTicks, 2)) {
            step = candidate;
            break;
        }
    }
    // Round in local time: 10:00 on the wall, midnight for whole days.
    const std::int64_t offset = std::int64_t(QDateTime::fromMSecsSinceEpoch(range.fromMs).offsetFromUtc()) * 1000;
    const std::int64_t local = range.fromMs + offset;
    std::int64_t tick = (local / step + (local % step > 0 ? 1 : 0)) * step - offset;
    for (; tick <= range.toMs; tick += step)
        ticks.push_back(tick);
    return ticks;
}

void IoChartView::setTimeRange(const TimeWindow &range)
{
    const std::int64_t to = std::max(range.toMs, range.fromMs + 1000);
    const TimeWindow shown{range.fromMs, to};
    m_settingRange = true;
    const int maxTicks = std::clamp(pixelWidth() / 110, 3, 10);
    std::vector<std::int64_t> ticks = timeTicks(shown, maxTicks);
    const bool moved = m_origin != shown.toMs;
    m_origin = shown.toMs;
    if (ticks != m_ticks || moved) {
        for (const QString &label : m_timeAxis->categoriesLabels())
            m_timeAxis->remove(label);
        m_timeAxis->setStartValue(double(shown.fromMs - m_origin));
        const std::int64_t step = ticks.size() > 1 ? ticks[1] - ticks[0] : shown.span();
        for (std::int64_t tick : ticks) {
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(tick);
            QString label;
            if (step < 60'000)
                label = at.toString(QStringLiteral("HH:mm:ss"));
            else if (step >= 24 * 3'600'000LL)
                label = QLocale().toString(at, QStringLiteral("ddd d MMM"));
            else if (at.time() == QTime(0, 0) && shown.span() > 12 * 3'600'000LL)
                label = QLocale().toString(at, QStringLiteral("ddd HH:mm")); // a new day starts
            else
                label = at.toString(QStringLiteral("HH:mm"));
            // Labels name categories and must differ: the same hour a day apart.
            if (m_timeAxis->categoriesLabels().contains(label))
                label = QLocale().toString(at, QStringLiteral("ddd ")) + label;
            m_timeAxis->append(label, double(tick - m_origin));
        }
        m_ticks = std::move(ticks);
    }
    m_timeAxis->setRange(double(shown.fromMs - m_origin), 0.0);
    m_settingRange = false;
}

void IoChartView::setValueRange(double maxValue)
{
    // Some headroom above the highest value, up to a round number.
    const double top = charts::niceCeiling(maxValue * 1.08, maxValue > 0.0 ? 1e-3 : 1.0);
    const double magnitude = top / std::pow(10.0, std::floor(std::log10(top)));
    // 2 splits into four steps of 0.5, everything else into five.
    const int intervals = std::abs(magnitude - 2.0) < 1e-9 ? 4 : 5;
    const double step = top / intervals;
    const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
    m_settingRange = true;
    m_valueAxis->setLabelFormat(QStringLiteral("%.%1f").arg(std::min(decimals, 3)));
    m_valueAxis->setTickCount(intervals + 1);
    m_valueAxis->setRange(0.0, top);
    m_settingRange = false;
}

void IoChartView::onTimeRangeChanged()
{
    if (m_settingRange)
        return;
    // Qt Charts moved the axis itself: a rubber band or a right click.
    const TimeWindow range{m_origin + std::llround(m_timeAxis->min()), m_origin + std::llround(m_timeAxis->max())};
    if (range.span() >= m_window.span() || range.span() <= 0) {
        resetZoom();
        return;
    }
    m_zoom = range;
    Q_EMIT zoomChanged(true);
}

void IoChartView::zoomTo(const TimeWindow &range)
{
    if (range.span() <= 0)
        return;
    m_zoom = range;
    setTimeRange(shownRange());
    Q_EMIT zoomChanged(true);
}

void IoChartView::resetZoom()
{
    const bool was = m_zoom.has_value();
    m_zoom.reset();
    setTimeRange(m_window);
    if (was)
        Q_EMIT zoomChanged(false);
}

int IoChartView::pixelWidth() const
{
    const QRectF area = chart()->plotArea();
    if (area.width() >= 16)
        return int(std::lround(area.width()));
    // Not laid out yet: the view's width less the axis' room.
    return std::max(100, width() - 90);
}

QRectF IoChartView::plotArea() const
{
    return chart()->plotArea();
}

double IoChartView::xForTime(std::int64_t ms) const
{
    const TimeWindow range = shownRange();
    const QRectF area = chart()->plotArea();
    if (range.span() <= 0)
        return area.left();
    const QPointF scene = chart()->mapToScene(
        QPointF(area.left() + area.width() * double(ms - range.fromMs) / double(range.span()), area.top()));
    return mapFromScene(scene).x();
}

std::int64_t IoChartView::timeAtX(double x) const
{
    const TimeWindow range = shownRange();
    const QRectF area = chart()->plotArea();
    const double chartX = chart()->mapFromScene(mapToScene(QPoint(int(std::lround(x)), 0))).x();
    if (area.width() <= 0)
        return range.fromMs;
    return range.fromMs + std::int64_t(std::llround(double(range.span()) * (chartX - area.left()) / area.width()));
}

QString IoChartView::readoutAt(std::int64_t ms) const
{
    if (!m_history || m_lines.empty())
        return {};
    const TimeWindow range = shownRange();
    if (ms < range.fromMs || ms > range.toMs)
        return {};
    QStringList entries;
    bool anyValue = false;
    std::vector<bool> done(m_lines.size(), false);
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (done[i])
            continue;
        const std::string &key = m_lines[i].keyPath;
        std::vector<std::size_t> mine;
        std::vector<Metric> metrics;
        for (std::size_t j = i; j < m_lines.size(); ++j) {
            if (m_lines[j].keyPath == key) {
                done[j] = true;
                mine.push_back(j);
                metrics.push_back(m_lines[j].metric);
            }
        }
        const std::vector<RateSeries> series = m_history->series(key, metrics, TimeWindow{ms, ms}, m_tier);
        QStringList values;
        bool measured = false;
        for (std::size_t m = 0; m < series.size(); ++m) {
            const SeriesPoint *point = pointAt(series[m], ms);
            if (!point)
                continue;
            measured = true;
            QString text = charts::directionText(metrics[m]) + QLatin1Char(' ') + charts::valueText(point->avg, metrics[m]);
            if (point->max > point->min) {
                // A bucket: its average, and the lowest and highest reading in it.
                text += tr(" (%1–%2)").arg(charts::valueText(point->min, metrics[m]).section(QLatin1Char(' '), 0, 0),
                                         charts::valueText(point->max, metrics[m]).section(QLatin1Char(' '), 0, 0));
            }
            values << text;
        }
        anyValue = anyValue || measured;
        QString label = m_lines[i].tag;
        // A path's state at that moment, from the history; else as it is now.
        std::optional<PathState> state = m_history->stateAt(key, ms);
        if (!state && m_lines[i].state != PathState::Unknown)
            state = m_lines[i].state;
        if (state)
            label += QStringLiteral(" (%1)").arg(charts::stateTag(*state));
        entries << label + QStringLiteral(": ") + (measured ? values.join(QStringLiteral(", ")) : tr("no data"));
    }
    if (!anyValue)
        entries = QStringList{tr("no data")};
    return charts::timeText(ms, range.span()) + QLatin1Char('\n') + entries.join(QLatin1Char('\n'));
}

void IoChartView::hoverAt(std::optional<std::int64_t> ms)
{
    m_hover = ms;
    const QString text = ms ? readoutAt(*ms) : QString();
    m_readout->setText(text);
    m_readout->setVisible(!text.isEmpty());
    placeCursor();
    Q_EMIT hoverChanged(text);
}

void IoChartView::placeEndLabels()
{
    struct Label {
        QString text;
        QColor colour;
        double y = 0;
    };
    std::vector<Label> labels;
    const QRectF area = chart()->plotArea();
    const TimeWindow range = shownRange();
    for (std::size_t i = 0; i < m_lines.size() && i < m_parts.size(); ++i) {
        const std::optional<QPointF> &last = m_parts[i].last;
        // Only lines that carry I/O at the right end: idle ones lie at zero together.
        if (!m_lines[i].inLegend || !last || last->y() <= 0.0 || m_origin + std::llround(last->x()) < range.toMs - range.span() / 50)
            continue;
        const QPointF at = chart()->mapToPosition(*last, m_parts[i].parts.front());
        labels.push_back({m_lines[i].name, m_lines[i].pen.color().darker(115), at.y()});
    }
    std::stable_sort(labels.begin(), labels.end(), [](const Label &a, const Label &b) { return a.y < b.y; });
    const QFontMetricsF metrics(font());
    const double height = metrics.height() + 2;
    double floor = area.top();
    while (m_endLabels.size() < labels.size()) {
        auto *plate = new QGraphicsRectItem(chart());
        plate->setPen(Qt::NoPen);
        plate->setBrush(QColor(255, 255, 255, 215));
        plate->setZValue(90);
        auto *text = new QGraphicsSimpleTextItem(plate);
        text->setFont(font());
        m_endLabels.push_back(plate);
    }
    for (std::size_t i = 0; i < m_endLabels.size(); ++i) {
        QGraphicsRectItem *plate = m_endLabels[i];
        if (i >= labels.size()) {
            plate->hide();
            continue;
        }
        auto *text = static_cast<QGraphicsSimpleTextItem *>(plate->childItems().front());
        // Plain text: names come from remote systems.
        text->setText(labels[i].text);
        text->setBrush(labels[i].colour);
        const double width = metrics.horizontalAdvance(labels[i].text) + 6;
        // Above the line's end, pushed down where labels would overlap.
        double top = std::max(floor, std::clamp(labels[i].y - height - 1, area.top(), area.bottom() - height));
        floor = top + height;
        plate->setRect(0, 0, width, height);
        plate->setPos(area.right() - width - 2, top);
        text->setPos(3, 1);
        plate->show();
    }
}

QStringList IoChartView::endLabels() const
{
    QStringList texts;
    for (QGraphicsRectItem *plate : m_endLabels) {
        if (plate->isVisible())
            texts << static_cast<QGraphicsSimpleTextItem *>(plate->childItems().front())->text();
    }
    return texts;
}

QString IoChartView::hoverText() const
{
    return m_readout->isHidden() ? QString() : m_readout->text();
}

void IoChartView::placeReadout()
{
    if (m_readout->isHidden() || !m_hover)
        return;
    m_readout->adjustSize();
    // Beside the cursor, on the side with room, near the plot's top.
    const double x = xForTime(*m_hover);
    const QRectF area = chart()->plotArea();
    const QPoint top = mapFromScene(chart()->mapToScene(area.topLeft()));
    int left = int(x) + 12;
    if (left + m_readout->width() > width() - 4)
        left = int(x) - 12 - m_readout->width();
    m_readout->move(std::max(2, left), top.y() + 6);
    m_readout->raise();
}

void IoChartView::placeCursor()
{
    const QRectF area = chart()->plotArea();
    const TimeWindow range = shownRange();
    if (!m_hover || range.span() <= 0 || *m_hover < range.fromMs || *m_hover > range.toMs) {
        m_cursor->hide();
        m_readout->hide();
        return;
    }
    const double x = area.left() + area.width() * double(*m_hover - range.fromMs) / double(range.span());
    m_cursor->setLine(x, area.top(), x, area.bottom());
    m_cursor->show();
    placeReadout();
}

void IoChartView::mouseMoveEvent(QMouseEvent *event)
{
    QChartView::mouseMoveEvent(event);
    const QPointF inChart = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    if (chart()->plotArea().contains(inChart))
        hoverAt(timeAtX(event->position().x()));
    else if (m_hover)
        hoverAt(std::nullopt);
}

void IoChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::RightButton && m_zoom) {
        // Back to the whole window at once rather than Qt's halving steps.
        event->accept();
        resetZoom();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void IoChartView::leaveEvent(QEvent *event)
{
    QChartView::leaveEvent(event);
    if (m_hover)
        hoverAt(std::nullopt);
}

void IoChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    placeCursor();
}

} // namespace pathlens
