#include "views/charts/statetimeline.h"

#include "views/charts/chartstyle.h"
#include "views/presentation.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace pathlens {

namespace {

constexpr int HeaderHeight = 20;
constexpr int RowHeight = 18;
constexpr int RowGap = 3;
constexpr int BottomPad = 4;
const QColor FlapColour(0xc0, 0x27, 0x23);

} // namespace

StateTimeline::StateTimeline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_emptyText = tr("No path to show");
}

void StateTimeline::setHistory(const HistoryStore *history)
{
    m_history = history;
    refresh(m_range);
}

void StateTimeline::setPaths(std::vector<PathRow> paths)
{
    m_hidden = paths.size() > std::size_t(maxRows()) ? paths.size() - std::size_t(maxRows()) : 0;
    if (m_hidden > 0)
        paths.resize(std::size_t(maxRows()));
    m_paths = std::move(paths);
    refresh(m_range);
    updateGeometry();
}

void StateTimeline::setPlotMargins(int left, int right)
{
    if (left == m_leftMargin && right == m_rightMargin)
        return;
    m_leftMargin = std::max(0, left);
    m_rightMargin = std::max(0, right);
    update();
}

void StateTimeline::setFlapRule(std::size_t changes, std::chrono::milliseconds window)
{
    m_flapChanges = std::max<std::size_t>(changes, 2);
    m_flapWindow = window;
    refresh(m_range);
}

void StateTimeline::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

StateTimeline::Row StateTimeline::buildRow(const PathRow &path) const
{
    Row row;
    row.path = path;
    if (!m_history || m_range.span() <= 0)
        return row;
    const std::string &key = path.keyPath;

    // Where the state starts being known within the range: at its start, or
    // (a path first seen later) the first moment the history knows it.
    std::int64_t from = m_range.fromMs;
    std::optional<PathState> state = m_history->stateAt(key, from);
    if (!state) {
        if (!m_history->stateAt(key, m_range.toMs))
            return row;
        std::int64_t unknown = m_range.fromMs;
        std::int64_t known = m_range.toMs;
        while (known - unknown > 1) {
            const std::int64_t middle = unknown + (known - unknown) / 2;
            (m_history->stateAt(key, middle) ? known : unknown) = middle;
        }
        from = known;
        state = m_history->stateAt(key, from);
    }
    // The changes just before the range count towards a flap within it.
    const std::vector<StateEvent> events =
        m_history->stateEvents(key, TimeWindow{m_range.fromMs - m_flapWindow.count(), m_range.toMs});
    for (const StateEvent &event : events) {
        if (event.atMs <= from)
            continue;
        row.events.push_back(event);
        row.segments.push_back(Segment{from, event.atMs, *state});
        from = event.atMs;
        state = event.to;
    }
    // Up to the newest reading (not into the future), or to where a path
    // that left was last read.
    std::int64_t end = m_history->newestMs() > 0 ? std::min(m_range.toMs, m_history->newestMs()) : m_range.toMs;
    if (path.endMs > 0)
        end = std::min(end, path.endMs);
    if (end > from)
        row.segments.push_back(Segment{from, end, *state});

    // Flapping: every change that is one of flapChanges within flapWindow;
    // such changes that follow each other within the window form one stretch.
    std::vector<bool> flapping(events.size(), false);
    for (std::size_t i = 0, first = 0; i < events.size(); ++i) {
        while (events[i].atMs - events[first].atMs > m_flapWindow.count())
            ++first;
        if (i - first + 1 >= m_flapChanges)
            std::fill(flapping.begin() + std::ptrdiff_t(first), flapping.begin() + std::ptrdiff_t(i) + 1, true);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (!flapping[i])
            continue;
        if (!row.flaps.empty() && events[i].atMs - row.flaps.back().toMs <= m_flapWindow.count()) {
            row.flaps.back().toMs = events[i].atMs;
            ++row.flaps.back().changes;
        } else {
            row.flaps.push_back(Flap{events[i].atMs, events[i].atMs, 1});
        }
    }
    // Only what reaches into the range shows.
    std::erase_if(row.flaps, [&](const Flap &flap) { return flap.toMs < m_range.fromMs; });
    for (Flap &flap : row.flaps)
        flap.fromMs = std::max(flap.fromMs, m_range.fromMs);
    return row;
}

