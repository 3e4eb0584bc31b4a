// The driver replacement wizard (remedy 2) as an admin clicks through it, on
// the simulated lab behind a real InventoryService: the server choice, the
// preflight that blocks, the plan, the run with its port question, a failing
// install with its rollback, a cancelled run resumed from its journal, and the
// before/after findings with the export.

#include "model/inventoryservice.h"
#include "model/migration/migrationjournal.h"
#include "model/migration/migrationrunner.h"
#include "platform/lab/labbackend.h"
#include "support/confighome.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pathlens {
namespace {

constexpr int Wait = 30000;

const QString defaultLab = QStringLiteral(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json");
const QString faultLab = QStringLiteral(PATHLENS_TEST_DATA_DIR "/labs/wizard-install-fault.json");

QStringList column(const QTreeWidget *tree, int column)
{
    QStringList values;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        values << tree->topLevelItem(row)->text(column);
    return values;
}

QTreeWidgetItem *rowWith(const QTreeWidget *tree, int column, const QString &value)
{
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        if (tree->topLevelItem(row)->text(column) == value)
            return tree->topLevelItem(row);
    }
    return nullptr;
}

int answerIndex(const MigrationQuestion &question, const QString &label)
{
    return static_cast<int>(question.answers.indexOf(label));
}

class MigrationWizardTest : public ::testing::Test
{
protected:
    void open(const QString &path)
    {
        ASSERT_TRUE(m_config.isValid());
        ASSERT_TRUE(m_journals.isValid());
        auto lab = LabBackend::fromFile(path.toStdString());
        ASSERT_TRUE(lab) << lab.error().toString();
        m_service = std::make_unique<InventoryService>(std::move(lab).value());
    }

    MigrationSettings settings() const
    {
        MigrationSettings settings;
        settings.journalDirectory = m_journalDirectory.isEmpty() ? m_journals.path() : m_journalDirectory;
        return settings;
    }

    /// Records every question and answers it with the label m_answers names
    /// for its title (or the escape answer).
    MigrationPrompts prompts()
    {
        MigrationPrompts prompts;
        prompts.ask = [this](QWidget *, const MigrationQuestion &question) {
            m_questions.push_back(question);
            const auto answer = m_answers.find(question.title);
            return answer == m_answers.end() ? question.escapeAnswer : answerIndex(question, answer->second);
        };
        prompts.chooseSaveFile = [this](QWidget *, const QString &, const QString &suggested, const QString &) {
            m_suggestedPaths << suggested;
            return m_savePath;
        };
        return prompts;
    }

    std::unique_ptr<MigrationWizard> makeWizard()
    {
        auto wizard = std::make_unique<MigrationWizard>(*m_service, settings());
        wizard->setPrompts(prompts());
        QObject::connect(wizard.get(), &QWizard::currentIdChanged, wizard.get(),
                         [this](int id) { m_visited.push_back(id); });
        wizard->show();
        return wizard;
    }

    static bool forward(MigrationWizard &wizard)
    {
        QAbstractButton *commit = wizard.button(QWizard::CommitButton);
        QAbstractButton *button = commit->isVisible() ? commit : wizard.button(QWizard::NextButton);
        if (!button->isEnabled())
            return false;
        const int before = wizard.currentId();
        button->click();
        return wizard.currentId() != before;
    }

    static bool nextEnabled(MigrationWizard &wizard)
    {
        QAbstractButton *commit = wizard.button(QWizard::CommitButton);
        return (commit->isVisible() ? commit : wizard.button(QWizard::NextButton))->isEnabled();
    }

    /// Waits for the servers, picks one by name and ticks the given ports
    /// (empty: leaves the page's choice).
    static void chooseServer(MigrationWizard &wizard, const QString &name)
    {
        ChooseServerPage *page = wizard.choosePage();
        ASSERT_TRUE(QTest::qWaitFor([&] { return page->serverBox()->count() > 0; }, Wait));
        const int index = page->serverBox()->findText(name, Qt::MatchStartsWith);
        ASSERT_GE(index, 0) << name.toStdString();
        page->serverBox()->setCurrentIndex(index);
        ASSERT_TRUE(QTest::qWaitFor([&] { return nextEnabled(wizard); }, Wait));
    }

