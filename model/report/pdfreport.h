#pragma once

#include "model/report/reportcontent.h"
#include "platform/result.h"

#include <QByteArray>

#include <optional>

class QIODevice;

namespace pathlens {

/// The PDF path report: the HTML report's content (printHtmlReport) laid out
/// on A4 landscape pages with a header (title, scope, time) and a footer (source, page
/// N of M) on every page. Colours are light fills behind dark text and every
/// state is also written out, so a black-and-white print reads the same.
/// Writes to @p device (open for writing); returns the error, if any.
std::optional<Error> writePdfReport(const ReportContent &content, QIODevice &device);

/// The same into memory.
Result<QByteArray> pdfReport(const ReportContent &content);

} // namespace pathlens
