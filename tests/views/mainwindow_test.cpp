#include "model/baseline.h"
#include "model/inventoryfilterproxymodel.h"
#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "platform/backend.h"
#include "platform/lab/labbackend.h"
#include "support/confighome.h"
#include "views/detailspane.h"
#include "views/filterbar.h"
#include "views/legenddialog.h"
#include "views/mainwindow.h"
#include "views/presentation.h"
#include "views/problemsbanner.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <mutex>

namespace pathlens {
namespace {

constexpr std::uint64_t optimizedPathId = 0x77030000;
constexpr std::uint64_t unoptimizedPathId = 0x77030001;
const std::string hostileAlias = "<script>alert(1)</script>";

/// Two DataCore servers with fixed data: SDS-A has a front-end port and a
/// back-end port (hostile alias) whose HBA reaches one ALUA LUN over two MPIO
/// paths; SDS-B has a front-end port, a Not present port and an MPIO source
/// that fails. Called from the service's worker, changed from the test thread.
class FixedBackend final : public Backend, DataCoreManagement, DeviceInventory, Mpio
{
public:
    std::string description() const override { return "Fixed test group"; }
    DataCoreManagement *dataCore() override { return this; }
    DeviceInventory *devices() override { return this; }
    Mpio *mpio() override { return this; }

    void setPathState(std::uint64_t pathId, PathState state)
    {
        const std::lock_guard lock(m_mutex);
        for (MpioPath &path : m_paths)
            if (path.pathId == pathId) {
                path.state = state;
                path.tpgState = state;
            }
    }

    Result<std::vector<DataCoreServer>> servers() override
    {
        return std::vector<DataCoreServer>{
            {"srv-a", "SDS-A", "sds-a", "Online", "10.0 PSP17", "grp-1"},
            {"srv-b", "SDS-B", "sds-b", "Online", "10.0 PSP17", "grp-1"},
        };
    }

    Result<std::vector<DataCorePort>> ports() override
    {
        std::vector<DataCorePort> ports(4);
        ports[0] = {"pa-fe", "srv-a", "SDS-A FE 1", "21:00:00:24:ff:4a:00:01", RoleFrontEnd, PortMode::Target,
                    PortType::FibreChannel, Presence::Present, PciLocation{130, 0, 0}, "DataCore Fibre Channel", true};
        ports[1] = {"pa-be", "srv-a", hostileAlias, "21:00:00:24:ff:4a:00:02", RoleBackEnd, PortMode::Initiator,
                    PortType::FibreChannel, Presence::Present, PciLocation{130, 0, 1}, "QLogic", true};
        ports[2] = {"pb-fe", "srv-b", "SDS-B FE 1", "21:00:00:24:ff:4b:00:01", RoleFrontEnd, PortMode::Target,
                    PortType::FibreChannel, Presence::Present, PciLocation{4, 0, 0}, "DataCore Fibre Channel", true};
        ports[3] = {"pb-old", "srv-b", "SDS-B BE old", "21:00:00:24:ff:4b:00:02", RoleBackEnd, PortMode::Initiator,
                    PortType::FibreChannel, Presence::NotPresent, PciLocation{5, 0, 1}, "DataCore QLogic 2X", false};
        return ports;
    }

    Result<std::vector<BackEndDisk>> physicalDisks() override
    {
        BackEndDisk disk;
        disk.id = "pd-1";
        disk.serverId = "srv-a";
        disk.caption = "NetApp LUN 1";
        disk.vendor = "NETAPP";
        disk.product = "INF-01-00";
        disk.serial = "600A0B800026B2820000";
        disk.sizeBytes = 1ULL << 40;
        disk.status = "On-line";
        disk.poolName = "Pool 1";
        disk.aluaCapable = true;
        return std::vector<BackEndDisk>{disk};
    }

    ChangeResult deletePort(const std::string &) override { return Change{}; }

    Result<std::vector<Adapter>> adapters(const std::string &host) override
    {
        std::vector<Adapter> out;
        auto add = [&out](std::string id, std::string description, PciLocation pci, DriverPackage driver) {
            Adapter adapter;
            adapter.instanceId = std::move(id);
            adapter.description = std::move(description);
            adapter.deviceClass = DeviceClass::ScsiAdapter;
            adapter.pci = pci;
            adapter.locationText = "PCI bus " + std::to_string(pci.bus) + ", device " + std::to_string(pci.device)
                + ", function " + std::to_string(pci.function);
            adapter.hardwareIds = {"PCI\\VEN_1077&DEV_2532"};
            adapter.driver = std::move(driver);
            out.push_back(std::move(adapter));
        };
        const DriverPackage dataCore{"DataCore Fibre Channel Adapter", "DataCore Software", "10.0.17.1", "2023-02-01",
                                     "oem7.inf", "dcsfc"};
        const DriverPackage qlogic{"QLogic Fibre Channel Adapter", "QLogic", "9.4.4.20", "2023-05-17", "oem12.inf",
                                   "ql2300"};
        if (host == "sds-a") {
            add("PCI\\VEN_1077&DEV_2532\\4&1F2A&0&0008", "QLogic QLE2562 (DataCore)", {130, 0, 0}, dataCore);
            add("PCI\\VEN_1077&DEV_2532\\4&1F2A&0&0009", "QLogic QLE2562 Fibre Channel Adapter", {130, 0, 1}, qlogic);
        } else {
            add("PCI\\VEN_1077&DEV_2532\\4&2B3C&0&0000", "QLogic QLE2562 (DataCore)", {4, 0, 0}, dataCore);
        }
        return out;
    }

    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &, const std::string &) override
    {
        return std::vector<DriverPackage>{};
    }
    ChangeResult installDriver(const std::string &, const std::string &, const DriverPackage &) override
    {
        return Change{};
    }
    ChangeResult rollBackDriver(const std::string &, const std::string &) override { return Change{}; }

