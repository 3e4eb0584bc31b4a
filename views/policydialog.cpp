#include "views/policydialog.h"

#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "views/presentation.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pathlens {

namespace {

constexpr int PathIdRole = Qt::UserRole + 1;

QLabel *plainLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    // Names come from the storage system: never let them be read as markup.
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QString joinedLines(const std::vector<std::string> &lines)
{
    QStringList out;
    for (const std::string &line : lines)
        out << toQString(line);
    return out.join(QLatin1Char('\n'));
}

bool askWithMessageBox(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    QPushButton *go = box.addButton(PolicyDialog::tr("Change Policy"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

} // namespace

PolicyDialog::PolicyDialog(InventoryService &service, const QString &diskKeyPath, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_confirm(askWithMessageBox)
{
    setObjectName(QStringLiteral("PolicyDialog"));
    // The row's keys, resolved once: the tree's index is gone after the next
    // refresh, the keys stay.
    InventoryTreeModel *model = service.model();
    if (const auto node = model->nodeAt(model->indexForKeyPath(diskKeyPath));
        node && node->kind == InventoryTreeModel::NodeKind::Disk) {
        m_target = {node->server->key, node->port->key, node->disk->key};
    } else {
        m_target.diskKey = diskKeyPath.toStdString();
    }

    buildUi();
    rebuildPlan();
    m_choice = m_plan.suggestedChoice();
    showPlan();

    // Paths come and go: follow the readings, except while a change runs
    // (the run reports on those itself).
    connect(&m_service, &InventoryService::refreshFinished, this, [this] {
        if (m_run)
            return;
        rebuildPlan();
        showPlan();
    });
}

PolicyDialog::~PolicyDialog() = default;

void PolicyDialog::setConfirm(Confirm confirm)
{
    m_confirm = confirm ? std::move(confirm) : Confirm(askWithMessageBox);
}

void PolicyDialog::setMeasureDelay(std::chrono::milliseconds delay)
{
    m_measureDelay = delay;
}

QString PolicyDialog::commandLine() const
{
    return m_command->text();
}

QString PolicyDialog::outcomeText() const
{
    return m_outcome->toPlainText();
}

void PolicyDialog::buildUi()
{
    setWindowTitle(tr("Change Load-Balance Policy"));
    auto *layout = new QVBoxLayout(this);

    auto *disk = new QFormLayout;
    m_diskName = plainLabel(this, "diskName");
    m_serial = plainLabel(this, "diskSerial");
    m_mpioDisk = plainLabel(this, "mpioDisk");
    m_dsm = plainLabel(this, "dsm");
    m_currentPolicy = plainLabel(this, "currentPolicy");
    disk->addRow(tr("Disk:"), m_diskName);
    disk->addRow(tr("Serial:"), m_serial);
    disk->addRow(tr("MPIO disk:"), m_mpioDisk);
    disk->addRow(tr("DSM:"), m_dsm);
    disk->addRow(tr("Current policy:"), m_currentPolicy);
    layout->addLayout(disk);

    m_paths = new QTreeWidget(this);
    m_paths->setObjectName(QStringLiteral("pathsTable"));
    m_paths->setRootIsDecorated(false);
    m_paths->setSelectionMode(QAbstractItemView::NoSelection);
    m_paths->setHeaderLabels({tr("Path"), tr("Via"), tr("SCSI address"), tr("State"), tr("Target port group"),
                              tr("Note")});
    m_paths->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_paths->setMinimumHeight(110);
    layout->addWidget(m_paths);

    m_refusal = plainLabel(this, "refusal");
    m_refusal->setStyleSheet(QStringLiteral("color: #a33;"));
    layout->addWidget(m_refusal);

    auto *policyRow = new QFormLayout;
    m_policy = new QComboBox(this);
    m_policy->setObjectName(QStringLiteral("policyCombo"));
    policyRow->addRow(tr("New &policy:"), m_policy);
    layout->addLayout(policyRow);
    m_policyExplanation = plainLabel(this, "policyExplanation");
    layout->addWidget(m_policyExplanation);

    m_preferredGroup = new QGroupBox(tr("Preferred path (carries all I/O under Fail Over Only)"), this);
    m_preferredGroup->setObjectName(QStringLiteral("preferredGroup"));
    auto *preferredLayout = new QVBoxLayout(m_preferredGroup);
    m_preferred = new QTreeWidget(m_preferredGroup);
    m_preferred->setObjectName(QStringLiteral("preferredList"));
    m_preferred->setRootIsDecorated(false);
    m_preferred->setHeaderLabels({tr("Path"), tr("Why"), tr("Via")});
    m_preferred->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_preferred->setMinimumHeight(90);
    preferredLayout->addWidget(m_preferred);
    m_noOptimized = plainLabel(m_preferredGroup, "noOptimizedPath");
    m_noOptimized->setText(tr("No Active/Optimized path works. Show the non-optimized paths to pick one."));
    preferredLayout->addWidget(m_noOptimized);
    m_showNonOptimized = new QCheckBox(tr("Show &non-optimized paths"), m_preferredGroup);
    m_showNonOptimized->setObjectName(QStringLiteral("showNonOptimized"));
    preferredLayout->addWidget(m_showNonOptimized);
    m_nonOptimizedWarning = plainLabel(m_preferredGroup, "nonOptimizedWarning");
    m_nonOptimizedWarning->setText(
        tr("Non-optimized paths lead to the controller that does not own the LUN: I/O crosses the inter-controller "
           "link and reads are slow. Pick one only while no Active/Optimized path works."));
    m_nonOptimizedWarning->setStyleSheet(QStringLiteral("color: #a60;"));
    preferredLayout->addWidget(m_nonOptimizedWarning);
    layout->addWidget(m_preferredGroup);

    m_validation = plainLabel(this, "validation");
    layout->addWidget(m_validation);

    auto *commandRow = new QHBoxLayout;
    commandRow->addWidget(new QLabel(tr("Command line:"), this));
    m_command = new QLineEdit(this);
    m_command->setObjectName(QStringLiteral("commandLine"));
    m_command->setReadOnly(true);
    m_command->setPlaceholderText(tr("(no change to apply)"));
    commandRow->addWidget(m_command, 1);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyCommand"));
    commandRow->addWidget(m_copy);
    layout->addLayout(commandRow);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = plainLabel(this, "status");
    layout->addWidget(m_status);
    m_outcome = new QPlainTextEdit(this);
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setReadOnly(true);
    m_outcome->setVisible(false);
    m_outcome->setMaximumHeight(120);
    layout->addWidget(m_outcome);

    auto *buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("&Apply…"), QDialogButtonBox::ApplyRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    layout->addWidget(buttons);

    connect(m_policy, &QComboBox::currentIndexChanged, this, &PolicyDialog::onPolicyPicked);
    connect(m_preferred, &QTreeWidget::currentItemChanged, this, &PolicyDialog::onPreferredPicked);
    connect(m_showNonOptimized, &QCheckBox::toggled, this, [this] {
        fillPreferredPaths();
        updateChoiceViews();
    });
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_command->text()); });
    connect(m_apply, &QPushButton::clicked, this, &PolicyDialog::apply);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    resize(980, 660);
}

void PolicyDialog::rebuildPlan()
{
    const SnapshotPtr snapshot = m_service.lastSnapshot();
    m_plan = snapshot ? planPolicyChange(*snapshot, m_target) : planPolicyChange(InventorySnapshot{}, m_target);
}

void PolicyDialog::showPlan()
{
    m_filling = true;
    setWindowTitle(tr("Change Load-Balance Policy — %1").arg(toQString(m_plan.title())));
    m_diskName->setText(toQString(m_plan.title()));
    m_serial->setText(m_plan.serial.empty() ? tr("unknown") : toQString(m_plan.serial));
    if (m_plan.mpioDisk) {
        QString text = tr("MPIO Disk%1").arg(*m_plan.mpioDisk);
        if (!m_plan.systemDisk.empty())
            text += tr(" (%1)").arg(toQString(m_plan.systemDisk));
        m_mpioDisk->setText(text);
    } else {
        m_mpioDisk->setText(m_plan.owner == PathOwner::DataCoreDriver ? tr("none: not claimed by Windows MPIO")
                                                                       : tr("unknown"));
    }
    if (m_plan.owner == PathOwner::DataCoreDriver)
        m_dsm->setText(ownerText(m_plan.owner));
    else
        m_dsm->setText(m_plan.dsm.empty() ? tr("unknown") : toQString(m_plan.dsm));
    m_currentPolicy->setText(m_plan.owner == PathOwner::DataCoreDriver ? tr("none (the DataCore driver uses one path)")
                                                                       : policyText(m_plan.current));

    m_paths->clear();
    const std::optional<std::uint64_t> active = m_plan.activePath();
    for (const PolicyPath &path : m_plan.paths) {
        auto *item = new QTreeWidgetItem(m_paths);
        item->setText(0, path.entry.pathId ? toQString(formatPathId(*path.entry.pathId)) : tr("(DataCore driver)"));
        item->setText(1, toQString(path.portName));
        item->setText(2, toQString(path.entry.scsi.toString()));
        item->setText(3, toQString(toString(path.entry.state)));
        item->setForeground(3, stateColor(path.entry.state));
        QString tpg = path.entry.tpgId ? tr("%1: ").arg(*path.entry.tpgId) : QString();
        tpg += toQString(toString(path.entry.tpgState));
        item->setText(4, tpg);
        QStringList notes;
        if (path.entry.preferred)
            notes << tr("preferred");
        if (active && path.entry.pathId == active)
            notes << tr("carries the I/O");
        if (path.entry.inUse)
            notes << tr("used by the DataCore driver");
        item->setText(5, notes.join(QStringLiteral(", ")));
    }

    const bool canChange = m_plan.canChange();
    m_refusal->setText(toQString(m_plan.refusal));
    m_refusal->setVisible(!canChange);
    m_policy->setEnabled(canChange);
    fillPolicies();
    m_filling = false;
    fillPreferredPaths();
    updateChoiceViews();
}

void PolicyDialog::fillPolicies()
{
    const bool was = m_filling;
    m_filling = true;
    m_policy->clear();
    auto *items = qobject_cast<QStandardItemModel *>(m_policy->model());
    for (const PolicyOption &option : m_plan.options) {
        QString text = toQString(option.label);
        if (option.recommended)
            text += tr(" — recommended");
        if (option.policy == m_plan.current)
            text += tr(" — current");
        m_policy->addItem(text, static_cast<int>(option.policy));
        const int row = m_policy->count() - 1;
        const QString tip = option.available ? toQString(option.explanation)
                                             : tr("Not available: %1").arg(toQString(option.unavailableReason));
        m_policy->setItemData(row, tip, Qt::ToolTipRole);
        if (!option.available && items) {
            if (QStandardItem *item = items->item(row))
                item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        }
    }
    const int index = m_policy->findData(static_cast<int>(m_choice.policy));
    m_policy->setCurrentIndex(index);
    m_filling = was;
}

void PolicyDialog::fillPreferredPaths()
{
    const bool was = m_filling;
    m_filling = true;
    m_preferred->clear();
    // A chosen path that is not optimized (none is) must be visible.
    if (m_choice.preferredPath) {
        const PreferredCandidate *chosen = m_plan.candidate(*m_choice.preferredPath);
        if (chosen && chosen->rank != PreferredCandidate::Rank::Optimized && !m_showNonOptimized->isChecked()) {
            const QSignalBlocker blocker(m_showNonOptimized);
            m_showNonOptimized->setChecked(true);
        }
    }
    const bool showAll = m_showNonOptimized->isChecked();
    bool anyOptimized = false;
    QTreeWidgetItem *current = nullptr;
    for (const PreferredCandidate &candidate : m_plan.candidates) {
        const bool optimized = candidate.rank == PreferredCandidate::Rank::Optimized && candidate.selectable;
        anyOptimized = anyOptimized || optimized;
        if (!optimized && !showAll)
            continue;
        auto *item = new QTreeWidgetItem(m_preferred);
        const PolicyPath *path = m_plan.path(candidate.pathId);
        QString label = toQString(formatPathId(candidate.pathId));
        if (candidate.preferredNow)
            label += tr(" (preferred now)");
        item->setText(0, label);
        item->setText(1, toQString(candidate.reason));
        item->setToolTip(1, toQString(candidate.reason));
        item->setText(2, path ? toQString(path->portName) : QString());
        item->setData(0, PathIdRole, QVariant::fromValue<qulonglong>(candidate.pathId));
        if (!candidate.selectable)
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        if (m_choice.preferredPath && *m_choice.preferredPath == candidate.pathId)
            current = item;
    }
    m_preferred->setCurrentItem(current);
    m_noOptimized->setVisible(!anyOptimized && !showAll && m_plan.canChange());
    m_nonOptimizedWarning->setVisible(showAll);
    m_filling = was;
}

void PolicyDialog::onPolicyPicked()
{
    if (m_filling)
        return;
    const QVariant data = m_policy->currentData();
    m_choice.policy = data.isValid() ? static_cast<LoadBalancePolicy>(data.toInt()) : LoadBalancePolicy::Unknown;
    if (m_choice.policy == LoadBalancePolicy::FailOverOnly) {
        // Keep a path the admin picked before; else the first optimized one, as the list offers them.
        const PreferredCandidate *kept = m_pickedPath ? m_plan.candidate(*m_pickedPath) : nullptr;
        m_choice.preferredPath = m_pickedPath;
        if (!kept || !kept->selectable) {
            m_choice.preferredPath.reset();
            for (const PreferredCandidate &candidate : m_plan.candidates) {
                if (candidate.selectable && candidate.rank == PreferredCandidate::Rank::Optimized) {
                    m_choice.preferredPath = candidate.pathId;
                    break;
                }
            }
        }
    } else {
        m_choice.preferredPath.reset();
    }
    fillPreferredPaths();
    updateChoiceViews();
}

void PolicyDialog::onPreferredPicked()
{
    if (m_filling)
        return;
    QTreeWidgetItem *item = m_preferred->currentItem();
    if (item) {
        m_choice.preferredPath = item->data(0, PathIdRole).toULongLong();
        m_pickedPath = m_choice.preferredPath;
    }
    updateChoiceViews();
}

void PolicyDialog::updateChoiceViews()
{
    const bool failOver = m_choice.policy == LoadBalancePolicy::FailOverOnly;
    m_preferredGroup->setVisible(failOver && m_plan.canChange());

    const PolicyOption *option = m_plan.option(m_choice.policy);
    m_policyExplanation->setText(option ? toQString(option->explanation) : QString());
    m_policyExplanation->setVisible(option != nullptr);

    const bool running = m_run != nullptr;
    const PolicyCheck check = checkChoice(m_plan, m_choice);
    if (!m_plan.canChange()) {
        m_validation->clear();
    } else if (!check.ok()) {
        m_validation->setText(toQString(check.error));
        // "Already uses it" is no fault, just nothing to do.
        m_validation->setStyleSheet(check.nothingToChange ? QString() : QStringLiteral("color: #a33;"));
    } else if (!check.warning.empty()) {
        m_validation->setText(toQString(check.warning));
        m_validation->setStyleSheet(QStringLiteral("color: #a60;"));
    } else {
        m_validation->clear();
    }
    m_validation->setVisible(!m_validation->text().isEmpty());
    m_command->setText(toQString(mpclaimCommand(m_plan, m_choice)));
    m_copy->setEnabled(!m_command->text().isEmpty());
    m_apply->setEnabled(check.ok() && !running);
    m_policy->setEnabled(m_plan.canChange() && !running);
    m_preferred->setEnabled(!running);
    m_showNonOptimized->setEnabled(!running);
}

QString PolicyDialog::confirmationText() const
{
    QString text = toQString(describeChange(m_plan, m_choice));
    const PolicyCheck check = checkChoice(m_plan, m_choice);
    if (!check.warning.empty())
        text += QStringLiteral("\n\n") + toQString(check.warning);
    text += QStringLiteral("\n\n") + tr("The same change on the command line:") + QLatin1Char('\n')
        + toQString(mpclaimCommand(m_plan, m_choice));
    return text;
}

void PolicyDialog::apply()
{
    if (m_run || !checkChoice(m_plan, m_choice).ok())
        return;
    if (!m_confirm(this, tr("Change Load-Balance Policy"), confirmationText()))
        return;

    m_run = new PolicyChangeRun(m_service, m_plan, m_choice, this);
    m_run->setMeasureDelay(m_measureDelay);
    connect(m_run, &PolicyChangeRun::stageChanged, this,
            [this](PolicyChangeRun::Stage, const QString &text) { m_status->setText(text); });
    connect(m_run, &PolicyChangeRun::finished, this, &PolicyDialog::onRunFinished);
    m_outcome->clear();
    m_outcome->setVisible(false);
    m_progress->setVisible(true);
    updateChoiceViews();
    m_run->start();
}

void PolicyDialog::onRunFinished(const PolicyRunResult &result)
{
    m_run->deleteLater();
    m_run = nullptr;
    m_progress->setVisible(false);
    m_status->setText(result.ok() ? tr("Changed.") : tr("Not changed."));
    m_outcome->setPlainText(joinedLines(result.lines()));
    m_outcome->setVisible(true);
    // Show the disk as it is now; the choice stays where the admin left it.
    rebuildPlan();
    showPlan();
    Q_EMIT changeFinished(result.ok());
}

} // namespace pathlens
