#include "model/migration/migrationrunner.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace pathlens {

using namespace migrationwords;

namespace {

bool finishedStatus(StepStatus status)
{
    return status != StepStatus::Planned && status != StepStatus::Running;
}

const MigrationStep *installStepOf(const MigrationRun &run, const PciLocation &pci)
{
    return run.step("install-driver:" + pci.toString());
}

bool anyDriverChanged(const MigrationRun &run)
{
    return std::any_of(run.plan.steps.begin(), run.plan.steps.end(), [](const MigrationStep &step) {
        return step.kind == StepKind::InstallDriver
            && (step.status == StepStatus::Done || step.status == StepStatus::Running);
    });
}

} // namespace

QTreeWidget *makeDeviceStatesTree(QWidget *parent, const QString &objectName)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(objectName);
    tree->setRootIsDecorated(false);
    tree->setSelectionMode(QAbstractItemView::NoSelection);
    tree->setFocusPolicy(Qt::NoFocus);
    tree->setHeaderLabels({QObject::tr("Port"), QObject::tr("PCI location"), QObject::tr("Device"),
                           QObject::tr("Driver change"), QObject::tr("State"), QObject::tr("Driver now")});
    tree->header()->setStretchLastSection(true);
    return tree;
}

void fillDeviceStates(QTreeWidget *tree, const MigrationRun &run)
{
    using Column = ExecutionPage::DeviceColumn;
    tree->clear();
    for (const DeviceState &device : run.devices) {
        auto *item = new QTreeWidgetItem(tree);
        item->setIcon(Column::DevicePort, icon(QStringLiteral("port-be")));
        item->setText(Column::DevicePort, text(device.portAlias));
        item->setText(Column::DevicePci, pciLocationText(device.pci));
        item->setText(Column::DeviceName, text(device.description));
        item->setToolTip(Column::DeviceName, text(device.instanceId));
        const MigrationStep *install = installStepOf(run, device.pci);
        if (install) {
            item->setText(Column::DeviceInstallStep, stepStatusText(install->status));
            item->setIcon(Column::DeviceInstallStep, stepStatusIcon(install->status));
            item->setToolTip(Column::DeviceInstallStep, text(install->detail));
        }
        // The devices are read when the run plans, fails, completes or rolls
        // back; a paused run still has the reading from before its install.
        const bool notReadSince = install && install->status == StepStatus::Done
            && device.state == DeviceState::State::Unchanged;
        if (notReadSince) {
            item->setText(Column::DeviceStateColumn, QObject::tr("Changed, not read since"));
            item->setIcon(Column::DeviceStateColumn, icon(QStringLiteral("step-next")));
            item->setToolTip(Column::DeviceStateColumn, text(install->detail));
            item->setText(Column::DeviceDriverNow,
                          install->driverAfter
                              ? QObject::tr("%1 (installed by the run)").arg(driverText(*install->driverAfter))
                              : QObject::tr("not read since the change"));
            continue;
        }
        item->setText(Column::DeviceStateColumn, deviceStateText(device.state));
        item->setIcon(Column::DeviceStateColumn, deviceStateIcon(device.state));
        item->setToolTip(Column::DeviceStateColumn, text(device.text));
        item->setText(Column::DeviceDriverNow, device.driverNow ? driverText(*device.driverNow) : text(device.text));
        item->setToolTip(Column::DeviceDriverNow, text(device.text));
    }
    if (run.devices.empty()) {
        // No reading of the devices yet: the plan's view of them.
        for (const PlannedDevice &device : run.plan.devices) {
            auto *item = new QTreeWidgetItem(tree);
            item->setIcon(Column::DevicePort, icon(QStringLiteral("port-be")));
            item->setText(Column::DevicePort, text(device.portAlias));
            item->setText(Column::DevicePci, pciLocationText(device.pci));
            item->setText(Column::DeviceName, text(device.description));
            if (const MigrationStep *install = installStepOf(run, device.pci)) {
                item->setText(Column::DeviceInstallStep, stepStatusText(install->status));
                item->setIcon(Column::DeviceInstallStep, stepStatusIcon(install->status));
            }
            item->setText(Column::DeviceStateColumn, QObject::tr("Not read yet"));
            item->setText(Column::DeviceDriverNow, driverText(device.driverBefore));
        }
    }
    for (int column = 0; column < Column::DeviceDriverNow; ++column) {
        const int cap = column == Column::DeviceName ? 210 : 260;
        tree->resizeColumnToContents(column);
        tree->setColumnWidth(column, std::min(tree->columnWidth(column) + 8, cap));
    }
}

