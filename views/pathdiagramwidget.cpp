#include "views/pathdiagramwidget.h"

#include "views/presentation.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace pathlens {

namespace {

constexpr double ioPenWidth = 5.0;
constexpr double pathPenWidth = 2.0;

QColor blend(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
                            float(a.greenF() + (b.greenF() - a.greenF()) * amount),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

QString fromStd(const std::string &text) { return QString::fromStdString(text); }

QPen strokePen(PathState state, bool carriesIo)
{
    const PathStroke stroke = pathStroke(state);
    QPen pen(stateColor(state));
    pen.setWidthF(carriesIo ? ioPenWidth : stroke == PathStroke::Faint ? 1.2 : pathPenWidth);
    pen.setCapStyle(Qt::FlatCap);
    // Dash patterns are in pen widths: keep the gaps readable on thick lines too.
    const double unit = pen.widthF();
    auto pattern = [unit](std::initializer_list<double> pixels) {
        QList<qreal> dashes;
        for (double p : pixels)
            dashes << std::max(0.5, p / unit);
        return dashes;
    };
    switch (stroke) {
    case PathStroke::Solid:
    case PathStroke::Crossed: break;
    case PathStroke::Dashed: pen.setDashPattern(pattern({9, 5})); break;
    case PathStroke::Dotted:
        pen.setCapStyle(Qt::RoundCap);
        pen.setDashPattern(pattern({0.1, 5}));
        break;
    case PathStroke::DashDot: pen.setDashPattern(pattern({9, 4, 2, 4})); break;
    case PathStroke::Faint: {
        QColor faint = pen.color();
        faint.setAlphaF(0.55f);
        pen.setColor(faint);
        break;
    }
    }
    return pen;
}

QString richLines(const std::vector<std::string> &lines)
{
    // Always rich text, always escaped: names from remote systems must not be
    // taken for markup by the tooltip's guess.
    QStringList escaped;
    for (const std::string &line : lines)
        escaped << fromStd(line).toHtmlEscaped();
    if (!escaped.isEmpty())
        escaped.first() = QStringLiteral("<b>%1</b>").arg(escaped.first());
    return QStringLiteral("<p style=\"white-space:pre\">%1</p>").arg(escaped.join(QStringLiteral("<br>")));
}

QString plainLines(const std::vector<std::string> &lines)
{
    QStringList out;
    for (const std::string &line : lines)
        out << fromStd(line);
    return out.join(QLatin1Char('\n'));
}

QString nodeIcon(const PathDiagramNode &node)
{
    switch (node.kind) {
    case PathDiagramNode::Kind::Initiator: return QStringLiteral("adapter");
    case PathDiagramNode::Kind::Target: return {};
    case PathDiagramNode::Kind::TargetPortGroup: return stateIconName(node.state);
    }
    return {};
}

} // namespace

PathDiagramWidget::PathDiagramWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("pathDiagram"));
    setAccessibleName(tr("Path diagram"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // A diagram reads well a little smaller than body text, and fits a side pane.
    QFont small = font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.9);
    setFont(small);
    relayout();
}

void PathDiagramWidget::setDiagram(PathDiagram diagram)
{
    m_diagram = std::move(diagram);
    m_hoverEdge = -1;
    setAccessibleDescription(fromStd(m_diagram.ioSummary));
    relayout();
    updateGeometry();
    update();
}

PathDiagramMetrics PathDiagramWidget::metrics(double width) const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF plain(font());
    const QFontMetricsF strong(bold);
    PathDiagramMetrics m;
    m.width = width;
    m.lineHeight = std::ceil(plain.height()) + 1;
    m.ioLabelWidth = std::ceil(strong.horizontalAdvance(QStringLiteral("R 100 % / W 100 %"))) + 4;
    m.margin = 6;
    // Room for a short port name beside its icon, a SCSI address, a group's
    // name beside its state icon; longer texts are shortened or elided.
    m.minColumnWidth = {std::ceil(strong.horizontalAdvance(QStringLiteral("DCS-A BE1"))) + 20 + 12,
                        std::ceil(plain.horizontalAdvance(QStringLiteral("004|000|000|001"))) + 12,
                        std::ceil(strong.horizontalAdvance(QStringLiteral("TPG 999"))) + 20 + 12};
    return m;
}

