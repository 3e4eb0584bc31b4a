#include "views/mainwindow.h"

#include "model/history/pathsampler.h"
#include "model/inventoryfilterproxymodel.h"
#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "views/charts/chartpanel.h"
#include "views/baselinediffdialog.h"
#include "views/detailspane.h"
#include "views/exportreportdialog.h"
#include "views/filterbar.h"
#include "views/findingspanel.h"
#include "views/legenddialog.h"
#include "views/migrationwizard/migrationwizard.h"
#include "views/policydialog.h"
#include "views/presentation.h"
#include "views/problemsbanner.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <optional>

namespace pathlens {

namespace {

// QSettings keys; the layout of these values is Qt's own (save/restoreState).
const QString keyGeometry = QStringLiteral("mainWindow/geometry");
const QString keyWindowState = QStringLiteral("mainWindow/state");
const QString keySplitter = QStringLiteral("mainWindow/splitter");
// v2: the Health column came in second; an older layout would put widths on the wrong columns.
const QString keyTreeHeader = QStringLiteral("mainWindow/treeHeaderV2");
const QString keyAutoRefresh = QStringLiteral("view/autoRefresh");
const QString keyAutoRefreshSeconds = QStringLiteral("view/autoRefreshSeconds");

constexpr int autoRefreshChoices[] = {10, 30, 60, 300};

// Below this many rows a filter's result is opened up completely; above it
// only servers and ports, since expanding 100,000 rows takes seconds.
constexpr int expandAllMatchesUpTo = 2000;

QSettings settings()
{
    return QSettings(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
}

QString counted(std::size_t n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(qulonglong(n)), n == 1 ? one : many);
}

QString intervalText(int seconds)
{
    return seconds % 60 == 0 ? MainWindow::tr("%1 min").arg(seconds / 60) : MainWindow::tr("%1 s").arg(seconds);
}

QStringList problemsOf(const InventorySnapshot &snapshot)
{
    QStringList problems;
    for (const std::string &problem : snapshot.problems)
        problems << toQString(problem);
    for (const ServerEntry &server : snapshot.servers) {
        const QString name = toQString(server.server.name.empty() ? server.key : server.server.name);
        for (const std::string &problem : server.problems)
            problems << QStringLiteral("%1: %2").arg(name, toQString(problem));
    }
    return problems;
}

} // namespace

MainWindow::MainWindow(InventoryService &service, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    updateTitle(nullptr);

    InventoryTreeModel *model = m_service.model();
    m_proxy = new InventoryFilterProxyModel(this);
    m_proxy->setObjectName(QStringLiteral("inventoryFilter"));
    m_proxy->setSourceModel(model);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("inventoryTree"));
    m_tree->setModel(m_proxy);
    m_tree->setUniformRowHeights(true); // fast with thousands of paths
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setIconSize(QSize(16, 16));
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAccessibleName(tr("Server group inventory"));
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(40);
    header->resizeSection(InventoryTreeModel::NameColumn, 380);
    header->resizeSection(InventoryTreeModel::HealthColumn, 90);
    header->resizeSection(InventoryTreeModel::RolesColumn, 100);
    header->resizeSection(InventoryTreeModel::StateColumn, 160);
    header->resizeSection(InventoryTreeModel::LocationColumn, 130);

    m_banner = new ProblemsBanner(this);
    m_filterBar = new FilterBar(*m_proxy, this);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_banner);
    leftLayout->addWidget(m_filterBar);
    leftLayout->addWidget(m_tree, 1);

    m_details = new DetailsPane(*model, this);
    m_details->setObjectName(QStringLiteral("detailsPane"));

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(left);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({820, 460});
    setCentralWidget(m_splitter);

    createActions();
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeContextMenu);
    connect(m_details, &DetailsPane::navigateRequested, this, &MainWindow::navigateTo);
    // The proxy's reset follows the model's; by then the proxy maps the new rows.
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, &MainWindow::onModelAboutToBeReset);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
    connect(m_proxy, &InventoryFilterProxyModel::filterAboutToChange, this, &MainWindow::onFilterAboutToChange);
    connect(m_proxy, &InventoryFilterProxyModel::filterChanged, this, &MainWindow::onFilterChanged);
    connect(&m_service, &InventoryService::refreshStarted, this, &MainWindow::onRefreshStarted);
    connect(&m_service, &InventoryService::refreshFinished, this, &MainWindow::onRefreshFinished);

    restoreSettings();
    applyAutoRefresh();

    if (SnapshotPtr last = m_service.lastSnapshot()) {
        onRefreshFinished(last);
    } else if (m_service.isRefreshing()) {
        onRefreshStarted();
    } else {
        // Queued so the window appears first; skipped when the owner started one meanwhile.
        QTimer::singleShot(0, this, [this] {
            if (!m_service.isRefreshing() && !m_service.lastSnapshot())
                m_service.refresh();
        });
    }
}