ExecutionPage::ExecutionPage(MigrationWizard &wizard) : m_wizard(wizard)
{
    setTitle(tr("Replace the Driver"));
    setSubTitle(tr("The steps run one after another. Stop After This Step pauses between steps; the run can be "
                   "resumed or rolled back later, also after PathLens was closed."));

    auto *layout = new QVBoxLayout(this);
    auto *stateRow = new QHBoxLayout;
    m_stateIcon = new QLabel(this);
    m_state = plainLabel(this, QStringLiteral("runState"));
    m_state->setStyleSheet(QStringLiteral("font-weight: bold;"));
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_state, 1);
    layout->addLayout(stateRow);
    m_detail = plainLabel(this, QStringLiteral("runDetail"));
    layout->addWidget(m_detail);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setFormat(tr("%v of %m steps finished"));
    layout->addWidget(m_progress);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    m_steps = new QTreeWidget(splitter);
    m_steps->setObjectName(QStringLiteral("runSteps"));
    m_steps->setRootIsDecorated(false);
    m_steps->setAllColumnsShowFocus(true);
    m_steps->setHeaderLabels({tr("Status"), tr("Step"), tr("Result")});
    m_steps->header()->setStretchLastSection(true);

    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("runTabs"));
    m_log = new QPlainTextEdit(m_tabs);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_devices = makeDeviceStatesTree(m_tabs, QStringLiteral("runDevices"));
    m_tabs->addTab(m_log, tr("&Log"));
    m_tabs->addTab(m_devices, tr("&Devices"));
    splitter->addWidget(m_steps);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    auto *buttons = new QHBoxLayout;
    m_cancel = new QPushButton(tr("S&top After This Step"), this);
    m_cancel->setObjectName(QStringLiteral("stopButton"));
    m_resume = new QPushButton(tr("&Resume"), this);
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    // Only a simulated server restarts from here; a real one is restarted by its admin.
    m_restartAndResume = new QPushButton(tr("Restart the Simulated &Server and Resume"), this);
    m_restartAndResume->setObjectName(QStringLiteral("restartAndResumeButton"));
    m_restartAndResume->setVisible(false);
    m_rollBack = new QPushButton(icon(QStringLiteral("step-rolled-back")), tr("Roll &Back..."), this);
    m_rollBack->setObjectName(QStringLiteral("rollBackButton"));
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_restartAndResume);
    buttons->addWidget(m_rollBack);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_cancel, &QPushButton::clicked, this, &ExecutionPage::cancelRun);
    connect(m_resume, &QPushButton::clicked, this, [this] { resumeRun(); });
    connect(m_restartAndResume, &QPushButton::clicked, this, [this] { resumeRun(true); });
    connect(m_rollBack, &QPushButton::clicked, this, [this] { rollBackRun(true); });

    MigrationRunner &runner = m_wizard.runner();
    connect(&runner, &MigrationRunner::stepStarted, this, [this](int index) { onStepStarted(index); });
    connect(&runner, &MigrationRunner::stepFinished, this, [this](int index) { onStepFinished(index); });
    connect(&runner, &MigrationRunner::logLine, this, &ExecutionPage::appendLog);
    connect(&runner, &MigrationRunner::portDeletionConfirmationNeeded, this, &ExecutionPage::onPortDeletionNeeded);
    connect(&runner, &MigrationRunner::finished, this, [this] { onFinished(); });
    connect(&runner, &MigrationRunner::errorOccurred, this, &ExecutionPage::onError);
    connect(&runner, &MigrationRunner::busyChanged, this, [this] {
        if (m_wizard.currentPage() == this)
            showRun();
    });
}