    Result<std::vector<MpioDisk>> disks(const std::string &host) override
    {
        if (host != "sds-a")
            return Error{"MPIO_DISK_INFO", "<b>access denied</b>", 5};
        MpioDisk disk;
        disk.number = 1;
        disk.systemDisk = "Disk 1";
        disk.serial = "600A0B800026B2820000";
        disk.vendor = "NETAPP";
        disk.product = "INF-01-00";
        disk.dsm = "Microsoft DSM";
        disk.policy = LoadBalancePolicy::RoundRobinWithSubset;
        disk.alua = AluaSupport::ImplicitOnly;
        const std::lock_guard lock(m_mutex);
        disk.paths = m_paths;
        return std::vector<MpioDisk>{disk};
    }
    ChangeResult claim(const std::string &, const ClaimRequest &) override { return Change{}; }
    ChangeResult setPolicy(const std::string &, std::uint32_t, LoadBalancePolicy, std::optional<std::uint64_t>) override
    {
        return Change{};
    }

private:
    static MpioPath path(std::uint64_t id, PathState state, std::uint32_t tpg, std::uint32_t target)
    {
        MpioPath p;
        p.pathId = id;
        p.state = state;
        p.tpgId = tpg;
        p.tpgState = state;
        p.scsi = {3, 0, target, 1};
        p.adapterPci = PciLocation{130, 0, 1};
        p.adapterName = "QLogic QLE2562 Fibre Channel Adapter";
        return p;
    }

    std::mutex m_mutex;
    std::vector<MpioPath> m_paths{
        path(optimizedPathId, PathState::ActiveOptimized, 1, 0),
        path(unoptimizedPathId, PathState::ActiveUnoptimized, 2, 1),
    };
};

bool waitForCount(QSignalSpy &spy, qsizetype count)
{
    while (spy.count() < count)
        if (!spy.wait(10000))
            return false;
    return true;
}

/// Rows of the model, depth first, that satisfy the predicate.
QModelIndex findRow(const QAbstractItemModel &model, const std::function<bool(const QModelIndex &)> &match,
                    const QModelIndex &parent = {})
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (match(index))
            return index;
        const QModelIndex below = findRow(model, match, index);
        if (below.isValid())
            return below;
    }
    return {};
}

QModelIndex findByKey(const QAbstractItemModel &model, InventoryTreeModel::NodeKind kind, const QString &key)
{
    return findRow(model, [&](const QModelIndex &index) {
        return index.data(InventoryTreeModel::NodeKindRole).toInt() == int(kind)
            && index.data(InventoryTreeModel::KeyRole).toString() == key;
    });
}

QModelIndex findPath(const QAbstractItemModel &model, std::uint64_t pathId)
{
    return findByKey(model, InventoryTreeModel::NodeKind::Path, toQString(formatPathId(pathId)));
}

/// Waits until the deferred render of the details pane shows the text.
bool detailsShow(const DetailsPane &pane, const QString &text)
{
    return QTest::qWaitFor([&] { return pane.plainText().contains(text); }, 5000);
}

QStringList expandedKeyPaths(const QTreeView &tree, const QModelIndex &parent = {})
{
    QStringList out;
    const QAbstractItemModel &model = *tree.model();
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (tree.isExpanded(index))
            out << index.data(InventoryTreeModel::KeyPathRole).toString() << expandedKeyPaths(tree, index);
    }
    return out;
}

class MainWindowTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<SnapshotPtr>("pathlens::SnapshotPtr");
    }

    void SetUp() override
    {
        ASSERT_TRUE(m_settingsDir.isValid());
        // Settings go to a fresh folder: tests never see or touch the user's.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings(QStringLiteral("PathLens"), QStringLiteral("PathLens")).clear();

        auto backend = std::make_unique<FixedBackend>();
        m_backend = backend.get();
        m_service = std::make_unique<InventoryService>(std::move(backend));
    }

    void TearDown() override
    {
        // Let a refresh still running finish before the service goes away.
        if (m_service->isRefreshing()) {
            QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
            finished.wait(10000);
        }
        m_service.reset();
    }

    /// A shown window after its first refresh.
    std::unique_ptr<MainWindow> openWindow()
    {
        QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
        auto window = std::make_unique<MainWindow>(*m_service);
        window->show();
        EXPECT_TRUE(waitForCount(finished, 1)) << "first refresh did not finish";
        return window;
    }

    bool refreshAndWait()
    {
        QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
        m_service->refresh();
        return waitForCount(finished, 1);
    }

    QTemporaryDir m_settingsDir;
    FixedBackend *m_backend = nullptr;
    std::unique_ptr<InventoryService> m_service;
};