MainWindow::~MainWindow()
{
    // The service outlives the window; leave it as we found it.
    if (m_autoRefreshAction && m_autoRefreshAction->isChecked())
        m_service.setAutoRefreshInterval(std::chrono::milliseconds::zero());
}

// ------------------------------------------------------------------ sources

void MainWindow::setSourceOpener(SourceOpener opener)
{
    if (!opener) {
        setSourceOpener(RequestOpener());
        return;
    }
    setSourceOpener(RequestOpener([opener = std::move(opener)](const SourceRequest &request) {
        return opener(request.kind, request.path);
    }));
}

void MainWindow::setSourceOpener(RequestOpener opener)
{
    m_sourceOpener = std::move(opener);
    for (QAction *action : {m_openBundleAction, m_openArchiveAction, m_openLabAction})
        action->setEnabled(bool(m_sourceOpener));
    m_connectAction->setEnabled(bool(m_sourceOpener));
}

void MainWindow::setConnectServices(ConnectServices services)
{
    m_connectServices = std::move(services);
}

MainWindow::SourceRequest MainWindow::requestFor(const ConnectionSettings &settings)
{
    SourceRequest request;
    switch (settings.source) {
    case ConnectionSettings::Source::Lab:
        request.kind = SourceKind::LabScenario;
        request.path = settings.path;
        break;
    case ConnectionSettings::Source::Bundle:
        request.kind = QFileInfo(settings.path).isDir() ? SourceKind::BundleFolder : SourceKind::BundleArchive;
        request.path = settings.path;
        break;
    case ConnectionSettings::Source::DataCoreRest:
        request.kind = SourceKind::DataCoreRest;
        request.connection = settings;
        break;
    }
    return request;
}

ConnectDialog *MainWindow::showConnectDialog()
{
    if (!m_sourceOpener)
        return nullptr;
    if (!m_connectDialog) {
        m_connectDialog = new ConnectDialog(m_connectServices, this);
        m_connectDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_connectDialog->setSettings(ConnectDialog::loadRecent());
        connect(m_connectDialog, &QDialog::accepted, this, [this, dialog = m_connectDialog] {
            openSource(requestFor(dialog->settings()));
        });
        // The next Connect starts afresh from the saved choice, never with a password left in a field.
        connect(m_connectDialog, &QDialog::finished, this, [this] { m_connectDialog.clear(); });
    }
    m_connectDialog->open();
    m_connectDialog->raise();
    m_connectDialog->activateWindow();
    return m_connectDialog;
}

void MainWindow::chooseSource(SourceKind kind)
{
    QString path;
    switch (kind) {
    case SourceKind::BundleFolder:
        path = QFileDialog::getExistingDirectory(this, tr("Open Support Bundle Folder"));
        break;
    case SourceKind::BundleArchive:
        path = QFileDialog::getOpenFileName(this, tr("Open Support Bundle Archive"), QString(),
                                            tr("Support bundles (*.zip);;All files (*)"));
        break;
    case SourceKind::LabScenario:
        path = QFileDialog::getOpenFileName(this, tr("Open Lab Scenario"), QString(),
                                            tr("Lab scenarios (*.json);;All files (*)"));
        break;
    case SourceKind::DataCoreRest:
        showConnectDialog(); // a server is no file to pick
        return;
    }
    if (!path.isEmpty())
        openSource(kind, path);
}

void MainWindow::openSource(SourceKind kind, const QString &path)
{
    openSource(SourceRequest{kind, path, {}});
}