void ExecutionPage::initializePage()
{
    m_log->clear();
    m_runningIndex = -1;
    m_stopping = false;
    m_rollingBack = false;
    m_error.clear();
    m_steps->clear();
    const MigrationRun &run = m_wizard.runner().run();
    if (run.state == RunState::Planned) {
        m_active = true;
        m_wizard.runner().start();
    } else {
        // Opened from the journal: it waits for the admin's resume or rollback.
        m_active = false;
        appendLog(tr("Opened the run of %1 from its journal %2: %3.")
                      .arg(text(run.plan.serverName), text(run.journalPath), runStateText(run.state)));
        for (const std::string &problem : run.journalProblems)
            appendLog(tr("Journal: %1").arg(text(problem)));
    }
    showRun();
}

void ExecutionPage::cancelRun()
{
    if (!m_active || m_rollingBack)
        return;
    m_stopping = true;
    appendLog(tr("Stopping after the current step ..."));
    m_wizard.runner().cancel();
    showRun();
}

void ExecutionPage::resumeRun(bool restartHostFirst)
{
    MigrationRunner &runner = m_wizard.runner();
    if (m_active || runner.isBusy() || !runner.hasRun())
        return;
    m_active = true;
    m_stopping = false;
    m_error.clear();
    if (runner.run().state == RunState::Planned)
        runner.start();
    else
        runner.resume(restartHostFirst);
    showRun();
}

void ExecutionPage::rollBackRun(bool confirm)
{
    MigrationRunner &runner = m_wizard.runner();
    if (m_active || runner.isBusy() || !runner.hasRun())
        return;
    const MigrationRun &run = runner.run();
    if (confirm) {
        QStringList devices;
        for (const MigrationStep &step : run.plan.steps) {
            if (step.kind != StepKind::InstallDriver
                || (step.status != StepStatus::Done && step.status != StepStatus::Running))
                continue;
            devices << tr("\u2022 %1 (PCI %2): back to %3")
                           .arg(text(step.portAlias), step.pci ? pciLocationText(*step.pci) : tr("unknown"),
                                step.driverBefore ? driverText(*step.driverBefore) : tr("its previous driver"));
        }
        MigrationQuestion question;
        question.icon = QMessageBox::Warning;
        question.title = tr("Roll Back the Driver Replacement?");
        question.text = tr("Restore the previous driver on these devices of %1?").arg(text(run.plan.serverName))
            + QLatin1Char('\n') + devices.join(QLatin1Char('\n'));
        question.informativeText = tr("The steps that have not run are skipped. SANsymphony finds its back-end "
                                      "ports again once its driver runs.");
        question.answers = {tr("Roll Back"), tr("Cancel")};
        question.defaultAnswer = 1;
        question.escapeAnswer = 1;
        if (m_wizard.ask(question) != 0)
            return;
    }
    m_active = true;
    m_rollingBack = true;
    m_error.clear();
    appendLog(tr("Rolling back ..."));
    runner.rollBack();
    showRun();
}

bool ExecutionPage::isStopped() const
{
    return !m_active && !m_wizard.runner().isBusy() && !m_rollingBack;
}

bool ExecutionPage::isComplete() const
{
    return isStopped() && m_wizard.runner().hasRun() && m_wizard.runner().run().state != RunState::Planned;
}

void ExecutionPage::onStepStarted(int index)
{
    m_runningIndex = index;
    showRun();
}

void ExecutionPage::onStepFinished(int)
{
    m_runningIndex = -1;
    showRun();
}

void ExecutionPage::onPortDeletionNeeded(const QStringList &ports)
{
    // Asked from the event loop, not inside the runner's signal.
    QTimer::singleShot(0, this, [this, ports] {
        if (!m_wizard.runner().waitingForPortConfirmation())
            return; // stopped meanwhile: the question comes again on resume
        const MigrationRun &run = m_wizard.runner().run();
        QStringList lines;
        for (const MigrationStep &step : run.plan.steps) {
            if (step.kind != StepKind::DeletePort || step.status != StepStatus::Planned)
                continue;
            lines << tr("\u2022 %1 (PCI %2, port id %3)")
                         .arg(text(step.portAlias), step.pci ? pciLocationText(*step.pci) : tr("none"),
                              text(step.portId));
        }
        if (lines.isEmpty()) {
            for (const QString &port : ports)
                lines << QStringLiteral("\u2022 ") + port;
        }
        MigrationQuestion question;
        question.icon = QMessageBox::Question;
        question.title = tr("Remove DataCore Ports?");
        question.text = tr("The driver change left these DataCore ports of %1 Not present. Remove exactly these "
                           "ports from the SANsymphony configuration?")
                            .arg(text(run.plan.serverName))
            + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
        question.informativeText = tr("Keep Them leaves them as Not present; remove them later in the SANsymphony "
                                      "console. A rollback brings removed ports back.");
        question.answers = {tr("Remove These Ports"), tr("Keep Them")};
        question.defaultAnswer = 0;
        question.escapeAnswer = 1;
        const bool remove = m_wizard.ask(question) == 0;
        appendLog(remove ? tr("Removal of %1 confirmed.").arg(ports.join(QStringLiteral(", ")))
                         : tr("Removal declined: %1 stay Not present.").arg(ports.join(QStringLiteral(", "))));
        m_wizard.runner().confirmPortDeletion(remove);
    });
}

