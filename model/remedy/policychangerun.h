#pragma once

// Drives one load-balance policy change through InventoryService: the change
// on the worker, the reading after it, and, where a finding needs measured
// I/O, one more reading after a short wait, so "cleared" is said only about
// I/O that flowed after the change.

#include "model/remedy/policychange.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

class QTimer;

namespace pathlens {

class InventoryService;

/// What one run came to.
struct PolicyRunResult {
    enum class Status {
        Failed,  ///< the change was refused or failed: nothing changed
        Applied, ///< the change went through and was read back
        Lost,    ///< the change went through, but the disk could not be read back
    };

    Status status = Status::Failed;
    std::string change;             ///< describeChange() of what was asked
    std::string command;            ///< the mpclaim equivalent
    std::optional<Error> error;     ///< Failed: the platform's error, with its operation
    std::string detail;             ///< Change::detail from the platform
    bool rebootRequired = false;
    std::string host;
    /// Applied: the policy the disk reports after the change, and whether it
    /// (and for Fail Over Only the preferred path) is the one asked for.
    LoadBalancePolicy policyAfter = LoadBalancePolicy::Unknown;
    bool policyConfirmed = false;
    std::string readBackProblem;    ///< Lost: why the disk could not be read back
    PolicyOutcome outcome;          ///< Applied: the disk's findings before and after

    bool ok() const { return status == Status::Applied; }
    /// What to show, one line each: the change, errors verbatim, the outcome.
    std::vector<std::string> lines() const;
};

class PolicyChangeRun final : public QObject
{
    Q_OBJECT

public:
    enum class Stage { Idle, Changing, Reading, Measuring, Finished };
    Q_ENUM(Stage)

    PolicyChangeRun(InventoryService &service, PolicyPlan plan, PolicyChoice choice, QObject *parent = nullptr);
    ~PolicyChangeRun() override;

    /// How long to wait before the reading that measures I/O after the change
    /// (default 10 s; the counters need an interval to say anything).
    void setMeasureDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds measureDelay() const { return m_measureDelay; }

    /// Submits the change. A choice that does not pass checkChoice() finishes
    /// at once as Failed without touching the system. Runs once.
    void start();

    Stage stage() const { return m_stage; }
    const PolicyRunResult &result() const { return m_result; }

Q_SIGNALS:
    void stageChanged(pathlens::PolicyChangeRun::Stage stage, const QString &text);
    void finished(const pathlens::PolicyRunResult &result);

private:
    void onChangeDone(const ChangeResult &result);
    void onRefreshStarted();
    void onRefreshFinished(const SnapshotPtr &snapshot);
    void onBackendChanged();
    void readBack(const InventorySnapshot &snapshot, bool measuredSinceChange);
    void setStage(Stage stage, const QString &text);
    void finish();

    InventoryService &m_service;
    PolicyPlan m_plan;
    PolicyChoice m_choice;
    std::chrono::milliseconds m_measureDelay{10'000};
    QTimer *m_measureTimer = nullptr;
    Stage m_stage = Stage::Idle;
    PolicyRunResult m_result;
    std::vector<Finding> m_before;
    int m_readingsRunning = 0;      ///< readings started after the change, not yet finished
    int m_readingsDone = 0;         ///< readings started after the change and finished
};

} // namespace pathlens

Q_DECLARE_METATYPE(pathlens::PolicyRunResult)
