#pragma once

// Remedy 2 as a wizard: choose a DataCore server and its back-end ports, read
// the preflight (and accept DataCore's support consequences), review the plan
// with the equivalent manual actions, watch the run step by step (cancel
// between steps, confirm the port removal, roll back on failure) and compare
// the findings before and after. The run itself is MigrationRunner's; the
// wizard only shows it and sends the admin's commands.

#include "model/migration/migrationengine.h"
#include "model/migration/migrationplanner.h"
#include "views/migrationwizard/migrationprompts.h"

#include <QString>
#include <QWizard>

namespace pathlens {

class InventoryService;
class MigrationRunner;
class ChooseServerPage;
class PreflightPage;
class PlanReviewPage;
class ExecutionPage;
class MigrationSummaryPage;

class MigrationWizard final : public QWizard
{
    Q_OBJECT

public:
    enum PageId { ChoosePageId, PreflightPageId, PlanPageId, ExecutionPageId, SummaryPageId };

    /// Starts with the server choice. The service is not owned and must
    /// outlive the wizard; journals go to the default folder.
    explicit MigrationWizard(InventoryService &service, QWidget *parent = nullptr);
    MigrationWizard(InventoryService &service, MigrationSettings settings, QWidget *parent = nullptr);
    ~MigrationWizard() override;

    /// Opens an unfinished run from its journal and shows it on the execution
    /// page, ready to resume or roll back. Null (and @p error) when the
    /// journal cannot be read. The wizard deletes itself when closed.
    static MigrationWizard *openUnfinishedRun(InventoryService &service, const QString &journalPath,
                                              QWidget *parent = nullptr, MigrationSettings settings = {},
                                              MigrationPrompts prompts = {}, QString *error = nullptr);

    /// The same on an existing wizard; false (and @p error) when the journal
    /// cannot be read.
    bool openRun(const QString &journalPath, QString *error = nullptr);

    void setPrompts(MigrationPrompts prompts);
    const MigrationPrompts &prompts() const { return m_prompts; }
    /// Asks through the prompts (a message box by default).
    int ask(const MigrationQuestion &question);

    InventoryService &service() const { return m_service; }
    MigrationRunner &runner() const { return *m_runner; }

    ChooseServerPage *choosePage() const { return m_choose; }
    PreflightPage *preflightPage() const { return m_preflight; }
    PlanReviewPage *planPage() const { return m_plan; }
    ExecutionPage *executionPage() const { return m_execution; }
    MigrationSummaryPage *summaryPage() const { return m_summary; }

    /// What the admin chose on the first page.
    MigrationRequest request() const;

public Q_SLOTS:
    /// Closing while steps run asks first, then stops after the current step
    /// (the run stays resumable) and closes once it has stopped.
    void reject() override;

private:
    void buildPages();

    InventoryService &m_service;
    MigrationRunner *m_runner = nullptr;
    MigrationPrompts m_prompts;
    bool m_closeWhenStopped = false;

    ChooseServerPage *m_choose = nullptr;
    PreflightPage *m_preflight = nullptr;
    PlanReviewPage *m_plan = nullptr;
    ExecutionPage *m_execution = nullptr;
    MigrationSummaryPage *m_summary = nullptr;
};

/// What offerToResumeMigration() did.
struct ResumeOffer {
    enum class Action {
        NothingToResume, ///< no unfinished run in the journal folder
        Resumed,         ///< the wizard opened on the run and resumes it
        RollingBack,     ///< the wizard opened on the run and rolls it back
        LeftAsItIs,      ///< the run was abandoned: it is not offered again
        AskLater,        ///< the question was closed: it is offered at the next start
        Failed,          ///< the journal could not be opened or written (error)
    };
    Action action = Action::NothingToResume;
    QString journalPath;
    MigrationWizard *wizard = nullptr; ///< shown, deletes itself when closed
    QString error;
};

/// Called when the console starts: when the journal folder holds an
/// unfinished run, asks whether to resume it, roll it back or leave it as it
/// is, and acts. A run recorded on another source than the service's is only
/// offered to leave or keep for later. Unfinished runs are offered newest
/// first; "Leave it" moves on to the next one.
ResumeOffer offerToResumeMigration(InventoryService &service, QWidget *parent, MigrationSettings settings = {},
                                   MigrationPrompts prompts = {});

} // namespace pathlens
