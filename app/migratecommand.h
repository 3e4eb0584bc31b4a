#pragma once

// `pathlens migrate`: the driver replacement wizard without a window. It
// plans remedy 2 for one server (--dry-run), runs it (--apply), continues an
// unfinished run (--resume), rolls one back (--rollback) or leaves it
// (--abandon), and prints the run as JSON (or text).

#include "app/backendfactory.h"
#include "platform/types.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace pathlens {

struct MigrateRequest {
    enum class Mode { DryRun, Apply, Resume, RollBack, Abandon };

    Mode mode = Mode::DryRun;
    QString server;            ///< --server: name, id or host name (resume/rollback: optional filter)
    QStringList ports;         ///< --ports: ids, aliases or PCI locations; empty: every selectable back-end port
    LoadBalancePolicy policy = LoadBalancePolicy::RoundRobinWithSubset; ///< --policy RRWS|LQD|LB
    QStringList drivers;       ///< --driver: preferred native drivers ("oem17.inf" or "oem17.inf|9.2.9.27")
    QString format = QStringLiteral("json"); ///< json or text
    QString journalDirectory;  ///< --journal-dir; empty: the default folder
    QString journal;           ///< --journal: the run to resume, roll back or abandon; empty: the newest unfinished
    QString labState;          ///< --lab-state: keep the simulated lab's changes in this file
    bool restartLabServer = false; ///< --restart-lab-server: the simulated server restarts before --resume
    bool keepPorts = false;    ///< --keep-ports: answer "no" to removing the ports left Not present
    bool rollBackOnFailure = false; ///< --rollback-on-failure
    QString exportJournal;     ///< --export-journal: copy the journal there afterwards
};

/// Exit codes of `pathlens migrate`.
enum MigrateExit {
    MigrateSucceeded = 0,  ///< planned without a block, completed, rolled back on request, or left as it is
    MigrateFailed = 1,     ///< a step failed (rolled back or not), or the journal could not be written
    MigrateBlocked = 2,    ///< the preflight blocks (nothing was changed), or a bad command line
    MigrateUnreadable = 3, ///< the source, the server or the journal could not be read
    MigrateStopped = 4,    ///< the run waits for a restart or was paused: resume it later
};

/// Registers the migrate-only options on @p parser. --server and --format
/// are the report command's options, shared: register those first.
void addMigrateOptions(QCommandLineParser &parser);
/// The first migrate-only option set on the command line ("--apply"), empty when none.
QString migrateOptionUsed(const QCommandLineParser &parser);
/// The request from the parsed command line, or @p error.
std::optional<MigrateRequest> migrateRequestFrom(const QCommandLineParser &parser, QString &error);

/// Runs the command on this thread (there is no UI to keep responsive);
/// writes the result to @p out and progress and problems to @p err.
int runMigrateCommand(const BackendChoice &backend, const MigrateRequest &request, QTextStream &out,
                      QTextStream &err);

} // namespace pathlens
