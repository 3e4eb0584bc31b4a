#pragma once

#include "model/inventory.h"
#include "platform/backend.h"
#include "platform/result.h"
#include "views/connectdialog.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QProgressBar;
class QSplitter;
class QTreeView;

namespace pathlens {

class ChartPanel;
class DetailsPane;
class FindingsPanel;
class PathSampler;
class FilterBar;
class InventoryFilterProxyModel;
class InventoryService;
class LegendDialog;
class ProblemsBanner;

/// The console: the server group as a tree on the left, the selected object's
/// details on the right, problems and a filter bar above the tree, counts in
/// the status bar. Reads the service's model and asks the service for
/// refreshes; it never talks to the platform itself.
///
/// The tree shows the service's model through a filter proxy (treeProxy()):
/// indexes of treeView() are proxy indexes; the details pane and
/// InventoryTreeModel::indexForKeyPath() use the model's own.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    /// The service is not owned and must outlive the window.
    explicit MainWindow(InventoryService &service, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTreeView *treeView() const { return m_tree; }
    /// The filter between the service's model and the tree.
    InventoryFilterProxyModel *treeProxy() const { return m_proxy; }
    FilterBar *filterBar() const { return m_filterBar; }
    FindingsPanel *findingsPanel() const { return m_findings; }
    ChartPanel *chartPanel() const { return m_charts; }
    PathSampler *sampler() const { return m_sampler; }
    /// Enabled on back-end disk rows claimed by a DSM (remedy 1).
    QAction *changePolicyAction() const { return m_changePolicyAction; }
    QAction *replaceDriverAction() const { return m_replaceDriverAction; }
    DetailsPane *detailsPane() const { return m_details; }
    ProblemsBanner *problemsBanner() const { return m_banner; }
    QAction *refreshAction() const { return m_refreshAction; }
    QAction *autoRefreshAction() const { return m_autoRefreshAction; }
    QAction *saveBaselineAction() const { return m_saveBaselineAction; }
    QAction *findAction() const { return m_findAction; }

    /// Selects the row with this key path (KeyPathRole; "server/*/disk" for a
    /// LUN as a whole: its row under the first port), expands the rows above
    /// it and scrolls to it. A row the filter hides is shown by clearing the
    /// filter; a row that is gone gives way to the nearest row above it that
    /// is still there. False when not even its server is in the tree.
    bool revealKeyPath(const QString &keyPath);
    /// KeyPathRole of the row the admin selected last (kept while a filter
    /// hides it); empty before any selection.
    QString currentKeyPath() const { return m_currentKeyPath; }

    /// File > Save Baseline: saves the current reading as the group's
    /// baseline, says where in the status bar (or why not, in a dialog) and
    /// refreshes so the rules compare against it.
    void saveBaseline();

    /// Where File > Open and File > Connect can read from. Opening is the
    /// app's business (it knows the concrete backends); the window only asks.
    enum class SourceKind { BundleFolder, BundleArchive, LabScenario, DataCoreRest };
    /// What to open: a path for files, the connection settings for a live
    /// DataCore server (DataCoreRest).
    struct SourceRequest {
        SourceKind kind = SourceKind::LabScenario;
        QString path;
        ConnectionSettings connection;
    };
    using SourceOpener = std::function<Result<std::unique_ptr<Backend>>(SourceKind kind, const QString &path)>;
    using RequestOpener = std::function<Result<std::unique_ptr<Backend>>(const SourceRequest &request)>;
    void setSourceOpener(SourceOpener opener);
    void setSourceOpener(RequestOpener opener);
    /// Opens the source off the UI thread and switches the service to it; a
    /// failure is shown and the current source stays.
    void openSource(SourceKind kind, const QString &path);
    void openSource(const SourceRequest &request);
    /// The request File > Connect makes of the dialog's choice.
    static SourceRequest requestFor(const ConnectionSettings &settings);

    /// What File > Connect's dialog uses for tests, certificates and
    /// passwords; the action is enabled once an opener is set too.
    void setConnectServices(ConnectServices services);
    QAction *connectAction() const { return m_connectAction; }
    /// Shows File > Connect's dialog (not modal); nullptr without an opener.
    ConnectDialog *showConnectDialog();

    /// Writes geometry, window, splitter and header state to QSettings
    /// ("PathLens", "PathLens"); also done when the window closes.
    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void changePolicy();
    void exportReport();
    void showBaselineChanges();
    void replaceDriver();
    void updateActionsFor(const QModelIndex &current);
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void restoreSettings();

    void onRefreshStarted();
    void onRefreshFinished(const SnapshotPtr &snapshot);
    void onCurrentChanged(const QModelIndex &current);
    void onModelAboutToBeReset();
    void onModelReset();
    void onFilterAboutToChange();
    void onFilterChanged();

    void expandServersAndPorts();
    void expandAll();
    void collapseAll();
    /// Shows a row of the service's model (or of the proxy) in the tree.
    void navigateTo(const QModelIndex &index);
    QModelIndex sourceIndexForKeyPath(const QString &keyPath) const;
    QModelIndex treeIndexForKeyPath(const QString &keyPath) const;
    void expandKeyPaths(const QStringList &keyPaths);
    void expandMatches();
    void selectRememberedRow();
    void applyAutoRefresh();
    void updateStatus(const SnapshotPtr &snapshot);
    void updateProblems(const SnapshotPtr &snapshot);
    void updateTitle(const SnapshotPtr &snapshot);
    void showTreeContextMenu(const QPoint &pos);
    void copyRow();
    void copyDetails();
    void showAbout();
    void chooseSource(SourceKind kind);
    void showLegend();

    QStringList expandedKeyPaths() const;

    InventoryService &m_service;

    QSplitter *m_splitter = nullptr;
    ProblemsBanner *m_banner = nullptr;
    QTreeView *m_tree = nullptr;
    InventoryFilterProxyModel *m_proxy = nullptr;
    FilterBar *m_filterBar = nullptr;
    DetailsPane *m_details = nullptr;

    QAction *m_quitAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_openBundleAction = nullptr;
    QAction *m_openArchiveAction = nullptr;
    QAction *m_openLabAction = nullptr;
    QAction *m_saveBaselineAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_expandAllAction = nullptr;
    QAction *m_collapseAllAction = nullptr;
    QAction *m_autoRefreshAction = nullptr;
    QActionGroup *m_intervalGroup = nullptr;
    QAction *m_copyRowAction = nullptr;
    QAction *m_copyDetailsAction = nullptr;
    QAction *m_legendAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_changePolicyAction = nullptr;
    QAction *m_exportReportAction = nullptr;
    QAction *m_baselineChangesAction = nullptr;
    QAction *m_replaceDriverAction = nullptr;
    FindingsPanel *m_findings = nullptr;
    ChartPanel *m_charts = nullptr;
    PathSampler *m_sampler = nullptr; ///< counters for the charts, read on the service's worker

    QLabel *m_statusBackend = nullptr;
    QLabel *m_statusProblemsIcon = nullptr;
    QLabel *m_statusProblems = nullptr;
    QLabel *m_statusCounts = nullptr;
    QLabel *m_statusRefresh = nullptr;
    QProgressBar *m_busy = nullptr;

    QPointer<LegendDialog> m_legend;
    QPointer<ConnectDialog> m_connectDialog;
    RequestOpener m_sourceOpener;
    ConnectServices m_connectServices;

    std::chrono::seconds m_autoRefreshInterval{30};
    bool m_initialExpansionDone = false;
    QString m_currentKeyPath;       ///< to find the selection again after a model reset
    QStringList m_expandedBeforeReset;
    QStringList m_expandedBeforeFilter; ///< the admin's expansion, given back when the filter is cleared
};

} // namespace pathlens
