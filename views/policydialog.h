#pragma once

// Remedy 1 through Windows MPIO for one back-end disk: pick a load-balance
// policy (and for Fail Over Only the preferred path, optimized paths first),
// see the equivalent mpclaim command line, apply it after a confirmation, and
// see whether the disk's findings cleared.

#include "model/remedy/policychange.h"
#include "model/remedy/policychangerun.h"

#include <QDialog>
#include <QString>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace pathlens {

class InventoryService;

class PolicyDialog final : public QDialog
{
    Q_OBJECT

public:
    /// Opens on the disk row whose InventoryTreeModel::KeyPathRole is
    /// @p diskKeyPath ("server/port/disk"). A row that is no disk, or a disk
    /// this dialog cannot change, is shown with the reason and nothing to apply.
    PolicyDialog(InventoryService &service, const QString &diskKeyPath, QWidget *parent = nullptr);
    ~PolicyDialog() override;

    /// Asks the admin to confirm the change; true goes ahead. The default
    /// shows a question box. Tests (and scripted use) set their own.
    using Confirm = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;
    void setConfirm(Confirm confirm);
    /// Wait before the reading that measures I/O after the change (default 10 s).
    void setMeasureDelay(std::chrono::milliseconds delay);

    const PolicyPlan &plan() const { return m_plan; }
    PolicyChoice choice() const { return m_choice; }
    QString commandLine() const;
    /// The outcome (or error) of the last change, one line each.
    QString outcomeText() const;
    bool isRunning() const { return m_run != nullptr; }

public Q_SLOTS:
    /// Confirms, then changes the disk; does nothing while a change runs or
    /// when the choice cannot be applied.
    void apply();

Q_SIGNALS:
    /// A change ended (ok: applied and read back).
    void changeFinished(bool ok);

private:
    void buildUi();
    void rebuildPlan();
    void showPlan();
    void fillPolicies();
    void fillPreferredPaths();
    void onPolicyPicked();
    void onPreferredPicked();
    void updateChoiceViews();
    void onRunFinished(const PolicyRunResult &result);
    QString confirmationText() const;

    InventoryService &m_service;
    PolicyTarget m_target;
    PolicyPlan m_plan;
    PolicyChoice m_choice;
    std::optional<std::uint64_t> m_pickedPath; ///< the admin's last pick in the list, kept across policy switches
    Confirm m_confirm;
    std::chrono::milliseconds m_measureDelay{10'000};
    PolicyChangeRun *m_run = nullptr;
    bool m_filling = false; ///< widgets are being refilled: their signals are not the admin's

    QLabel *m_diskName = nullptr;
    QLabel *m_serial = nullptr;
    QLabel *m_mpioDisk = nullptr;
    QLabel *m_dsm = nullptr;
    QLabel *m_currentPolicy = nullptr;
    QTreeWidget *m_paths = nullptr;
    QLabel *m_refusal = nullptr;
    QComboBox *m_policy = nullptr;
    QLabel *m_policyExplanation = nullptr;
    QGroupBox *m_preferredGroup = nullptr;
    QTreeWidget *m_preferred = nullptr;
    QLabel *m_noOptimized = nullptr;
    QCheckBox *m_showNonOptimized = nullptr;
    QLabel *m_nonOptimizedWarning = nullptr;
    QLabel *m_validation = nullptr;
    QLineEdit *m_command = nullptr;
    QPushButton *m_copy = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_outcome = nullptr;
    QPushButton *m_apply = nullptr;
};

} // namespace pathlens
