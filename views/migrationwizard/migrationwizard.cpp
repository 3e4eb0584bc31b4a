#include "views/migrationwizard/migrationwizard.h"

#include "model/inventoryservice.h"
#include "model/migration/migrationjournal.h"
#include "model/migration/migrationrunner.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QDateTime>

namespace pathlens {

using migrationwords::text;

MigrationWizard::MigrationWizard(InventoryService &service, QWidget *parent)
    : MigrationWizard(service, MigrationSettings{}, parent)
{
}

MigrationWizard::MigrationWizard(InventoryService &service, MigrationSettings settings, QWidget *parent)
    : QWizard(parent)
    , m_service(service)
    , m_runner(new MigrationRunner(service, std::move(settings), this))
    , m_prompts(MigrationPrompts{}.withDefaults())
{
    setObjectName(QStringLiteral("MigrationWizard"));
    setWindowTitle(tr("Replace Back-End Driver"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    buildPages();
    setMinimumSize(880, 640);
    resize(1040, 760);

    connect(m_runner, &MigrationRunner::finished, this, [this] {
        if (m_closeWhenStopped) {
            m_closeWhenStopped = false;
            QWizard::reject();
        }
    });
}

MigrationWizard::~MigrationWizard() = default;

void MigrationWizard::buildPages()
{
    m_choose = new ChooseServerPage(*this);
    m_preflight = new PreflightPage(*this);
    m_plan = new PlanReviewPage(*this);
    m_execution = new ExecutionPage(*this);
    m_summary = new MigrationSummaryPage(*this);
    setPage(ChoosePageId, m_choose);
    setPage(PreflightPageId, m_preflight);
    setPage(PlanPageId, m_plan);
    setPage(ExecutionPageId, m_execution);
    setPage(SummaryPageId, m_summary);
    setStartId(ChoosePageId);
}

void MigrationWizard::setPrompts(MigrationPrompts prompts)
{
    m_prompts = prompts.withDefaults();
}

int MigrationWizard::ask(const MigrationQuestion &question)
{
    return m_prompts.ask(this, question);
}

MigrationRequest MigrationWizard::request() const
{
    MigrationRequest request;
    const int index = m_choose->serverIndex();
    if (index >= 0)
        request.server = m_runner->choices()[static_cast<std::size_t>(index)].server.id;
    request.ports = m_choose->checkedPortIds();
    request.policy = m_choose->policy();
    return request;
}

bool MigrationWizard::openRun(const QString &journalPath, QString *error)
{
    bool opened = false;
    QString failure;
    const auto onOpened = connect(m_runner, &MigrationRunner::runOpened, this, [&opened] { opened = true; });
    const auto onError = connect(m_runner, &MigrationRunner::errorOccurred, this,
                                 [&failure](const QString &message) { failure = message; });
    m_runner->openRun(journalPath); // reads the journal at once, no backend involved
    disconnect(onOpened);
    disconnect(onError);
    if (!opened) {
        if (error)
            *error = failure.isEmpty() ? tr("The journal %1 could not be opened.").arg(journalPath) : failure;
        return false;
    }
    setStartId(ExecutionPageId);
    restart();
    return true;
}

MigrationWizard *MigrationWizard::openUnfinishedRun(InventoryService &service, const QString &journalPath,
                                                    QWidget *parent, MigrationSettings settings,
                                                    MigrationPrompts prompts, QString *error)
{
    auto *wizard = new MigrationWizard(service, std::move(settings), parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->setPrompts(std::move(prompts));
    if (!wizard->openRun(journalPath, error)) {
        delete wizard;
        return nullptr;
    }
    return wizard;
}

void MigrationWizard::reject()
{
    if (m_execution->isRollingBack()) {
        MigrationQuestion question;
        question.icon = QMessageBox::Information;
        question.title = tr("Rollback in Progress");
        question.text = tr("The rollback is restoring the previous drivers. Wait until it has finished.");
        question.answers = {tr("OK")};
        question.escapeAnswer = 0;
        ask(question);
        return;
    }
    if (m_execution->isActive()) {
        MigrationQuestion question;
        question.icon = QMessageBox::Warning;
        question.title = tr("Stop the Driver Replacement?");
        question.text = tr("The run is changing %1. Stop it after the step that runs now?")
                            .arg(text(m_runner->run().plan.serverName));
        question.informativeText = tr("The run is kept in its journal: PathLens offers to resume or roll it back "
                                      "the next time it starts.");
        question.answers = {tr("Stop After This Step"), tr("Keep Running")};
        question.defaultAnswer = 1;
        question.escapeAnswer = 1;
        if (ask(question) != 0)
            return;
        m_closeWhenStopped = true;
        m_execution->cancelRun();
        return;
    }
    QWizard::reject();
}

// ------------------------------------------------------------ resume offer

namespace {

QString nextStepWords(const MigrationRun &run)
{
    std::size_t done = 0;
    for (const MigrationStep &step : run.plan.steps) {
        if (step.status != StepStatus::Planned && step.status != StepStatus::Running)
            ++done;
    }
    QString words = QObject::tr("%1 of %2 steps finished.").arg(done).arg(run.plan.steps.size());
    const int next = run.nextStepIndex();
    if (next >= 0)
        words += QLatin1Char(' ')
            + QObject::tr("Next: %1.").arg(text(run.plan.steps[static_cast<std::size_t>(next)].title));
    return words;
}

} // namespace

ResumeOffer offerToResumeMigration(InventoryService &service, QWidget *parent, MigrationSettings settings,
                                   MigrationPrompts prompts)
{
    prompts = prompts.withDefaults();
    const QString directory =
        settings.journalDirectory.isEmpty() ? defaultJournalDirectory() : settings.journalDirectory;
    ResumeOffer offer;
    for (const JournalEntry &entry : findResumableRuns(directory)) {
        const MigrationRun &run = entry.run;
        offer.journalPath = entry.path;
        const QString source = text(run.backendDescription);
        const bool sameSource = source.isEmpty() || source == service.backendDescription();

        MigrationQuestion question;
        question.icon = QMessageBox::Question;
        question.title = QObject::tr("Unfinished Driver Replacement");
        QStringList lines;
        lines << QObject::tr("The driver replacement on %1 (host %2) has not finished.")
                     .arg(text(run.plan.serverName), text(run.plan.host));
        lines << QObject::tr("State: %1. %2").arg(migrationwords::runStateText(run.state), text(run.stateDetail));
        lines << nextStepWords(run);
        lines << QObject::tr("Planned %1 on %2.")
                     .arg(QDateTime::fromSecsSinceEpoch(std::chrono::duration_cast<std::chrono::seconds>(
                                                            run.created.time_since_epoch())
                                                            .count())
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                          source);
        lines << QObject::tr("Journal: %1").arg(entry.path);
        if (!entry.run.journalProblems.empty())
            lines << QObject::tr("%n line(s) of the journal could not be read.", nullptr,
                                 static_cast<int>(entry.run.journalProblems.size()));
        if (run.state == RunState::WaitingForRestart)
            lines << QObject::tr("Resume it once %1 has restarted.").arg(text(run.plan.host));
        question.text = lines.join(QLatin1Char('\n'));

        enum Answer { Resume, RollBack, Leave, Later };
        std::vector<Answer> answers;
        if (!sameSource) {
            answers = {Leave, Later};
            question.informativeText =
                QObject::tr("The run was made on %1, but PathLens now reads %2. Open that source to resume or "
                            "roll the run back; Leave It does not offer it again.")
                    .arg(source, service.backendDescription());
        } else if (run.state == RunState::RollingBack) {
            // A rollback that stopped half-way can only be finished.
            answers = {RollBack, Leave, Later};
            question.informativeText =
                QObject::tr("The rollback stopped before it finished. Roll Back continues it; Leave It keeps "
                            "everything as it is and does not offer this run again. Later asks again at the next "
                            "start.");
        } else {
            answers = {Resume, RollBack, Leave, Later};
            question.informativeText =
                QObject::tr("Resume continues with the next step; a step cut off by the stop is first checked "
                            "against the system. Roll Back restores the previous driver on every device the run "
                            "replaced. Leave It keeps everything as it is and does not offer this run again. "
                            "Later asks again at the next start.");
        }
        for (Answer answer : answers) {
            switch (answer) {
            case Resume: question.answers << QObject::tr("Resume"); break;
            case RollBack: question.answers << QObject::tr("Roll Back"); break;
            case Leave: question.answers << QObject::tr("Leave It"); break;
            case Later: question.answers << QObject::tr("Later"); break;
            }
        }
        question.defaultAnswer = 0;
        question.escapeAnswer = static_cast<int>(answers.size()) - 1;

        const int picked = prompts.ask(parent, question);
        const Answer answer = picked >= 0 && picked < static_cast<int>(answers.size())
            ? answers[static_cast<std::size_t>(picked)]
            : Later;
        switch (answer) {
        case Resume:
        case RollBack: {
            QString error;
            MigrationWizard *wizard =
                MigrationWizard::openUnfinishedRun(service, entry.path, parent, settings, prompts, &error);
            if (!wizard) {
                offer.action = ResumeOffer::Action::Failed;
                offer.error = error;
                return offer;
            }
            wizard->show();
            if (answer == Resume)
                wizard->executionPage()->resumeRun();
            else
                wizard->executionPage()->rollBackRun(false);
            offer.action = answer == Resume ? ResumeOffer::Action::Resumed : ResumeOffer::Action::RollingBack;
            offer.wizard = wizard;
            return offer;
        }
        case Leave: {
            // Only the journal changes: no backend call, so it is done here.
            Result<std::unique_ptr<MigrationEngine>> engine = MigrationEngine::open(entry.path, settings);
            std::optional<Error> error = engine ? engine.value()->abandon("left as it is by the admin")
                                                : std::optional<Error>(engine.error());
            if (error) {
                offer.action = ResumeOffer::Action::Failed;
                offer.error = text(error->toString());
                return offer;
            }
            offer.action = ResumeOffer::Action::LeftAsItIs;
            continue; // the next unfinished run, if any
        }
        case Later:
            offer.action = ResumeOffer::Action::AskLater;
            return offer;
        }
    }
    return offer;
}

} // namespace pathlens