TEST_F(MainWindowTest, TreeShowsTheServersExpandedOnFirstLoad)
{
    auto window = openWindow();
    QTreeView *tree = window->treeView();
    ASSERT_EQ(tree->model(), window->treeProxy());
    ASSERT_EQ(window->treeProxy()->sourceModel(), m_service->model());
    ASSERT_EQ(tree->model()->rowCount(), 2);

    QStringList names;
    for (int row = 0; row < 2; ++row) {
        const QModelIndex server = tree->model()->index(row, 0);
        names << server.data().toString();
        EXPECT_TRUE(tree->isExpanded(server)) << "server row " << row << " not expanded";
    }
    EXPECT_TRUE(names.join(' ').contains("SDS-A")) << names.join(", ").toStdString();
    EXPECT_TRUE(names.join(' ').contains("SDS-B")) << names.join(", ").toStdString();

    const QModelIndex port = findByKey(*tree->model(), InventoryTreeModel::NodeKind::Port, "pa-fe");
    ASSERT_TRUE(port.isValid());
    EXPECT_TRUE(tree->isExpanded(port));
    EXPECT_EQ(window->windowTitle(), QStringLiteral("PathLens — Fixed test group"));
}

TEST_F(MainWindowTest, SelectingAPathShowsItsIdAndStateSentence)
{
    auto window = openWindow();
    const QModelIndex path = findPath(*window->treeView()->model(), unoptimizedPathId);
    ASSERT_TRUE(path.isValid()) << "no row for path " << formatPathId(unoptimizedPathId);

    window->treeView()->setCurrentIndex(path);
    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, toQString(formatPathId(unoptimizedPathId)))) << pane->plainText().toStdString();
    EXPECT_TRUE(pane->plainText().contains("Active/Unoptimized: the LUN is reached through the non-owning controller"))
        << pane->plainText().toStdString();
    EXPECT_TRUE(pane->plainText().contains("reads over this path are slow"));
    EXPECT_TRUE(pane->plainText().contains("003|000|001|001")); // SCSI address
    EXPECT_TRUE(pane->plainText().contains("130:0.1 (hex 82:00.1)")); // adapter PCI, both spellings
}

TEST_F(MainWindowTest, DiskDetailsSpellOutPolicyOwnerAndPathCounts)
{
    auto window = openWindow();
    const QModelIndex path = findPath(*window->treeView()->model(), optimizedPathId);
    ASSERT_TRUE(path.isValid());
    window->treeView()->setCurrentIndex(path.parent());

    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, "Round Robin with Subset (RRWS)")) << pane->plainText().toStdString();
    const QString text = pane->plainText();
    EXPECT_TRUE(text.contains("600A0B800026B2820000"));
    EXPECT_TRUE(text.contains("Windows MPIO"));
    EXPECT_TRUE(text.contains("MPIO Disk1"));
    EXPECT_TRUE(text.contains("1 Active/Optimized"));
    EXPECT_TRUE(text.contains("1 Active/Unoptimized"));
}

TEST_F(MainWindowTest, HostileAliasIsShownLiterallyNotAsMarkup)
{
    auto window = openWindow();
    const QModelIndex port = findByKey(*window->treeView()->model(), InventoryTreeModel::NodeKind::Port, "pa-be");
    ASSERT_TRUE(port.isValid());
    window->treeView()->setCurrentIndex(port);

    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, QString::fromStdString(hostileAlias))) << pane->plainText().toStdString();
    EXPECT_FALSE(pane->html().contains("<script>")) << "alias reached the page as markup";
    EXPECT_TRUE(pane->html().contains("&lt;script&gt;"));
    // The joined adapter and its driver are on the same page.
    EXPECT_TRUE(pane->plainText().contains("QLogic QLE2562 Fibre Channel Adapter"));
    EXPECT_TRUE(pane->plainText().contains("oem12.inf"));
    EXPECT_TRUE(pane->plainText().contains("Back-end (BE)"));

    // Problem texts quote remote systems too: plain text in the banner.
    ProblemsBanner *banner = window->problemsBanner();
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->text().contains("<b>access denied</b>")) << banner->text().toStdString();
    for (QLabel *label : banner->findChildren<QLabel *>())
        EXPECT_NE(label->textFormat(), Qt::RichText);
}

TEST_F(MainWindowTest, NotPresentPortIsExplained)
{
    auto window = openWindow();
    const QModelIndex port = findByKey(*window->treeView()->model(), InventoryTreeModel::NodeKind::Port, "pb-old");
    ASSERT_TRUE(port.isValid());
    window->treeView()->setCurrentIndex(port);
    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, "hardware vanished")) << pane->plainText().toStdString();
    EXPECT_TRUE(pane->plainText().contains("after a driver swap"));
}

