#pragma once

#include "app/commandline.h"

#include <QTextStream>

namespace pathlens {

/// Reads the chosen source once, on this thread (there is no UI to keep
/// responsive), and writes the report. Returns the process exit code:
/// 0 written, 1 the source or the target failed.
int runReportCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err);

} // namespace pathlens