    static void passPreflight(MigrationWizard &wizard)
    {
        PreflightPage *page = wizard.preflightPage();
        ASSERT_TRUE(QTest::qWaitFor([&] { return !page->isChecking(); }, Wait));
        EXPECT_FALSE(nextEnabled(wizard)) << "Next needs the acknowledgement";
        page->acknowledgeBox()->setChecked(true);
        ASSERT_TRUE(nextEnabled(wizard)) << page->blockLabel()->text().toStdString();
    }

    /// From the server choice to the running execution page.
    void startRun(MigrationWizard &wizard, const QString &server)
    {
        chooseServer(wizard, server);
        ASSERT_TRUE(forward(wizard));
        passPreflight(wizard);
        ASSERT_TRUE(forward(wizard));
        ASSERT_EQ(wizard.currentId(), MigrationWizard::PlanPageId);
        ASSERT_TRUE(forward(wizard));
        ASSERT_EQ(wizard.currentId(), MigrationWizard::ExecutionPageId);
    }

    static bool waitUntilStopped(MigrationWizard &wizard)
    {
        return QTest::qWaitFor([&] { return wizard.executionPage()->isStopped(); }, Wait);
    }

    /// The lab read again through the service.
    SnapshotPtr reread()
    {
        QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
        m_service->refresh();
        if (!QTest::qWaitFor([&] { return finished.count() > 0; }, Wait))
            return nullptr;
        return m_service->lastSnapshot();
    }

