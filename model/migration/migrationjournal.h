#pragma once

// The run's journal: an append-only file of JSON lines, one record per line,
// each written and synced to disk before the workflow goes on. A step gets a
// "step-started" record before it changes anything and a "step-finished"
// record after, so after a crash or a restart the journal tells which step
// may have been cut off; the engine then asks the system whether it happened.
//
// Records (every one carries `type`, `run`, `seq` and `time`):
//   run-started       format, version, backend, plan, preflight, before
//   step-started      step (id)
//   step-finished     step (the whole step with its outcome)
//   confirmation      deletePorts (the admin's answer before the ports are removed)
//   run-state         state, detail, and where known devices, backEndDisks, after
//   rollback-started, rollback-step-finished (step), rollback-finished (state)

#include "model/migration/migrationtypes.h"
#include "platform/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <string_view>
#include <vector>

namespace pathlens {

/// QStandardPaths::AppLocalDataLocation + "/journals".
QString defaultJournalDirectory();

class MigrationJournal final
{
public:
    /// Starts a journal for @p run in @p directory (made if missing):
    /// "migration-<UTC time>-<server>-<run id>.jsonl".
    static Result<MigrationJournal> create(const QString &directory, const MigrationRun &run);
    /// Continues an existing journal; @p lastSeq is the last record's number.
    static MigrationJournal resume(const QString &path, std::string runId, int lastSeq);

    const QString &path() const { return m_path; }

    /// Appends one record (adds `run`, `seq`, `time`), then flushes and syncs
    /// the file. Nothing is appended when it fails.
    std::optional<Error> append(QJsonObject record);

private:
    MigrationJournal(QString path, std::string runId, int seq);

    QString m_path;
    std::string m_runId;
    int m_seq = 0;
};

/// The records that could be read and the lines that could not.
struct JournalContent {
    std::vector<QJsonObject> records;
    /// "line 7: not JSON (unterminated string)", "line 9 is incomplete: the
    /// process stopped while writing it", ...
    std::vector<std::string> problems;
    int lastSeq = 0;
};

/// Reads a journal line by line; a damaged line is reported and skipped, never
/// fatal. An Error only when the file cannot be read at all.
Result<JournalContent> readJournal(const QString &path);

/// Rebuilds the run from the records (plan, step outcomes, state). An Error
/// when there is no readable "run-started" record to start from.
Result<MigrationRun> replayJournal(const JournalContent &content, const QString &path);

/// The run was resumed after it waited for a restart: the admin restarted.
bool restartSeenIn(const JournalContent &content);

/// A journal's run, as found on disk.
struct JournalEntry {
    QString path;
    MigrationRun run;
    bool restartSeen = false; ///< the run was resumed after waiting for a restart
};

/// The runs in @p directory that are not finished (not completed, rolled back
/// or abandoned), newest first; journals that cannot be read at all are
/// listed in @p unreadable with the reason.
std::vector<JournalEntry> findResumableRuns(const QString &directory, std::vector<std::string> *unreadable = nullptr);

/// The newest unfinished run, for @p server (name, id or host name; empty:
/// any server).
std::optional<JournalEntry> findResumableRun(const QString &directory, std::string_view server = {});

/// The journal's bytes, for export next to a report.
Result<QByteArray> journalBytes(const QString &path);
/// Copies the journal to @p target (written whole or not at all).
std::optional<Error> exportJournal(const QString &path, const QString &target);

} // namespace pathlens
