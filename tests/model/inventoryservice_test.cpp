#include "model/baseline.h"
#include "model/health/healthreport.h"
#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "platform/lab/labbackend.h"

#include "mocks/mockplatform.h"
#include "support/confighome.h"
#include "modeltestutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <set>

namespace pathlens {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;
using testing::MockBackend;
using testing::ConfigHome;
using testing::text;

// Which threads touched the backend, and where it was destroyed.
struct ThreadLog {
    std::mutex mutex;
    std::set<QThread *> calls;
    QThread *destroyedOn = nullptr;
    bool destroyed = false;

    void note()
    {
        std::lock_guard lock(mutex);
        calls.insert(QThread::currentThread());
    }
};

class LoggingBackend final : public MockBackend
{
public:
    explicit LoggingBackend(ThreadLog &log) : m_log(log) {}
    ~LoggingBackend() override
    {
        std::lock_guard lock(m_log.mutex);
        m_log.destroyedOn = QThread::currentThread();
        m_log.destroyed = true;
    }

private:
    ThreadLog &m_log;
};

DataCoreServer oneServer()
{
    DataCoreServer server;
    server.id = "s1";
    server.name = "DCS1";
    server.hostName = "dcs1";
    server.state = "Online";
    return server;
}

DataCorePort onePort()
{
    DataCorePort port;
    port.id = "be1";
    port.serverId = "s1";
    port.alias = "DCS1 FC Port 1";
    port.roles = RoleBackEnd;
    port.presence = Presence::Present;
    port.pci = PciLocation{130, 0, 1};
    return port;
}

MpioDisk oneDisk(PathState state)
{
    MpioDisk disk;
    disk.number = 0;
    disk.serial = "SER";
    MpioPath path;
    path.pathId = 0x77040009;
    path.state = state;
    path.adapterPci = PciLocation{130, 0, 1};
    disk.paths = {path};
    return disk;
}

std::unique_ptr<LoggingBackend> makeBackend(ThreadLog &log)
{
    auto backend = std::make_unique<LoggingBackend>(log);
    ON_CALL(backend->dataCoreMock, servers()).WillByDefault(Invoke([&log] {
        log.note();
        return Result<std::vector<DataCoreServer>>(std::vector{oneServer()});
    }));
    ON_CALL(backend->dataCoreMock, ports()).WillByDefault(Invoke([&log] {
        log.note();
        return Result<std::vector<DataCorePort>>(std::vector{onePort()});
    }));
    ON_CALL(backend->dataCoreMock, physicalDisks()).WillByDefault(Invoke([&log] {
        log.note();
        return Result<std::vector<BackEndDisk>>(std::vector<BackEndDisk>{});
    }));
    ON_CALL(backend->devicesMock, adapters(_)).WillByDefault(Invoke([&log](const std::string &) {
        log.note();
        Adapter hba;
        hba.instanceId = "PCI\\HBA";
        hba.deviceClass = DeviceClass::ScsiAdapter;
        hba.pci = PciLocation{130, 0, 1};
        return Result<std::vector<Adapter>>(std::vector{hba});
    }));
    ON_CALL(backend->mpioMock, disks(_)).WillByDefault(Invoke([&log](const std::string &) {
        log.note();
        return Result<std::vector<MpioDisk>>(std::vector{oneDisk(PathState::ActiveOptimized)});
    }));
    ON_CALL(backend->dataCoreMock, deletePort(_)).WillByDefault(Invoke([&log](const std::string &id) {
        log.note();
        return ChangeResult(Change{false, "deleted port " + id});
    }));
    return backend;
}

bool waitFor(QSignalSpy &spy, int count)
{
    while (spy.count() < count) {
        if (!spy.wait(5000))
            return false;
    }
    return true;
}

TEST(InventoryService, RefreshFillsTheModelOffTheMainThread)
{
    ThreadLog log;
    {
        InventoryService service(makeBackend(log));
        EXPECT_EQ(service.backendDescription(), QStringLiteral("Mock backend"));
        QSignalSpy started(&service, &InventoryService::refreshStarted);
        QSignalSpy finished(&service, &InventoryService::refreshFinished);
        service.refresh();
        EXPECT_TRUE(service.isRefreshing());
        EXPECT_EQ(started.count(), 1);
        ASSERT_TRUE(waitFor(finished, 1));
        EXPECT_FALSE(service.isRefreshing());

        const SnapshotPtr snapshot = finished.at(0).at(0).value<SnapshotPtr>();
        ASSERT_TRUE(snapshot);
        EXPECT_EQ(snapshot, service.lastSnapshot());
        EXPECT_EQ(snapshot, service.model()->snapshot());
        EXPECT_EQ(text(testing::printModel(*service.model())), text({
                                                                   "DCS1 | Online",
                                                                   "  DCS1 FC Port 1 | Present",
                                                                   "    MPIO Disk0 (SER) | 1 A/O",
                                                                   "      0000000077040009 | Active/Optimized",
                                                                   }));
        std::lock_guard lock(log.mutex);
        ASSERT_EQ(log.calls.size(), 1u) << "all backend calls on one thread";
        EXPECT_NE(*log.calls.begin(), QThread::currentThread());
    }
    EXPECT_TRUE(log.destroyed);
    EXPECT_NE(log.destroyedOn, QThread::currentThread()) << "the backend goes with its worker thread";
}

TEST(InventoryService, RequestsDuringARefreshAreFoldedIntoOne)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    EXPECT_CALL(backend->dataCoreMock, servers()).Times(2);
    InventoryService service(std::move(backend));
    QSignalSpy started(&service, &InventoryService::refreshStarted);
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    for (int i = 0; i < 5; ++i)
        service.refresh();
    ASSERT_TRUE(waitFor(finished, 2));
    QCoreApplication::processEvents();
    QThread::msleep(50);
    QCoreApplication::processEvents();
    EXPECT_EQ(started.count(), 2);
    EXPECT_EQ(finished.count(), 2);
    EXPECT_FALSE(service.isRefreshing());
}