    ::pathlens::testing::ConfigHome m_config;
    QTemporaryDir m_journals;
    QString m_journalDirectory; ///< empty: m_journals
    std::unique_ptr<InventoryService> m_service;
    std::vector<MigrationQuestion> m_questions;
    std::map<QString, QString> m_answers;
    QString m_savePath;
    QStringList m_suggestedPaths;
    std::vector<int> m_visited;
};

TEST_F(MigrationWizardTest, ServerChoiceShowsEachBackEndPortWithDeviceDriverRoleAndDisks)
{
    open(defaultLab);
    auto wizard = makeWizard();
    chooseServer(*wizard, QStringLiteral("DCS-A"));
    ChooseServerPage *page = wizard->choosePage();
    const QTreeWidget *ports = page->portsTree();

    QTreeWidgetItem *be1 = rowWith(ports, ChooseServerPage::PortAlias, QStringLiteral("DCS-A BE1"));
    ASSERT_NE(be1, nullptr) << column(ports, 0).join(QLatin1Char('|')).toStdString();
    EXPECT_EQ(be1->checkState(ChooseServerPage::PortAlias), Qt::Checked);
    EXPECT_EQ(be1->text(ChooseServerPage::PortPci), QStringLiteral("175:0.0 (af:00.0)"));
    EXPECT_TRUE(be1->text(ChooseServerPage::PortDriver).contains(QStringLiteral("DataCore")));
    EXPECT_EQ(be1->text(ChooseServerPage::PortRoles), QStringLiteral("BE"));
    EXPECT_EQ(be1->text(ChooseServerPage::PortDisks), QStringLiteral("10"));

    // The loopback port has the BE role but nothing to match: shown, with the reason, and cannot be ticked.
    const QTreeWidgetItem *loopback = rowWith(ports, ChooseServerPage::PortAlias, QStringLiteral("Loopback Port"));
    ASSERT_NE(loopback, nullptr);
    EXPECT_FALSE(loopback->flags() & Qt::ItemIsUserCheckable);
    EXPECT_EQ(loopback->text(ChooseServerPage::PortRoles), QStringLiteral("FE, BE"));
    EXPECT_TRUE(loopback->text(ChooseServerPage::PortStatus).contains(QStringLiteral("PCI")))
        << loopback->text(ChooseServerPage::PortStatus).toStdString();
    EXPECT_EQ(page->checkedPortIds().size(), 2u);

    // The disks behind the selected port.
    page->portsTree()->setCurrentItem(be1);
    EXPECT_EQ(page->disksTree()->topLevelItemCount(), 10);
    EXPECT_TRUE(page->disksTree()->topLevelItem(0)->text(ChooseServerPage::DiskSerial).size() > 0);

    // Nothing ticked: Next is off.
    for (int row = 0; row < ports->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = ports->topLevelItem(row);
        if (item->flags() & Qt::ItemIsUserCheckable)
            item->setCheckState(ChooseServerPage::PortAlias, Qt::Unchecked);
    }
    EXPECT_FALSE(nextEnabled(*wizard));
}

TEST_F(MigrationWizardTest, HappyPathRunsEveryStepAndClearsTheFindingsRemedyTwoExistsFor)
{
    open(defaultLab);
    m_answers[QStringLiteral("Remove DataCore Ports?")] = QStringLiteral("Remove These Ports");
    auto wizard = makeWizard();
    startRun(*wizard, QStringLiteral("DCS-A"));

    // The plan page listed every step with its manual equivalent.
    const QTreeWidget *planSteps = wizard->planPage()->stepsTree();
    const QStringList manual = column(planSteps, PlanReviewPage::StepManual);
    EXPECT_TRUE(manual.join(QLatin1Char('\n')).contains(QStringLiteral("mpclaim -n -i -d")));
    EXPECT_TRUE(manual.join(QLatin1Char('\n')).contains(QStringLiteral("Device Manager")));

    ExecutionPage *execution = wizard->executionPage();
    ASSERT_TRUE(waitUntilStopped(*wizard));
    // The shipped lab's drivers take effect at the restart: the run waits for it, and the
    // console offers to restart the simulated server (a real one is restarted by its admin).
    ASSERT_EQ(wizard->runner().run().state, RunState::WaitingForRestart) << wizard->runner().run().stateDetail;
    ASSERT_TRUE(execution->restartAndResumeButton()->isVisible());
    ASSERT_TRUE(execution->restartAndResumeButton()->isEnabled());
    execution->restartAndResumeButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !execution->isStopped(); }, Wait) || execution->isStopped());
    ASSERT_TRUE(waitUntilStopped(*wizard));
    const MigrationRun &run = wizard->runner().run();
    ASSERT_EQ(run.state, RunState::Completed) << run.stateDetail;
    EXPECT_FALSE(execution->restartAndResumeButton()->isVisible());

    // The port question listed the exact ports.
    ASSERT_EQ(m_questions.size(), 1u);
    EXPECT_TRUE(m_questions[0].text.contains(QStringLiteral("DCS-A BE1 (PCI 175:0.0 (af:00.0)")))
        << m_questions[0].text.toStdString();
    EXPECT_TRUE(m_questions[0].text.contains(QStringLiteral("DCS-A BE2 (PCI 175:0.1 (af:00.1)")));

    // Every step row says Done, with an icon; the bar is full; the log followed the run.
    const QStringList statuses = column(execution->stepsTree(), ExecutionPage::StepStatusColumn);
    ASSERT_EQ(statuses.size(), static_cast<qsizetype>(run.plan.steps.size()));
    EXPECT_EQ(statuses.count(QStringLiteral("Done")), statuses.size()) << statuses.join(QLatin1Char(',')).toStdString();
    EXPECT_FALSE(execution->stepsTree()->topLevelItem(0)->icon(ExecutionPage::StepStatusColumn).isNull());
    EXPECT_EQ(execution->progressBar()->value(), execution->progressBar()->maximum());
    EXPECT_TRUE(execution->logView()->toPlainText().contains(QStringLiteral("DCS-A BE2")));
    EXPECT_EQ(column(execution->devicesTree(), ExecutionPage::DeviceStateColumn),
              QStringList({QStringLiteral("Replaced"), QStringLiteral("Replaced")}));

    ASSERT_TRUE(forward(*wizard));
    ASSERT_EQ(wizard->currentId(), MigrationWizard::SummaryPageId);
    EXPECT_EQ(m_visited, (std::vector<int>{MigrationWizard::ChoosePageId, MigrationWizard::PreflightPageId,
                                           MigrationWizard::PlanPageId, MigrationWizard::ExecutionPageId,
                                           MigrationWizard::SummaryPageId}));

    // Before/after: the rules remedy 2 exists for were there and are gone.
    MigrationSummaryPage *summary = wizard->summaryPage();
    const QTreeWidget *findings = summary->findingsTree();
    QStringList clearedRules, afterRules;
    for (int row = 0; row < findings->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = findings->topLevelItem(row);
        const QString change = item->text(MigrationSummaryPage::FindingChangeColumn);
        const QString rule = item->text(MigrationSummaryPage::FindingRule);
        if (change == QStringLiteral("Cleared"))
            clearedRules << rule;
        else
            afterRules << rule;
        EXPECT_TRUE(change == QStringLiteral("Cleared") || change == QStringLiteral("Remaining")
                    || change == QStringLiteral("New"))
            << change.toStdString();
    }
    EXPECT_TRUE(clearedRules.contains(QStringLiteral("io-on-non-optimized"))) << clearedRules.join(',').toStdString();
    EXPECT_TRUE(clearedRules.contains(QStringLiteral("datacore-be-driver-alua")));
    EXPECT_FALSE(afterRules.contains(QStringLiteral("io-on-non-optimized"))) << afterRules.join(',').toStdString();
    EXPECT_FALSE(afterRules.contains(QStringLiteral("datacore-be-driver-alua")));
    EXPECT_TRUE(summary->countsLabel()->text().contains(QStringLiteral("cleared")));
    EXPECT_EQ(summary->lunsTree()->topLevelItemCount(), 10);
    EXPECT_TRUE(column(summary->lunsTree(), MigrationSummaryPage::LunPolicy).contains(QStringLiteral("RRWS")));

    // Export: the journal and the JSON summary, written whole.
    QTemporaryDir out;
    m_savePath = out.filePath(QStringLiteral("run.jsonl"));
    ASSERT_TRUE(summary->saveJournal()) << summary->exportStatus()->text().toStdString();
    QFile journal(m_savePath);
    ASSERT_TRUE(journal.open(QIODevice::ReadOnly));
    const QJsonObject first = QJsonDocument::fromJson(journal.readLine()).object();
    EXPECT_EQ(first.value(QStringLiteral("type")).toString(), QStringLiteral("run-started"));
    EXPECT_TRUE(m_suggestedPaths.last().endsWith(QStringLiteral(".jsonl")));
    EXPECT_TRUE(m_suggestedPaths.last().contains(QStringLiteral("DCS-A")));

    m_savePath = out.filePath(QStringLiteral("summary.json"));
    ASSERT_TRUE(summary->saveSummary());
    QFile summaryFile(m_savePath);
    ASSERT_TRUE(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(summaryFile.readAll()).object();
    EXPECT_EQ(json.value(QStringLiteral("state")).toString(), QStringLiteral("completed"));
    EXPECT_TRUE(summary->exportStatus()->text().contains(QStringLiteral("summary.json")));

    // A folder that does not exist: a clear message, nothing written.
    m_savePath = out.filePath(QStringLiteral("missing/summary.json"));
    EXPECT_FALSE(summary->saveSummary());
    EXPECT_TRUE(summary->exportStatus()->text().startsWith(QStringLiteral("Not saved")));
    EXPECT_FALSE(QFileInfo::exists(m_savePath));
    // Cancelling the file dialog writes nothing and keeps the message.
    m_savePath.clear();
    EXPECT_FALSE(summary->saveJournal());
}