TEST_F(MainWindowTest, SelectionAndExpansionSurviveARefresh)
{
    auto window = openWindow();
    QTreeView *tree = window->treeView();
    const QModelIndex path = findPath(*tree->model(), unoptimizedPathId);
    ASSERT_TRUE(path.isValid());
    tree->expand(path.parent());
    tree->collapse(tree->model()->index(1, 0)); // the admin folded SDS-B away
    tree->setCurrentIndex(path);
    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, "Active/Unoptimized:"));

    const QString selectedKeyPath = path.data(InventoryTreeModel::KeyPathRole).toString();
    const QStringList expandedBefore = expandedKeyPaths(*tree);
    ASSERT_TRUE(expandedBefore.contains(path.parent().data(InventoryTreeModel::KeyPathRole).toString()));

    m_backend->setPathState(unoptimizedPathId, PathState::ActiveOptimized);
    ASSERT_TRUE(refreshAndWait());

    const QModelIndex current = tree->currentIndex();
    ASSERT_TRUE(current.isValid());
    EXPECT_EQ(current.siblingAtColumn(0).data(InventoryTreeModel::KeyPathRole).toString(), selectedKeyPath);
    EXPECT_EQ(current.siblingAtColumn(0).data(InventoryTreeModel::PathStateRole).toInt(),
              int(PathState::ActiveOptimized));
    EXPECT_EQ(expandedKeyPaths(*tree), expandedBefore);
    EXPECT_FALSE(tree->isExpanded(tree->model()->index(1, 0)));
    EXPECT_TRUE(detailsShow(*pane, "Active/Optimized: the LUN is reached through its owning controller"))
        << pane->plainText().toStdString();
}

TEST_F(MainWindowTest, StatusBarShowsCountsProblemsAndBackend)
{
    auto window = openWindow();
    const SnapshotPtr snapshot = m_service->lastSnapshot();
    ASSERT_TRUE(snapshot);

    auto *counts = window->findChild<QLabel *>("statusCounts");
    ASSERT_NE(counts, nullptr);
    const QString text = counts->text();
    EXPECT_TRUE(text.contains("2 servers")) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(snapshot->portCount()) + " port")) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(snapshot->diskCount()) + " disk")) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(snapshot->pathCount()) + " path")) << text.toStdString();
    EXPECT_GE(snapshot->pathCount(), 2u);

    auto *problems = window->findChild<QLabel *>("statusProblems");
    ASSERT_NE(problems, nullptr);
    EXPECT_TRUE(problems->isVisible());
    EXPECT_TRUE(problems->text().contains("problem")) << problems->text().toStdString();

    auto *backend = window->findChild<QLabel *>("statusBackend");
    ASSERT_NE(backend, nullptr);
    EXPECT_EQ(backend->text(), QStringLiteral("Fixed test group"));
    auto *refreshed = window->findChild<QLabel *>("statusRefresh");
    ASSERT_NE(refreshed, nullptr);
    EXPECT_TRUE(refreshed->text().startsWith("Refreshed")) << refreshed->text().toStdString();
}

TEST_F(MainWindowTest, WindowAndViewStateRoundTripThroughSettings)
{
    QSize savedSize;
    int savedNameWidth = 0;
    {
        auto window = openWindow();
        window->resize(700, 520);
        window->treeView()->header()->resizeSection(InventoryTreeModel::NameColumn, 211);
        window->autoRefreshAction()->setChecked(true);
        QCoreApplication::processEvents();
        savedSize = window->size();
        savedNameWidth = window->treeView()->header()->sectionSize(InventoryTreeModel::NameColumn);
        window->close();
    }

    QSettings settings(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
    EXPECT_TRUE(QFile::exists(settings.fileName()));
    EXPECT_TRUE(settings.fileName().startsWith(m_settingsDir.path())) << settings.fileName().toStdString();
    EXPECT_TRUE(settings.contains("mainWindow/geometry"));
    EXPECT_TRUE(settings.contains("mainWindow/splitter"));
    EXPECT_TRUE(settings.contains("mainWindow/treeHeaderV2"));

    MainWindow again(*m_service);
    EXPECT_EQ(again.size(), savedSize);
    EXPECT_EQ(again.treeView()->header()->sectionSize(InventoryTreeModel::NameColumn), savedNameWidth);
    EXPECT_TRUE(again.autoRefreshAction()->isChecked());
    again.autoRefreshAction()->setChecked(false);
}

TEST_F(MainWindowTest, F5Refreshes)
{
    auto window = openWindow();
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));

    QSignalSpy started(m_service.get(), &InventoryService::refreshStarted);
    QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
    QTest::keyClick(window->treeView(), Qt::Key_F5);
    EXPECT_TRUE(waitForCount(started, 1));
    EXPECT_TRUE(waitForCount(finished, 1));
    EXPECT_TRUE(window->refreshAction()->shortcuts().contains(QKeySequence(Qt::Key_F5)));
}

