#include "model/inventoryservice.h"
#include "model/migration/migrationplanner.h"
#include "model/migration/migrationrunner.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/migrationwizard/migrationwizardpages.h"
#include "views/migrationwizard/migrationwords.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace pathlens {

using namespace migrationwords;

namespace {

constexpr int IdRole = Qt::UserRole + 1;

const ServerChoice *serverById(const std::vector<ServerChoice> &servers, const QString &id)
{
    for (const ServerChoice &server : servers) {
        if (text(server.server.id) == id)
            return &server;
    }
    return nullptr;
}

const BackEndPortChoice *portById(const ServerChoice &server, const QString &id)
{
    for (const BackEndPortChoice &port : server.ports) {
        if (text(port.port.id) == id)
            return &port;
    }
    return nullptr;
}

std::size_t selectableCount(const ServerChoice &server)
{
    return static_cast<std::size_t>(
        std::count_if(server.ports.begin(), server.ports.end(),
                      [](const BackEndPortChoice &port) { return port.selectable(); }));
}

QString policyNote(LoadBalancePolicy policy)
{
    if (policy == LoadBalancePolicy::RoundRobinWithSubset)
        return QObject::tr("Spreads I/O over the Active/Optimized paths only; the non-optimized paths carry I/O "
                           "only when no optimized path works. Recommended.");
    return QObject::tr("Sends most I/O over the Active/Optimized paths and a little over the non-optimized ones by "
                       "design.");
}

} // namespace

ChooseServerPage::ChooseServerPage(MigrationWizard &wizard) : m_wizard(wizard)
{
    setTitle(tr("Choose the Server and Its Back-End Ports"));
    setSubTitle(tr("The vendor's native driver replaces SANsymphony's back-end driver on the chosen HBA ports; "
                   "Windows MPIO then claims the back-end disks and keeps their I/O on the Active/Optimized paths."));

    auto *layout = new QVBoxLayout(this);

    auto *serverRow = new QHBoxLayout;
    auto *serverLabel = new QLabel(tr("DataCore &server:"), this);
    m_server = new QComboBox(this);
    m_server->setObjectName(QStringLiteral("serverBox"));
    m_server->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_server->setMinimumContentsLength(30);
    serverLabel->setBuddy(m_server);
    m_reload = new QPushButton(icon(QStringLiteral("refresh")), tr("&Read Again"), this);
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    serverRow->addWidget(serverLabel);
    serverRow->addWidget(m_server, 1);
    serverRow->addWidget(m_reload);
    layout->addLayout(serverRow);

    m_serverProblems = plainLabel(this, QStringLiteral("serverProblems"));
    m_serverProblems->setStyleSheet(QStringLiteral("color: #8f530c;"));
    m_serverProblems->hide();
    layout->addWidget(m_serverProblems);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);

    auto *portsBox = new QWidget(splitter);
    auto *portsLayout = new QVBoxLayout(portsBox);
    portsLayout->setContentsMargins(0, 0, 0, 0);
    portsLayout->addWidget(new QLabel(tr("Back-end ports (tick the ones to hand over):"), portsBox));
    m_ports = new QTreeWidget(portsBox);
    m_ports->setObjectName(QStringLiteral("portsTree"));
    m_ports->setRootIsDecorated(false);
    m_ports->setAllColumnsShowFocus(true);
    m_ports->setHeaderLabels({tr("Port"), tr("PCI location"), tr("Device"), tr("Current driver"), tr("Role"),
                              tr("Disks"), tr("Can be handed over")});
    m_ports->header()->setStretchLastSection(true);
    portsLayout->addWidget(m_ports, 1);
    m_portNote = plainLabel(portsBox, QStringLiteral("portNote"));
    portsLayout->addWidget(m_portNote);

    auto *disksBox = new QWidget(splitter);
    auto *disksLayout = new QVBoxLayout(disksBox);
    disksLayout->setContentsMargins(0, 0, 0, 0);
    disksLayout->addWidget(new QLabel(tr("Back-end disks behind the selected port:"), disksBox));
    m_disks = new QTreeWidget(disksBox);
    m_disks->setObjectName(QStringLiteral("disksTree"));
    m_disks->setRootIsDecorated(false);
    m_disks->setSelectionMode(QAbstractItemView::NoSelection);
    m_disks->setHeaderLabels({tr("Disk"), tr("Serial"), tr("Pool"), tr("ALUA"), tr("Paths via this port"),
                              tr("SANsymphony's one path")});
    m_disks->header()->setStretchLastSection(true);
    disksLayout->addWidget(m_disks, 1);
    splitter->addWidget(portsBox);
    splitter->addWidget(disksBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    auto *form = new QFormLayout;
    m_policy = new QComboBox(this);
    m_policy->setObjectName(QStringLiteral("policyBox"));
    for (LoadBalancePolicy policy : migrationPolicies())
        m_policy->addItem(QStringLiteral("%1 (%2)").arg(text(toString(policy)), text(toShortString(policy))),
                          static_cast<int>(policy));
    m_policyNote = plainLabel(this, QStringLiteral("policyNote"));
    auto *policyRow = new QVBoxLayout;
    policyRow->addWidget(m_policy, 0, Qt::AlignLeft);
    policyRow->addWidget(m_policyNote);
    auto *policyLabel = new QLabel(tr("Load-balance &policy for the claimed disks:"), this);
    policyLabel->setBuddy(m_policy);
    form->addRow(policyLabel, policyRow);
    layout->addLayout(form);

    m_status = plainLabel(this, QStringLiteral("chooseStatus"));
    layout->addWidget(m_status);

    connect(m_server, &QComboBox::currentIndexChanged, this, [this] {
        fillPorts();
        Q_EMIT completeChanged();
    });
    connect(m_ports, &QTreeWidget::itemChanged, this, [this] { Q_EMIT completeChanged(); });
    connect(m_ports, &QTreeWidget::currentItemChanged, this, [this] { showDisks(); });
    connect(m_policy, &QComboBox::currentIndexChanged, this,
            [this] { m_policyNote->setText(policyNote(policy())); });
    connect(m_reload, &QPushButton::clicked, this, &ChooseServerPage::reload);
    connect(&m_wizard.runner(), &MigrationRunner::choicesReady, this, &ChooseServerPage::onChoicesReady);
    m_policyNote->setText(policyNote(policy()));
}

