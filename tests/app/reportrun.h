#pragma once

#include "app/commandline.h"
#include "app/reportcommand.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace pathlens::testsupport {

/// What `pathlens report ...` printed and returned, run in-process.
struct CommandRun {
    int exitCode = -1;
    QString out;
    QString err;
};

inline CommandRun runReportCommandLine(const QStringList &arguments)
{
    const CommandLineOutcome outcome = parseCommandLine(QStringList{QStringLiteral("pathlens")} + arguments);
    CommandRun run;
    if (!outcome.request) {
        run.exitCode = outcome.exitCode;
        run.err = outcome.error;
        return run;
    }
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runReportCommand(*outcome.request, out, err);
    return run;
}

} // namespace pathlens::testsupport