TEST_F(MainWindowTest, NothingSelectedShowsTheGroupOverview)
{
    auto window = openWindow();
    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, "Paths by state")) << pane->plainText().toStdString();
    ASSERT_TRUE(detailsShow(*pane, "Fixed test group")) << pane->plainText().toStdString();
    EXPECT_TRUE(pane->plainText().contains("Server group"));
    EXPECT_TRUE(pane->plainText().contains("Fixed test group")) << pane->plainText().toStdString();
    EXPECT_TRUE(pane->plainText().contains("<b>access denied</b>")); // escaped, shown literally
}

TEST_F(MainWindowTest, OpeningAnotherSourceSwitchesTheTreeToIt)
{
    auto window = openWindow();
    window->setSourceOpener([](MainWindow::SourceKind kind, const QString &path) -> Result<std::unique_ptr<Backend>> {
        EXPECT_EQ(kind, MainWindow::SourceKind::LabScenario);
        auto lab = LabBackend::fromFile(path.toStdString());
        if (!lab)
            return lab.error();
        return std::unique_ptr<Backend>(std::move(lab).value());
    });
    QSignalSpy changed(m_service.get(), &InventoryService::backendChanged);
    QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
    window->openSource(MainWindow::SourceKind::LabScenario,
                       QStringLiteral(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json"));
    ASSERT_TRUE(waitForCount(changed, 1));
    ASSERT_TRUE(waitForCount(finished, 1));
    const QAbstractItemModel &model = *window->treeView()->model();
    QStringList servers;
    for (int row = 0; row < model.rowCount(); ++row)
        servers << model.index(row, 0).data().toString();
    EXPECT_TRUE(servers.contains(QStringLiteral("DCS-A"))) << servers.join(u',').toStdString();
    EXPECT_FALSE(servers.contains(QStringLiteral("SDS-A")));
    EXPECT_TRUE(window->windowTitle().contains(QStringLiteral("Simulated lab"))) << window->windowTitle().toStdString();
}

TEST_F(MainWindowTest, ASourceThatFailsToOpenIsReportedAndTheCurrentOneStays)
{
    auto window = openWindow();
    window->setSourceOpener([](MainWindow::SourceKind, const QString &) -> Result<std::unique_ptr<Backend>> {
        return Error{"support bundle", "manifest.json: format is not pathlens-bundle", 0};
    });
    QString shownText;
    // The warning is modal; read it and close it the way a user would.
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [&shownText] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shownText = box->text();
            box->accept();
        }
    });
    closer.start(20);
    window->openSource(MainWindow::SourceKind::BundleFolder, QStringLiteral("/no/such/bundle"));
    for (int i = 0; i < 250 && shownText.isEmpty(); ++i)
        QTest::qWait(20);
    EXPECT_TRUE(shownText.contains(QStringLiteral("format is not pathlens-bundle"))) << shownText.toStdString();
    EXPECT_TRUE(shownText.contains(QStringLiteral("current source stays")));
    EXPECT_EQ(m_service->backendDescription(), QStringLiteral("Fixed test group"));
    EXPECT_EQ(window->treeView()->model()->rowCount(), 2);
}

// ------------------------------------------------------------------ filter

QStringList shownNames(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        out << index.data().toString() << shownNames(model, index);
    }
    return out;
}

int rowsIn(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    int rows = model.rowCount(parent);
    for (int row = 0; row < model.rowCount(parent); ++row)
        rows += rowsIn(model, model.index(row, 0, parent));
    return rows;
}

TEST_F(MainWindowTest, TypingInTheFilterNarrowsTheTreeAndSaysHowManyMatch)
{
    auto window = openWindow();
    FilterBar *bar = window->filterBar();
    ASSERT_NE(bar, nullptr);
    const int everything = rowsIn(*window->treeView()->model());
    EXPECT_FALSE(bar->countLabel()->isVisible());

    QTest::keyClicks(bar->searchField(), QStringLiteral("SDS-B"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->treeProxy()->searchText() == QLatin1String("SDS-B"); }, 5000));
    QTreeView *tree = window->treeView();
    ASSERT_EQ(tree->model()->rowCount(), 1);
    EXPECT_EQ(tree->model()->index(0, 0).data().toString(), QStringLiteral("SDS-B"));
    const int shown = rowsIn(*tree->model());
    EXPECT_LT(shown, everything);
    // A small result is opened up completely.
    EXPECT_TRUE(tree->isExpanded(tree->model()->index(0, 0)));

    ASSERT_TRUE(QTest::qWaitFor([&] { return bar->countLabel()->isVisible(); }, 5000));
    EXPECT_EQ(bar->countLabel()->text(),
              QStringLiteral("%1 of %2 rows match").arg(shown).arg(everything))
        << "every row of SDS-B matches, and only those";
}

