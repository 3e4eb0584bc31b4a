#include "views/mainwindow.h"

#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "views/detailspane.h"
#include "views/legenddialog.h"
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
const QString keyTreeHeader = QStringLiteral("mainWindow/treeHeader");
const QString keyAutoRefresh = QStringLiteral("view/autoRefresh");
const QString keyAutoRefreshSeconds = QStringLiteral("view/autoRefreshSeconds");

constexpr int autoRefreshChoices[] = {10, 30, 60, 300};

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

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("inventoryTree"));
    m_tree->setModel(model);
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
    header->resizeSection(InventoryTreeModel::RolesColumn, 100);
    header->resizeSection(InventoryTreeModel::StateColumn, 160);
    header->resizeSection(InventoryTreeModel::LocationColumn, 130);

    m_banner = new ProblemsBanner(this);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_banner);
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
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showTreeContextMenu);
    connect(m_details, &DetailsPane::navigateRequested, this, &MainWindow::navigateTo);
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, &MainWindow::onModelAboutToBeReset);
    connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::onModelReset);
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
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    view->addSeparator();
    view->addAction(m_expandAllAction);
    view->addAction(m_collapseAllAction);
    view->addSeparator();
    view->addAction(m_autoRefreshAction);
    QMenu *interval = view->addMenu(tr("Auto-refresh &Interval"));
    interval->addActions(m_intervalGroup->actions());

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
    if (!m_tree->currentIndex().isValid() && !m_currentKeyPath.isEmpty()) {
        const QModelIndex again = m_service.model()->indexForKeyPath(m_currentKeyPath);
        if (again.isValid())
            m_tree->setCurrentIndex(again);
    }

    updateTitle(snapshot);
    updateStatus(snapshot);
    updateProblems(snapshot);
    m_details->refresh();
}

void MainWindow::onCurrentChanged(const QModelIndex &current)
{
    if (current.isValid())
        m_currentKeyPath = current.siblingAtColumn(0).data(InventoryTreeModel::KeyPathRole).toString();
    m_details->setCurrentIndex(current);
}

void MainWindow::onModelAboutToBeReset()
{
    m_expandedBeforeReset = expandedKeyPaths();
}

void MainWindow::onModelReset()
{
    InventoryTreeModel *model = m_service.model();
    for (const QString &keyPath : std::as_const(m_expandedBeforeReset)) {
        const QModelIndex index = model->indexForKeyPath(keyPath);
        if (index.isValid())
            m_tree->expand(index);
    }
    m_expandedBeforeReset.clear();
    if (!m_currentKeyPath.isEmpty()) {
        const QModelIndex index = model->indexForKeyPath(m_currentKeyPath);
        if (index.isValid())
            m_tree->setCurrentIndex(index);
    }
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
        counted(snapshot->diskCount(), tr("disk"), tr("disks")),
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
    const InventoryTreeModel *model = m_service.model();
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

void MainWindow::navigateTo(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_tree->expand(parent);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void MainWindow::showTreeContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        menu.addAction(m_copyRowAction);
        menu.addAction(m_copyDetailsAction);
        menu.addSeparator();
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
