#pragma once

// The pictures of the HTML report as inline SVG: per disk, its paths as bars
// coloured by state, and the share of I/O each path carried. Every text in
// them comes from the data and is escaped.

#include "model/report/reportcontent.h"

#include <QByteArray>

#include <string_view>

namespace pathlens {

/// Colour of a path state in reports (fill of bars and table cells): green
/// A/O, amber A/NO, blue Standby, grey Unavailable, purple Transitioning,
/// red Failed, light grey Unknown. Always shown with the state's text, so a
/// black-and-white print loses nothing.
std::string_view stateColour(PathState state);
/// CSS class of a state in the HTML report: "st-ao", "st-ano", ...
std::string_view stateClass(PathState state);

/// The per-disk path diagram: one labelled bar per path, coloured by state.
/// The one place the HTML report takes its diagram from.
void appendDiskDiagramSvg(QByteArray &out, const ReportDisk &disk);

/// Per path, its share of the disk's bytes moved (read + written) by the
/// counters; nothing when the disk has no counters or no bytes moved.
void appendIoShareChartSvg(QByteArray &out, const ReportDisk &disk);

/// Paths by state across the report, as one stacked bar with a legend.
void appendStateSummarySvg(QByteArray &out, const ReportContent &content);

/// Share of each path in the disk's bytes moved, in path order (0..1);
/// empty when no path has counters or nothing moved.
std::vector<double> ioShares(const ReportDisk &disk);

} // namespace pathlens