TEST_F(MainWindowTest, DetailsFollowTheSelectionThroughTheFilter)
{
    auto window = openWindow();
    window->filterBar()->searchField()->setText(QStringLiteral("Active/Unoptimized"));
    window->filterBar()->applySearchNow();
    QTreeView *tree = window->treeView();
    // The path, with its disk, port and server to show where it is.
    const QStringList names = shownNames(*tree->model());
    ASSERT_EQ(names.size(), 4) << names.join(" | ").toStdString();
    EXPECT_EQ(names.front(), QStringLiteral("SDS-A"));
    EXPECT_TRUE(names.at(1).startsWith(QString::fromStdString(hostileAlias))) << names.join(" | ").toStdString();
    EXPECT_EQ(names.back(), toQString(formatPathId(unoptimizedPathId)));

    const QModelIndex path = findPath(*tree->model(), unoptimizedPathId);
    ASSERT_TRUE(path.isValid());
    ASSERT_EQ(path.model(), window->treeProxy());
    tree->setCurrentIndex(path);
    DetailsPane *pane = window->detailsPane();
    ASSERT_TRUE(detailsShow(*pane, toQString(formatPathId(unoptimizedPathId)))) << pane->plainText().toStdString();
    EXPECT_EQ(pane->currentIndex().model(), m_service->model()) << "the pane reads the service's model";
    EXPECT_EQ(pane->currentIndex().data(InventoryTreeModel::KeyPathRole), path.data(InventoryTreeModel::KeyPathRole));

    // Copy Row copies what the row shows, health column included.
    QApplication::clipboard()->clear();
    for (QAction *action : tree->actions())
        if (action->shortcut() == QKeySequence::Copy)
            action->trigger();
    const QStringList cells = QApplication::clipboard()->text().split(QLatin1Char('\t'));
    ASSERT_EQ(cells.size(), InventoryTreeModel::ColumnCount) << QApplication::clipboard()->text().toStdString();
    EXPECT_EQ(cells.at(InventoryTreeModel::NameColumn), toQString(formatPathId(unoptimizedPathId)));
    EXPECT_EQ(cells.at(InventoryTreeModel::StateColumn), QStringLiteral("Active/Unoptimized"));
}

TEST_F(MainWindowTest, SelectionAndExpansionComeBackWhenTheFilterIsCleared)
{
    auto window = openWindow();
    QTreeView *tree = window->treeView();
    const QModelIndex path = findPath(*tree->model(), optimizedPathId);
    ASSERT_TRUE(path.isValid());
    tree->expand(path.parent());
    tree->collapse(tree->model()->index(1, 0));
    tree->setCurrentIndex(path);
    const QString selected = path.data(InventoryTreeModel::KeyPathRole).toString();
    const QStringList expandedBefore = expandedKeyPaths(*tree);

    window->treeProxy()->setSearchText(QStringLiteral("SDS-B"));
    EXPECT_FALSE(tree->currentIndex().isValid()) << "the selected path is filtered out";
    window->filterBar()->clear();
    ASSERT_TRUE(tree->currentIndex().isValid());
    EXPECT_EQ(tree->currentIndex().data(InventoryTreeModel::KeyPathRole).toString(), selected);
    EXPECT_EQ(expandedKeyPaths(*tree), expandedBefore);

    // A refresh under a filter keeps the filter and what it shows.
    window->treeProxy()->setSearchText(QStringLiteral("Active/Optimized"));
    const QStringList filtered = shownNames(*tree->model());
    ASSERT_TRUE(refreshAndWait());
    EXPECT_EQ(shownNames(*tree->model()), filtered);
    ASSERT_TRUE(tree->currentIndex().isValid());
    EXPECT_EQ(tree->currentIndex().data(InventoryTreeModel::KeyPathRole).toString(), selected);
}

TEST_F(MainWindowTest, CtrlFFocusesTheSearchAndEscapeClearsIt)
{
    auto window = openWindow();
    QApplication::setActiveWindow(window.get());
    ASSERT_TRUE(QTest::qWaitForWindowActive(window.get()));
    window->treeView()->setFocus();
    QLineEdit *search = window->filterBar()->searchField();

    QTest::keyClick(window->treeView(), Qt::Key_F, Qt::ControlModifier);
    ASSERT_TRUE(QTest::qWaitFor([&] { return search->hasFocus(); }, 2000));
    QTest::keyClicks(search, QStringLiteral("pb-old"));
    QTest::keyClick(search, Qt::Key_Return);
    EXPECT_EQ(window->treeProxy()->searchText(), QStringLiteral("pb-old"));
    EXPECT_TRUE(window->filterBar()->clearButton()->isVisible());
    window->filterBar()->onlyProblemsButton()->click();
    EXPECT_TRUE(window->treeProxy()->onlyProblems());

    QTest::keyClick(search, Qt::Key_Escape);
    EXPECT_TRUE(search->text().isEmpty());
    EXPECT_TRUE(window->treeProxy()->searchText().isEmpty());
    EXPECT_TRUE(window->treeProxy()->isFiltering()) << "the first Escape clears the text only";
    QTest::keyClick(search, Qt::Key_Escape);
    EXPECT_FALSE(window->treeProxy()->isFiltering());
    EXPECT_FALSE(window->filterBar()->onlyProblemsButton()->isChecked());
    EXPECT_EQ(window->treeView()->model()->rowCount(), 2);
}

