#pragma once

// The pages of MigrationWizard. Each reads MigrationRunner's copy of the run
// and sends the admin's commands to it; none talks to the platform.

#include "model/migration/migrationtypes.h"

#include <QWizardPage>

#include <vector>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace pathlens {

class MigrationRunner;
class MigrationWizard;

/// 1. The server and the back-end ports to hand over, with each port's PCI
/// location, device, current driver, role and the back-end disks behind it;
/// a port that cannot be chosen says why.
class ChooseServerPage final : public QWizardPage
{
    Q_OBJECT

public:
    enum PortColumn { PortAlias, PortPci, PortDevice, PortDriver, PortRoles, PortDisks, PortStatus, PortColumnCount };
    enum DiskColumn { DiskCaption, DiskSerial, DiskPool, DiskAlua, DiskPaths, DiskInUse, DiskColumnCount };

    explicit ChooseServerPage(MigrationWizard &wizard);

    void initializePage() override;
    bool isComplete() const override;

    /// Reads the servers and ports again.
    void reload();
    /// The chosen server's index in MigrationRunner::choices(); -1 when none.
    int serverIndex() const;
    /// Ids of the checked ports.
    std::vector<std::string> checkedPortIds() const;
    LoadBalancePolicy policy() const;

    QComboBox *serverBox() const { return m_server; }
    QTreeWidget *portsTree() const { return m_ports; }
    QTreeWidget *disksTree() const { return m_disks; }
    QComboBox *policyBox() const { return m_policy; }
    QLabel *statusLabel() const { return m_status; }

private:
    void onChoicesReady();
    void fillPorts();
    void showDisks();

    MigrationWizard &m_wizard;
    bool m_loaded = false;
    bool m_loading = false;
    QComboBox *m_server = nullptr;
    QLabel *m_serverProblems = nullptr;
    QTreeWidget *m_ports = nullptr;
    QLabel *m_portNote = nullptr;
    QTreeWidget *m_disks = nullptr;
    QComboBox *m_policy = nullptr;
    QLabel *m_policyNote = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_reload = nullptr;
};

/// 2. The preflight: pass, warn or block per item; a block keeps Next
/// disabled and says why. DataCore's support consequences (FAQ 1302) must be
/// acknowledged with a check box.
class PreflightPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit PreflightPage(MigrationWizard &wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    /// Plans and checks again (after the admin fixed a block).
    void check();
    bool isChecking() const { return m_checking; }

    /// The item rows as shown: "<status>\t<title>\t<detail>", one per item.
    QStringList itemTexts() const;
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *blockLabel() const { return m_block; }
    QLabel *consequencesLabel() const { return m_consequences; }
    QCheckBox *acknowledgeBox() const { return m_acknowledge; }
    QPushButton *checkAgainButton() const { return m_checkAgain; }

private:
    void onPlanReady();
    void onError(const QString &message);
    void showItems();
    void clearItems();

    MigrationWizard &m_wizard;
    bool m_checking = false;
    bool m_ready = false;
    QLabel *m_summary = nullptr;
    QProgressBar *m_busy = nullptr;
    QWidget *m_itemsHost = nullptr;
    QGridLayout *m_items = nullptr;
    QStringList m_itemTexts;
    QLabel *m_block = nullptr;
    QLabel *m_consequences = nullptr;
    QCheckBox *m_acknowledge = nullptr;
    QPushButton *m_checkAgain = nullptr;
};

/// 3. The plan: the devices whose driver changes and every step with the
/// same action by hand. Its Next button starts the run.
class PlanReviewPage final : public QWizardPage
{
    Q_OBJECT

public:
    enum DeviceColumn { DevicePort, DevicePci, DeviceName, DeviceDriverNow, DeviceDriverAfter, DeviceColumnCount };
    enum StepColumn { StepNumber, StepStage, StepTitle, StepManual, StepColumnCount };

    explicit PlanReviewPage(MigrationWizard &wizard);

    void initializePage() override;

    QLabel *overviewLabel() const { return m_overview; }
    QTreeWidget *devicesTree() const { return m_devices; }
    QTreeWidget *stepsTree() const { return m_steps; }
    QPlainTextEdit *manualText() const { return m_manual; }

private:
    void showManual();

    MigrationWizard &m_wizard;
    QLabel *m_overview = nullptr;
    QTreeWidget *m_devices = nullptr;
    QTreeWidget *m_steps = nullptr;
    QPlainTextEdit *m_manual = nullptr;
};

/// 4. The run: a progress bar, each step's status (icon and text), a live
/// log and where each device stands. Cancel stops between steps; the port
/// removal is confirmed with the exact ports; a failure offers the rollback.
class ExecutionPage final : public QWizardPage
{
    Q_OBJECT

public:
    enum StepColumn { StepStatusColumn, StepTitleColumn, StepDetailColumn, StepColumnCount };
    enum DeviceColumn {
        DevicePort,
        DevicePci,
        DeviceName,
        DeviceInstallStep,
        DeviceStateColumn,
        DeviceDriverNow,
        DeviceColumnCount
    };