void ExecutionPage::onFinished()
{
    m_active = false;
    m_stopping = false;
    m_rollingBack = false;
    m_runningIndex = -1;
    const RunState state = m_wizard.runner().run().state;
    if (state == RunState::Failed || state == RunState::RollbackFailed || state == RunState::RolledBack)
        m_tabs->setCurrentWidget(m_devices);
    showRun();
}

void ExecutionPage::onError(const QString &message)
{
    if (m_wizard.currentPage() != this)
        return;
    appendLog(tr("Error: %1").arg(message));
    if (!m_wizard.runner().isBusy() && m_runningIndex < 0) {
        // A refused command (start, resume, rollback): nothing runs now.
        m_active = false;
        m_rollingBack = false;
        m_stopping = false;
    }
    m_error = message;
    showRun();
}

void ExecutionPage::appendLog(const QString &line)
{
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + line);
}

void ExecutionPage::showRun()
{
    const MigrationRunner &runner = m_wizard.runner();
    const MigrationRun &run = runner.run();
    const int total = static_cast<int>(run.plan.steps.size());

    QString state = runStateText(run.state);
    RunState shown = run.state;
    if (m_rollingBack) {
        state = tr("Rolling back");
        shown = RunState::RollingBack;
    } else if (m_active && m_stopping) {
        state = tr("Stopping after the current step");
    } else if (m_active && m_runningIndex >= 0) {
        state = tr("Running step %1 of %2").arg(m_runningIndex + 1).arg(total);
        shown = RunState::Running;
    } else if (m_active) {
        state = tr("Working");
        shown = RunState::Running;
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_stateIcon->setPixmap(runStateIcon(shown).pixmap(iconSize, iconSize));
    m_state->setText(state + QStringLiteral(" \u2014 ") + text(run.plan.serverName));

    QString detail;
    if (m_active && m_runningIndex >= 0 && m_runningIndex < total)
        detail = text(run.plan.steps[static_cast<std::size_t>(m_runningIndex)].title) + QStringLiteral(" ...");
    else
        detail = text(run.stateDetail);
    if (!m_active && (run.state == RunState::Paused || run.state == RunState::WaitingForRestart))
        detail += QLatin1Char(' ')
            + tr("The run is kept in its journal: PathLens offers to resume it the next time it starts.");
    if (!m_error.isEmpty())
        detail += QLatin1Char('\n') + tr("Error: %1").arg(m_error);
    m_detail->setText(detail);
    const bool bad = !m_error.isEmpty()
        || (!m_active && (run.state == RunState::Failed || run.state == RunState::RollbackFailed));
    m_detail->setStyleSheet(bad ? QStringLiteral("color: #7a1414;") : QString());

    int finished = 0;
    for (const MigrationStep &step : run.plan.steps)
        finished += finishedStatus(step.status) ? 1 : 0;
    if (m_rollingBack) {
        m_progress->setRange(0, 0);
    } else {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(finished);
    }

    showSteps();
    showDevices();
    updateButtons();
    Q_EMIT completeChanged();
}

void ExecutionPage::showSteps()
{
    const MigrationRun &run = m_wizard.runner().run();
    const auto &steps = run.plan.steps;
    const bool created = m_steps->topLevelItemCount() != static_cast<int>(steps.size());
    if (created) {
        m_steps->clear();
        for (std::size_t i = 0; i < steps.size(); ++i)
            new QTreeWidgetItem(m_steps);
    }
    // The step the run continues with; a failed run retries its failed step instead.
    const bool waiting = run.state == RunState::Paused || run.state == RunState::WaitingForRestart
        || run.state == RunState::Running;
    const int next = waiting ? run.nextStepIndex() : -1;
    QTreeWidgetItem *focus = nullptr;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const MigrationStep &step = steps[i];
        QTreeWidgetItem *item = m_steps->topLevelItem(static_cast<int>(i));
        const bool running = m_active && static_cast<int>(i) == m_runningIndex;
        const bool isNext = !m_active && static_cast<int>(i) == next;
        QString status;
        QIcon statusIcon;
        if (running) {
            status = stepStatusText(StepStatus::Running);
            statusIcon = stepStatusIcon(StepStatus::Running);
        } else if (step.status == StepStatus::Running) {
            // Cut off when the process stopped: decided against the system on resume.
            status = tr("Interrupted");
            statusIcon = stepStatusIcon(StepStatus::Planned, true);
        } else {
            status = stepStatusText(step.status, isNext);
            statusIcon = stepStatusIcon(step.status, isNext);
        }
        item->setText(StepStatusColumn, status);
        item->setIcon(StepStatusColumn, statusIcon);
        item->setText(StepTitleColumn, text(step.title));
        item->setToolTip(StepTitleColumn, text(step.title) + QStringLiteral("\n\n") + text(step.manualAction));
        QString detail = running ? tr("Running ...") : text(step.detail);
        if (step.rebootRequired && step.status == StepStatus::Done && detail.isEmpty())
            detail = tr("Windows asks for a restart.");
        item->setText(StepDetailColumn, detail);
        item->setToolTip(StepDetailColumn, detail);
        QFont font = item->font(StepStatusColumn);
        font.setBold(running || isNext || step.status == StepStatus::Failed);
        item->setFont(StepStatusColumn, font);
        if (running || isNext || step.status == StepStatus::Failed)
            focus = item;
    }
    if (created) {
        m_steps->resizeColumnToContents(StepStatusColumn);
        m_steps->setColumnWidth(StepStatusColumn, std::max(m_steps->columnWidth(StepStatusColumn) + 8, 120));
        m_steps->resizeColumnToContents(StepTitleColumn);
        m_steps->setColumnWidth(StepTitleColumn, std::min(m_steps->columnWidth(StepTitleColumn) + 8, 480));
    }
    if (focus) {
        m_steps->setCurrentItem(focus);
        m_steps->scrollToItem(focus);
    }
}