TEST_F(MainWindowTest, OnlyProblemsShowsTheRowsWithFindingsAndTheHealthColumn)
{
    auto window = openWindow();
    QTreeView *tree = window->treeView();
    const QModelIndex gone = findByKey(*tree->model(), InventoryTreeModel::NodeKind::Port, "pb-old");
    ASSERT_TRUE(gone.isValid());
    // A Not present back-end port: port-not-present, info.
    EXPECT_EQ(gone.siblingAtColumn(InventoryTreeModel::HealthColumn).data().toString(), QStringLiteral("Info"));
    EXPECT_TRUE(gone.siblingAtColumn(InventoryTreeModel::StateColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("(port-not-present)")));
    EXPECT_EQ(tree->model()->headerData(InventoryTreeModel::HealthColumn, Qt::Horizontal).toString(),
              QStringLiteral("Health"));

    window->filterBar()->onlyProblemsButton()->click();
    const QStringList names = shownNames(*tree->model());
    EXPECT_TRUE(names.contains(QStringLiteral("SDS-B BE old (21:00:00:24:ff:4b:00:02)"))) << names.join(" | ").toStdString();
    EXPECT_FALSE(names.contains(QStringLiteral("SDS-B FE 1 (21:00:00:24:ff:4b:00:01)"))) << names.join(" | ").toStdString();
    for (int row = 0; row < tree->model()->rowCount(); ++row)
        EXPECT_NE(tree->model()->index(row, InventoryTreeModel::HealthColumn).data().toString(), QStringLiteral("OK"));
}

TEST_F(MainWindowTest, RevealKeyPathSelectsTheRowAndClearsAFilterThatHidesIt)
{
    auto window = openWindow();
    QTreeView *tree = window->treeView();
    const QString pathKeyPath = QStringLiteral("srv-a/pa-be/600A0B800026B2820000/%1")
                                    .arg(toQString(formatPathId(unoptimizedPathId)));
    window->treeProxy()->setSearchText(QStringLiteral("SDS-B"));
    ASSERT_TRUE(window->revealKeyPath(pathKeyPath));
    EXPECT_FALSE(window->treeProxy()->isFiltering());
    EXPECT_TRUE(window->filterBar()->searchField()->text().isEmpty()) << "the bar shows the filter is gone";
    ASSERT_TRUE(tree->currentIndex().isValid());
    EXPECT_EQ(tree->currentIndex().data(InventoryTreeModel::KeyPathRole).toString(), pathKeyPath);
    EXPECT_TRUE(tree->isExpanded(tree->currentIndex().parent()));
    EXPECT_TRUE(detailsShow(*window->detailsPane(), toQString(formatPathId(unoptimizedPathId))));

    // A LUN as a whole: its row under a port that has it.
    ASSERT_TRUE(window->revealKeyPath(QStringLiteral("srv-a/*/600A0B800026B2820000")));
    EXPECT_EQ(tree->currentIndex().data(InventoryTreeModel::KeyPathRole).toString(),
              QStringLiteral("srv-a/pa-be/600A0B800026B2820000"));
    // A path that is gone: the nearest row above it.
    ASSERT_TRUE(window->revealKeyPath(QStringLiteral("srv-a/pa-be/600A0B800026B2820000/0000000077039999")));
    EXPECT_EQ(tree->currentIndex().data(InventoryTreeModel::KeyPathRole).toString(),
              QStringLiteral("srv-a/pa-be/600A0B800026B2820000"));
    // A filter that shows the row stays.
    window->treeProxy()->setSearchText(QStringLiteral("SDS-B"));
    ASSERT_TRUE(window->revealKeyPath(QStringLiteral("srv-b/pb-fe")));
    EXPECT_EQ(window->treeProxy()->searchText(), QStringLiteral("SDS-B"));
    EXPECT_FALSE(window->revealKeyPath(QStringLiteral("no-such-server/pb-fe")));
}

TEST_F(MainWindowTest, SaveBaselineWritesTheGroupsFileAndSaysWhere)
{
    testing::ConfigHome home;
    ASSERT_TRUE(home.isValid());
    auto window = openWindow();
    ASSERT_TRUE(window->saveBaselineAction()->isEnabled());
    QSignalSpy finished(m_service.get(), &InventoryService::refreshFinished);
    window->saveBaselineAction()->trigger();

    const QString file = baselineFilePath("grp-1");
    ASSERT_TRUE(file.startsWith(home.path())) << file.toStdString();
    EXPECT_TRUE(QFile::exists(file));
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QDir::toNativeSeparators(file)))
        << window->statusBar()->currentMessage().toStdString();
    const auto loaded = loadBaseline(file);
    ASSERT_TRUE(loaded.ok() && loaded.value());
    ASSERT_NE(loaded.value()->disk("srv-a", "600A0B800026B2820000"), nullptr);
    EXPECT_EQ(loaded.value()->disk("srv-a", "600A0B800026B2820000")->paths.size(), 2u);
    // The rules compare against it from the refresh that saving starts.
    ASSERT_TRUE(waitForCount(finished, 1));
    EXPECT_TRUE(m_service->lastSnapshot()->baselineSaved);
}