TEST_F(MigrationWizardTest, PreflightBlockKeepsNextDisabledWithTheReasonVisible)
{
    open(defaultLab);
    auto wizard = makeWizard();
    chooseServer(*wizard, QStringLiteral("DCS-B"));
    ASSERT_TRUE(forward(*wizard));
    PreflightPage *page = wizard->preflightPage();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !page->isChecking(); }, Wait));

    // DCS-B's first two back-end disks are in Pool 1: the driver change would take their paths away.
    EXPECT_TRUE(page->blockLabel()->isVisible());
    EXPECT_TRUE(page->blockLabel()->text().contains(QStringLiteral("Pool 1")))
        << page->blockLabel()->text().toStdString();
    bool blockedItem = false;
    for (const QString &row : page->itemTexts())
        blockedItem = blockedItem
            || (row.startsWith(QStringLiteral("Blocks\t")) && row.contains(QStringLiteral("pool")));
    EXPECT_TRUE(blockedItem) << page->itemTexts().join('\n').toStdString();

    page->acknowledgeBox()->setChecked(true);
    EXPECT_FALSE(nextEnabled(*wizard));
    wizard->button(QWizard::NextButton)->click();
    EXPECT_EQ(wizard->currentId(), MigrationWizard::PreflightPageId);
    EXPECT_EQ(wizard->runner().run().state, RunState::Planned);
    EXPECT_TRUE(wizard->runner().run().journalPath.empty()) << "nothing started";
}