void MainWindow::openSource(const SourceRequest &request)
{
    if (!m_sourceOpener)
        return;
    // A bundle can be hundreds of megabytes of zip: read it off the UI thread.
    using Opened = std::optional<Result<std::unique_ptr<Backend>>>;
    auto opened = std::make_shared<Opened>();
    const QString shown = request.kind == SourceKind::DataCoreRest ? request.connection.host
                                                                    : QDir::toNativeSeparators(request.path);
    QThread *reader =
        QThread::create([opener = m_sourceOpener, request, opened] { opened->emplace(opener(request)); });
    m_statusRefresh->setText(tr("Opening %1...").arg(shown));
    connect(reader, &QThread::finished, this, [this, reader, opened, shown] {
        reader->deleteLater();
        if (!opened->has_value() || !opened->value()) {
            const QString reason = opened->has_value() ? QString::fromStdString(opened->value().error().toString())
                                                       : tr("nothing was read");
            m_statusRefresh->clear();
            QMessageBox::warning(this, tr("Cannot open"),
                                 tr("PathLens could not open %1.\n\n%2\n\nThe current source stays open.")
                                     .arg(shown, reason));
            return;
        }
        m_initialExpansionDone = false;
        m_service.replaceBackend(std::move(opened->value()).value());
    });
    reader->start();
}

// ------------------------------------------------------------------ set-up

