#pragma once

// How the live charts draw: one look for the I/O chart, the state timeline
// and the exported images. Every state has a colour *and* a pattern (a dash
// pattern for lines, a hatch for timeline bars), so a chart printed in
// grey-scale still tells A/O from A/NO.

#include "model/history/historystore.h"
#include "platform/types.h"

#include <QBrush>
#include <QColor>
#include <QPen>
#include <QString>

#include <cstdint>

namespace pathlens::charts {

/// A path's line in a disk's chart: the state's colour and the diagram's
/// stroke (solid A/O, dashed A/NO, dotted Standby, dash-dot Transitioning,
/// short dashes Failed/Unavailable, faint Unknown). @p shade varies the
/// lightness a little so paths in the same state stay apart on screen.
QPen pathPen(PathState state, double width, int shade = 0);

/// An object's read and write lines (server, port, path): two colours that
/// also differ in grey (dark solid reads, lighter dashed writes).
QPen readPen(double width);
QPen writePen(double width);

/// A timeline bar's fill: the state's colour with its own hatch.
QBrush stateBrush(PathState state);
/// Text that reads on a stateBrush() bar.
QColor stateTextColor(PathState state);
/// What the timeline writes for a state ("A/O", "A/NO", "Standby", ...).
QString stateTag(PathState state);

/// The line width of the busiest direction; the other is thinner.
inline constexpr double ReadLineWidth = 2.2;
inline constexpr double WriteLineWidth = 1.2;

/// A moment for read-outs ("10:42:13", with the day for long windows).
QString timeText(std::int64_t ms, std::int64_t spanMs);
/// A span in words: "5 min", "1 h", "24 h", "7 days", "2 h 30 min".
QString spanText(std::int64_t spanMs);

/// The metric's unit as an axis says it: "MB/s" or "IOPS".
QString unitText(Metric metric);
/// A value with its unit, as precise as it needs to be ("12.4 MB/s", "1,520 IOPS").
QString valueText(double value, Metric metric);
/// "read" or "write" (lower case, for read-outs).
QString directionText(Metric metric);
bool isRead(Metric metric);

/// The smallest "nice" number (1, 2, 2.5, 5 times a power of ten) at or above
/// @p value; at least @p floor.
double niceCeiling(double value, double floor = 1.0);

} // namespace pathlens::charts