TEST(InventoryService, ChangeRunsOnTheWorkerAndReportsOnTheOwnerThread)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    EXPECT_CALL(backend->dataCoreMock, deletePort("be9")).Times(1);
    InventoryService service(std::move(backend));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);

    std::optional<ChangeResult> received;
    QThread *calledOn = nullptr;
    QThread *changedOn = nullptr;
    service.submitChange(
        [&changedOn](Backend &backend) {
            changedOn = QThread::currentThread();
            return backend.dataCore()->deletePort("be9");
        },
        [&](const ChangeResult &result) {
            calledOn = QThread::currentThread();
            received = result;
        });
    ASSERT_TRUE(waitFor(finished, 1)) << "a change is followed by a refresh";
    ASSERT_TRUE(received);
    ASSERT_TRUE(received->ok());
    EXPECT_EQ(received->value().detail, "deleted port be9");
    EXPECT_EQ(calledOn, QThread::currentThread());
    EXPECT_NE(changedOn, QThread::currentThread());
    std::lock_guard lock(log.mutex);
    EXPECT_EQ(log.calls.size(), 1u);
    EXPECT_EQ(*log.calls.begin(), changedOn);
}

TEST(InventoryService, FailingSourcesShowAsProblems)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    ON_CALL(backend->devicesMock, adapters(_))
        .WillByDefault(Return(Result<std::vector<Adapter>>(Error{"SetupDiGetClassDevsW", "Access is denied.", 5})));
    ON_CALL(backend->mpioMock, disks(_))
        .WillByDefault(Return(Result<std::vector<MpioDisk>>(Error{"MPIO_DISK_INFO", "Invalid class", 0})));
    InventoryService service(std::move(backend));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    const SnapshotPtr snapshot = service.lastSnapshot();
    ASSERT_EQ(snapshot->servers.size(), 1u);
    EXPECT_EQ(snapshot->servers[0].problems,
              (std::vector<std::string>{"Device inventory: SetupDiGetClassDevsW: Access is denied. (code 5)",
                                        "MPIO: MPIO_DISK_INFO: Invalid class"}));
    EXPECT_EQ(snapshot->servers[0].ports.at(0).join, JoinStatus::NoInventory);
    EXPECT_EQ(text(testing::printModel(*service.model())),
              text({"DCS1 | Online (2 problems)", "  DCS1 FC Port 1 | Present, inventory unreadable"}));
}