TEST_F(MigrationWizardTest, InstallFaultShowsDeviceStatesAndRollBackRestoresTheDataCoreDriver)
{
    open(faultLab);
    m_answers[QStringLiteral("Roll Back the Driver Replacement?")] = QStringLiteral("Roll Back");
    auto wizard = makeWizard();
    startRun(*wizard, QStringLiteral("DCS-W"));
    ExecutionPage *page = wizard->executionPage();
    ASSERT_TRUE(waitUntilStopped(*wizard));
    ASSERT_EQ(wizard->runner().run().state, RunState::Failed) << wizard->runner().run().stateDetail;

    const QString hostile = QStringLiteral("DCS-W BE2 \"<b>rack 4</b>\", row 2");
    EXPECT_TRUE(page->detailLabel()->text().contains(QStringLiteral("could not be installed")))
        << page->detailLabel()->text().toStdString();
    EXPECT_EQ(page->detailLabel()->textFormat(), Qt::PlainText);
    const QStringList statuses = column(page->stepsTree(), ExecutionPage::StepStatusColumn);
    ASSERT_GE(statuses.size(), 2);
    EXPECT_EQ(statuses[0], QStringLiteral("Done"));
    EXPECT_EQ(statuses[1], QStringLiteral("Failed"));

    // Where each device stands, the hostile alias shown as it is.
    EXPECT_EQ(page->tabs()->currentWidget(), page->devicesTree());
    const QTreeWidgetItem *be1 = rowWith(page->devicesTree(), ExecutionPage::DevicePort, QStringLiteral("DCS-W BE1"));
    const QTreeWidgetItem *be2 = rowWith(page->devicesTree(), ExecutionPage::DevicePort, hostile);
    ASSERT_NE(be1, nullptr);
    ASSERT_NE(be2, nullptr) << column(page->devicesTree(), 0).join('|').toStdString();
    EXPECT_EQ(be1->text(ExecutionPage::DeviceStateColumn), QStringLiteral("Replaced"));
    EXPECT_TRUE(be1->text(ExecutionPage::DeviceDriverNow).contains(QStringLiteral("QLogic Fibre Channel Adapter")));
    EXPECT_EQ(be2->text(ExecutionPage::DeviceStateColumn), QStringLiteral("Unchanged"));
    EXPECT_EQ(be2->text(ExecutionPage::DeviceInstallStep), QStringLiteral("Failed"));
    EXPECT_TRUE(nextEnabled(*wizard)) << "the summary is open to a failed run";

    // Rollback is offered, asks with the devices it changes, and restores the DataCore driver.
    ASSERT_TRUE(page->rollBackButton()->isEnabled());
    page->rollBackButton()->click();
    ASSERT_FALSE(m_questions.empty());
    EXPECT_TRUE(m_questions.back().text.contains(QStringLiteral("DCS-W BE1 (PCI 175:0.0 (af:00.0)): back to DataCore")))
        << m_questions.back().text.toStdString();
    ASSERT_TRUE(waitUntilStopped(*wizard));
    EXPECT_EQ(wizard->runner().run().state, RunState::RolledBack) << wizard->runner().run().stateDetail;
    EXPECT_EQ(column(page->stepsTree(), ExecutionPage::StepStatusColumn).first(), QStringLiteral("Rolled back"));
    // The rows were refilled.
    be1 = rowWith(page->devicesTree(), ExecutionPage::DevicePort, QStringLiteral("DCS-W BE1"));
    ASSERT_NE(be1, nullptr);
    EXPECT_EQ(be1->text(ExecutionPage::DeviceStateColumn), QStringLiteral("Rolled back"));
    EXPECT_FALSE(page->rollBackButton()->isEnabled());

    // The lab, read again: BE1's device runs the DataCore driver and its port is present again.
    const SnapshotPtr snapshot = reread();
    ASSERT_TRUE(snapshot);
    bool seen = false;
    for (const ServerEntry &server : snapshot->servers) {
        for (const PortEntry &port : server.ports) {
            if (!port.port || port.port->id != "W-BE1")
                continue;
            seen = true;
            EXPECT_EQ(port.port->presence, Presence::Present);
            ASSERT_TRUE(port.adapter);
            EXPECT_TRUE(isDataCoreDriver(port.adapter->driver)) << port.adapter->driver.description;
        }
    }
    EXPECT_TRUE(seen);
    EXPECT_TRUE(findResumableRuns(m_journals.path()).empty()) << "a rolled-back run is finished";
}

