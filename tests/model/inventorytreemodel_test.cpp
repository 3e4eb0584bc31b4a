#include "model/health/healthreport.h"
#include "model/inventorytreemodel.h"
#include "model/snapshotbuilder.h"

#include "modeltestutil.h"

#include <QAbstractItemModelTester>
#include <QLoggingCategory>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace pathlens {
namespace {

using testing::printModel;
using testing::snapshotFrom;
using testing::text;

// Every structural or data signal the model can send.
struct SignalSpies {
    explicit SignalSpies(const InventoryTreeModel &model)
        : dataChanged(&model, &QAbstractItemModel::dataChanged)
        , inserted(&model, &QAbstractItemModel::rowsInserted)
        , removed(&model, &QAbstractItemModel::rowsRemoved)
        , moved(&model, &QAbstractItemModel::rowsMoved)
        , reset(&model, &QAbstractItemModel::modelReset)
        , layout(&model, &QAbstractItemModel::layoutChanged)
    {
    }
    int total() const
    {
        return int(dataChanged.count() + inserted.count() + removed.count() + moved.count() + reset.count()
                   + layout.count());
    }
    QSignalSpy dataChanged;
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy moved;
    QSignalSpy reset;
    QSignalSpy layout;
};

QString keyPath(const QModelIndex &index)
{
    return index.data(InventoryTreeModel::KeyPathRole).toString();
}

class TreeModelTest : public ::testing::Test
{
protected:
    // The icons live in the application's resources, which tests do not link.
    static void SetUpTestSuite() { QLoggingCategory::setFilterRules(QStringLiteral("qt.svg.warning=false")); }

    // The tester watches every signal from the start, the first apply included.
    InventoryTreeModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};

    void apply(const QStringList &lines)
    {
        model.apply(snapshotFrom(lines));
        ASSERT_TRUE(model.matchesSnapshot());
        // Whatever the merge did, the tree must read as a fresh model would.
        InventoryTreeModel fresh;
        fresh.apply(model.snapshot());
        ASSERT_EQ(text(printModel(model)), text(printModel(fresh)));
    }
};

const QStringList base = {
    QStringLiteral("s1/p1/d1/a=AO"), QStringLiteral("s1/p1/d1/b=ANO"), QStringLiteral("s1/p1/d1/c=SB"),
    QStringLiteral("s1/p1/d2/e=AO"), QStringLiteral("s1/p2/d1/f=ANO"), QStringLiteral("s2/q1/d9/z=FAIL"),
};

TEST_F(TreeModelTest, FirstApplyInsertsTheWholeTree)
{
    SignalSpies spies(model);
    apply(base);
    EXPECT_EQ(text(printModel(model)), text({
                                           "s1 | Online",
                                           "  p1 | Present",
                                           "    d1 | 1 A/O, 1 A/NO, 1 SB",
                                           "      a | Active/Optimized",
                                           "      b | Active/Unoptimized",
                                           "      c | Standby",
                                           "    d2 | 1 A/O",
                                           "      e | Active/Optimized",
                                           "  p2 | Present",
                                           "    d1 | 1 A/NO",
                                           "      f | Active/Unoptimized",
                                           "s2 | Online",
                                           "  q1 | Present",
                                           "    d9 | 1 FAIL",
                                           "      z | Failed",
                                       }));
    EXPECT_EQ(spies.reset.count(), 0);
    ASSERT_EQ(spies.inserted.count(), 1) << "one run of top-level rows, subtrees included";
    EXPECT_EQ(spies.inserted.at(0).at(1).toInt(), 0);
    EXPECT_EQ(spies.inserted.at(0).at(2).toInt(), 1);
}

TEST_F(TreeModelTest, UnchangedRefreshEmitsNothing)
{
    apply(base);
    SignalSpies spies(model);
    apply(base); // equal content, new snapshot object
    EXPECT_EQ(spies.total(), 0);
}

TEST_F(TreeModelTest, PathStateChangeIsOneDataChangedForItsParent)
{
    apply(base);
    const QModelIndex d1 = model.indexForKeyPath(QStringLiteral("s1/p1/d1"));
    SignalSpies spies(model);
    QStringList changed = base;
    changed[0] = QStringLiteral("s1/p1/d1/a=UA");
    changed[2] = QStringLiteral("s1/p1/d1/c=AO");
    apply(changed);

    EXPECT_EQ(spies.inserted.count() + spies.removed.count() + spies.moved.count() + spies.reset.count()
                  + spies.layout.count(),
              0);
    // Paths a and c: one signal for their parent, rows 0..2, all columns.
    ASSERT_EQ(spies.dataChanged.count(), 2);
    const QModelIndex topLeft = spies.dataChanged.at(0).at(0).toModelIndex();
    const QModelIndex bottomRight = spies.dataChanged.at(0).at(1).toModelIndex();
    EXPECT_EQ(topLeft.parent(), d1);
    EXPECT_EQ(topLeft.row(), 0);
    EXPECT_EQ(topLeft.column(), 0);
    EXPECT_EQ(bottomRight.row(), 2);
    EXPECT_EQ(bottomRight.column(), InventoryTreeModel::ColumnCount - 1);
    // The disk row itself, since it shows its paths by state.
    const QModelIndex diskRow = spies.dataChanged.at(1).at(0).toModelIndex();
    EXPECT_EQ(diskRow, d1);
    EXPECT_EQ(spies.dataChanged.at(1).at(1).toModelIndex().row(), d1.row());
    EXPECT_EQ(d1.siblingAtColumn(InventoryTreeModel::StateColumn).data().toString(), QStringLiteral("1 A/O, 1 A/NO, 1 UA"));
}