TEST(InventoryService, MissingDataCoreIsAGroupProblem)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    backend->setParts(false, true, true);
    InventoryService service(std::move(backend));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_EQ(service.lastSnapshot()->problems,
              std::vector<std::string>{"DataCore management: not available from this backend"});
    EXPECT_EQ(service.model()->rowCount(), 0);
}

TEST(InventoryService, ThrowingBackendDoesNotTakeTheWorkerDown)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    ON_CALL(backend->dataCoreMock, servers()).WillByDefault(Invoke([]() -> Result<std::vector<DataCoreServer>> {
        throw std::runtime_error("socket closed");
    }));
    InventoryService service(std::move(backend));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_EQ(service.lastSnapshot()->problems, std::vector<std::string>{"Refresh failed: socket closed"});
}

TEST(InventoryService, AutoRefreshRepeatsUntilTurnedOff)
{
    ThreadLog log;
    InventoryService service(makeBackend(log));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.setAutoRefreshInterval(std::chrono::milliseconds(10));
    ASSERT_TRUE(waitFor(finished, 3));
    service.setAutoRefreshInterval(std::chrono::milliseconds(0));
    // Let a refresh that was already running come back, then expect quiet.
    QThread::msleep(50);
    QCoreApplication::processEvents();
    const auto settled = finished.count();
    QThread::msleep(50);
    QCoreApplication::processEvents();
    EXPECT_EQ(finished.count(), settled);
}

TEST(InventoryService, ModelFollowsStateChangesWithoutReset)
{
    ThreadLog log;
    auto backend = makeBackend(log);
    auto *raw = backend.get();
    InventoryService service(std::move(backend));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    const QPersistentModelIndex path(
        service.model()->indexForKeyPath(QStringLiteral("s1/be1/SER/0000000077040009")));
    ASSERT_TRUE(path.isValid());

    // Set up before the next refresh is requested, so the worker never races it.
    ON_CALL(raw->mpioMock, disks(_))
        .WillByDefault(Return(Result<std::vector<MpioDisk>>(std::vector{oneDisk(PathState::Standby)})));
    QSignalSpy reset(service.model(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(service.model(), &QAbstractItemModel::dataChanged);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 2));
    EXPECT_EQ(reset.count(), 0);
    // The path; the disk that shows its worst state and, with the path now
    // Standby, a second finding (no optimized path); and that finding's
    // count in the port's and the server's health.
    EXPECT_EQ(changed.count(), 4);
    ASSERT_TRUE(path.isValid());
    EXPECT_EQ(QModelIndex(path).siblingAtColumn(InventoryTreeModel::StateColumn).data().toString(), QStringLiteral("Standby"));
    const QModelIndex disk = QModelIndex(path).parent();
    EXPECT_EQ(disk.siblingAtColumn(InventoryTreeModel::HealthColumn).data().toString(), QStringLiteral("Warning"));
    EXPECT_TRUE(disk.data(Qt::ToolTipRole).toString().contains(QStringLiteral("(no-optimized-path)")))
        << disk.data(Qt::ToolTipRole).toString().toStdString();
}

TEST(InventoryService, EveryReadingIsJudgedAndTheTreeShowsTheFindings)
{
    ThreadLog log;
    InventoryService service(makeBackend(log));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    const SnapshotPtr snapshot = service.lastSnapshot();
    ASSERT_TRUE(snapshot->health);
    ASSERT_EQ(snapshot->health->byRule(rules::SinglePath).size(), 1u);
    EXPECT_EQ(snapshot->baselineGroup, "dcs1") << "no DataCore group id: the host name";
    EXPECT_EQ(text(testing::printModel(*service.model(), {InventoryTreeModel::NameColumn, InventoryTreeModel::HealthColumn})),
              text({
                  "DCS1 | Warning",
                  "  DCS1 FC Port 1 | Warning",
                  "    MPIO Disk0 (SER) | Warning",
                  "      0000000077040009 | OK",
              }));
}

