#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QToolButton;

namespace pathlens {

class InventoryFilterProxyModel;

/// The strip above the tree that narrows it down: a search field, "Only
/// problems", port roles and path states, and how many rows match. It only
/// sets the proxy's criteria; the filtering itself is the proxy's.
///
/// Typing is applied after a short pause (a large group re-filters in a
/// noticeable time), Return applies at once. Escape in the search field
/// clears the text, a second Escape every other criterion too.
class FilterBar final : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(InventoryFilterProxyModel &proxy, QWidget *parent = nullptr);
    ~FilterBar() override;

    QLineEdit *searchField() const { return m_search; }
    QToolButton *onlyProblemsButton() const { return m_onlyProblems; }
    QToolButton *rolesButton() const { return m_roles; }
    QToolButton *statesButton() const { return m_states; }
    QToolButton *clearButton() const { return m_clear; }
    QLabel *countLabel() const { return m_count; }

    /// Ctrl+F: focus the search field with its text selected.
    void focusSearch();
    /// Drops every criterion and applies at once.
    void clear();
    /// Applies typed text still waiting for the pause.
    void applySearchNow();
    /// "12 of 164,416 rows match"; empty while nothing is filtered.
    QString countText() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyRoles();
    void applyStates();
    void syncFromProxy();
    void scheduleCount();
    void updateCount();

    InventoryFilterProxyModel &m_proxy;
    QLineEdit *m_search = nullptr;
    QToolButton *m_onlyProblems = nullptr;
    QToolButton *m_roles = nullptr;
    QMenu *m_roleMenu = nullptr;
    QToolButton *m_states = nullptr;
    QMenu *m_stateMenu = nullptr;
    QLabel *m_count = nullptr;
    QToolButton *m_clear = nullptr;
    QTimer *m_typingPause = nullptr;
    QTimer *m_countLater = nullptr;
};

} // namespace pathlens
