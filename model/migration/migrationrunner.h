#pragma once

// The driver replacement wizard's model: runs remedy 2 off the UI thread and
// tells the UI what happens, step by step.
//
// Threading: the backend belongs to InventoryService's worker thread (a
// backend is used by one thread only), so every platform call of the run
// goes through InventoryService::runOnWorker, one job per step. Between the
// jobs the UI thread holds a copy of the run (run()), the service refreshes
// the tree, and the admin can cancel or answer a question. The engine itself
// is only touched inside jobs; its results come back as queued calls, which
// are dropped if the runner is gone by then.

#include "model/migration/migrationengine.h"
#include "model/migration/migrationjournal.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace pathlens {

class InventoryService;

class MigrationRunner final : public QObject
{
    Q_OBJECT

public:
    explicit MigrationRunner(InventoryService &service, MigrationSettings settings = {}, QObject *parent = nullptr);
    ~MigrationRunner() override;

    // -- what the wizard shows (UI thread) -----------------------------------
    /// Servers and their back-end ports, after loadChoices().
    const std::vector<ServerChoice> &choices() const { return m_choices; }
    /// The current run: plan, preflight, steps with status, devices, findings
    /// before and after. Updated after every step.
    const MigrationRun &run() const { return m_run; }
    bool hasRun() const { return m_engine != nullptr; }
    /// A job is on the worker; commands other than cancel() wait.
    bool isBusy() const { return m_busy; }
    /// The next step removes DataCore ports and needs confirmPortDeletion().
    bool waitingForPortConfirmation() const { return m_waitingForConfirmation; }
    /// The source can restart the run's server itself (the simulated lab):
    /// a run waiting for a restart can be resumed with resume(true).
    bool canRestartHost() const { return m_canRestartHost; }
    QString journalDirectory() const;
    /// Unfinished runs made on the service's current source, newest first
    /// (offer to resume them when the wizard opens).
    std::vector<JournalEntry> resumableRuns() const;

    // -- commands (UI thread) --------------------------------------------------
    /// Reads the servers and their back-end ports: choicesReady().
    void loadChoices();
    /// Plans a run and runs the preflight: planReady() (or errorOccurred()).
    void prepare(const MigrationRequest &request);
    /// Opens an unfinished run from its journal: runOpened() (or errorOccurred()).
    void openRun(const QString &journalPath);
    /// The admin has read DataCore's support consequences (FAQ 1302).
    void acknowledgeSupportConsequences();
    /// Starts the planned run and runs its steps one after another.
    void start();
    /// Continues an opened (or paused, or waiting) run; with
    /// @p restartHostFirst the source restarts the run's server before
    /// (canRestartHost()).
    void resume(bool restartHostFirst = false);
    /// The answer to portDeletionConfirmationNeeded(); the run goes on.
    void confirmPortDeletion(bool confirmed);
    /// Stops after the step that runs now; the run is Paused and resumable.
    void cancel();
    /// Restores the previous driver of each replaced device.
    void rollBack();
    /// Leaves an unfinished run as it is; it is not offered again.
    void abandon();
    /// The journal's content for export (read from disk).
    Result<QByteArray> journal() const;

Q_SIGNALS:
    void choicesReady();
    void planReady();
    void runOpened();
    void stepStarted(int index, const QString &stepId);
    void stepFinished(int index, const QString &stepId, const QString &status);
    void logLine(const QString &line);
    /// The next steps remove these DataCore ports (aliases): confirm or decline.
    void portDeletionConfirmationNeeded(const QStringList &ports);
    /// The run stopped: completed, failed, paused, waiting-for-restart,
    /// rolled-back, rollback-failed or abandoned (RunState's words).
    void finished(const QString &state);
    void errorOccurred(const QString &message);
    void busyChanged(bool busy);

private:
    struct Link;

    void post(std::function<void(Backend &, MigrationEngine &, const std::shared_ptr<Link> &)> job);
    void setBusy(bool busy);
    void continueRun();
    void onStepDone(int index, MigrationRun run);
    void onStopped(MigrationRun run, std::optional<Error> error);
    std::shared_ptr<MigrationEngine> withLog(std::shared_ptr<MigrationEngine> engine);

    InventoryService &m_service;
    MigrationSettings m_settings;
    std::shared_ptr<Link> m_link;
    std::shared_ptr<MigrationEngine> m_engine;
    MigrationRun m_run;
    std::vector<ServerChoice> m_choices;
    std::optional<bool> m_portAnswer;
    bool m_busy = false;
    bool m_cancelRequested = false;
    bool m_waitingForConfirmation = false;
    bool m_canRestartHost = false;
};

} // namespace pathlens