void StateTimeline::refresh(const TimeWindow &range)
{
    m_range = range;
    m_rows.clear();
    m_rows.reserve(m_paths.size());
    for (const PathRow &path : m_paths)
        m_rows.push_back(buildRow(path));
    update();
}

std::size_t StateTimeline::eventCount() const
{
    std::size_t count = 0;
    for (const Row &row : m_rows) {
        count += std::size_t(std::count_if(row.events.begin(), row.events.end(), [&](const StateEvent &e) {
            return e.atMs >= m_range.fromMs && e.atMs <= m_range.toMs;
        }));
    }
    return count;
}

std::size_t StateTimeline::flapCount() const
{
    std::size_t count = 0;
    for (const Row &row : m_rows)
        count += row.flaps.size();
    return count;
}

QRect StateTimeline::barRect(std::size_t row) const
{
    const int top = HeaderHeight + int(row) * (RowHeight + RowGap);
    return QRect(m_leftMargin, top, std::max(1, width() - m_leftMargin - m_rightMargin), RowHeight);
}

double StateTimeline::xForTime(std::int64_t ms) const
{
    const QRect bar = barRect(0);
    if (m_range.span() <= 0)
        return bar.left();
    return bar.left() + double(bar.width()) * double(ms - m_range.fromMs) / double(m_range.span());
}

std::int64_t StateTimeline::timeAtX(double x) const
{
    const QRect bar = barRect(0);
    return m_range.fromMs + std::int64_t(std::llround(double(m_range.span()) * (x - bar.left()) / std::max(1, bar.width())));
}

int StateTimeline::rowAt(const QPoint &pos) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const QRect bar = barRect(i);
        if (pos.y() >= bar.top() && pos.y() <= bar.bottom())
            return int(i);
    }
    return -1;
}

QSize StateTimeline::sizeHint() const
{
    const int rows = std::max<int>(1, int(m_paths.size()));
    return QSize(400, HeaderHeight + rows * (RowHeight + RowGap) + BottomPad + (m_hidden > 0 ? 14 : 0));
}

QSize StateTimeline::minimumSizeHint() const
{
    return QSize(200, sizeHint().height());
}

void StateTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::Antialiasing, false);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    const QColor text = palette().color(QPalette::Text);

    // Header: the title under the axis, then a key to the fills on the right.
    painter.setPen(text);
    painter.drawText(QRect(4, 0, m_leftMargin + 200, HeaderHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("Path state"));
    {
        int x = width() - m_rightMargin;
        const auto key = [&](const QString &label, auto drawSwatch) {
            const int w = metrics.horizontalAdvance(label);
            x -= w;
            painter.setPen(text);
            painter.drawText(QRect(x, 0, w, HeaderHeight), Qt::AlignVCenter, label);
            x -= 18;
            drawSwatch(QRect(x, 5, 14, HeaderHeight - 10));
            x -= 10;
        };
        key(tr("flapping"), [&](const QRect &r) {
            painter.setPen(QPen(FlapColour, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(r);
        });
        key(tr("change"), [&](const QRect &r) {
            painter.setPen(QPen(text, 2));
            painter.drawLine(r.center().x(), r.top() - 2, r.center().x(), r.bottom() + 2);
        });
        static constexpr PathState shown[] = {PathState::Failed, PathState::Unavailable, PathState::Standby,
                                              PathState::ActiveUnoptimized, PathState::ActiveOptimized};
        for (PathState state : shown) {
            key(charts::stateTag(state), [&](const QRect &r) {
                painter.fillRect(r, Qt::white);
                painter.fillRect(r, charts::stateBrush(state));
                painter.setPen(stateColor(state));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(r.adjusted(0, 0, -1, -1));
            });
        }
    }

    if (m_rows.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(m_leftMargin, HeaderHeight, width() - m_leftMargin, RowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, m_emptyText);
        return;
    }

    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows[i];
        const QRect bar = barRect(i);
        painter.setPen(text);
        painter.drawText(QRect(2, bar.top(), m_leftMargin - 8, bar.height()), Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(row.path.label, Qt::ElideMiddle, m_leftMargin - 8));
        painter.fillRect(bar, palette().color(QPalette::AlternateBase));
        if (row.segments.empty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(bar.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, tr("not seen in this window"));
        }
        for (const Segment &segment : row.segments) {
            const int left = int(std::floor(xForTime(segment.fromMs)));
            const int right = int(std::ceil(xForTime(segment.toMs)));
            const QRect r(QPoint(std::max(left, bar.left()), bar.top()), QPoint(std::min(right, bar.right()), bar.bottom()));
            if (r.width() <= 0)
                continue;
            painter.fillRect(r, Qt::white);
            painter.fillRect(r, charts::stateBrush(segment.state));
            painter.setPen(stateColor(segment.state));
            painter.drawRect(r.adjusted(0, 0, -1, -1));
            const QString tag = charts::stateTag(segment.state);
            const int w = metrics.horizontalAdvance(tag) + 6;
            if (r.width() > w + 4) {
                // On a small white plate over the hatch, so it reads.
                const QRect plate(r.left() + 3, r.top() + 2, w, r.height() - 4);
                if (segment.state != PathState::ActiveOptimized)
                    painter.fillRect(plate, QColor(255, 255, 255, 220));
                painter.setPen(charts::stateTextColor(segment.state));
                painter.drawText(plate, Qt::AlignCenter, tag);
            }
        }
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const Flap &flap : row.flaps) {
            const double left = std::max<double>(bar.left(), xForTime(flap.fromMs) - 3);
            const double right = std::min<double>(bar.right(), xForTime(flap.toMs) + 3);
            painter.setPen(QPen(FlapColour, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(left, bar.top() - 1, right - left, bar.height() + 2));
        }
        for (const StateEvent &event : row.events) {
            if (event.atMs < m_range.fromMs || event.atMs > m_range.toMs)
                continue;
            const double x = xForTime(event.atMs);
            painter.setPen(QPen(text, 2));
            painter.drawLine(QPointF(x, bar.top() - 1), QPointF(x, bar.bottom() + 1));
            // A small wedge on top: a change reads even inside a busy stretch.
            QPainterPath wedge;
            wedge.moveTo(x - 3.5, bar.top() - 2);
            wedge.lineTo(x + 3.5, bar.top() - 2);
            wedge.lineTo(x, bar.top() + 3);
            wedge.closeSubpath();
            painter.fillPath(wedge, text);
        }
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    if (m_hidden > 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        const int top = barRect(m_rows.size()).top() - RowGap;
        painter.drawText(QRect(m_leftMargin, top, width() - m_leftMargin, 14), Qt::AlignLeft | Qt::AlignVCenter,
                         m_hidden == 1 ? tr("1 more path not shown") : tr("%1 more paths not shown").arg(m_hidden));
    }
}

QString StateTimeline::toolTipTextAt(const QPoint &pos) const
{
    const int index = rowAt(pos);
    if (index < 0)
        return {};
    const Row &row = m_rows[std::size_t(index)];
    const QRect bar = barRect(std::size_t(index));
    QStringList lines;
    lines << (row.path.name.isEmpty() ? row.path.label : row.path.name);
    if (pos.x() < bar.left() || pos.x() > bar.right())
        return lines.front();
    const std::int64_t ms = timeAtX(pos.x());
    // A change within a few pixels is what the mouse points at.
    const std::int64_t slack = std::int64_t(4.0 * double(m_range.span()) / std::max(1, bar.width()));
    for (const StateEvent &event : row.events) {
        if (std::abs(event.atMs - ms) <= slack)
            lines << tr("%1: %2 → %3")
                         .arg(charts::timeText(event.atMs, m_range.span()), toQString(toString(event.from)),
                              toQString(toString(event.to)));
    }
    for (const Flap &flap : row.flaps) {
        if (ms >= flap.fromMs - slack && ms <= flap.toMs + slack)
            lines << tr("Flapping: %1 changes from %2 to %3")
                         .arg(QString::number(flap.changes), charts::timeText(flap.fromMs, m_range.span()),
                              charts::timeText(flap.toMs, m_range.span()));
    }
    if (lines.size() == 1) {
        for (const Segment &segment : row.segments) {
            if (ms >= segment.fromMs && ms <= segment.toMs) {
                lines << tr("%1 from %2 to %3")
                             .arg(toQString(toString(segment.state)), charts::timeText(segment.fromMs, m_range.span()),
                                  charts::timeText(segment.toMs, m_range.span()));
            }
        }
    }
    return lines.join(QLatin1Char('\n'));
}

bool StateTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipTextAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace pathlens