void PathDiagramWidget::relayout()
{
    m_geometry = layoutPathDiagram(m_diagram, metrics(width()));
    m_edgePaths.clear();
    m_edgeHitAreas.clear();
    QPainterPathStroker stroker;
    stroker.setWidth(9);
    for (int i = 0; i < int(m_diagram.edges.size()); ++i) {
        m_edgePaths << edgePath(i);
        m_edgeHitAreas << stroker.createStroke(m_edgePaths.last());
    }
}

QPainterPath PathDiagramWidget::edgePath(int edge) const
{
    const PathDiagramGeometry::Edge &e = m_geometry.edges[std::size_t(edge)];
    auto curveTo = [](QPainterPath &path, const QPointF &from, const QPointF &to) {
        const double dx = (to.x() - from.x()) / 2;
        path.cubicTo(QPointF(from.x() + dx, from.y()), QPointF(to.x() - dx, to.y()), to);
    };
    QPainterPath path(e.start);
    curveTo(path, e.start, e.targetIn);
    path.moveTo(e.targetOut);
    path.lineTo(e.stubEnd);
    curveTo(path, e.stubEnd, e.end);
    return path;
}

QSize PathDiagramWidget::sizeHint() const
{
    const PathDiagramGeometry g = layoutPathDiagram(m_diagram, metrics(620));
    return QSize(int(std::ceil(g.size.width())), int(std::ceil(g.size.height())));
}

QSize PathDiagramWidget::minimumSizeHint() const
{
    const PathDiagramGeometry g = layoutPathDiagram(m_diagram, metrics(0));
    return QSize(int(std::ceil(g.size.width())), int(std::ceil(g.size.height())));
}

QList<PathDiagramWidget::EdgeLabel> PathDiagramWidget::edgeLabels() const
{
    QList<EdgeLabel> labels;
    for (std::size_t i = 0; i < m_diagram.edges.size(); ++i) {
        if (!m_diagram.edges[i].ioLabel.empty())
            labels << EdgeLabel{int(i), fromStd(m_diagram.edges[i].ioLabel), m_geometry.edges[i].label};
    }
    return labels;
}

QStringList PathDiagramWidget::nodeTexts() const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF strong(bold);
    const QFontMetricsF plain(font());
    QStringList texts;
    for (std::size_t i = 0; i < m_diagram.nodes.size(); ++i) {
        const PathDiagramNode &node = m_diagram.nodes[i];
        const double room = m_geometry.nodes[i].width() - 12 - (nodeIcon(node).isEmpty() ? 0 : 20);
        // A subtitle that does not fit gives way to its short form before it is cut.
        QString subtitle = fromStd(node.subtitle);
        if (plain.horizontalAdvance(subtitle) > room && !node.shortSubtitle.empty())
            subtitle = fromStd(node.shortSubtitle);
        texts << strong.elidedText(fromStd(node.title), Qt::ElideRight, room) + QLatin1Char('\n')
                + plain.elidedText(subtitle, Qt::ElideRight, room);
    }
    return texts;
}

QString PathDiagramWidget::legendText() const
{
    return fromStd(pathDiagramLegendText()) + QLatin1Char('\n') + fromStd(m_diagram.ioSummary);
}

int PathDiagramWidget::nodeAt(const QPointF &pos) const
{
    for (std::size_t i = 0; i < m_geometry.nodes.size(); ++i)
        if (m_geometry.nodes[i].contains(pos))
            return int(i);
    return -1;
}

int PathDiagramWidget::edgeAt(const QPointF &pos) const
{
    // Topmost first: I/O paths are painted last.
    int best = -1;
    for (int i = 0; i < m_edgeHitAreas.size(); ++i) {
        if (!m_edgeHitAreas[i].contains(pos) && !m_geometry.edges[std::size_t(i)].label.contains(pos))
            continue;
        if (best < 0 || (m_diagram.edges[std::size_t(i)].io.carriesIo && !m_diagram.edges[std::size_t(best)].io.carriesIo))
            best = i;
    }
    return best;
}