void ChooseServerPage::initializePage()
{
    if (!m_loaded && !m_loading)
        reload();
}

void ChooseServerPage::reload()
{
    if (m_wizard.runner().isBusy())
        return;
    m_loading = true;
    m_reload->setEnabled(false);
    m_status->setText(tr("Reading the servers, their back-end ports and disks from %1 ...")
                          .arg(m_wizard.service().backendDescription()));
    Q_EMIT completeChanged();
    m_wizard.runner().loadChoices();
}

void ChooseServerPage::onChoicesReady()
{
    if (!m_loading)
        return;
    m_loading = false;
    m_loaded = true;
    m_reload->setEnabled(true);

    const QString previous = m_server->currentData().toString();
    const std::vector<ServerChoice> &servers = m_wizard.runner().choices();
    {
        const QSignalBlocker blocker(m_server);
        m_server->clear();
        int preferred = -1;
        for (const ServerChoice &server : servers) {
            const std::size_t selectable = selectableCount(server);
            m_server->addItem(icon(QStringLiteral("server")),
                              tr("%1 (host %2): %3 of %4 back-end ports can be handed over")
                                  .arg(text(server.server.name), text(server.server.hostName))
                                  .arg(selectable)
                                  .arg(server.ports.size()),
                              text(server.server.id));
            if (preferred < 0 && selectable > 0)
                preferred = m_server->count() - 1;
        }
        const int kept = m_server->findData(previous);
        m_server->setCurrentIndex(kept >= 0 ? kept : std::max(preferred, servers.empty() ? -1 : 0));
    }
    if (servers.empty())
        m_status->setText(tr("%1 lists no DataCore server.").arg(m_wizard.service().backendDescription()));
    else
        m_status->clear();
    fillPorts();
    Q_EMIT completeChanged();
}

int ChooseServerPage::serverIndex() const
{
    const std::vector<ServerChoice> &servers = m_wizard.runner().choices();
    const ServerChoice *server = serverById(servers, m_server->currentData().toString());
    return server ? static_cast<int>(server - servers.data()) : -1;
}