TEST_F(TreeModelTest, InsertsAndRemovesInTheMiddleAtEveryLevel)
{
    apply(base);
    SignalSpies spies(model);
    apply({
        QStringLiteral("s1/p1/d1/a=AO"),
        QStringLiteral("s1/p1/d1/b2=AO"), // new path between b and c (b removed)
        QStringLiteral("s1/p1/d1/c=SB"),
        QStringLiteral("s1/p1/d1b/x=AO"), // new disk in the middle
        QStringLiteral("s1/p1/d2/e=AO"),
        QStringLiteral("s1/p1b/d1/y=AO"), // new port in the middle
        QStringLiteral("s1/p2/d1/f=ANO"),
        QStringLiteral("s1b"),            // new server in the middle
        QStringLiteral("s2/q1/d9/z=FAIL"),
    });
    EXPECT_EQ(text(printModel(model)), text({
                                           "s1 | Online",
                                           "  p1 | Present",
                                           "    d1 | 2 A/O, 1 SB",
                                           "      a | Active/Optimized",
                                           "      b2 | Active/Optimized",
                                           "      c | Standby",
                                           "    d1b | 1 A/O",
                                           "      x | Active/Optimized",
                                           "    d2 | 1 A/O",
                                           "      e | Active/Optimized",
                                           "  p1b | Present",
                                           "    d1 | 1 A/O",
                                           "      y | Active/Optimized",
                                           "  p2 | Present",
                                           "    d1 | 1 A/NO",
                                           "      f | Active/Unoptimized",
                                           "s1b | Online",
                                           "s2 | Online",
                                           "  q1 | Present",
                                           "    d9 | 1 FAIL",
                                           "      z | Failed",
                                       }));
    EXPECT_EQ(spies.reset.count(), 0);
    EXPECT_EQ(spies.removed.count(), 1);
    EXPECT_EQ(spies.inserted.count(), 4);
    EXPECT_EQ(spies.moved.count(), 0);
}

TEST_F(TreeModelTest, RemovalsAreOneSignalPerContiguousRun)
{
    apply({"s/p/d/a", "s/p/d/b", "s/p/d/c", "s/p/d/d", "s/p/d/e", "s/p/d/f"});
    SignalSpies spies(model);
    apply({"s/p/d/a", "s/p/d/d", "s/p/d/f"});
    ASSERT_EQ(spies.removed.count(), 2);
    // From the end backwards: e first, then b..c.
    EXPECT_EQ(spies.removed.at(0).at(1).toInt(), 4);
    EXPECT_EQ(spies.removed.at(0).at(2).toInt(), 4);
    EXPECT_EQ(spies.removed.at(1).at(1).toInt(), 1);
    EXPECT_EQ(spies.removed.at(1).at(2).toInt(), 2);
    EXPECT_EQ(spies.inserted.count(), 0);
}

TEST_F(TreeModelTest, ReorderMovesRowsWithoutRemovingThem)
{
    apply({"s/p1/d/a=AO", "s/p2", "s/p3", "s/p4", "s/p5"});
    const QPersistentModelIndex path(model.indexForKeyPath(QStringLiteral("s/p1/d/a")));
    SignalSpies spies(model);
    apply({"s/p2", "s/p3", "s/p4", "s/p5", "s/p1/d/a=AO"});
    EXPECT_EQ(text(printModel(model)), text({
                                           "s | Online",
                                           "  p2 | Present",
                                           "  p3 | Present",
                                           "  p4 | Present",
                                           "  p5 | Present",
                                           "  p1 | Present",
                                           "    d | 1 A/O",
                                           "      a | Active/Optimized",
                                       }));
    EXPECT_EQ(spies.moved.count(), 1) << "the longest ordered run stays, one row moves";
    EXPECT_EQ(spies.removed.count() + spies.inserted.count() + spies.reset.count() + spies.layout.count(), 0);
    ASSERT_TRUE(path.isValid());
    EXPECT_EQ(keyPath(path), QStringLiteral("s/p1/d/a"));

    apply({"s/p5", "s/p4", "s/p3", "s/p2", "s/p1/d/a=AO"});
    EXPECT_EQ(text(printModel(model, {InventoryTreeModel::NameColumn})),
              text({"s", "  p5", "  p4", "  p3", "  p2", "  p1", "    d", "      a"}));
    EXPECT_EQ(keyPath(path), QStringLiteral("s/p1/d/a"));
}