std::unique_ptr<Backend> labFrom(const char *name)
{
    auto lab = LabBackend::fromFile(std::string(PATHLENS_TEST_DATA_DIR) + "/labs/" + name);
    if (!lab) {
        ADD_FAILURE() << lab.error().toString();
        return nullptr;
    }
    return std::move(lab).value();
}

constexpr char lun0Serial[] = "600601601C8045000000000000000000";

TEST(InventoryServiceBaseline, SavedBaselineJudgesTheNextReadingsOfTheGroup)
{
    ConfigHome home;
    InventoryService service(labFrom("minimal-lab.json"));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);

    const Result<QString> early = service.saveBaseline();
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().message.find("no reading"), std::string::npos) << early.error().toString();

    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    EXPECT_EQ(service.lastSnapshot()->baselineGroup, "G1");
    EXPECT_FALSE(service.lastSnapshot()->baselineSaved) << "no baseline saved yet";

    const Result<QString> saved = service.saveBaseline();
    ASSERT_TRUE(saved.ok()) << saved.error().toString();
    EXPECT_TRUE(saved.value().startsWith(home.path())) << saved.value().toStdString();
    EXPECT_TRUE(saved.value().endsWith(QStringLiteral("/baselines/G1.json"))) << saved.value().toStdString();
    const auto loaded = loadBaseline(saved.value());
    ASSERT_TRUE(loaded.ok() && loaded.value()) << "the file is a complete baseline";
    const BaselineDisk *lun0 = loaded.value()->disk("S1", lun0Serial);
    ASSERT_NE(lun0, nullptr);
    EXPECT_EQ(lun0->paths.size(), 4u);

    service.refresh();
    ASSERT_TRUE(waitFor(finished, 2));
    EXPECT_TRUE(service.lastSnapshot()->baselineSaved) << "the worker took the saved baseline";
    EXPECT_TRUE(service.lastSnapshot()->health->byRule(rules::PathCountDrift).empty());

    // The group as it is after a zoning change: LUN 0 lost path c. The new
    // source's first reading loads the group's baseline from the file.
    service.replaceBackend(labFrom("minimal-lab-path-lost.json"));
    ASSERT_TRUE(waitFor(finished, 3));
    const SnapshotPtr after = service.lastSnapshot();
    ASSERT_TRUE(after->health);
    EXPECT_TRUE(after->baselineSaved);
    const auto drift = after->health->byRule(rules::PathCountDrift);
    ASSERT_EQ(drift.size(), 1u);
    EXPECT_EQ(drift[0]->severity, Severity::Warning);
    EXPECT_EQ(drift[0]->object.diskKey, lun0Serial);
    EXPECT_EQ(drift[0]->message, "The LUN has 3 paths; the baseline has 4 paths.");
    const auto vanished = after->health->byRule(rules::FailedPath);
    ASSERT_EQ(vanished.size(), 1u);
    EXPECT_NE(vanished[0]->message.find("was in the baseline"), std::string::npos) << vanished[0]->message;

    // The tree marks LUN 0 under both ports it shows under.
    for (const char *port : {"P1", "P2"}) {
        const QModelIndex row =
            service.model()->indexForKeyPath(QStringLiteral("S1/%1/%2").arg(QLatin1String(port), QLatin1String(lun0Serial)));
        ASSERT_TRUE(row.isValid()) << port;
        EXPECT_GE(row.data(InventoryTreeModel::HealthRole).toInt(), int(Severity::Warning)) << port;
        EXPECT_TRUE(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("the baseline has 4 paths")))
            << row.data(Qt::ToolTipRole).toString().toStdString();
    }
}