TEST_F(MainWindowTest, ABaselineThatCannotBeSavedIsExplainedInADialog)
{
    testing::ConfigHome home;
    const QString folder = QFileInfo(baselineFilePath("grp-1")).absolutePath();
    ASSERT_TRUE(QDir().mkpath(QFileInfo(folder).absolutePath()));
    {
        QFile blocker(folder); // a file where the folder should be
        ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    }
    auto window = openWindow();
    QString shownText;
    QTimer closer;
    QObject::connect(&closer, &QTimer::timeout, [&shownText] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shownText = box->text();
            box->accept();
        }
    });
    closer.start(20);
    window->saveBaselineAction()->trigger(); // returns once the dialog is closed
    EXPECT_TRUE(shownText.contains(QStringLiteral("The baseline was not saved"))) << shownText.toStdString();
    EXPECT_TRUE(shownText.contains(QStringLiteral("baselines"))) << shownText.toStdString();
    EXPECT_TRUE(window->statusBar()->currentMessage().isEmpty());
}

TEST(Presentation, EveryIconTheModelNamesIsAClean16PixelSvg)
{
    const QStringList names = {
        "server",       "port-fe",          "port-be",          "port-mr",     "port-fe-mr",  "port-none",
        "port-loopback", "port-iscsi",      "port-not-present", "adapter",     "disk",        "path-ao",
        "path-ano",     "path-standby",     "path-unavailable", "path-failed", "path-unknown", "path-transitioning",
        "warning",      "refresh",          "app",              "health-ok",   "health-info", "health-warning",
        "health-critical", "search",
    };
    for (const QString &name : names) {
        const QString file = QStringLiteral(":/icons/%1.svg").arg(name);
        ASSERT_TRUE(QFile::exists(file)) << file.toStdString();
        QSvgRenderer renderer(file);
        EXPECT_TRUE(renderer.isValid()) << file.toStdString();
        EXPECT_EQ(renderer.viewBoxF(), QRectF(0, 0, 16, 16)) << file.toStdString();
        EXPECT_FALSE(renderIcon(name, 16, 1.0).isNull());
    }
    for (PathState state : allPathStates)
        EXPECT_TRUE(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(stateIconName(state))));
    for (Severity severity : allSeverities)
        EXPECT_TRUE(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(severityIconName(severity))));
}

TEST(Presentation, SeveritiesHaveShapesNotOnlyColoursAndTheLegendExplainsThem)
{
    // Each severity's icon must read without colour: compare the shapes'
    // alpha masks, which carry no colour at all.
    std::vector<QImage> masks;
    for (Severity severity : allSeverities) {
        const QImage image = renderIcon(severityIconName(severity), 16, 1.0);
        ASSERT_FALSE(image.isNull());
        masks.push_back(image.convertToFormat(QImage::Format_Alpha8));
        EXPECT_NE(severityColor(severity), QColor());
    }
    for (std::size_t a = 0; a < masks.size(); ++a)
        for (std::size_t b = a + 1; b < masks.size(); ++b)
            EXPECT_NE(masks[a], masks[b]) << "severities " << a << " and " << b << " have the same outline";

    const QString legend = LegendDialog::legendHtml(QApplication::palette());
    for (Severity severity : allSeverities) {
        EXPECT_TRUE(legend.contains(severityText(severity))) << toString(severity);
        EXPECT_TRUE(legend.contains(severityExplanation(severity).toHtmlEscaped())) << toString(severity);
    }
    EXPECT_EQ(severityText(Severity::None), QStringLiteral("OK"));
    EXPECT_EQ(severityText(Severity::Critical), QStringLiteral("Critical"));
}

TEST(Presentation, StatesAreExplainedInWordsAndTheLegendListsThemAll)
{
    EXPECT_TRUE(stateExplanation(PathState::ActiveUnoptimized).startsWith("Active/Unoptimized: the LUN is reached "
                                                                          "through the non-owning controller"));
    const QString legend = LegendDialog::legendHtml(QApplication::palette());
    for (PathState state : allPathStates) {
        EXPECT_TRUE(legend.contains(toQString(toString(state)))) << toString(state);
        EXPECT_TRUE(legend.contains(stateExplanation(state).toHtmlEscaped()));
        EXPECT_NE(stateColor(state), QColor());
    }
    EXPECT_EQ(rolesSpelledOut(RoleFrontEnd | RoleMirror), QStringLiteral("Front-end (FE), Mirror (MR)"));
    EXPECT_EQ(rolesSpelledOut(RoleNone), QStringLiteral("none"));
    EXPECT_EQ(pciText(PciLocation{130, 0, 1}), QStringLiteral("130:0.1 (hex 82:00.1)"));
    EXPECT_EQ(policyText(LoadBalancePolicy::FailOverOnly), QStringLiteral("Fail Over Only (FOO)"));
}

} // namespace
} // namespace pathlens