TEST_F(TreeModelTest, PersistentIndexFollowsItsPathThroughInsertsAbove)
{
    apply(base);
    const QPersistentModelIndex path(model.indexForKeyPath(QStringLiteral("s1/p2/d1/f")));
    const QPersistentModelIndex disk(model.indexForKeyPath(QStringLiteral("s2/q1/d9")));
    ASSERT_TRUE(path.isValid());
    apply({
        QStringLiteral("s0/p/d/x=AO"),
        QStringLiteral("s1/p0/d/x=AO"),
        QStringLiteral("s1/p1/d1/a=AO"),
        QStringLiteral("s1/p2/d0/x=AO"),
        QStringLiteral("s1/p2/d1/e0=AO"),
        QStringLiteral("s1/p2/d1/f=ANO"),
        QStringLiteral("s2/q0"),
        QStringLiteral("s2/q1/d9/z=FAIL"),
    });
    ASSERT_TRUE(path.isValid());
    EXPECT_EQ(keyPath(path), QStringLiteral("s1/p2/d1/f"));
    EXPECT_EQ(path.row(), 1);
    EXPECT_EQ(path.parent().row(), 1);
    EXPECT_EQ(path.parent().parent().row(), 2);
    EXPECT_EQ(path.parent().parent().parent().row(), 1);
    EXPECT_EQ(keyPath(disk), QStringLiteral("s2/q1/d9"));

    apply({QStringLiteral("s2/q1/d9/z=FAIL")});
    EXPECT_FALSE(path.isValid()) << "its server vanished";
    EXPECT_TRUE(disk.isValid());
}

TEST_F(TreeModelTest, EmptySnapshotRemovesEverything)
{
    apply(base);
    model.apply(nullptr);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_TRUE(model.matchesSnapshot());
}

TEST_F(TreeModelTest, DuplicateKeysInHandMadeSnapshotsStillMerge)
{
    apply(base);
    auto snapshot = std::make_shared<InventorySnapshot>(*snapshotFrom(base));
    snapshot->servers[0].ports[0].disks[0].paths[0].key = "c"; // c, b, c
    model.apply(snapshot);
    EXPECT_TRUE(model.matchesSnapshot());
    model.apply(snapshotFrom(base));
    EXPECT_TRUE(model.matchesSnapshot());
}

TEST_F(TreeModelTest, KeyPathsFindTheirRows)
{
    auto snapshot = std::make_shared<InventorySnapshot>(*snapshotFrom(base));
    snapshot->servers[0].ports[0].key = "SRV:FC/1"; // keys may hold '/'
    snapshot->servers[0].ports[0].disks[1].key = "SRV:FC";
    model.apply(snapshot);
    int rows = 0;
    const auto visit = [&](const auto &self, const QModelIndex &parent) -> void {
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QModelIndex index = model.index(r, 0, parent);
            EXPECT_EQ(model.indexForKeyPath(keyPath(index)), index) << keyPath(index).toStdString();
            ++rows;
            self(self, index);
        }
    };
    visit(visit, {});
    EXPECT_EQ(rows, 15);
    EXPECT_FALSE(model.indexForKeyPath(QStringLiteral("s1/nope")).isValid());
    EXPECT_FALSE(model.indexForKeyPath(QStringLiteral("s1/p2/d1/f/extra")).isValid());
}

TEST_F(TreeModelTest, NodeAtGivesTheRowAndItsAncestors)
{
    apply(base);
    const auto ref = model.nodeAt(model.indexForKeyPath(QStringLiteral("s1/p1/d2/e")));
    ASSERT_TRUE(ref);
    EXPECT_EQ(ref->kind, InventoryTreeModel::NodeKind::Path);
    EXPECT_EQ(ref->path->key, "e");
    EXPECT_EQ(ref->disk->key, "d2");
    EXPECT_EQ(ref->port->key, "p1");
    EXPECT_EQ(ref->server->key, "s1");
    const auto port = model.nodeAt(model.indexForKeyPath(QStringLiteral("s1/p2")));
    ASSERT_TRUE(port);
    EXPECT_EQ(port->kind, InventoryTreeModel::NodeKind::Port);
    EXPECT_EQ(port->disk, nullptr);
    EXPECT_FALSE(model.nodeAt({}));
}

// A realistic snapshot through the builder, to check every column's words.
SnapshotPtr builtSnapshot()
{
    SourceData data;
    DataCoreServer server;
    server.id = "s1";
    server.name = "DCS1";
    server.hostName = "dcs1";
    server.state = "Online";
    server.version = "10.0 PSP17";
    data.servers = {server};

    DataCorePort be;
    be.id = "be1";
    be.serverId = "s1";
    be.alias = "DCS1 FC Port 1";
    be.portName = "21-00-00-24-FF-3D-5A-C8";
    be.roles = RoleBackEnd;
    be.presence = Presence::Present;
    be.type = PortType::FibreChannel;
    be.pci = PciLocation{130, 0, 1};
    be.driverName = "DataCore QLogic 2X";
    DataCorePort gone = be;
    gone.id = "be9";
    gone.alias = "DCS1 FC Port 9";
    gone.portName.clear();
    gone.presence = Presence::NotPresent;
    gone.pci = PciLocation{7, 0, 0};
    data.ports = {be, gone};

    BackEndDisk dc;
    dc.id = "pd1";
    dc.serverId = "s1";
    dc.caption = "Array LUN 1";
    dc.serial = "SER1";
    dc.poolName = "Pool A";
    BackEndPath inUse;
    inUse.portId = "be1";
    inUse.scsi = ScsiAddress{4, 0, 9, 1};
    inUse.inUse = true;
    dc.paths = {inUse};
    data.backEndDisks = {dc};

    SourceData::HostData host;
    host.host = "dcs1";
    Adapter hba;
    hba.instanceId = "PCI\\VEN_1077&DEV_2532\\4&1F2A&0&0009";
    hba.description = "QLogic Fibre Channel Adapter";
    hba.deviceClass = DeviceClass::ScsiAdapter;
    hba.pci = PciLocation{130, 0, 1};
    hba.driver.provider = "DataCore Software";
    hba.driver.version = "10.0.17.1";
    hba.driver.service = "dcsfc";
    host.adapters = {hba};
    MpioDisk mpio;
    mpio.number = 3;
    mpio.systemDisk = "Disk 5";
    mpio.serial = "SER2";
    mpio.dsm = "Microsoft DSM";
    mpio.policy = LoadBalancePolicy::FailOverOnly;
    MpioPath ao;
    ao.pathId = 0x77040009;
    ao.state = PathState::ActiveOptimized;
    ao.tpgId = 256;
    ao.tpgState = PathState::ActiveOptimized;
    ao.preferred = true;
    ao.scsi = ScsiAddress{4, 0, 9, 2};
    ao.adapterPci = PciLocation{130, 0, 1};
    mpio.paths = {ao};
    host.mpioDisks = {mpio};
    data.hosts = {host};
    return std::make_shared<InventorySnapshot>(buildSnapshot(data));
}