QString PathDiagramWidget::toolTipTextAt(const QPointF &pos) const
{
    if (const int node = nodeAt(pos); node >= 0)
        return plainLines(m_diagram.nodes[std::size_t(node)].details);
    if (const int edge = edgeAt(pos); edge >= 0)
        return plainLines(m_diagram.edges[std::size_t(edge)].details);
    return {};
}

QString PathDiagramWidget::activationTarget(const QPointF &pos) const
{
    if (const int node = nodeAt(pos); node >= 0)
        return fromStd(m_diagram.nodes[std::size_t(node)].keyPath);
    if (const int edge = edgeAt(pos); edge >= 0)
        return fromStd(m_diagram.edges[std::size_t(edge)].keyPath);
    return {};
}

bool PathDiagramWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPointF pos = help->pos();
        QString tip;
        if (const int node = nodeAt(pos); node >= 0)
            tip = richLines(m_diagram.nodes[std::size_t(node)].details);
        else if (const int edge = edgeAt(pos); edge >= 0)
            tip = richLines(m_diagram.edges[std::size_t(edge)].details);
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void PathDiagramWidget::mouseMoveEvent(QMouseEvent *event)
{
    const int hover = edgeAt(event->position());
    if (hover != m_hoverEdge) {
        m_hoverEdge = hover;
        update();
    }
    setCursor(activationTarget(event->position()).isEmpty() ? Qt::ArrowCursor : Qt::PointingHandCursor);
    QWidget::mouseMoveEvent(event);
}

void PathDiagramWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QString keyPath = activationTarget(event->position());
        if (!keyPath.isEmpty())
            Q_EMIT rowActivated(keyPath);
    }
    QWidget::mouseReleaseEvent(event);
}