TEST_F(MigrationWizardTest, CancelBetweenStepsLeavesARunTheResumeOfferOpensAtTheNextStep)
{
    open(defaultLab);
    m_answers[QStringLiteral("Remove DataCore Ports?")] = QStringLiteral("Remove These Ports");
    {
        auto wizard = makeWizard();
        ExecutionPage *page = wizard->executionPage();
        // The admin presses Stop while the first step runs.
        QObject::connect(&wizard->runner(), &MigrationRunner::stepStarted, page, [page](int index) {
            if (index == 0)
                QTimer::singleShot(0, page, [page] { page->cancelButton()->click(); });
        });
        startRun(*wizard, QStringLiteral("DCS-A"));
        ASSERT_TRUE(waitUntilStopped(*wizard));
        const MigrationRun &run = wizard->runner().run();
        ASSERT_EQ(run.state, RunState::Paused) << run.stateDetail;
        const QStringList statuses = column(page->stepsTree(), ExecutionPage::StepStatusColumn);
        EXPECT_EQ(statuses[0], QStringLiteral("Done"));
        EXPECT_EQ(statuses[1], QStringLiteral("Next"));
        EXPECT_TRUE(page->resumeButton()->isEnabled());
        EXPECT_TRUE(page->rollBackButton()->isEnabled());
        EXPECT_FALSE(page->cancelButton()->isEnabled());
        EXPECT_TRUE(page->detailLabel()->text().contains(QStringLiteral("resume")));
        // BE1 got its native driver before the stop: never shown as unchanged.
        const QTreeWidgetItem *be1 =
            rowWith(page->devicesTree(), ExecutionPage::DevicePort, QStringLiteral("DCS-A BE1"));
        ASSERT_NE(be1, nullptr);
        EXPECT_NE(be1->text(ExecutionPage::DeviceStateColumn), QStringLiteral("Unchanged"));
        EXPECT_TRUE(be1->text(ExecutionPage::DeviceDriverNow).contains(QStringLiteral("QLogic Fibre Channel Adapter")))
            << be1->text(ExecutionPage::DeviceDriverNow).toStdString();
    }
    ASSERT_EQ(findResumableRuns(m_journals.path()).size(), 1u);

    // At the next start: closing the question keeps the run for later.
    ResumeOffer offer = offerToResumeMigration(*m_service, nullptr, settings(), prompts());
    EXPECT_EQ(offer.action, ResumeOffer::Action::AskLater);
    EXPECT_EQ(offer.wizard, nullptr);
    ASSERT_FALSE(m_questions.empty());
    const MigrationQuestion asked = m_questions.back();
    EXPECT_TRUE(asked.text.contains(QStringLiteral("DCS-A"))) << asked.text.toStdString();
    EXPECT_TRUE(asked.text.contains(QStringLiteral("1 of 16 steps finished"))) << asked.text.toStdString();
    EXPECT_TRUE(asked.text.contains(QStringLiteral("Next: Install"))) << asked.text.toStdString();
    EXPECT_TRUE(asked.text.contains(QStringLiteral("DCS-A BE2")));
    EXPECT_EQ(asked.answers, QStringList({QStringLiteral("Resume"), QStringLiteral("Roll Back"),
                                          QStringLiteral("Leave It"), QStringLiteral("Later")}));

    // MigrationWizard::openUnfinishedRun opens it on the execution page at the step it continues with.
    {
        QString error;
        std::unique_ptr<MigrationWizard> opened(MigrationWizard::openUnfinishedRun(
            *m_service, offer.journalPath, nullptr, settings(), prompts(), &error));
        ASSERT_NE(opened, nullptr) << error.toStdString();
        opened->setAttribute(Qt::WA_DeleteOnClose, false);
        EXPECT_EQ(opened->currentId(), MigrationWizard::ExecutionPageId);
        const QTreeWidget *steps = opened->executionPage()->stepsTree();
        EXPECT_EQ(steps->currentItem(), steps->topLevelItem(1));
        EXPECT_EQ(steps->topLevelItem(1)->text(ExecutionPage::StepStatusColumn), QStringLiteral("Next"));
        EXPECT_TRUE(opened->executionPage()->resumeButton()->isEnabled());
    }

    // Resume: it runs to the end from there.
    m_answers[QStringLiteral("Unfinished Driver Replacement")] = QStringLiteral("Resume");
    offer = offerToResumeMigration(*m_service, nullptr, settings(), prompts());
    ASSERT_EQ(offer.action, ResumeOffer::Action::Resumed) << offer.error.toStdString();
    std::unique_ptr<MigrationWizard> resumed(offer.wizard);
    resumed->setAttribute(Qt::WA_DeleteOnClose, false);
    EXPECT_EQ(resumed->currentId(), MigrationWizard::ExecutionPageId);
    ASSERT_TRUE(waitUntilStopped(*resumed));
    ASSERT_EQ(resumed->runner().run().state, RunState::WaitingForRestart) << resumed->runner().run().stateDetail;
    resumed->executionPage()->restartAndResumeButton()->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return resumed->runner().run().state == RunState::Completed; }, Wait))
        << resumed->runner().run().stateDetail;
    ASSERT_TRUE(waitUntilStopped(*resumed));
    const QStringList statuses = column(resumed->executionPage()->stepsTree(), ExecutionPage::StepStatusColumn);
    EXPECT_EQ(statuses.count(QStringLiteral("Done")), statuses.size());
    EXPECT_TRUE(findResumableRuns(m_journals.path()).empty());
    EXPECT_EQ(offerToResumeMigration(*m_service, nullptr, settings(), prompts()).action,
              ResumeOffer::Action::NothingToResume);
}