TEST_F(TreeModelTest, ColumnsSpellOutWhatTheyShow)
{
    model.apply(builtSnapshot());
    using M = InventoryTreeModel;
    const std::vector<int> all = {M::NameColumn, M::RolesColumn, M::StateColumn, M::LocationColumn, M::DriverColumn};
    EXPECT_EQ(text(printModel(model, all)),
              text({
                  "DCS1 |  | Online | dcs1 | 10.0 PSP17",
                  "  DCS1 FC Port 1 (21-00-00-24-FF-3D-5A-C8) | BE | Present | 130:0.1 (82:00.1) | DataCore Software "
                  "10.0.17.1 (dcsfc)",
                  "    Array LUN 1 (SER1) |  | Using a path, ALUA state unknown | pool Pool A | DataCore driver",
                  "      Target 9, LUN 1 |  | Unknown (in use) | 004|000|009|001 | ",
                  "    MPIO Disk3 (SER2) | FOO | 1 A/O | Disk 5 | Microsoft DSM",
                  "      0000000077040009 |  | Active/Optimized, preferred | 004|000|009|002 | TPG 256: Active/Optimized",
                  "  DCS1 FC Port 9 | BE | Not present, no adapter | 7:0.0 (07:00.0) | DataCore QLogic 2X",
              }));
    const QModelIndex dcPath = model.indexForKeyPath(QStringLiteral("s1/be1/SER1/dc:be1:004|000|009|001"));
    ASSERT_TRUE(dcPath.isValid());
    EXPECT_TRUE(dcPath.data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("ALUA state unknown: the DataCore driver does not report it.")));
    EXPECT_EQ(dcPath.data(InventoryTreeModel::PathStateRole).toInt(), int(PathState::Unknown));
    EXPECT_EQ(dcPath.data(InventoryTreeModel::NodeKindRole).toInt(), int(InventoryTreeModel::NodeKind::Path));
    EXPECT_TRUE(dcPath.data(Qt::DecorationRole).canConvert<QIcon>());

    const QModelIndex gone = model.indexForKeyPath(QStringLiteral("s1/be9"));
    EXPECT_EQ(gone.data(InventoryTreeModel::PresenceRole).toInt(), int(Presence::NotPresent));
    EXPECT_EQ(gone.data(InventoryTreeModel::PortRolesRole).toInt(), int(RoleBackEnd));
    EXPECT_TRUE(gone.data(Qt::ForegroundRole).isValid());
    EXPECT_EQ(model.headerData(InventoryTreeModel::StateColumn, Qt::Horizontal).toString(), QStringLiteral("State"));
    EXPECT_EQ(model.headerData(InventoryTreeModel::HealthColumn, Qt::Horizontal).toString(), QStringLiteral("Health"));
    // The rules did not judge this reading: no health is shown rather than "OK".
    EXPECT_EQ(gone.siblingAtColumn(InventoryTreeModel::HealthColumn).data().toString(), QString());
    EXPECT_FALSE(gone.siblingAtColumn(InventoryTreeModel::HealthColumn).data(Qt::DecorationRole).isValid());
}

SnapshotPtr digested(const QStringList &lines)
{
    auto snapshot = std::make_shared<InventorySnapshot>(*snapshotFrom(lines));
    updateDigests(*snapshot);
    return snapshot;
}

TEST(Digests, FollowTheValuesUpTheTree)
{
    const SnapshotPtr a = digested(base);
    const SnapshotPtr same = digested(base);
    QStringList lines = base;
    lines[1] = QStringLiteral("s1/p1/d1/b=SB");
    const SnapshotPtr b = digested(lines);

    const auto &pa = a->servers[0].ports[0];
    const auto &pb = b->servers[0].ports[0];
    EXPECT_NE(pa.disks[0].paths[0].digest, 0u);
    EXPECT_EQ(a->servers[0].digest, same->servers[0].digest);
    EXPECT_EQ(pa.disks[0].paths[0].digest, pb.disks[0].paths[0].digest);
    EXPECT_NE(pa.disks[0].paths[1].digest, pb.disks[0].paths[1].digest);
    EXPECT_NE(pa.disks[0].digest, pb.disks[0].digest);
    EXPECT_EQ(pa.disks[0].ownDigest, pb.disks[0].ownDigest);
    EXPECT_EQ(pa.disks[1].digest, pb.disks[1].digest);
    EXPECT_NE(pa.digest, pb.digest);
    EXPECT_NE(a->servers[0].digest, b->servers[0].digest);
    EXPECT_EQ(a->servers[1].digest, b->servers[1].digest);
    // The digest is a cache of the values, not one of them.
    PathEntry plain = pa.disks[0].paths[0];
    plain.digest = 0;
    EXPECT_EQ(plain, pa.disks[0].paths[0]);
}