void PathDiagramWidget::leaveEvent(QEvent *event)
{
    if (m_hoverEdge >= 0) {
        m_hoverEdge = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

void PathDiagramWidget::resizeEvent(QResizeEvent *event)
{
    relayout();
    QWidget::resizeEvent(event);
}

void PathDiagramWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        relayout();
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

void PathDiagramWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor base = pal.color(QPalette::Base);
    const QColor muted = blend(text, base, 0.45);
    painter.fillRect(rect(), base);

    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF plainMetrics(font());
    const QFontMetricsF boldMetrics(bold);
    const PathDiagramMetrics m = metrics(width());

    if (m_diagram.empty()) {
        painter.setPen(muted);
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                         m_diagram.title.empty() ? tr("No disk selected.") : tr("No paths to show."));
        return;
    }

    // Column captions.
    QFont caption = font();
    caption.setBold(true);
    caption.setPointSizeF(font().pointSizeF() > 0 ? font().pointSizeF() * 0.9 : font().pointSizeF());
    painter.setFont(caption);
    painter.setPen(muted);
    const auto titles = pathDiagramColumnTitles();
    for (int c = 0; c < 3; ++c) {
        const QRectF cell(m_geometry.columnX[c], m_geometry.headerY, m_geometry.columnWidth[c] + 40, m.lineHeight);
        painter.drawText(cell, Qt::AlignLeft | Qt::AlignVCenter,
                         QFontMetricsF(caption).elidedText(fromStd(titles[std::size_t(c)]), Qt::ElideRight, cell.width()));
    }

    // Lines: highlights underneath, then idle paths, then the ones carrying I/O.
    std::vector<int> order(m_diagram.edges.size());
    for (int i = 0; i < int(order.size()); ++i)
        order[std::size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_diagram.edges[std::size_t(a)].io.carriesIo < m_diagram.edges[std::size_t(b)].io.carriesIo;
    });
    for (int i : order) {
        const PathDiagramEdge &edge = m_diagram.edges[std::size_t(i)];
        if (!edge.highlighted && i != m_hoverEdge)
            continue;
        QColor halo = edge.highlighted ? pal.color(QPalette::Highlight) : text;
        halo.setAlphaF(edge.highlighted ? 0.35f : 0.12f);
        QPen pen(halo, (edge.io.carriesIo ? ioPenWidth : pathPenWidth) + 8);
        pen.setCapStyle(Qt::RoundCap);
        painter.strokePath(m_edgePaths[i], pen);
    }
    for (int i : order) {
        const PathDiagramEdge &edge = m_diagram.edges[std::size_t(i)];
        const PathState state = edge.shownState();
        painter.strokePath(m_edgePaths[i], strokePen(state, edge.io.carriesIo));
        if (pathStroke(state) == PathStroke::Crossed) {
            const QPointF c = m_geometry.edges[std::size_t(i)].middle;
            const double r = 5;
            painter.setPen(QPen(stateColor(state), 2.5, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
            painter.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        }
    }

    // I/O labels above their lines, on a backing so crossing lines do not hide them.
    painter.setFont(bold);
    for (const EdgeLabel &label : edgeLabels()) {
        const QRectF box = label.rect.adjusted(-2, 0, 2, 0);
        QColor backing = base;
        backing.setAlphaF(0.85f);
        painter.setPen(Qt::NoPen);
        painter.setBrush(backing);
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(text);
        painter.drawText(label.rect, Qt::AlignLeft | Qt::AlignVCenter,
                         boldMetrics.elidedText(label.text, Qt::ElideRight, label.rect.width()));
    }

    // Boxes.
    const QColor nodeFill = blend(base, text, 0.05);
    const QStringList texts = nodeTexts();
    for (std::size_t i = 0; i < m_diagram.nodes.size(); ++i) {
        const PathDiagramNode &node = m_diagram.nodes[i];
        const QRectF r = m_geometry.nodes[i];
        const bool group = node.kind == PathDiagramNode::Kind::TargetPortGroup;
        painter.setBrush(nodeFill);
        painter.setPen(group ? QPen(stateColor(node.state), 2) : QPen(blend(text, base, 0.6), 1));
        painter.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);

        double x = r.left() + 6;
        const QString icon = nodeIcon(node);
        if (!icon.isEmpty()) {
            resourceIcon(icon).paint(&painter, QRect(int(x), int(r.center().y() - 8), 16, 16));
            x += 20;
        }
        const QStringList lines = texts[qsizetype(i)].split(QLatin1Char('\n'));
        const double line = m.lineHeight;
        const double top = r.top() + (r.height() - 2 * line) / 2;
        painter.setFont(bold);
        painter.setPen(text);
        painter.drawText(QRectF(x, top, r.right() - x - 6, line), Qt::AlignLeft | Qt::AlignVCenter, lines.value(0));
        painter.setFont(font());
        painter.setPen(group ? stateColor(node.state) : muted);
        painter.drawText(QRectF(x, top + line, r.right() - x - 6, line), Qt::AlignLeft | Qt::AlignVCenter, lines.value(1));
    }

    // Legend: a sample of each line, then what was measured.
    const QRectF legend = m_geometry.legend;
    painter.setFont(font());
    double x = legend.left();
    const double y = legend.top() + m.lineHeight / 2;
    struct Sample {
        PathState state;
        bool io;
        QString label;
    };
    const Sample samples[] = {
        {PathState::ActiveOptimized, false, tr("A/O")},   {PathState::ActiveUnoptimized, false, tr("A/NO")},
        {PathState::Standby, false, tr("Standby")},       {PathState::Failed, false, tr("Failed")},
        {PathState::ActiveOptimized, true, tr("carries I/O")},
    };
    for (const Sample &sample : samples) {
        const double need = 24 + 4 + plainMetrics.horizontalAdvance(sample.label) + 14;
        if (x + need > legend.right())
            break;
        QPainterPath stub(QPointF(x, y));
        stub.lineTo(x + 24, y);
        painter.strokePath(stub, strokePen(sample.state, sample.io));
        if (pathStroke(sample.state) == PathStroke::Crossed) {
            painter.setPen(QPen(stateColor(sample.state), 2, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(x + 8, y - 4), QPointF(x + 16, y + 4));
            painter.drawLine(QPointF(x + 8, y + 4), QPointF(x + 16, y - 4));
        }
        painter.setPen(muted);
        painter.drawText(QRectF(x + 28, legend.top(), need, m.lineHeight), Qt::AlignLeft | Qt::AlignVCenter, sample.label);
        x += need;
    }
    painter.drawText(QRectF(legend.left(), legend.top() + m.lineHeight, legend.width(), m.lineHeight),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     plainMetrics.elidedText(fromStd(m_diagram.ioSummary), Qt::ElideRight, legend.width()));
}

} // namespace pathlens