void MainWindow::createActions()
{
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_quitAction->setStatusTip(tr("Close PathLens"));
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_connectAction = new QAction(tr("&Connect..."), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectAction->setStatusTip(tr("Connect to a DataCore server, or choose a bundle or the lab"));
    m_connectAction->setEnabled(false); // until the app hands over an opener
    connect(m_connectAction, &QAction::triggered, this, [this] { showConnectDialog(); });

    m_openBundleAction = new QAction(tr("Open Support &Bundle Folder..."), this);
    m_openBundleAction->setShortcut(QKeySequence::Open);
    m_openBundleAction->setStatusTip(tr("Show a support bundle collected on a DataCore server"));
    connect(m_openBundleAction, &QAction::triggered, this, [this] { chooseSource(SourceKind::BundleFolder); });

    m_openArchiveAction = new QAction(tr("Open Support Bundle &Archive (.zip)..."), this);
    m_openArchiveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_openArchiveAction, &QAction::triggered, this, [this] { chooseSource(SourceKind::BundleArchive); });

    m_openLabAction = new QAction(tr("Open &Lab Scenario..."), this);
    m_openLabAction->setStatusTip(tr("Open a simulated lab scenario (JSON)"));
    connect(m_openLabAction, &QAction::triggered, this, [this] { chooseSource(SourceKind::LabScenario); });
    for (QAction *action : {m_openBundleAction, m_openArchiveAction, m_openLabAction})
        action->setEnabled(false); // until the app hands over an opener

    m_saveBaselineAction = new QAction(tr("Save &Baseline"), this);
    m_saveBaselineAction->setObjectName(QStringLiteral("saveBaselineAction"));
    m_saveBaselineAction->setStatusTip(tr("Save the paths as they are now as the group's expected state; "
                                          "path counts and vanished paths are judged against it"));
    m_saveBaselineAction->setEnabled(false); // until there is a reading to save
    connect(m_saveBaselineAction, &QAction::triggered, this, &MainWindow::saveBaseline);

    m_findAction = new QAction(resourceIcon(QStringLiteral("search")), tr("&Filter..."), this);
    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setStatusTip(tr("Search the tree by name, serial, WWPN, PCI location or path id"));
    connect(m_findAction, &QAction::triggered, this, [this] { m_filterBar->focusSearch(); });

    m_refreshAction = new QAction(resourceIcon(QStringLiteral("refresh")), tr("&Refresh"), this);
    m_refreshAction->setObjectName(QStringLiteral("refreshAction"));
    m_refreshAction->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    m_refreshAction->setToolTip(tr("Read all sources again (F5)"));
    connect(m_refreshAction, &QAction::triggered, &m_service, &InventoryService::refresh);

    m_expandAllAction = new QAction(tr("&Expand All"), this);
    m_expandAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(m_expandAllAction, &QAction::triggered, this, &MainWindow::expandAll);

    m_collapseAllAction = new QAction(tr("&Collapse All"), this);
    m_collapseAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_collapseAllAction, &QAction::triggered, this, &MainWindow::collapseAll);

    m_autoRefreshAction = new QAction(tr("&Auto-refresh"), this);
    m_autoRefreshAction->setObjectName(QStringLiteral("autoRefreshAction"));
    m_autoRefreshAction->setCheckable(true);
    m_autoRefreshAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_autoRefreshAction, &QAction::toggled, this, &MainWindow::applyAutoRefresh);

    m_intervalGroup = new QActionGroup(this);
    m_intervalGroup->setExclusive(true);
    for (int seconds : autoRefreshChoices) {
        QAction *action = m_intervalGroup->addAction(tr("Every %1").arg(intervalText(seconds)));
        action->setCheckable(true);
        action->setData(seconds);
    }
    connect(m_intervalGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        m_autoRefreshInterval = std::chrono::seconds(action->data().toInt());
        applyAutoRefresh();
    });

    m_copyRowAction = new QAction(tr("&Copy Row"), this);
    m_copyRowAction->setShortcut(QKeySequence::Copy);
    m_copyRowAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyRowAction, &QAction::triggered, this, &MainWindow::copyRow);
    m_tree->addAction(m_copyRowAction);

    m_copyDetailsAction = new QAction(tr("Copy &Details"), this);
    connect(m_copyDetailsAction, &QAction::triggered, this, &MainWindow::copyDetails);

    m_legendAction = new QAction(resourceIcon(QStringLiteral("path-ao")), tr("&Legend"), this);
    m_legendAction->setShortcut(QKeySequence::HelpContents);
    connect(m_legendAction, &QAction::triggered, this, &MainWindow::showLegend);

    m_exportReportAction = new QAction(tr("&Export Report..."), this);
    m_exportReportAction->setObjectName(QStringLiteral("exportReportAction"));
    m_exportReportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportReportAction->setStatusTip(tr("Write the path report as CSV, JSON, HTML, PDF or Prometheus text"));
    connect(m_exportReportAction, &QAction::triggered, this, &MainWindow::exportReport);

    m_baselineChangesAction = new QAction(tr("Changes Since &Baseline..."), this);
    m_baselineChangesAction->setObjectName(QStringLiteral("baselineChangesAction"));
    m_baselineChangesAction->setStatusTip(tr("List paths lost or added, state, TPG and policy changes since the baseline"));
    connect(m_baselineChangesAction, &QAction::triggered, this, &MainWindow::showBaselineChanges);

    m_changePolicyAction = new QAction(tr("Change Load-Balance &Policy..."), this);
    m_changePolicyAction->setObjectName(QStringLiteral("changePolicyAction"));
    m_changePolicyAction->setStatusTip(tr("Set the selected back-end disk's MPIO load-balance policy or preferred path"));
    m_changePolicyAction->setEnabled(false); // on disk rows only
    connect(m_changePolicyAction, &QAction::triggered, this, &MainWindow::changePolicy);

    m_replaceDriverAction = new QAction(tr("&Replace Back-End Driver..."), this);
    m_replaceDriverAction->setObjectName(QStringLiteral("replaceDriverAction"));
    m_replaceDriverAction->setStatusTip(tr("Hand the back-end ports from the DataCore driver to the native HBA driver "
                                           "and Windows MPIO, step by step and reversibly"));
    connect(m_replaceDriverAction, &QAction::triggered, this, &MainWindow::replaceDriver);

    m_aboutAction = new QAction(tr("&About PathLens"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addSeparator();
    file->addAction(m_openBundleAction);
    file->addAction(m_openArchiveAction);
    file->addAction(m_openLabAction);
    file->addSeparator();
    file->addAction(m_exportReportAction);
    file->addSeparator();
    file->addAction(m_saveBaselineAction);
    file->addAction(m_baselineChangesAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addSeparator();
    view->addAction(m_findAction);
    view->addSeparator();
    view->addAction(m_expandAllAction);
    view->addAction(m_collapseAllAction);
    view->addSeparator();
    view->addAction(m_autoRefreshAction);
    QMenu *interval = view->addMenu(tr("Auto-refresh &Interval"));
    interval->addActions(m_intervalGroup->actions());

    view->addSeparator();
    QMenu *panels = view->addMenu(tr("&Panels"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        panels->addAction(dock->toggleViewAction());

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(m_changePolicyAction);
    tools->addAction(m_replaceDriverAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_legendAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar")); // saveState() needs it
    toolBar->setMovable(false);
    toolBar->setIconSize(QSize(16, 16));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_refreshAction);
    toolBar->addAction(m_autoRefreshAction);
    toolBar->addSeparator();
    toolBar->addAction(m_expandAllAction);
    toolBar->addAction(m_collapseAllAction);
}

void MainWindow::createStatusBar()
{
    QStatusBar *bar = statusBar();

    m_statusBackend = new QLabel(this);
    m_statusBackend->setObjectName(QStringLiteral("statusBackend"));
    m_statusBackend->setTextFormat(Qt::PlainText);
    m_statusBackend->setText(m_service.backendDescription());
    bar->addWidget(m_statusBackend, 1);

    m_statusProblemsIcon = new QLabel(this);
    m_statusProblemsIcon->setPixmap(
        QPixmap::fromImage(renderIcon(QStringLiteral("warning"), 16, devicePixelRatioF())));
    m_statusProblems = new QLabel(this);
    m_statusProblems->setObjectName(QStringLiteral("statusProblems"));
    m_statusProblems->setTextFormat(Qt::PlainText);
    bar->addPermanentWidget(m_statusProblemsIcon);
    bar->addPermanentWidget(m_statusProblems);
    m_statusProblemsIcon->hide();
    m_statusProblems->hide();

    m_statusCounts = new QLabel(this);
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusCounts->setTextFormat(Qt::PlainText);
    bar->addPermanentWidget(m_statusCounts);

    m_statusRefresh = new QLabel(this);
    m_statusRefresh->setObjectName(QStringLiteral("statusRefresh"));
    m_statusRefresh->setTextFormat(Qt::PlainText);
    bar->addPermanentWidget(m_statusRefresh);

    // Breathing room between the permanent fields, which Qt packs tightly.
    for (QLabel *label : {m_statusProblems, m_statusCounts, m_statusRefresh})
        label->setContentsMargins(6, 0, 6, 0);

    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("statusBusy"));
    m_busy->setRange(0, 0); // indeterminate: a refresh has no measurable progress
    m_busy->setTextVisible(false);
    m_busy->setFixedSize(80, 12);
    m_busy->hide();
    bar->addPermanentWidget(m_busy);
}

void MainWindow::restoreSettings()
{
    QSettings s = settings();
    if (!restoreGeometry(s.value(keyGeometry).toByteArray()))
        resize(1360, 840);
    restoreState(s.value(keyWindowState).toByteArray());
    m_splitter->restoreState(s.value(keySplitter).toByteArray());
    m_tree->header()->restoreState(s.value(keyTreeHeader).toByteArray());

    const int seconds = s.value(keyAutoRefreshSeconds, int(m_autoRefreshInterval.count())).toInt();
    QAction *chosen = nullptr;
    for (QAction *action : m_intervalGroup->actions())
        if (action->data().toInt() == seconds)
            chosen = action;
    if (!chosen)
        chosen = m_intervalGroup->actions().at(1);
    chosen->setChecked(true);
    m_autoRefreshInterval = std::chrono::seconds(chosen->data().toInt());

    const QSignalBlocker blocker(m_autoRefreshAction);
    m_autoRefreshAction->setChecked(s.value(keyAutoRefresh, true).toBool());
}

void MainWindow::saveSettings() const
{
    QSettings s = settings();
    s.setValue(keyGeometry, saveGeometry());
    s.setValue(keyWindowState, saveState());
    s.setValue(keySplitter, m_splitter->saveState());
    s.setValue(keyTreeHeader, m_tree->header()->saveState());
    s.setValue(keyAutoRefresh, m_autoRefreshAction->isChecked());
    s.setValue(keyAutoRefreshSeconds, int(m_autoRefreshInterval.count()));
    s.sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

// ----------------------------------------------------------------- refresh

void MainWindow::onRefreshStarted()
{
    m_busy->show();
    m_statusRefresh->setText(tr("Refreshing…"));
}

void MainWindow::onRefreshFinished(const SnapshotPtr &snapshot)
{
    m_busy->setVisible(m_service.isRefreshing());

    // Only the first load opens the tree; after that the admin's expansion stands.
    if (!m_initialExpansionDone && m_service.model()->rowCount() > 0) {
        expandServersAndPorts();
        m_initialExpansionDone = true;
    }

    // The model keeps rows across refreshes; this only matters if it was reset.
    if (!m_tree->currentIndex().isValid())
        selectRememberedRow();

    m_saveBaselineAction->setEnabled(snapshot && !snapshot->servers.empty() && !snapshot->baselineGroup.empty());

    updateTitle(snapshot);
    updateStatus(snapshot);
    updateProblems(snapshot);
    if (snapshot && snapshot->counters)
        m_details->setCounterReadings(*snapshot->counters);
    m_findings->setReport(snapshot ? snapshot->health : nullptr);
    m_details->refresh();
    updateActionsFor(m_tree->currentIndex());
}

void MainWindow::onCurrentChanged(const QModelIndex &current)
{
    if (current.isValid())
        m_currentKeyPath = current.siblingAtColumn(0).data(InventoryTreeModel::KeyPathRole).toString();
    // The pane reads the service's model: hand it the row behind the proxy's.
    m_details->setCurrentIndex(m_proxy->mapToSource(current));
    m_charts->setObject(current.isValid() ? m_currentKeyPath : QString());
    updateActionsFor(current);
}

void MainWindow::updateActionsFor(const QModelIndex &current)
{
    const auto node = m_service.model()->nodeAt(m_proxy->mapToSource(current));
    m_changePolicyAction->setEnabled(node && node->kind == InventoryTreeModel::NodeKind::Disk);
}

void MainWindow::createDocks()
{
    m_findings = new FindingsPanel(this);
    auto *findingsDock = new QDockWidget(tr("Findings"), this);
    findingsDock->setObjectName(QStringLiteral("findingsDock")); // saveState() needs it
    findingsDock->setWidget(m_findings);
    addDockWidget(Qt::BottomDockWidgetArea, findingsDock);
    connect(m_findings, &FindingsPanel::revealRequested, this, &MainWindow::revealKeyPath);

    m_sampler = new PathSampler(&m_service, {}, this);
    m_charts = new ChartPanel(this);
    m_charts->setSampler(m_sampler);
    m_charts->setTreeModel(m_service.model());
    auto *chartsDock = new QDockWidget(tr("I/O Charts"), this);
    chartsDock->setObjectName(QStringLiteral("chartsDock"));
    chartsDock->setWidget(m_charts);
    addDockWidget(Qt::BottomDockWidgetArea, chartsDock);
    tabifyDockWidget(findingsDock, chartsDock);
    findingsDock->raise();
    m_sampler->start();
}

void MainWindow::changePolicy()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    const QString keyPath = current.siblingAtColumn(0).data(InventoryTreeModel::KeyPathRole).toString();
    auto *dialog = new PolicyDialog(m_service, keyPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::exportReport()
{
    QStringList selected;
    for (const QModelIndex &row : m_tree->selectionModel()->selectedRows())
        selected << row.data(InventoryTreeModel::KeyPathRole).toString();
    const SnapshotPtr snapshot = m_service.lastSnapshot();
    auto *dialog = new ExportReportDialog(snapshot, selected, this);
    if (snapshot && snapshot->counters)
        dialog->setCounterReadings(*snapshot->counters);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showBaselineChanges()
{
    auto *dialog = new BaselineDiffDialog(m_service.lastSnapshot(), this);
    connect(&m_service, &InventoryService::refreshFinished, dialog, &BaselineDiffDialog::setSnapshot);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::replaceDriver()
{
    auto *wizard = new MigrationWizard(m_service, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
}

void MainWindow::onModelAboutToBeReset()
{
    m_expandedBeforeReset = expandedKeyPaths();
}

void MainWindow::onModelReset()
{
    expandKeyPaths(m_expandedBeforeReset);
    m_expandedBeforeReset.clear();
    selectRememberedRow();
}

void MainWindow::onFilterAboutToChange()
{
    // Rows the new filter hides lose their expansion in the view: keep the
    // admin's own, from before any filter, to give it back afterwards.
    if (!m_proxy->isFiltering())
        m_expandedBeforeFilter = expandedKeyPaths();
}

void MainWindow::onFilterChanged()
{
    if (m_proxy->isFiltering()) {
        expandMatches();
    } else {
        m_tree->collapseAll();
        expandKeyPaths(m_expandedBeforeFilter);
        m_expandedBeforeFilter.clear();
    }
    if (!m_tree->currentIndex().isValid())
        selectRememberedRow();
    if (m_tree->currentIndex().isValid())
        m_tree->scrollTo(m_tree->currentIndex());
}

// The row the admin chose last, if the tree shows it (after a reset, or when
// the filter lets it through again).
void MainWindow::selectRememberedRow()
{
    if (m_currentKeyPath.isEmpty())
        return;
    const QModelIndex index = treeIndexForKeyPath(m_currentKeyPath);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
}

QModelIndex MainWindow::treeIndexForKeyPath(const QString &keyPath) const
{
    const QModelIndex source = m_service.model()->indexForKeyPath(keyPath);
    return source.isValid() ? m_proxy->mapFromSource(source) : QModelIndex();
}

void MainWindow::expandKeyPaths(const QStringList &keyPaths)
{
    for (const QString &keyPath : keyPaths) {
        const QModelIndex index = treeIndexForKeyPath(keyPath);
        if (index.isValid())
            m_tree->expand(index);
    }
}

// Opens the filter's result so the matches are in view: everything when it
// is small, servers and ports otherwise.
void MainWindow::expandMatches()
{
    const QAbstractItemModel *model = m_tree->model();
    int rows = 0;
    const auto count = [&](const auto &self, const QModelIndex &parent) -> void {
        const int children = model->rowCount(parent);
        rows += children;
        for (int r = 0; r < children && rows <= expandAllMatchesUpTo; ++r)
            self(self, model->index(r, 0, parent));
    };
    count(count, QModelIndex());
    if (rows <= expandAllMatchesUpTo)
        m_tree->expandAll();
    else
        expandServersAndPorts();
}

QStringList MainWindow::expandedKeyPaths() const
{
    QStringList out;
    const QAbstractItemModel *model = m_tree->model();
    QList<QModelIndex> pending{QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeLast();
        const int rows = model->rowCount(parent);
        for (int i = 0; i < rows; ++i) {
            const QModelIndex child = model->index(i, 0, parent);
            if (m_tree->isExpanded(child)) {
                out << child.data(InventoryTreeModel::KeyPathRole).toString();
                pending << child; // only expanded rows can have expanded children
            }
        }
    }
    return out;
}

void MainWindow::applyAutoRefresh()
{
    const bool on = m_autoRefreshAction->isChecked();
    m_service.setAutoRefreshInterval(on ? std::chrono::milliseconds(m_autoRefreshInterval)
                                        : std::chrono::milliseconds::zero());
    const QString every = intervalText(int(m_autoRefreshInterval.count()));
    m_autoRefreshAction->setText(tr("&Auto-refresh (every %1)").arg(every));
    m_autoRefreshAction->setIconText(tr("Auto-refresh"));
    m_autoRefreshAction->setToolTip(on ? tr("Refreshing every %1; click to stop").arg(every)
                                       : tr("Refresh every %1").arg(every));
}

// ------------------------------------------------------------------ status

void MainWindow::updateTitle(const SnapshotPtr &snapshot)
{
    QString description = snapshot && !snapshot->backendDescription.empty()
        ? toQString(snapshot->backendDescription)
        : m_service.backendDescription();
    setWindowTitle(description.isEmpty() ? QStringLiteral("PathLens")
                                         : QStringLiteral("PathLens — %1").arg(description));
    if (m_statusBackend)
        m_statusBackend->setText(description);
}

void MainWindow::updateStatus(const SnapshotPtr &snapshot)
{
    if (!snapshot) {
        m_statusCounts->clear();
        m_statusRefresh->setText(tr("Not read yet"));
        return;
    }
    m_statusCounts->setText(QStringList{
        counted(snapshot->servers.size(), tr("server"), tr("servers")),
        counted(snapshot->portCount(), tr("port"), tr("ports")),
        counted(snapshot->backEndDiskCount(), tr("disk"), tr("disks")),
        counted(snapshot->pathCount(), tr("path"), tr("paths")),
    }.join(QStringLiteral(" · ")));

    QDateTime taken = QDateTime::currentDateTime();
    if (snapshot->taken != std::chrono::system_clock::time_point{})
        taken = QDateTime::fromMSecsSinceEpoch(
            std::chrono::duration_cast<std::chrono::milliseconds>(snapshot->taken.time_since_epoch()).count());
    if (m_service.isRefreshing())
        m_statusRefresh->setText(tr("Refreshing…"));
    else
        m_statusRefresh->setText(tr("Refreshed %1").arg(QLocale().toString(taken.time(), QStringLiteral("HH:mm:ss"))));
    m_statusRefresh->setToolTip(QLocale().toString(taken, QLocale::LongFormat));
}

void MainWindow::updateProblems(const SnapshotPtr &snapshot)
{
    const QStringList problems = snapshot ? problemsOf(*snapshot) : QStringList();
    m_banner->setProblems(problems);
    const bool any = !problems.isEmpty();
    m_statusProblemsIcon->setVisible(any);
    m_statusProblems->setVisible(any);
    m_statusProblems->setText(problems.size() == 1 ? tr("1 problem") : tr("%1 problems").arg(problems.size()));
    m_statusProblems->setToolTip(problems.join(QLatin1Char('\n')));
}

// -------------------------------------------------------------------- tree

void MainWindow::expandServersAndPorts()
{
    const QAbstractItemModel *model = m_tree->model();
    for (int s = 0; s < model->rowCount(); ++s) {
        const QModelIndex server = model->index(s, 0);
        m_tree->expand(server);
        for (int p = 0; p < model->rowCount(server); ++p)
            m_tree->expand(model->index(p, 0, server));
    }
}

void MainWindow::expandAll()
{
    m_tree->expandAll();
}

void MainWindow::collapseAll()
{
    m_tree->collapseAll();
}

void MainWindow::navigateTo(const QModelIndex &target)
{
    if (!target.isValid())
        return;
    // Proxy rows come from the tree; the details pane and key paths give the model's.
    const QPersistentModelIndex source = target.model() == m_proxy ? m_proxy->mapToSource(target) : target;
    if (source.model() != m_service.model())
        return;
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) {
        m_filterBar->clear(); // the filter hides it
        index = m_proxy->mapFromSource(source);
    }
    if (!index.isValid())
        return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_tree->expand(parent);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

QModelIndex MainWindow::sourceIndexForKeyPath(const QString &keyPath) const
{
    const InventoryTreeModel *model = m_service.model();
    // A LUN as a whole ("server/*/disk"): its row under the first port that has it.
    const qsizetype any = keyPath.indexOf(QStringLiteral("/*/"));
    if (any > 0) {
        const QModelIndex server = model->indexForKeyPath(keyPath.left(any));
        const QString rest = keyPath.mid(any + 3);
        for (int row = 0; row < model->rowCount(server); ++row) {
            const QModelIndex port = model->index(row, 0, server);
            const QModelIndex found = model->indexForKeyPath(
                port.data(InventoryTreeModel::KeyPathRole).toString() + QLatin1Char('/') + rest);
            if (found.isValid())
                return found;
        }
        return server;
    }
    // A row that is gone (a vanished path): the nearest row above it. Keys
    // may hold '/', so shorter prefixes are tried one '/' at a time.
    QString path = keyPath;
    while (!path.isEmpty()) {
        const QModelIndex found = model->indexForKeyPath(path);
        if (found.isValid())
            return found;
        const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
        if (slash < 0)
            break;
        path.truncate(slash);
    }
    return {};
}

bool MainWindow::revealKeyPath(const QString &keyPath)
{
    const QModelIndex source = sourceIndexForKeyPath(keyPath);
    if (!source.isValid())
        return false;
    navigateTo(source);
    return m_tree->currentIndex().isValid();
}

void MainWindow::saveBaseline()
{
    const Result<QString> saved = m_service.saveBaseline();
    if (!saved) {
        QMessageBox::warning(this, tr("Save Baseline"),
                             tr("The baseline was not saved.\n\n%1").arg(toQString(saved.error().toString())));
        return;
    }
    statusBar()->showMessage(tr("Baseline saved to %1; from the next refresh on, path counts are judged against it.")
                                 .arg(QDir::toNativeSeparators(saved.value())),
                             20000);
    m_service.refresh();
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        menu.addAction(m_copyRowAction);
        menu.addAction(m_copyDetailsAction);
        menu.addSeparator();
        if (m_changePolicyAction->isEnabled()) {
            menu.addAction(m_changePolicyAction);
            menu.addSeparator();
        }
        menu.addAction(tr("Expand Below"), this, [this, index] { m_tree->expandRecursively(index); });
        menu.addAction(tr("Collapse Below"), this, [this, index] {
            m_tree->collapse(index);
        });
        menu.addSeparator();
    }
    menu.addAction(m_expandAllAction);
    menu.addAction(m_collapseAllAction);
    menu.addSeparator();
    menu.addAction(m_refreshAction);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void MainWindow::copyRow()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    QStringList cells;
    const int columns = m_tree->model()->columnCount(current.parent());
    for (int c = 0; c < columns; ++c)
        cells << current.siblingAtColumn(c).data(Qt::DisplayRole).toString();
    QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')));
}

void MainWindow::copyDetails()
{
    m_details->renderNow();
    QApplication::clipboard()->setText(m_details->plainText());
}

// -------------------------------------------------------------------- help

void MainWindow::showAbout()
{
    const QString text =
        tr("<h3>PathLens %1</h3>"
           "<p>Shows a DataCore SANsymphony server group as one tree: servers, their front-end, mirror "
           "and back-end ports, the back-end disks and every path to them with its ALUA state.</p>"
           "<p>Source: %2</p>"
           "<p style=\"color:gray\">Built with Qt %3.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                 m_service.backendDescription().toHtmlEscaped(), QString::fromLatin1(qVersion()));
    QMessageBox::about(this, tr("About PathLens"), text);
}

void MainWindow::showLegend()
{
    if (!m_legend) {
        m_legend = new LegendDialog(this);
        m_legend->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_legend->show();
    m_legend->raise();
    m_legend->activateWindow();
}

} // namespace pathlens