TEST(TreeModelSeen, RowsNobodyWasHandedAnIndexForSendNoDataChanged)
{
    InventoryTreeModel model;
    model.apply(digested(base));
    // A view that shows servers and ports only, as a collapsed tree does.
    for (int s = 0; s < model.rowCount(); ++s) {
        const QModelIndex server = model.index(s, 0);
        for (int p = 0; p < model.rowCount(server); ++p)
            model.index(p, 0, server);
    }
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QStringList failed = base;
    failed[0] = QStringLiteral("s1/p1/d1/a=FAIL");
    model.apply(digested(failed));
    EXPECT_EQ(changed.count(), 0) << "no one holds a disk or path row";

    // Port p1 expanded: its disk rows are seen, the paths are not.
    const QModelIndex p1 = model.indexForKeyPath(QStringLiteral("s1/p1"));
    model.index(0, 0, p1);
    model.apply(digested(base));
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(keyPath(changed.at(0).at(0).toModelIndex()), QStringLiteral("s1/p1/d1"));

    // Once someone holds an index of a path row, its changes are sent too.
    const QModelIndex path = model.indexForKeyPath(QStringLiteral("s1/p1/d1/a"));
    changed.clear();
    model.apply(digested(failed));
    ASSERT_EQ(changed.count(), 2);
    EXPECT_EQ(changed.at(0).at(0).toModelIndex().parent(), path.parent());
    EXPECT_EQ(path.siblingAtColumn(InventoryTreeModel::StateColumn).data().toString(), QStringLiteral("Failed"));
    EXPECT_TRUE(model.matchesSnapshot());
}

TEST_F(TreeModelTest, DiskRowIsAnnouncedOnlyWhenWhatItShowsChanges)
{
    apply(base);
    SignalSpies spies(model);
    QStringList lines = base;
    // Two paths swap states: the disk still shows 1 A/O, 1 A/NO, 1 SB.
    lines[0] = QStringLiteral("s1/p1/d1/a=ANO");
    lines[1] = QStringLiteral("s1/p1/d1/b=AO");
    model.apply(digested(lines));
    ASSERT_EQ(spies.dataChanged.count(), 1);
    EXPECT_EQ(keyPath(spies.dataChanged.at(0).at(0).toModelIndex()), QStringLiteral("s1/p1/d1/a"));
    EXPECT_EQ(spies.total(), 1);
}

// ------------------------------------------------------------------ health

Finding makeFinding(std::string_view rule, Severity severity, ObjectRef object, std::vector<ObjectRef> rows,
                    std::string message, std::string objectName = {})
{
    Finding finding;
    finding.rule = std::string(rule);
    finding.severity = severity;
    finding.object = std::move(object);
    finding.rows = std::move(rows);
    finding.message = std::move(message);
    finding.objectName = objectName.empty() ? finding.object.keyPath() : std::move(objectName);
    finding.recommendation = "Look into it.";
    return finding;
}

/// A snapshot with digests, judged by the given findings, as the refresh
/// worker makes it.
SnapshotPtr judged(const QStringList &lines, std::vector<Finding> findings)
{
    auto snapshot = std::make_shared<InventorySnapshot>(*snapshotFrom(lines));
    updateDigests(*snapshot);
    attachHealth(*snapshot, std::make_shared<const HealthReport>(std::move(findings)));
    return snapshot;
}

const std::vector<int> nameAndHealth = {InventoryTreeModel::NameColumn, InventoryTreeModel::HealthColumn};

std::vector<Finding> baseFindings()
{
    return {
        makeFinding(rules::IoOnNonOptimized, Severity::Critical, ObjectRef::path("s1", "p1", "d1", "b"),
                    {ObjectRef::path("s1", "p1", "d1", "b")}, "1,521 reads/s went over this Active/Unoptimized path.",
                    "DCS1 / LUN d1 / path b"),
        // A LUN as a whole: the disk's row under both ports it shows under.
        makeFinding(rules::PathCountDrift, Severity::Info, ObjectRef::disk("s1", std::string(AnyPortKey), "d1"),
                    {ObjectRef::disk("s1", "p1", "d1"), ObjectRef::disk("s1", "p2", "d1")},
                    "The LUN has 4 paths; the baseline has 5 paths.", "DCS1 / LUN d1"),
        makeFinding(rules::FailedPath, Severity::Warning, ObjectRef::path("s2", "q1", "d9", "z"),
                    {ObjectRef::path("s2", "q1", "d9", "z")}, "The path is Failed; it carries no I/O.",
                    "DCS2 / LUN d9 / path z"),
    };
}