void ExecutionPage::showDevices()
{
    fillDeviceStates(m_devices, m_wizard.runner().run());
}

void ExecutionPage::updateButtons()
{
    const MigrationRunner &runner = m_wizard.runner();
    const MigrationRun &run = runner.run();
    const bool idle = isStopped() && runner.hasRun();
    m_cancel->setEnabled(m_active && !m_stopping && !m_rollingBack && run.state == RunState::Running);

    bool resumable = false;
    switch (run.state) {
    case RunState::Planned:
    case RunState::Running:
    case RunState::Paused:
    case RunState::WaitingForRestart:
    case RunState::Failed: resumable = true; break;
    default: break;
    }
    m_resume->setEnabled(idle && resumable);
    const bool waitsForRestart = run.state == RunState::WaitingForRestart && runner.canRestartHost();
    m_restartAndResume->setVisible(waitsForRestart);
    m_restartAndResume->setEnabled(idle && waitsForRestart);
    m_resume->setText(run.state == RunState::Failed    ? tr("&Retry Failed Step")
                      : run.state == RunState::Planned ? tr("&Start")
                                                       : tr("&Resume"));

    bool rollBackable = false;
    switch (run.state) {
    case RunState::Running:
    case RunState::Paused:
    case RunState::WaitingForRestart:
    case RunState::Failed:
    case RunState::Completed:
    case RunState::RollingBack:
    case RunState::RollbackFailed: rollBackable = !run.journalPath.empty() && anyDriverChanged(run); break;
    default: break;
    }
    m_rollBack->setEnabled(idle && rollBackable);
}

} // namespace pathlens