    explicit ExecutionPage(MigrationWizard &wizard);

    void initializePage() override;
    bool isComplete() const override;

    /// Stops after the step that runs now (the run is paused, resumable).
    void cancelRun();
    /// Continues a paused, waiting, failed (retries the failed step) or opened run.
    void resumeRun(bool restartHostFirst = false);
    /// Restores the previous drivers; asks first when @p confirm.
    void rollBackRun(bool confirm = true);
    /// Nothing runs now: the run's state is final or it waits for the admin.
    bool isStopped() const;
    /// Steps (or the rollback) were sent to the runner and have not finished.
    bool isActive() const { return m_active; }
    bool isRollingBack() const { return m_rollingBack; }

    QLabel *stateLabel() const { return m_state; }
    QLabel *detailLabel() const { return m_detail; }
    QProgressBar *progressBar() const { return m_progress; }
    QTreeWidget *stepsTree() const { return m_steps; }
    QTreeWidget *devicesTree() const { return m_devices; }
    QPlainTextEdit *logView() const { return m_log; }
    QTabWidget *tabs() const { return m_tabs; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *restartAndResumeButton() const { return m_restartAndResume; }
    QPushButton *rollBackButton() const { return m_rollBack; }

private:
    void onStepStarted(int index);
    void onStepFinished(int index);
    void onPortDeletionNeeded(const QStringList &ports);
    void onFinished();
    void onError(const QString &message);
    void appendLog(const QString &line);
    void showRun();
    void showSteps();
    void showDevices();
    void updateButtons();

    MigrationWizard &m_wizard;
    int m_runningIndex = -1;
    bool m_active = false; ///< start, resume or rollback sent; no finished() yet
    bool m_stopping = false;
    bool m_rollingBack = false;
    QString m_error; ///< the last refused command, until the next one
    QLabel *m_stateIcon = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_detail = nullptr;
    QProgressBar *m_progress = nullptr;
    QTreeWidget *m_steps = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTreeWidget *m_devices = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_restartAndResume = nullptr;
    QPushButton *m_rollBack = nullptr;
};

/// Where each device of the run stands, in ExecutionPage's device columns
/// (the execution and the summary page show the same table).
QTreeWidget *makeDeviceStatesTree(QWidget *parent, const QString &objectName);
void fillDeviceStates(QTreeWidget *tree, const MigrationRun &run);

/// 5. The outcome: findings before and after (cleared, remaining, new), the
/// back-end disks as verified, the devices, and the export of the journal
/// and of a JSON summary.
class MigrationSummaryPage final : public QWizardPage
{
    Q_OBJECT

public:
    enum FindingColumn {
        FindingChangeColumn,
        FindingSeverity,
        FindingRule,
        FindingObject,
        FindingText,
        FindingColumnCount
    };
    enum LunColumn {
        LunCaption,
        LunMpioDisk,
        LunPolicy,
        LunPaths,
        LunOptimized,
        LunSlowIo,
        LunProblems,
        LunColumnCount
    };

    explicit MigrationSummaryPage(MigrationWizard &wizard);

    void initializePage() override;

    /// Writes the journal / the JSON summary to a file the admin picks.
    /// False when nothing was written (cancelled or failed: exportStatus() says).
    bool saveJournal();
    bool saveSummary();

    QLabel *outcomeTitle() const { return m_outcomeTitle; }
    QLabel *outcomeLabel() const { return m_outcome; }
    QLabel *countsLabel() const { return m_counts; }
    QTreeWidget *findingsTree() const { return m_findings; }
    QTreeWidget *lunsTree() const { return m_luns; }
    QTreeWidget *devicesTree() const { return m_devices; }
    QPushButton *saveJournalButton() const { return m_saveJournal; }
    QPushButton *saveSummaryButton() const { return m_saveSummary; }
    QLabel *exportStatus() const { return m_exportStatus; }

private:
    bool save(const QByteArray &bytes, const QString &path);
    QString suggestedPath(const QString &suffix) const;

    MigrationWizard &m_wizard;
    QLabel *m_outcomeIcon = nullptr;
    QLabel *m_outcomeTitle = nullptr;
    QLabel *m_outcome = nullptr;
    QLabel *m_counts = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeWidget *m_findings = nullptr;
    QTreeWidget *m_luns = nullptr;
    QTreeWidget *m_devices = nullptr;
    QLabel *m_journal = nullptr;
    QPushButton *m_saveJournal = nullptr;
    QPushButton *m_saveSummary = nullptr;
    QLabel *m_exportStatus = nullptr;
};

} // namespace pathlens