TEST_F(TreeModelTest, HealthColumnShowsTheWorstFindingAtOrBelowEachRow)
{
    model.apply(judged(base, baseFindings()));
    EXPECT_EQ(text(printModel(model, nameAndHealth)), text({
                                                          "s1 | Critical",
                                                          "  p1 | Critical",
                                                          "    d1 | Critical",
                                                          "      a | OK",
                                                          "      b | Critical",
                                                          "      c | OK",
                                                          "    d2 | OK",
                                                          "      e | OK",
                                                          "  p2 | Info",
                                                          "    d1 | Info",
                                                          "      f | OK",
                                                          "s2 | Warning",
                                                          "  q1 | Warning",
                                                          "    d9 | Warning",
                                                          "      z | Warning",
                                                      }));
    const auto at = [this](const char *keyPath) {
        const QModelIndex index = model.indexForKeyPath(QString::fromLatin1(keyPath));
        EXPECT_TRUE(index.isValid()) << keyPath;
        return index;
    };
    EXPECT_EQ(at("s1").data(InventoryTreeModel::HealthRole).toInt(), int(Severity::Critical));
    EXPECT_EQ(at("s1").data(InventoryTreeModel::SeverityRole).toInt(), int(Severity::Critical));
    EXPECT_EQ(at("s1").data(InventoryTreeModel::OwnHealthRole).toInt(), int(Severity::None));
    EXPECT_EQ(at("s1/p2/d1").data(InventoryTreeModel::OwnHealthRole).toInt(), int(Severity::Info));
    EXPECT_EQ(at("s1/p1/d1").data(InventoryTreeModel::OwnHealthRole).toInt(), int(Severity::Info));
    EXPECT_EQ(at("s1/p1/d1").data(InventoryTreeModel::HealthRole).toInt(), int(Severity::Critical));
    EXPECT_EQ(at("s1/p1/d2/e").data(InventoryTreeModel::HealthRole).toInt(), int(Severity::None));

    // Icon and colour per severity; OK rows have theirs too.
    const QModelIndex critical = at("s1").siblingAtColumn(InventoryTreeModel::HealthColumn);
    const QModelIndex ok = at("s1/p1/d2").siblingAtColumn(InventoryTreeModel::HealthColumn);
    const QModelIndex info = at("s1/p2").siblingAtColumn(InventoryTreeModel::HealthColumn);
    for (const QModelIndex &cell : {critical, ok, info})
        EXPECT_TRUE(cell.data(Qt::DecorationRole).canConvert<QIcon>());
    EXPECT_NE(critical.data(Qt::ForegroundRole).value<QBrush>().color(),
              ok.data(Qt::ForegroundRole).value<QBrush>().color());
    EXPECT_NE(critical.data(Qt::ForegroundRole).value<QBrush>().color(),
              info.data(Qt::ForegroundRole).value<QBrush>().color());
    EXPECT_GT(critical.data(InventoryTreeModel::SortRole).toInt(), ok.data(InventoryTreeModel::SortRole).toInt());
}

TEST_F(TreeModelTest, EveryColumnsTooltipCarriesTheRowsFindings)
{
    model.apply(judged(base, baseFindings()));
    const QModelIndex server = model.indexForKeyPath(QStringLiteral("s1"));
    for (int column = 0; column < InventoryTreeModel::ColumnCount; ++column) {
        const QString tip = server.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
        EXPECT_TRUE(tip.contains(QStringLiteral("Health: Critical, 2 findings"))) << column << tip.toStdString();
        // About a row below: the sentence says which object.
        EXPECT_TRUE(tip.contains(QStringLiteral(
            "• Critical: DCS1 / LUN d1 / path b: 1,521 reads/s went over this Active/Unoptimized path. "
            "(io-on-non-optimized)")))
            << tip.toStdString();
        EXPECT_TRUE(tip.contains(QStringLiteral("• Info: DCS1 / LUN d1: The LUN has 4 paths")))
            << tip.toStdString();
    }
    // About the row itself: just the sentence.
    const QString diskTip = model.indexForKeyPath(QStringLiteral("s1/p2/d1")).data(Qt::ToolTipRole).toString();
    EXPECT_TRUE(diskTip.contains(QStringLiteral("• Info: The LUN has 4 paths; the baseline has 5 paths. "
                                                "(path-count-drift)")))
        << diskTip.toStdString();
    EXPECT_TRUE(diskTip.startsWith(QStringLiteral("Owned by Windows MPIO"))) << "the row's own tooltip comes first";
    const QString okTip = model.indexForKeyPath(QStringLiteral("s1/p1/d2"))
                              .siblingAtColumn(InventoryTreeModel::HealthColumn)
                              .data(Qt::ToolTipRole)
                              .toString();
    EXPECT_EQ(okTip, QStringLiteral("Health: OK, no findings about this row or the rows below it."));
    EXPECT_FALSE(model.indexForKeyPath(QStringLiteral("s1/p1/d2")).data(Qt::ToolTipRole).toString().contains("Health"));
}

TEST_F(TreeModelTest, TooltipListsTheWorstFewFindingsAndCountsTheRest)
{
    std::vector<Finding> findings;
    const Severity severities[] = {Severity::Info, Severity::Warning, Severity::Info, Severity::Critical,
                                   Severity::Warning};
    int n = 0;
    for (Severity severity : severities) {
        const ObjectRef path = ObjectRef::path("s1", "p1", "d1", n % 2 ? "a" : "b");
        findings.push_back(makeFinding(rules::FailedPath, severity, path, {path},
                                       "Sentence " + std::to_string(n++) + " <b>not markup</b>."));
    }
    model.apply(judged(base, std::move(findings)));
    const QString tip = model.indexForKeyPath(QStringLiteral("s1/p1/d1"))
                            .siblingAtColumn(InventoryTreeModel::HealthColumn)
                            .data(Qt::ToolTipRole)
                            .toString();
    const QStringList lines = tip.split(QLatin1Char('\n'));
    ASSERT_EQ(lines.size(), 5) << tip.toStdString();
    EXPECT_EQ(lines[0], QStringLiteral("Health: Critical, 5 findings"));
    EXPECT_TRUE(lines[1].startsWith(QStringLiteral("• Critical: s1/p1/d1/a: Sentence 3"))) << tip.toStdString();
    EXPECT_TRUE(lines[2].startsWith(QStringLiteral("• Warning: "))) << tip.toStdString();
    EXPECT_TRUE(lines[3].startsWith(QStringLiteral("• Warning: "))) << tip.toStdString();
    EXPECT_EQ(lines[4], QStringLiteral("and 2 more"));
    EXPECT_TRUE(tip.contains(QStringLiteral("<b>not markup</b>"))) << "sentences are passed on as they are";
}