TEST_F(MigrationWizardTest, LeaveItAbandonsTheRunAndClosingWhileRunningStopsAfterTheStep)
{
    open(defaultLab);
    m_answers[QStringLiteral("Remove DataCore Ports?")] = QStringLiteral("Keep Them");
    m_answers[QStringLiteral("Stop the Driver Replacement?")] = QStringLiteral("Stop After This Step");
    auto wizard = makeWizard();
    ExecutionPage *page = wizard->executionPage();
    // The admin closes the wizard while the second step runs.
    QObject::connect(&wizard->runner(), &MigrationRunner::stepStarted, page, [&wizard](int index) {
        if (index == 1)
            QTimer::singleShot(0, wizard.get(), [&wizard] { wizard->reject(); });
    });
    startRun(*wizard, QStringLiteral("DCS-A"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !wizard->isVisible(); }, Wait));
    EXPECT_EQ(wizard->runner().run().state, RunState::Paused);
    EXPECT_EQ(column(page->stepsTree(), ExecutionPage::StepStatusColumn).mid(0, 3),
              QStringList({QStringLiteral("Done"), QStringLiteral("Done"), QStringLiteral("Next")}));
    ASSERT_EQ(findResumableRuns(m_journals.path()).size(), 1u);

    m_answers[QStringLiteral("Unfinished Driver Replacement")] = QStringLiteral("Leave It");
    const ResumeOffer offer = offerToResumeMigration(*m_service, nullptr, settings(), prompts());
    EXPECT_EQ(offer.action, ResumeOffer::Action::LeftAsItIs) << offer.error.toStdString();
    EXPECT_TRUE(findResumableRuns(m_journals.path()).empty());
    const std::size_t asked = m_questions.size();
    EXPECT_EQ(offerToResumeMigration(*m_service, nullptr, settings(), prompts()).action,
              ResumeOffer::Action::NothingToResume);
    EXPECT_EQ(m_questions.size(), asked) << "not offered again";
}

