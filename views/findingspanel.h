#pragma once

#include "model/health/finding.h"

#include <QAbstractItemModel>
#include <QIcon>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QMimeData;
class QSortFilterProxyModel;
class QTableView;

namespace pathlens {

class FindingsTableModel;
class HealthReport;

/// Icon of a severity: the application's own where it has one, else the
/// style's message-box icon. One place, so switching sets is one change.
QIcon severityIcon(Severity severity);

/// The health findings as a sortable, filterable table (meant for a dock):
/// severity, rule, object, sentence and recommendation. Selecting a finding
/// asks for its object to be revealed in the tree; Ctrl+C copies the selected
/// rows as tab-separated text with a header line (and as an HTML table).
class FindingsPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit FindingsPanel(QWidget *parent = nullptr);
    ~FindingsPanel() override;

    /// Shows this reading's findings; the selection survives a refresh that
    /// keeps the finding. Null: the reading was not evaluated.
    void setReport(std::shared_ptr<const HealthReport> report);

    /// Hides findings below this severity (Info shows all).
    void setMinimumSeverity(Severity severity);
    Severity minimumSeverity() const;
    /// Shows only findings whose rule, object, sentence or recommendation
    /// contains the text (case-insensitive).
    void setFilterText(const QString &text);

    /// "2 critical, 4 warnings, 1 info", and how many the filter shows.
    QString countsText() const;
    /// The selected rows in view order as tab-separated text with a header line.
    QString selectedRowsText() const;
    /// The same rows as text/plain and text/html (a table); the caller owns it.
    QMimeData *selectedRowsMimeData() const;
    /// Puts the selected rows on the clipboard.
    void copySelection();

    FindingsTableModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const;
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    /// The admin picked a finding: show this tree row ("server/port/disk[/path]").
    void revealRequested(const QString &keyPath);

private:
    void onCurrentChanged(const QModelIndex &current);
    void reveal(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void updateCounts();
    void updateDetails();
    QModelIndexList selectedViewRows() const; ///< whole rows, top to bottom

    class Proxy;

    FindingsTableModel *m_model = nullptr;
    Proxy *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QComboBox *m_severity = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_details = nullptr;
    bool m_updating = false; ///< a refresh moves the current row: that is not the admin's pick
};

} // namespace pathlens
