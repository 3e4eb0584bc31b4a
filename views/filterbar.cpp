#include "views/filterbar.h"

#include "model/inventoryfilterproxymodel.h"
#include "model/inventorytreemodel.h"
#include "views/presentation.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>

namespace pathlens {

namespace {

constexpr int typingPauseMs = 250;

struct RoleChoice {
    RoleFlag role;
    const char *shortName;
    const char *name;
    const char *icon;
};

constexpr RoleChoice roleChoices[] = {
    {RoleFrontEnd, "FE", QT_TRANSLATE_NOOP("pathlens::FilterBar", "Front-end (FE)"), "port-fe"},
    {RoleMirror, "MR", QT_TRANSLATE_NOOP("pathlens::FilterBar", "Mirror (MR)"), "port-mr"},
    {RoleBackEnd, "BE", QT_TRANSLATE_NOOP("pathlens::FilterBar", "Back-end (BE)"), "port-be"},
};

QToolButton *menuButton(QWidget *parent, QMenu *menu, const QString &objectName)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setMenu(menu);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(true);
    return button;
}

} // namespace

FilterBar::FilterBar(InventoryFilterProxyModel &proxy, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_typingPause(new QTimer(this))
    , m_countLater(new QTimer(this))
{
    setObjectName(QStringLiteral("filterBar"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("filterSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Filter by name, serial, WWPN, PCI location, path id… (Ctrl+F)"));
    m_search->setToolTip(tr("Words found in a row or a row above it, in any column: for example DCS-A Failed, "
                            "82:00.1 or \"LUN 9\" (quotes keep words together). Escape clears the search."));
    m_search->setAccessibleName(tr("Filter the tree"));
    m_search->addAction(resourceIcon(QStringLiteral("search")), QLineEdit::LeadingPosition)->setEnabled(false);
    m_search->installEventFilter(this);

    m_onlyProblems = new QToolButton(this);
    m_onlyProblems->setObjectName(QStringLiteral("filterOnlyProblems"));
    m_onlyProblems->setCheckable(true);
    m_onlyProblems->setAutoRaise(true);
    m_onlyProblems->setIcon(resourceIcon(QStringLiteral("health-warning")));
    m_onlyProblems->setText(tr("Only problems"));
    m_onlyProblems->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_onlyProblems->setToolTip(tr("Show only rows with health findings, and the rows above them"));

    m_roleMenu = new QMenu(this);
    for (const RoleChoice &choice : roleChoices) {
        QAction *action = m_roleMenu->addAction(resourceIcon(QLatin1String(choice.icon)), tr(choice.name));
        action->setCheckable(true);
        action->setData(uint(choice.role));
        connect(action, &QAction::toggled, this, &FilterBar::applyRoles);
    }
    m_roles = menuButton(this, m_roleMenu, QStringLiteral("filterRoles"));
    m_roles->setToolTip(tr("Show only ports with these roles, with their disks and paths"));

    m_stateMenu = new QMenu(this);
    for (PathState state : allPathStates) {
        QAction *action = m_stateMenu->addAction(
            resourceIcon(stateIconName(state)),
            QStringLiteral("%1 — %2").arg(toQString(toShortString(state)), toQString(toString(state))));
        action->setCheckable(true);
        action->setData(int(state));
        connect(action, &QAction::toggled, this, &FilterBar::applyStates);
    }
    m_states = menuButton(this, m_stateMenu, QStringLiteral("filterStates"));
    m_states->setToolTip(tr("Show only paths in these states"));

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("filterCount"));
    m_count->setTextFormat(Qt::PlainText);
    m_count->setContentsMargins(6, 0, 6, 0);

    m_clear = new QToolButton(this);
    m_clear->setObjectName(QStringLiteral("filterClear"));
    m_clear->setText(tr("Clear"));
    m_clear->setAutoRaise(true);
    m_clear->setToolTip(tr("Show every row again"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_onlyProblems);
    layout->addWidget(m_roles);
    layout->addWidget(m_states);
    layout->addWidget(m_count);
    layout->addWidget(m_clear);

    m_typingPause->setSingleShot(true);
    m_typingPause->setInterval(typingPauseMs);
    connect(m_search, &QLineEdit::textEdited, m_typingPause, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        // The clear button and setText() do not "edit": apply an empty field at once.
        if (text.isEmpty())
            applySearchNow();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &FilterBar::applySearchNow);
    connect(m_typingPause, &QTimer::timeout, this, &FilterBar::applySearchNow);
    connect(m_onlyProblems, &QToolButton::toggled, &m_proxy, &InventoryFilterProxyModel::setOnlyProblems);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);

    // Recounting walks the whole tree: once per burst of changes.
    m_countLater->setSingleShot(true);
    m_countLater->setInterval(0);
    connect(m_countLater, &QTimer::timeout, this, &FilterBar::updateCount);
    connect(&m_proxy, &InventoryFilterProxyModel::filterChanged, this, [this] {
        syncFromProxy();
        scheduleCount();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&m_proxy, signal, this, &FilterBar::scheduleCount);
    connect(&m_proxy, &QAbstractItemModel::dataChanged, this, &FilterBar::scheduleCount);
    connect(&m_proxy, &QAbstractItemModel::modelReset, this, &FilterBar::scheduleCount);
    connect(&m_proxy, &QAbstractItemModel::layoutChanged, this, &FilterBar::scheduleCount);

    syncFromProxy();
    updateCount();
}

FilterBar::~FilterBar() = default;

void FilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void FilterBar::clear()
{
    m_typingPause->stop();
    m_proxy.clearFilters();
    syncFromProxy();
    updateCount();
}

void FilterBar::applySearchNow()
{
    m_typingPause->stop();
    m_proxy.setSearchText(m_search->text());
}

void FilterBar::applyRoles()
{
    RoleFlags roles = RoleNone;
    for (QAction *action : m_roleMenu->actions()) {
        if (action->isChecked())
            roles |= RoleFlags(action->data().toUInt());
    }
    m_proxy.setRoleFilter(roles);
}

void FilterBar::applyStates()
{
    std::uint32_t mask = 0;
    for (QAction *action : m_stateMenu->actions()) {
        if (action->isChecked())
            mask |= InventoryFilterProxyModel::stateBit(static_cast<PathState>(action->data().toInt()));
    }
    m_proxy.setStateFilter(mask);
}

// The widgets show the proxy's criteria, whoever set them.
void FilterBar::syncFromProxy()
{
    if (!m_typingPause->isActive() && m_search->text().simplified() != m_proxy.searchText().simplified()) {
        const QSignalBlocker blocker(m_search);
        m_search->setText(m_proxy.searchText());
    }
    {
        const QSignalBlocker blocker(m_onlyProblems);
        m_onlyProblems->setChecked(m_proxy.onlyProblems());
    }

    QStringList roles;
    for (QAction *action : m_roleMenu->actions()) {
        const QSignalBlocker blocker(action);
        const bool on = m_proxy.roleFilter() & RoleFlags(action->data().toUInt());
        action->setChecked(on);
        if (on)
            for (const RoleChoice &choice : roleChoices)
                if (uint(choice.role) == action->data().toUInt())
                    roles << QLatin1String(choice.shortName);
    }
    m_roles->setText(roles.isEmpty() ? tr("Roles: any") : tr("Roles: %1").arg(roles.join(QStringLiteral(", "))));

    QStringList states;
    for (QAction *action : m_stateMenu->actions()) {
        const QSignalBlocker blocker(action);
        const auto state = static_cast<PathState>(action->data().toInt());
        const bool on = m_proxy.stateFilter() & InventoryFilterProxyModel::stateBit(state);
        action->setChecked(on);
        if (on)
            states << toQString(toShortString(state));
    }
    m_states->setText(states.isEmpty() ? tr("Paths: any state")
                                       : tr("Paths: %1").arg(states.join(QStringLiteral(", "))));
    m_clear->setVisible(m_proxy.isFiltering() || !m_search->text().isEmpty());
}

void FilterBar::scheduleCount()
{
    if (m_proxy.isFiltering() || !m_count->text().isEmpty())
        m_countLater->start();
}

void FilterBar::updateCount()
{
    m_countLater->stop();
    m_count->setText(countText());
    m_count->setVisible(!m_count->text().isEmpty());
}

QString FilterBar::countText() const
{
    if (!m_proxy.isFiltering())
        return {};
    const int matching = m_proxy.matchingRowCount();
    const int total = m_proxy.totalRowCount();
    return total == 1 ? tr("%1 of 1 row matches").arg(QLocale().toString(matching))
                      : tr("%1 of %2 rows match").arg(QLocale().toString(matching), QLocale().toString(total));
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        if (!m_search->text().isEmpty()) {
            m_search->clear(); // applied through textChanged
            return true;
        }
        if (m_proxy.isFiltering()) {
            clear();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace pathlens
