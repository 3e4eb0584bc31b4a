#pragma once

#include "model/report/reportcontent.h"

#include <QByteArray>

namespace pathlens {

/// The HTML path report: one self-contained UTF-8 file (inline CSS and SVG,
/// no scripts, nothing loaded from elsewhere; a Content-Security-Policy says
/// so to the browser). Summary with a chart of paths by state, what could not
/// be read, health findings, changes since the baseline, per server its port
/// table, per disk its path diagram, its I/O share chart and its path table
/// with state colours. Every text from the data is escaped.
QByteArray htmlReport(const ReportContent &content);

/// The same content in the HTML subset QTextDocument lays out (tables with
/// cell colours instead of CSS classes, bar tables instead of SVG), for the
/// PDF report.
QByteArray printHtmlReport(const ReportContent &content);

} // namespace pathlens