TEST_F(TreeModelTest, LunWideFindingWithoutRowsMarksTheDiskUnderEveryPort)
{
    // The rules list the rows; a finding that names only "s1/*/d1" still
    // marks the LUN wherever it shows.
    model.apply(judged(base, {makeFinding(rules::SinglePath, Severity::Warning,
                                          ObjectRef::disk("s1", std::string(AnyPortKey), "d1"), {},
                                          "Only one usable path leads to this LUN.")}));
    EXPECT_EQ(text(printModel(model, nameAndHealth)), text({
                                                          "s1 | Warning",
                                                          "  p1 | Warning",
                                                          "    d1 | Warning",
                                                          "      a | OK",
                                                          "      b | OK",
                                                          "      c | OK",
                                                          "    d2 | OK",
                                                          "      e | OK",
                                                          "  p2 | Warning",
                                                          "    d1 | Warning",
                                                          "      f | OK",
                                                          "s2 | OK",
                                                          "  q1 | OK",
                                                          "    d9 | OK",
                                                          "      z | OK",
                                                      }));
    EXPECT_EQ(model.indexForKeyPath(QStringLiteral("s1")).data(Qt::ToolTipRole).toString().count(
                  QStringLiteral("Only one usable path")),
              1)
        << "one finding, counted once at the server";
}

// Which rows (by key path) and columns the dataChanged signals covered.
std::set<QString> changedRows(const QSignalSpy &spy, int column)
{
    std::set<QString> rows;
    for (const QList<QVariant> &signal : spy) {
        const QModelIndex topLeft = signal.at(0).toModelIndex();
        const QModelIndex bottomRight = signal.at(1).toModelIndex();
        if (column < topLeft.column() || column > bottomRight.column())
            continue;
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            rows.insert(keyPath(topLeft.sibling(row, 0)));
    }
    return rows;
}

TEST_F(TreeModelTest, HealthChangeReachesTheViewsAsDataChanged)
{
    model.apply(judged(base, baseFindings()));
    SignalSpies spies(model);
    // The failed path is repaired; a new finding appears on path e.
    std::vector<Finding> findings = baseFindings();
    findings.pop_back();
    findings.push_back(makeFinding(rules::FailedPath, Severity::Warning, ObjectRef::path("s1", "p1", "d2", "e"),
                                   {ObjectRef::path("s1", "p1", "d2", "e")}, "The path is Failed."));
    model.apply(judged(base, std::move(findings)));

    EXPECT_EQ(spies.inserted.count() + spies.removed.count() + spies.moved.count() + spies.reset.count()
                  + spies.layout.count(),
              0);
    const std::set<QString> rows = changedRows(spies.dataChanged, InventoryTreeModel::HealthColumn);
    for (const char *keyPath : {"s2", "s2/q1", "s2/q1/d9", "s2/q1/d9/z", "s1", "s1/p1", "s1/p1/d2", "s1/p1/d2/e"})
        EXPECT_TRUE(rows.count(QString::fromLatin1(keyPath))) << keyPath;
    // Rows whose health stayed are not announced.
    for (const char *keyPath : {"s1/p2", "s1/p2/d1", "s1/p1/d1"})
        EXPECT_FALSE(rows.count(QString::fromLatin1(keyPath))) << keyPath;

    const auto health = [this](const char *keyPath) {
        return model.indexForKeyPath(QString::fromLatin1(keyPath))
            .siblingAtColumn(InventoryTreeModel::HealthColumn)
            .data()
            .toString();
    };
    EXPECT_EQ(health("s2/q1/d9/z"), QStringLiteral("OK"));
    EXPECT_EQ(health("s2"), QStringLiteral("OK"));
    EXPECT_EQ(health("s1/p1/d2/e"), QStringLiteral("Warning"));

    // The same findings again: nothing to say.
    SignalSpies again(model);
    model.apply(judged(base, [] {
        std::vector<Finding> same = baseFindings();
        same.pop_back();
        same.push_back(makeFinding(rules::FailedPath, Severity::Warning, ObjectRef::path("s1", "p1", "d2", "e"),
                                   {ObjectRef::path("s1", "p1", "d2", "e")}, "The path is Failed."));
        return same;
    }()));
    EXPECT_EQ(again.total(), 0);
}