void ChooseServerPage::fillPorts()
{
    const QSignalBlocker blocker(m_ports);
    m_ports->clear();
    m_disks->clear();
    const int index = serverIndex();
    if (index < 0) {
        m_serverProblems->hide();
        m_portNote->clear();
        return;
    }
    const ServerChoice &server = m_wizard.runner().choices()[static_cast<std::size_t>(index)];
    if (server.problems.empty()) {
        m_serverProblems->hide();
    } else {
        QStringList problems;
        for (const std::string &problem : server.problems)
            problems << text(problem);
        m_serverProblems->setText(tr("Not everything could be read for %1: %2")
                                      .arg(text(server.server.name), problems.join(QStringLiteral("; "))));
        m_serverProblems->show();
    }

    for (const BackEndPortChoice &choice : server.ports) {
        auto *item = new QTreeWidgetItem(m_ports);
        item->setData(PortAlias, IdRole, text(choice.port.id));
        item->setText(PortAlias, text(choice.port.alias));
        item->setIcon(PortAlias, icon(choice.port.presence == Presence::NotPresent ? QStringLiteral("port-not-present")
                                                                                    : QStringLiteral("port-be")));
        item->setText(PortPci, choice.port.pci ? pciLocationText(*choice.port.pci) : tr("none"));
        item->setText(PortDevice, choice.device ? text(choice.device->description) : tr("no device"));
        item->setToolTip(PortDevice, choice.device ? text(choice.device->description) + QLatin1Char('\n')
                                          + text(choice.device->instanceId)
                                                    : QString());
        item->setText(PortDriver, choice.device ? driverText(choice.device->driver) : text(choice.port.driverName));
        item->setToolTip(PortDriver, item->text(PortDriver));
        item->setText(PortRoles, rolesText(choice.port.roles));
        const auto pooled = std::count_if(choice.disks.begin(), choice.disks.end(),
                                          [](const DiskBehindPort &disk) { return !disk.pool.empty(); });
        item->setText(PortDisks, pooled ? tr("%1 (%2 in a pool)").arg(choice.disks.size()).arg(pooled)
                                        : QString::number(choice.disks.size()));
        if (choice.selectable()) {
            item->setText(PortStatus, tr("Yes"));
            item->setIcon(PortStatus, preflightStatusIcon(PreflightStatus::Pass));
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(PortAlias, Qt::Checked);
        } else {
            item->setText(PortStatus, text(choice.reason));
            item->setToolTip(PortStatus, text(choice.reason));
            item->setIcon(PortStatus, preflightStatusIcon(PreflightStatus::Block));
            // A box that cannot be ticked: the reason is beside it.
            item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable);
            item->setCheckState(PortAlias, Qt::Unchecked);
            for (int column = 0; column < PortColumnCount; ++column)
                item->setForeground(column, m_ports->palette().brush(QPalette::Disabled, QPalette::Text));
        }
    }
    // Device and driver names are long: capped, the whole text in the tool
    // tip, so the reason a port cannot be chosen stays in view.
    for (int column = 0; column < PortStatus; ++column) {
        const int cap = column == PortDevice ? 210 : column == PortDriver ? 240 : 220;
        m_ports->resizeColumnToContents(column);
        m_ports->setColumnWidth(column, std::min(m_ports->columnWidth(column) + 8, cap));
    }
    if (server.ports.empty())
        m_portNote->setText(tr("%1 has no back-end port: its back-end is not Fibre Channel, or not reported.")
                                .arg(text(server.server.name)));
    if (m_ports->topLevelItemCount() > 0)
        m_ports->setCurrentItem(m_ports->topLevelItem(0));
    showDisks();
}

void ChooseServerPage::showDisks()
{
    m_disks->clear();
    const int index = serverIndex();
    QTreeWidgetItem *current = m_ports->currentItem();
    if (index < 0 || !current) {
        if (m_ports->topLevelItemCount() > 0)
            m_portNote->clear();
        return;
    }
    const ServerChoice &server = m_wizard.runner().choices()[static_cast<std::size_t>(index)];
    const BackEndPortChoice *choice = portById(server, current->data(PortAlias, IdRole).toString());
    if (!choice)
        return;
    if (choice->selectable()) {
        m_portNote->setText(tr("%1: \"%2\" at PCI %3, instance %4.")
                                .arg(text(choice->port.alias), text(choice->device->description),
                                     pciLocationText(*choice->device->pci), text(choice->device->instanceId)));
    } else {
        m_portNote->setText(tr("%1 cannot be handed over: %2.").arg(text(choice->port.alias), text(choice->reason)));
    }
    for (const DiskBehindPort &disk : choice->disks) {
        auto *item = new QTreeWidgetItem(m_disks);
        item->setIcon(DiskCaption, icon(QStringLiteral("disk")));
        item->setText(DiskCaption, text(disk.caption.empty() ? disk.id : disk.caption));
        item->setText(DiskSerial, text(disk.serial));
        item->setText(DiskPool, disk.pool.empty() ? tr("not in a pool") : text(disk.pool));
        item->setText(DiskAlua, disk.aluaCapable ? tr("Yes") : tr("No"));
        item->setText(DiskPaths, QString::number(disk.paths));
        item->setText(DiskInUse, disk.inUse ? tr("leaves from this port") : tr("leaves from another port"));
    }
    if (choice->disks.empty()) {
        auto *item = new QTreeWidgetItem(m_disks);
        item->setText(DiskCaption, tr("No back-end disk is reached through this port."));
        item->setFirstColumnSpanned(true);
    }
    for (int column = 0; column < DiskInUse; ++column)
        m_disks->resizeColumnToContents(column);
}

std::vector<std::string> ChooseServerPage::checkedPortIds() const
{
    std::vector<std::string> ids;
    for (int row = 0; row < m_ports->topLevelItemCount(); ++row) {
        const QTreeWidgetItem *item = m_ports->topLevelItem(row);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState(PortAlias) == Qt::Checked)
            ids.push_back(item->data(PortAlias, IdRole).toString().toStdString());
    }
    return ids;
}

LoadBalancePolicy ChooseServerPage::policy() const
{
    const QVariant data = m_policy->currentData();
    return data.isValid() ? static_cast<LoadBalancePolicy>(data.toInt()) : LoadBalancePolicy::RoundRobinWithSubset;
}

bool ChooseServerPage::isComplete() const
{
    return m_loaded && !m_loading && serverIndex() >= 0 && !checkedPortIds().empty();
}

} // namespace pathlens
