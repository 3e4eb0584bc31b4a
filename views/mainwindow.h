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

class DetailsPane;
class InventoryService;
class LegendDialog;
class ProblemsBanner;

/// The console: the server group as a tree on the left, the selected object's
/// details on the right, problems above the tree, counts in the status bar.
/// Reads the service's model and asks the service for refreshes; it never
/// talks to the platform itself.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    /// The service is not owned and must outlive the window.
    explicit MainWindow(InventoryService &service, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTreeView *treeView() const { return m_tree; }
    DetailsPane *detailsPane() const { return m_details; }
    ProblemsBanner *problemsBanner() const { return m_banner; }
    QAction *refreshAction() const { return m_refreshAction; }
    QAction *autoRefreshAction() const { return m_autoRefreshAction; }

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

    void expandServersAndPorts();
    void expandAll();
    void collapseAll();
    void navigateTo(const QModelIndex &index);
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
    DetailsPane *m_details = nullptr;

    QAction *m_quitAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_openBundleAction = nullptr;
    QAction *m_openArchiveAction = nullptr;
    QAction *m_openLabAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_expandAllAction = nullptr;
    QAction *m_collapseAllAction = nullptr;
    QAction *m_autoRefreshAction = nullptr;
    QActionGroup *m_intervalGroup = nullptr;
    QAction *m_copyRowAction = nullptr;
    QAction *m_copyDetailsAction = nullptr;
    QAction *m_legendAction = nullptr;
    QAction *m_aboutAction = nullptr;

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
};

} // namespace pathlens