TEST_F(MigrationWizardTest, ARunFromAnotherSourceIsOnlyOfferedToLeaveOrKeep)
{
    open(defaultLab);
    {
        auto wizard = makeWizard();
        ExecutionPage *page = wizard->executionPage();
        QObject::connect(&wizard->runner(), &MigrationRunner::stepStarted, page, [page](int index) {
            if (index == 0)
                QTimer::singleShot(0, page, [page] { page->cancelButton()->click(); });
        });
        startRun(*wizard, QStringLiteral("DCS-A"));
        ASSERT_TRUE(waitUntilStopped(*wizard));
        ASSERT_EQ(wizard->runner().run().state, RunState::Paused);
    }
    open(faultLab);
    m_answers[QStringLiteral("Unfinished Driver Replacement")] = QStringLiteral("Resume");
    const ResumeOffer offer = offerToResumeMigration(*m_service, nullptr, settings(), prompts());
    EXPECT_EQ(offer.action, ResumeOffer::Action::AskLater);
    EXPECT_EQ(offer.wizard, nullptr);
    ASSERT_FALSE(m_questions.empty());
    EXPECT_EQ(m_questions.back().answers, QStringList({QStringLiteral("Leave It"), QStringLiteral("Later")}));
    EXPECT_TRUE(m_questions.back().informativeText.contains(QStringLiteral("default-lab.json")));
    EXPECT_EQ(findResumableRuns(m_journals.path()).size(), 1u);
}

TEST_F(MigrationWizardTest, AJournalThatCannotBeCreatedStopsBeforeAnythingChanges)
{
    open(defaultLab);
    // The journal folder is a file: nothing may change without a journal.
    m_journalDirectory = QDir(m_journals.path()).filePath(QStringLiteral("not-a-folder"));
    QFile blocker(m_journalDirectory);
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    auto wizard = makeWizard();
    startRun(*wizard, QStringLiteral("DCS-A"));
    ExecutionPage *page = wizard->executionPage();
    ASSERT_TRUE(waitUntilStopped(*wizard));
    EXPECT_EQ(wizard->runner().run().state, RunState::Planned);
    EXPECT_TRUE(page->detailLabel()->text().contains(QStringLiteral("Error:")))
        << page->detailLabel()->text().toStdString();
    EXPECT_TRUE(page->logView()->toPlainText().contains(QStringLiteral("Error:")));
    EXPECT_FALSE(nextEnabled(*wizard));
    EXPECT_TRUE(page->resumeButton()->isEnabled()) << "Start can be tried again once the folder is fixed";
    EXPECT_EQ(page->resumeButton()->text(), QStringLiteral("&Start"));
    EXPECT_FALSE(page->rollBackButton()->isEnabled());
    EXPECT_EQ(column(page->stepsTree(), ExecutionPage::StepStatusColumn).count(QStringLiteral("Planned")),
              page->stepsTree()->topLevelItemCount());

    const SnapshotPtr snapshot = reread();
    ASSERT_TRUE(snapshot);
    int backEndDevices = 0;
    for (const ServerEntry &server : snapshot->servers) {
        for (const PortEntry &port : server.ports) {
            if (port.adapter && port.port && (port.port->roles & RoleBackEnd) && port.port->pci) {
                ++backEndDevices;
                EXPECT_TRUE(isDataCoreDriver(port.adapter->driver)) << port.port->alias;
            }
        }
    }
    EXPECT_EQ(backEndDevices, 4) << "BE1 and BE2 of both servers";
}

TEST_F(MigrationWizardTest, AJournalThatCannotBeReadIsRefusedWithTheReason)
{
    open(defaultLab);
    const QString path = QDir(m_journals.path()).filePath(QStringLiteral("broken.jsonl"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\"type\": \"run-sta");
    file.close();
    QString error;
    EXPECT_EQ(MigrationWizard::openUnfinishedRun(*m_service, path, nullptr, settings(), prompts(), &error), nullptr);
    EXPECT_FALSE(error.isEmpty());
    EXPECT_EQ(MigrationWizard::openUnfinishedRun(*m_service, path + QStringLiteral(".missing"), nullptr, settings(),
                                                 prompts(), &error),
              nullptr);
    EXPECT_FALSE(error.isEmpty());
}

} // namespace
} // namespace pathlens
