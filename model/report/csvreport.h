#pragma once

#include "model/report/reportcontent.h"

#include <QByteArray>
#include <QStringList>

namespace pathlens {

/// The CSV path report: UTF-8, RFC 4180 (CRLF line ends, quoted fields where
/// needed), a header row, then one row per path with its server, port, disk
/// and counters; unknown values are empty fields. With a diff, paths lost
/// since the baseline follow as rows of their own (state empty).
QByteArray csvReport(const ReportContent &content);

/// The header row's column names, in order.
QStringList csvColumns();

} // namespace pathlens
