#pragma once

// File > Export report: choose a format (CSV, JSON, HTML, PDF, Prometheus
// textfile), a scope (the whole group, the rows selected in the tree, or one
// server) and a file; optionally include the changes since the group's saved
// baseline. The report is built and written on a thread of its own
// (ReportExporter), atomically; an error is shown in the dialog, which stays
// open so the user can pick another place.

#include "model/inventory.h"
#include "model/pathcounters.h"

#include <QDialog>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace pathlens {

class ReportExporter;
enum class ReportFormat;

class ExportReportDialog final : public QDialog
{
    Q_OBJECT

public:
    /// @p snapshot is what the console shows (with its findings);
    /// @p selectedKeyPaths the tree's selected rows (InventoryTreeModel::KeyPathRole).
    /// @p baselineFile: the baseline to compare with; empty: the group's saved one.
    ExportReportDialog(SnapshotPtr snapshot, QStringList selectedKeyPaths, QWidget *parent = nullptr,
                       QString baselineFile = {});
    ~ExportReportDialog() override;

    /// The newest per-path counters (as the details pane gets them), for the
    /// counter columns and the I/O share charts; without them those stay empty.
    void setCounterReadings(PathCounterReadings readings);

    ReportFormat format() const;
    void setFormat(ReportFormat format);
    QString filePath() const;
    void setFilePath(const QString &path);

    QComboBox *formatBox() const { return m_format; }
    QRadioButton *allScopeButton() const { return m_scopeAll; }
    QRadioButton *selectionScopeButton() const { return m_scopeSelection; }
    QRadioButton *serverScopeButton() const { return m_scopeServer; }
    QComboBox *serverBox() const { return m_server; }
    QCheckBox *includeChangesBox() const { return m_includeChanges; }
    QLineEdit *fileEdit() const { return m_file; }
    QPushButton *exportButton() const { return m_export; }
    QLabel *statusLabel() const { return m_status; }
    ReportExporter *exporter() const { return m_exporter; }

public Q_SLOTS:
    /// Starts writing the report (what the Export button does).
    void exportReport();

Q_SIGNALS:
    /// The report was written to @p filePath.
    void exported(const QString &filePath);

private:
    void browse();
    void onFormatChanged();
    void onFinished(const QString &filePath, const QString &error);
    void updateButtons();
    void showError(const QString &message);

    SnapshotPtr m_snapshot;
    QStringList m_selection;
    std::shared_ptr<const PathCounterReadings> m_counters;
    QString m_baselineFile;
    QComboBox *m_format = nullptr;
    QRadioButton *m_scopeAll = nullptr;
    QRadioButton *m_scopeSelection = nullptr;
    QRadioButton *m_scopeServer = nullptr;
    QComboBox *m_server = nullptr;
    QCheckBox *m_includeChanges = nullptr;
    QLineEdit *m_file = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_export = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QLabel *m_status = nullptr;
    ReportExporter *m_exporter = nullptr;
};

} // namespace pathlens
