#pragma once

#include "app/commandline.h"

#include <QTextStream>

namespace pathlens {

/// Reads the chosen source (twice, --interval apart, for measured I/O) on
/// this thread (there is no UI to keep responsive) and writes the report in
/// the requested format (docs/reports.md): to standard output, or atomically
/// to --output; limited to --server; with the changes since --diff; saving
/// the current paths to --save-baseline. Returns the process exit code:
/// 0 written, 1 the source, the baseline or the target failed. PDF needs a
/// QGuiApplication (fonts); without one it fails with that reason.
int runReportCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err);

} // namespace pathlens