TEST(InventoryServiceBaseline, ADamagedBaselineIsReportedKeptAndReplacedOnSave)
{
    ConfigHome home;
    const QString file = baselineFilePath("G1");
    ASSERT_TRUE(file.startsWith(home.path()));
    ASSERT_TRUE(QDir().mkpath(QFileInfo(file).absolutePath()));
    {
        QFile damaged(file);
        ASSERT_TRUE(damaged.open(QIODevice::WriteOnly));
        damaged.write("{\"format\": \"pathlens-baseline\", \"version\": 1, \"servers\": [");
    }
    InventoryService service(labFrom("minimal-lab.json"));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    const SnapshotPtr snapshot = service.lastSnapshot();
    ASSERT_EQ(snapshot->problems.size(), 1u);
    EXPECT_NE(snapshot->problems[0].find("Baseline not used"), std::string::npos) << snapshot->problems[0];
    EXPECT_NE(snapshot->problems[0].find("G1.json"), std::string::npos) << snapshot->problems[0];
    EXPECT_FALSE(snapshot->baselineSaved);
    EXPECT_FALSE(snapshot->servers.empty()) << "the reading itself is shown";

    // Saving replaces it; the damaged file is kept beside it.
    const Result<QString> saved = service.saveBaseline();
    ASSERT_TRUE(saved.ok()) << saved.error().toString();
    EXPECT_EQ(QDir(QFileInfo(file).absolutePath())
                  .entryList({QStringLiteral("G1.json.corrupt-*")}, QDir::Files)
                  .size(),
              1);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 2));
    EXPECT_TRUE(service.lastSnapshot()->problems.empty());
    EXPECT_TRUE(service.lastSnapshot()->baselineSaved);
}

TEST(InventoryServiceBaseline, ASaveThatCannotBeWrittenSaysWhy)
{
    ConfigHome home;
    // A file where the baselines folder should be.
    const QString folder = QFileInfo(baselineFilePath("G1")).absolutePath();
    ASSERT_TRUE(QDir().mkpath(QFileInfo(folder).absolutePath()));
    {
        QFile blocker(folder);
        ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    }
    InventoryService service(labFrom("minimal-lab.json"));
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 1));
    const Result<QString> saved = service.saveBaseline();
    ASSERT_FALSE(saved.ok());
    EXPECT_NE(saved.error().toString().find("baselines"), std::string::npos) << saved.error().toString();
    service.refresh();
    ASSERT_TRUE(waitFor(finished, 2));
    EXPECT_FALSE(service.lastSnapshot()->baselineSaved) << "nothing saved, nothing used";
}

TEST(InventoryService, DestroyingDuringARefreshIsClean)
{
    ThreadLog log;
    {
        auto backend = makeBackend(log);
        ON_CALL(backend->dataCoreMock, servers()).WillByDefault(Invoke([&log] {
            log.note();
            QThread::msleep(100);
            return Result<std::vector<DataCoreServer>>(std::vector{oneServer()});
        }));
        InventoryService service(std::move(backend));
        service.refresh();
        QThread::msleep(20);
    }
    EXPECT_TRUE(log.destroyed);
    EXPECT_NE(log.destroyedOn, QThread::currentThread());
    QCoreApplication::processEvents(); // a late result must find nobody to deliver to
}

} // namespace
} // namespace pathlens

namespace pathlens {
namespace {

TEST(InventoryCounts, ADiskReachedThroughTwoPortsIsOneBackEndDisk)
{
    // The default lab: 10 LUNs per server, each reached through both back-end ports.
    auto lab = LabBackend::fromFile(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json");
    ASSERT_TRUE(lab.ok()) << lab.error().toString();
    InventoryService service(std::move(lab).value());
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(finished.wait(10000));
    const SnapshotPtr snapshot = service.lastSnapshot();
    ASSERT_EQ(snapshot->servers.size(), 2u);
    EXPECT_EQ(snapshot->backEndDiskCount(), 20u);
    EXPECT_EQ(snapshot->diskCount(), 40u); // the tree's rows: each disk under each of its two ports
}

} // namespace
} // namespace pathlens