TEST_F(TreeModelTest, AReadingThatStartsBeingJudgedRepaintsTheHealthColumn)
{
    apply(base); // hand-made, not judged
    EXPECT_EQ(model.indexForKeyPath(QStringLiteral("s1")).siblingAtColumn(InventoryTreeModel::HealthColumn).data(),
              QVariant(QString()));
    SignalSpies spies(model);
    model.apply(judged(base, {}));
    EXPECT_TRUE(changedRows(spies.dataChanged, InventoryTreeModel::HealthColumn).count(QStringLiteral("s1/p1/d1/a")));
    EXPECT_EQ(model.indexForKeyPath(QStringLiteral("s1/p1/d1/a"))
                  .siblingAtColumn(InventoryTreeModel::HealthColumn)
                  .data()
                  .toString(),
              QStringLiteral("OK"));
}

TEST(Digests, AttachHealthChangesTheDigestsOfMarkedRowsOnly)
{
    const SnapshotPtr plain = digested(base);
    const SnapshotPtr marked = judged(base, baseFindings());
    const auto &s1 = marked->servers[0];
    const auto &p1 = plain->servers[0];
    EXPECT_NE(s1.digest, p1.digest);
    EXPECT_NE(s1.ports[0].disks[0].paths[1].digest, p1.ports[0].disks[0].paths[1].digest); // b
    EXPECT_EQ(s1.ports[0].disks[0].paths[0].digest, p1.ports[0].disks[0].paths[0].digest); // a
    EXPECT_EQ(s1.ports[0].disks[1].digest, p1.ports[0].disks[1].digest);                   // d2
    EXPECT_NE(s1.ports[1].disks[0].ownDigest, p1.ports[1].disks[0].ownDigest);             // p2/d1, LUN-wide
    // The digests are what updateDigests would compute from scratch.
    InventorySnapshot recomputed = *marked;
    updateDigests(recomputed);
    EXPECT_EQ(recomputed.servers[0].digest, s1.digest);
    EXPECT_EQ(recomputed.servers[1].digest, marked->servers[1].digest);
    EXPECT_EQ(recomputed.servers[0].ports[1].disks[0].ownDigest, s1.ports[1].disks[0].ownDigest);
}

TEST(TreeModelProxy, RecursiveFilterSeesChangesBelowCollapsedRows)
{
    InventoryTreeModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setFilterKeyColumn(InventoryTreeModel::StateColumn);
    proxy.setFilterFixedString(QStringLiteral("Failed"));
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.apply(digested(base));
    EXPECT_EQ(text(printModel(proxy)), text({"s2 | Online", "  q1 | Present", "    d9 | 1 FAIL", "      z | Failed"}));

    QStringList lines = base;
    lines[3] = QStringLiteral("s1/p1/d2/e=FAIL");
    model.apply(digested(lines));
    EXPECT_EQ(text(printModel(proxy)), text({
                                           "s1 | Online",
                                           "  p1 | Present",
                                           "    d2 | 1 FAIL",
                                           "      e | Failed",
                                           "s2 | Online",
                                           "  q1 | Present",
                                           "    d9 | 1 FAIL",
                                           "      z | Failed",
                                       }));
    model.apply(digested(base));
    EXPECT_EQ(text(printModel(proxy)), text({"s2 | Online", "  q1 | Present", "    d9 | 1 FAIL", "      z | Failed"}));
}

// Random edits at every level, checked against a fresh model each round; the
// tester checks every signal, and persistent indexes must keep their key.
// Snapshots with and without digests alternate at random, so both ways of
// comparing (and their mix) are exercised.
TEST_F(TreeModelTest, RandomEditsKeepTheTreeConsistent)
{
    std::mt19937 random(2024);
    const auto pick = [&random](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    const QStringList states = {QStringLiteral("AO"), QStringLiteral("ANO"), QStringLiteral("SB"),
                                QStringLiteral("FAIL")};
    QStringList lines;
    const auto randomLines = [&] {
        QStringList out;
        const int servers = 1 + pick(3);
        for (int s = 0; s < servers; ++s) {
            const int ports = pick(4);
            for (int p = 0; p < ports; ++p) {
                const int disks = pick(4);
                for (int d = 0; d < disks; ++d) {
                    const int paths = 1 + pick(4);
                    for (int x = 0; x < paths; ++x)
                        out << QStringLiteral("s%1/p%2/d%3/x%4=%5")
                                   .arg(pick(5))
                                   .arg(pick(6))
                                   .arg(pick(6))
                                   .arg(pick(8))
                                   .arg(states.at(pick(states.size())));
                }
            }
            if (ports == 0)
                out << QStringLiteral("s%1").arg(pick(5));
        }
        return out;
    };
    for (int round = 0; round < 400; ++round) {
        std::vector<std::pair<QPersistentModelIndex, QString>> watched;
        for (int i = 0; i < 5 && model.rowCount() > 0; ++i) {
            QModelIndex index = model.index(pick(model.rowCount()), 0);
            while (model.rowCount(index) > 0 && pick(3) > 0)
                index = model.index(pick(model.rowCount(index)), 0, index);
            watched.emplace_back(index, keyPath(index));
        }
        lines = randomLines();
        if (pick(2)) {
            apply(lines);
        } else {
            model.apply(digested(lines));
            ASSERT_TRUE(model.matchesSnapshot());
            InventoryTreeModel fresh;
            fresh.apply(model.snapshot());
            ASSERT_EQ(text(printModel(model)), text(printModel(fresh)));
        }
        for (const auto &[index, key] : watched) {
            if (index.isValid())
                EXPECT_EQ(keyPath(index), key);
            else
                EXPECT_FALSE(model.indexForKeyPath(key).isValid()) << key.toStdString();
        }
    }
}

} // namespace
} // namespace pathlens
