#pragma once

// The remedy 2 state machine. Synchronous and free of threads: every call
// that takes a Backend talks to the system and must run where the backend
// lives (the InventoryService worker for the console, the main thread for
// the command line). MigrationRunner drives it from the UI thread one step
// per worker job; `pathlens migrate` drives it directly.
//
// Nothing changes the system without a journal record before it and after
// it. A run that stops (crash, cancel, restart) is read back from its
// journal with open(); a step that started but has no finished record is
// decided by asking the system whether its change is there.

#include "model/health/healthcontext.h"
#include "model/migration/migrationchoices.h"
#include "model/migration/migrationjournal.h"
#include "model/migration/migrationplanner.h"
#include "model/migration/migrationtypes.h"
#include "model/snapshotbuilder.h"
#include "platform/backend.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

/// Two readings of the whole source some time apart: counter deltas between
/// them are the measured I/O.
struct TwoReadings {
    SourceData first;
    SourceData second;
};
using MeasureFunction = std::function<TwoReadings(Backend &)>;

/// The default measurement: the simulated lab is read twice @p interval
/// apart on its own clock (no waiting); any other backend with a real pause.
TwoReadings measureTwice(Backend &backend, std::chrono::milliseconds interval);

/// Points inside a step where MigrationSettings::checkpoint is called.
enum class StepCheckpoint {
    Started,  ///< the step-started record is on disk; nothing changed yet
    Changed,  ///< the platform call returned; no step-finished record yet
    Finished, ///< the step-finished record is on disk
};

struct MigrationSettings {
    QString journalDirectory; ///< empty: defaultJournalDirectory()
    /// Between the two readings that measure I/O (before the run and when verifying).
    std::chrono::milliseconds measureInterval{5000};
    MeasureFunction measure;  ///< empty: measureTwice(measureInterval)
    HealthSettings health;
    /// Called inside each step (tests stop the process here to prove that a
    /// run resumes at the right place).
    std::function<void(StepCheckpoint, const MigrationStep &)> checkpoint;
};

/// The servers and back-end ports to choose from, read from the backend.
struct MigrationChoicesReading {
    SourceData sources;
    InventorySnapshot snapshot;
    std::vector<ServerChoice> servers;
};
MigrationChoicesReading readMigrationChoices(Backend &backend);

class MigrationEngine final
{
public:
    explicit MigrationEngine(MigrationSettings settings = {});

    /// Reads the system and makes the plan, the preflight and the findings
    /// before (two readings). The run is then Planned; an Error only when the
    /// source or the server cannot be read (a preflight block is no error).
    std::optional<Error> prepare(Backend &backend, const MigrationRequest &request);

    /// Reads a run back from its journal to resume or roll it back.
    static Result<std::unique_ptr<MigrationEngine>> open(const QString &journalPath, MigrationSettings settings = {});

    const MigrationRun &run() const { return m_run; }
    /// What prepare() offered (empty for an opened run).
    const std::vector<ServerChoice> &choices() const { return m_choices; }

    /// The admin has read DataCore's support consequences (FAQ 1302).
    void acknowledgeSupportConsequences();

    /// Creates the journal and writes the plan; the run is Running. Refused
    /// while a preflight item blocks or an acknowledgement is missing.
    std::optional<Error> start();
    /// Continues a Paused, WaitingForRestart or Running (interrupted) run.
    std::optional<Error> resume();

    /// The next step removes DataCore ports and the admin has not answered yet.
    bool needsPortDeletionConfirmation() const;
    /// The ports the next steps would remove (aliases).
    std::vector<std::string> portsToDelete() const;
    /// The admin's answer: no leaves the ports (their steps are skipped).
    void answerPortDeletion(bool confirmed);

    /// Runs the next step (first deciding a cut-off one by the system's
    /// state). Returns the index of the step it ran or decided, -1 when
    /// nothing ran (finished, stopped, waiting, or a confirmation missing).
    int runNextStep(Backend &backend);
    /// Runs steps until the run stops; @p deletePorts answers the port question.
    void runToEnd(Backend &backend, bool deletePorts);
    bool canRunNextStep() const;

    /// Cancels between steps: the run is Paused and can be resumed.
    std::optional<Error> pause(const std::string &reason);
    /// Restores the previous driver of each device the run replaced, newest
    /// first; the run ends RolledBack or RollbackFailed.
    std::optional<Error> rollBack(Backend &backend);
    /// The admin leaves an unfinished run as it is: it is not offered again.
    std::optional<Error> abandon(const std::string &reason);

    /// Reads the devices again and records where each stands.
    void refreshDeviceStates(Backend &backend);

    /// Replaces MigrationSettings::checkpoint.
    void setCheckpoint(std::function<void(StepCheckpoint, const MigrationStep &)> checkpoint)
    {
        m_settings.checkpoint = std::move(checkpoint);
    }

    /// Human-readable progress lines ("Installing ... on DCS-A BE1"), called
    /// on the thread that runs the engine.
    void setLogSink(std::function<void(const std::string &)> sink) { m_log = std::move(sink); }

private:
    enum class Gate { Ready, WaitForRestart, Fail };
    struct GateResult {
        Gate gate = Gate::Ready;
        std::string reason;
    };

    void log(const std::string &line) const;
    std::optional<Error> record(QJsonObject record);
    std::optional<Error> recordState(RunState state, const std::string &detail, bool withOutcome = false);
    std::optional<Error> stopWithJournalError(const Error &error);

    bool restartPending(Backend &backend) const;
    GateResult waitOrFail(Backend &backend, const std::string &reason) const;
    GateResult gate(Backend &backend, const MigrationStep &step);
    /// Decides a step that started but never finished: done, not done, or failed.
    void reconcile(Backend &backend, MigrationStep &step);
    void execute(Backend &backend, MigrationStep &step);
    void installDriver(Backend &backend, MigrationStep &step);
    void deletePort(Backend &backend, MigrationStep &step);
    void claim(Backend &backend, MigrationStep &step);
    void setPolicy(Backend &backend, MigrationStep &step);
    void verify(Backend &backend, MigrationStep &step);
    HealthSummary measureHealth(Backend &backend, TwoReadings *readings = nullptr) const;
    void finishRun(Backend &backend);
    void failRun(Backend &backend, const MigrationStep &step);
    void checkpoint(StepCheckpoint point, const MigrationStep &step) const;

    MigrationSettings m_settings;
    MigrationRun m_run;
    std::vector<ServerChoice> m_choices;
    std::optional<MigrationJournal> m_journal;
    std::optional<bool> m_deletePorts;
    bool m_restartSeen = false;
    std::function<void(const std::string &)> m_log;
};

} // namespace pathlens
