#pragma once

#include "app/backendfactory.h"
#include "app/migratecommand.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace pathlens {

/// `pathlens report ...`: write a path report instead of opening the console.
struct ReportRequest {
    QString format = QStringLiteral("json");
    QString outputFile; ///< empty: standard output
    double intervalSeconds = 2.0; ///< --interval: between the two readings that measure I/O; 0: one reading
    QString diffFile;         ///< --diff: a baseline or an earlier JSON report to list the changes since
    QString saveBaselineFile; ///< --save-baseline: also save the current paths as a baseline there
    QString server;           ///< --server: only this server (name, host name or id); empty: all
};

/// `pathlens check ...`: evaluate the health rules and exit with a
/// monitoring-plugin status (0 OK, 1 warning, 2 critical, 3 unknown).
struct CheckRequest {
    double intervalSeconds = 2.0; ///< --interval: between the two readings that measure I/O; 0: one reading
};

/// What the user asked for on the command line.
struct CommandLineRequest {
    BackendChoice backend;
    std::optional<ReportRequest> report; ///< set for the report command
    std::optional<CheckRequest> check;   ///< set for the check command
    std::optional<MigrateRequest> migrate; ///< set for the migrate command
};

/// The parse outcome: a request to run, or text to print and an exit code
/// (--help, --version, errors).
struct CommandLineOutcome {
    std::optional<CommandLineRequest> request;
    QString output;     ///< for stdout (help, version)
    QString error;      ///< for stderr
    int exitCode = 0;
};

CommandLineOutcome parseCommandLine(const QStringList &arguments);

} // namespace pathlens
