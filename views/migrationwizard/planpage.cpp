#include "model/migration/migrationrunner.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace pathlens {

using namespace migrationwords;

PlanReviewPage::PlanReviewPage(MigrationWizard &wizard) : m_wizard(wizard)
{
    setTitle(tr("Review the Plan"));
    setSubTitle(tr("Each step with the same action by hand. Nothing has changed yet; Start runs the steps one "
                   "after another, each recorded in a journal before and after it runs."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Start"));

    auto *layout = new QVBoxLayout(this);
    m_overview = plainLabel(this, QStringLiteral("planOverview"));
    layout->addWidget(m_overview);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);

    auto *devicesBox = new QWidget(splitter);
    auto *devicesLayout = new QVBoxLayout(devicesBox);
    devicesLayout->setContentsMargins(0, 0, 0, 0);
    devicesLayout->addWidget(new QLabel(tr("Devices whose driver changes:"), devicesBox));
    m_devices = new QTreeWidget(devicesBox);
    m_devices->setObjectName(QStringLiteral("planDevices"));
    m_devices->setRootIsDecorated(false);
    m_devices->setSelectionMode(QAbstractItemView::NoSelection);
    m_devices->setFocusPolicy(Qt::NoFocus);
    m_devices->setHeaderLabels(
        {tr("Port"), tr("PCI location"), tr("Device"), tr("Driver now"), tr("Driver to install")});
    m_devices->header()->setStretchLastSection(true);
    devicesLayout->addWidget(m_devices);

    auto *stepsBox = new QWidget(splitter);
    auto *stepsLayout = new QVBoxLayout(stepsBox);
    stepsLayout->setContentsMargins(0, 0, 0, 0);
    stepsLayout->addWidget(new QLabel(tr("Steps:"), stepsBox));
    m_steps = new QTreeWidget(stepsBox);
    m_steps->setObjectName(QStringLiteral("planSteps"));
    m_steps->setRootIsDecorated(false);
    m_steps->setAllColumnsShowFocus(true);
    m_steps->setHeaderLabels({tr("#"), tr("Stage"), tr("Step"), tr("By hand")});
    m_steps->header()->setStretchLastSection(true);
    stepsLayout->addWidget(m_steps, 1);

    auto *manualBox = new QWidget(splitter);
    auto *manualLayout = new QVBoxLayout(manualBox);
    manualLayout->setContentsMargins(0, 0, 0, 0);
    manualLayout->addWidget(new QLabel(tr("The selected step by hand:"), manualBox));
    m_manual = new QPlainTextEdit(manualBox);
    m_manual->setObjectName(QStringLiteral("manualAction"));
    m_manual->setReadOnly(true);
    m_manual->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    manualLayout->addWidget(m_manual, 1);

    splitter->addWidget(devicesBox);
    splitter->addWidget(stepsBox);
    splitter->addWidget(manualBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 6);
    splitter->setStretchFactor(2, 2);
    layout->addWidget(splitter, 1);

    connect(m_steps, &QTreeWidget::currentItemChanged, this, [this] { showManual(); });
}

void PlanReviewPage::initializePage()
{
    const MigrationRun &run = m_wizard.runner().run();
    const MigrationPlan &plan = run.plan;

    // The hardware ids are padded to 8 + 16 characters for mpclaim; the
    // sentence names the array, the claim step's command keeps the padding.
    QStringList arrays;
    for (const std::string &id : plan.hardwareIds) {
        const QString vendor = text(id.substr(0, std::min<std::size_t>(id.size(), 8))).trimmed();
        const QString product = id.size() > 8 ? text(id.substr(8)).trimmed() : QString();
        arrays << (vendor + QLatin1Char(' ') + product).trimmed();
    }
    QString overview = tr("%1 (host %2): the driver changes on %3 of its devices; the Microsoft DSM claims %4 "
                          "back-end disks")
                           .arg(text(plan.serverName), text(plan.host))
                           .arg(plan.devices.size())
                           .arg(plan.luns.size());
    if (!arrays.isEmpty())
        overview += tr(" (%1)").arg(arrays.join(QStringLiteral(", ")));
    overview += tr(" and sets %1 on each. %2 steps.").arg(text(toString(plan.policy))).arg(plan.steps.size());
    m_overview->setText(overview);

    m_devices->clear();
    for (const PlannedDevice &device : plan.devices) {
        auto *item = new QTreeWidgetItem(m_devices);
        item->setIcon(DevicePort, icon(QStringLiteral("port-be")));
        item->setText(DevicePort, text(device.portAlias));
        item->setText(DevicePci, pciLocationText(device.pci));
        item->setText(DeviceName, text(device.description));
        item->setToolTip(DeviceName, text(device.description) + QLatin1Char('\n') + text(device.instanceId));
        item->setText(DeviceDriverNow, driverText(device.driverBefore));
        item->setText(DeviceDriverAfter, device.nativeDriver ? driverText(*device.nativeDriver) : tr("none found"));
        item->setToolTip(DeviceDriverNow, item->text(DeviceDriverNow));
        item->setToolTip(DeviceDriverAfter, item->text(DeviceDriverAfter));
    }
    for (int column = 0; column < DeviceDriverAfter; ++column) {
        const int cap = column == DeviceName ? 210 : 260;
        m_devices->resizeColumnToContents(column);
        m_devices->setColumnWidth(column, std::min(m_devices->columnWidth(column) + 8, cap));
    }

    m_steps->clear();
    int number = 1;
    for (const MigrationStep &step : plan.steps) {
        auto *item = new QTreeWidgetItem(m_steps);
        item->setText(StepNumber, QString::number(number++));
        item->setTextAlignment(StepNumber, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(StepStage, stageText(stageOf(step.kind)));
        item->setText(StepTitle, text(step.title));
        item->setToolTip(StepTitle, text(step.title));
        item->setText(StepManual, text(step.manualAction));
        item->setToolTip(StepManual, text(step.manualAction));
    }
    m_steps->resizeColumnToContents(StepNumber);
    m_steps->resizeColumnToContents(StepStage);
    m_steps->resizeColumnToContents(StepTitle);
    m_steps->setColumnWidth(StepTitle, std::min(m_steps->columnWidth(StepTitle) + 8, 470));
    if (m_steps->topLevelItemCount() > 0)
        m_steps->setCurrentItem(m_steps->topLevelItem(0));
    showManual();
}

void PlanReviewPage::showManual()
{
    const QTreeWidgetItem *item = m_steps->currentItem();
    if (!item) {
        m_manual->clear();
        return;
    }
    m_manual->setPlainText(item->text(StepTitle) + QStringLiteral(":\n") + item->text(StepManual));
}

} // namespace pathlens
