#include "views/charts/chartstyle.h"

#include "model/pathdiagram.h"
#include "views/presentation.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace pathlens::charts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("pathlens::charts", text);
}

QList<qreal> dashes(double width, std::initializer_list<double> pixels)
{
    // Qt measures dash patterns in pen widths: keep the pattern's look in
    // pixels, whatever the width.
    QList<qreal> pattern;
    for (double p : pixels)
        pattern << std::max(0.5, p / width);
    return pattern;
}

} // namespace

QPen pathPen(PathState state, double width, int shade)
{
    QColor colour = stateColor(state);
    // Paths in the same state alternate a little lighter and darker; the
    // state's hue and pattern stay what identifies it.
    static constexpr int factors[] = {100, 135, 80, 155, 115, 70};
    const int factor = factors[std::size_t(std::abs(shade)) % std::size(factors)];
    colour = factor >= 100 ? colour.lighter(factor) : colour.darker(10000 / factor);
    QPen pen(colour, width);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::RoundJoin);
    switch (pathStroke(state)) {
    case PathStroke::Solid: break;
    case PathStroke::Dashed: pen.setDashPattern(dashes(width, {10, 5})); break;
    case PathStroke::Dotted:
        pen.setCapStyle(Qt::RoundCap);
        pen.setDashPattern(dashes(width, {0.1, 5}));
        break;
    case PathStroke::DashDot: pen.setDashPattern(dashes(width, {10, 4, 2, 4})); break;
    case PathStroke::Crossed: pen.setDashPattern(dashes(width, {3, 3})); break;
    case PathStroke::Faint: {
        QColor faint = pen.color();
        faint.setAlphaF(0.55f);
        pen.setColor(faint);
        pen.setWidthF(std::max(1.0, width * 0.6));
        break;
    }
    }
    return pen;
}

QPen readPen(double width)
{
    QPen pen(QColor(0x1d, 0x3f, 0x8f), width);
    pen.setJoinStyle(Qt::RoundJoin);
    return pen;
}

QPen writePen(double width)
{
    QPen pen(QColor(0xd9, 0x6c, 0x1c), width);
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setDashPattern(dashes(width, {8, 4}));
    return pen;
}

QBrush stateBrush(PathState state)
{
    const QColor colour = stateColor(state);
    switch (state) {
    case PathState::ActiveOptimized: return QBrush(colour);
    case PathState::ActiveUnoptimized: return QBrush(colour, Qt::BDiagPattern);
    case PathState::Standby: return QBrush(colour, Qt::Dense6Pattern);
    case PathState::Transitioning: return QBrush(colour, Qt::FDiagPattern);
    case PathState::Unavailable: return QBrush(colour, Qt::CrossPattern);
    case PathState::Failed: return QBrush(colour, Qt::DiagCrossPattern);
    case PathState::Offline: return QBrush(colour, Qt::HorPattern);
    case PathState::Unknown: break;
    }
    return QBrush(colour, Qt::Dense7Pattern);
}

QColor stateTextColor(PathState state)
{
    // Only the solid fill is dark; the hatched ones leave the light base.
    return state == PathState::ActiveOptimized ? QColor(Qt::white) : QColor(0x20, 0x20, 0x20);
}

QString stateTag(PathState state)
{
    switch (state) {
    case PathState::Standby: return tr("Standby");
    case PathState::Unavailable: return tr("Unavailable");
    case PathState::Failed: return tr("Failed");
    case PathState::Transitioning: return tr("Transitioning");
    case PathState::Offline: return tr("Offline");
    default: break;
    }
    return toQString(toShortString(state));
}

QString timeText(std::int64_t ms, std::int64_t spanMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    if (spanMs > 20 * 3'600'000)
        return QLocale().toString(at, QStringLiteral("ddd d MMM HH:mm:ss"));
    return at.toString(QStringLiteral("HH:mm:ss"));
}

QString spanText(std::int64_t spanMs)
{
    const std::int64_t minutes = (spanMs + 30'000) / 60'000;
    if (minutes < 1)
        return tr("%1 s").arg((spanMs + 500) / 1000);
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const std::int64_t hours = minutes / 60;
    if (minutes % 60 != 0 && hours < 24)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    if (hours < 48 || hours % 24 != 0)
        return tr("%1 h").arg(hours);
    return tr("%1 days").arg(hours / 24);
}

QString unitText(Metric metric)
{
    switch (metric) {
    case Metric::ReadMBps:
    case Metric::WriteMBps: return tr("MB/s");
    case Metric::ReadIops:
    case Metric::WriteIops: return tr("IOPS");
    case Metric::Outstanding: break;
    }
    return tr("outstanding");
}

bool isRead(Metric metric)
{
    return metric == Metric::ReadIops || metric == Metric::ReadMBps;
}

QString directionText(Metric metric)
{
    return isRead(metric) ? tr("read") : tr("write");
}

QString valueText(double value, Metric metric)
{
    const QLocale locale;
    if (metric == Metric::ReadMBps || metric == Metric::WriteMBps) {
        const int decimals = value == 0.0 ? 0 : value < 10.0 ? 2 : value < 100.0 ? 1 : 0;
        return tr("%1 MB/s").arg(locale.toString(value, 'f', decimals));
    }
    if (metric == Metric::Outstanding)
        return locale.toString(value, 'f', 1);
    const int decimals = value != 0.0 && value < 10.0 ? 1 : 0;
    return tr("%1 IOPS").arg(locale.toString(value, 'f', decimals));
}

double niceCeiling(double value, double floor)
{
    if (!(value > floor))
        return floor;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value * (1.0 - 1e-12))
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

} // namespace pathlens::charts
