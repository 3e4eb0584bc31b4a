// Refresh cost of the inventory tree at the size of a full server group.
//
// Shape: 64 servers, each with 4 BE ports reaching the same 128 back-end
// LUNs through 4 paths per port (2 per array controller), plus 2 FE and 2 MR
// ports without disks: 131,072 paths, 32,768 disk rows, 164,416 rows in all.
// Snapshot B differs from A in 3 % of the paths (3,932), picked at random
// with a fixed seed, each flipping A/O <-> A/NO as after a controller failover.
// Both carry digests, as buildSnapshot() leaves them (it runs on the worker).
//
// BM_TreeMerge: alternate apply(A)/apply(B) into InventoryTreeModel with a
//   shown QTreeView attached (servers expanded); the time includes the view's
//   handling of every signal. Repainting happens outside the timed region.
// BM_TreeMergeAndPaint: the same plus the event processing (repaint) after it.
// BM_TreeMergeNoDigests: snapshots made by hand without digests, so the
//   merge compares every value of both snapshots.
// BM_TreeMergeAllRowsSeen: every row's index was handed out once (as a
//   recursive filter proxy does), so every changed row is announced to the
//   view: the worst case for the view's side.
// BM_TreeMergeNoView: the model alone.
// BM_TreeMergeThroughProxy: BM_TreeMerge with the filter proxy between model
//   and view, no filter set: the console's own arrangement.
// BM_TreeMergeHealthChange: snapshots judged by the health rules (2 % of the
//   paths and 10 % of the LUNs with a finding, a different 2 % and 10 % in B):
//   health changes reach the view through the digests like state changes.
// BM_AttachHealth: the worker's cost of filling every row's health from a
//   report with those findings (the refresh worker, not the UI thread).
// BM_FilterSearch: the filter proxy re-filtering the whole tree for a search
//   word (alternately two words, as typing in the filter bar does). The rows'
//   search texts are built once per refresh and kept; this is the cost of a
//   keystroke after the first.
// BM_StandardItemRebuild: the naive way, clear() + append every row of the
//   same tree, five text columns, into a QStandardItemModel shown in a
//   QTreeView (expansion is not restored, which only flatters the rebuild).

#include "qtbenchmarkmain.h"
#include "model/health/healthreport.h"
#include "model/inventoryfilterproxymodel.h"
#include "model/inventorytreemodel.h"

#include <QApplication>
#include <QStandardItemModel>
#include <QTreeView>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace pathlens {
namespace {

constexpr int Servers = 64;
constexpr int BackEndPorts = 4;
constexpr int Luns = 128;
constexpr int PathsPerPort = 4;
constexpr double ChangedShare = 0.03;

struct Snapshots {
    SnapshotPtr a;
    SnapshotPtr b;
    SnapshotPtr plainA; // no digests
    SnapshotPtr plainB;
    SnapshotPtr judgedA; // digests and health
    SnapshotPtr judgedB;
    std::shared_ptr<const HealthReport> reportA;
    std::size_t rows = 0;
    std::size_t changed = 0;
};

InventorySnapshot buildA()
{
    InventorySnapshot snapshot;
    snapshot.backendDescription = "benchmark";
    for (int s = 0; s < Servers; ++s) {
        ServerEntry server;
        server.server.id = "{5E2C8A10-0000-4000-8000-" + std::to_string(100000000000 + s) + "}";
        server.key = server.server.id;
        server.server.name = "DCS" + std::to_string(s + 1);
        server.server.hostName = "dcs" + std::to_string(s + 1);
        server.server.state = "Online";
        server.server.version = "10.0 PSP17";
        for (int p = 0; p < BackEndPorts + 4; ++p) {
            const bool backEnd = p < BackEndPorts;
            PortEntry port;
            DataCorePort dc;
            dc.id = server.key + ":FC" + std::to_string(p + 1);
            dc.serverId = server.key;
            dc.alias = server.server.name + " FC Port " + std::to_string(p + 1);
            dc.portName = "21-00-00-24-FF-3D-5A-" + std::to_string(10 + p);
            dc.roles = backEnd ? RoleBackEnd : (p % 2 ? RoleMirror : RoleFrontEnd);
            dc.mode = backEnd ? PortMode::Initiator : PortMode::Target;
            dc.type = PortType::FibreChannel;
            dc.presence = Presence::Present;
            dc.pci = PciLocation{std::uint32_t(130 + p / 2), 0, std::uint32_t(p % 2)};
            dc.driverName = backEnd ? "QLogic" : "DataCore QLogic 2X";
            port.key = dc.id;
            Adapter adapter;
            adapter.instanceId = "PCI\\VEN_1077&DEV_2532\\4&1F2A&0&000" + std::to_string(p);
            adapter.description = "QLogic Fibre Channel Adapter";
            adapter.deviceClass = DeviceClass::ScsiAdapter;
            adapter.pci = dc.pci;
            adapter.driver.provider = backEnd ? "QLogic" : "DataCore Software";
            adapter.driver.version = "9.4.6.20";
            adapter.driver.service = backEnd ? "ql2300" : "dcsfc";
            port.port = dc;
            port.adapter = adapter;
            if (backEnd) {
                for (int l = 0; l < Luns; ++l) {
                    DiskEntry disk;
                    char serial[40];
                    std::snprintf(serial, sizeof serial, "600A0B800026B8C200%04X%08X", s, l);
                    disk.key = serial;
                    disk.serial = serial;
                    disk.caption = "Array LUN " + std::to_string(l + 1);
                    disk.vendor = "NETAPP";
                    disk.product = "INF-01-00";
                    disk.mpioDisk = std::uint32_t(l);
                    disk.systemDisk = "Disk " + std::to_string(l + 2);
                    disk.dsm = "Microsoft DSM";
                    disk.policy = LoadBalancePolicy::RoundRobinWithSubset;
                    disk.alua = AluaSupport::ImplicitOnly;
                    disk.aluaCapable = true;
                    disk.poolName = "Pool " + std::to_string(l % 4 + 1);
                    disk.sizeBytes = 2ull << 40;
                    disk.totalPaths = BackEndPorts * PathsPerPort;
                    for (int x = 0; x < PathsPerPort; ++x) {
                        PathEntry path;
                        const std::uint64_t id = 0x77000000ull | std::uint64_t(p) << 16 | std::uint64_t(x) << 12
                            | std::uint64_t(l);
                        path.pathId = id;
                        path.key = formatPathId(id);
                        path.owner = PathOwner::Mpio;
                        const bool owning = (x < PathsPerPort / 2) == (l % 2 == 0);
                        path.state = owning ? PathState::ActiveOptimized : PathState::ActiveUnoptimized;
                        path.tpgState = path.state;
                        path.tpgId = owning ? 1 : 2;
                        path.scsi = ScsiAddress{std::uint32_t(p + 2), 0, std::uint32_t(x), std::uint32_t(l)};
                        path.adapterPci = dc.pci;
                        disk.paths.push_back(std::move(path));
                    }
                    port.disks.push_back(std::move(disk));
                }
            }
            server.ports.push_back(std::move(port));
        }
        snapshot.servers.push_back(std::move(server));
    }
    return snapshot;
}

// Findings as the rules make them: one on every 50th path (offset picks
// which), and one about every 10th LUN of each server as a whole, on its row
// under every back-end port.
std::shared_ptr<const HealthReport> findingsFor(const InventorySnapshot &snapshot, int offset)
{
    std::vector<Finding> findings;
    std::size_t n = 0;
    for (const ServerEntry &server : snapshot.servers) {
        for (const PortEntry &port : server.ports) {
            for (const DiskEntry &disk : port.disks) {
                for (const PathEntry &path : disk.paths) {
                    if (n++ % 50 != std::size_t(offset))
                        continue;
                    Finding finding;
                    finding.rule = std::string(rules::FailedPath);
                    finding.severity = Severity::Warning;
                    finding.object = ObjectRef::path(server.key, port.key, disk.key, path.key);
                    finding.rows = {finding.object};
                    finding.objectName = server.server.name + " / " + disk.caption + " / path " + path.key;
                    finding.message = "The path is Failed; it carries no I/O and gives no redundancy.";
                    findings.push_back(std::move(finding));
                }
            }
        }
        for (int l = offset; l < Luns; l += 10) {
            const DiskEntry &disk = server.ports.front().disks[std::size_t(l)];
            Finding finding;
            finding.rule = std::string(rules::PathCountDrift);
            finding.severity = Severity::Info;
            finding.object = ObjectRef::disk(server.key, std::string(AnyPortKey), disk.key);
            for (int p = 0; p < BackEndPorts; ++p)
                finding.rows.push_back(ObjectRef::disk(server.key, server.ports[std::size_t(p)].key, disk.key));
            finding.objectName = server.server.name + " / " + disk.caption;
            finding.message = "The LUN has 16 paths; the baseline has 12 paths.";
            findings.push_back(std::move(finding));
        }
    }
    return std::make_shared<const HealthReport>(std::move(findings));
}

const Snapshots &snapshots()
{
    static const Snapshots built = [] {
        Snapshots result;
        const InventorySnapshot a = buildA();
        InventorySnapshot b = a;
        std::vector<PathEntry *> paths;
        for (ServerEntry &server : b.servers) {
            for (PortEntry &port : server.ports) {
                for (DiskEntry &disk : port.disks) {
                    for (PathEntry &path : disk.paths)
                        paths.push_back(&path);
                }
            }
        }
        std::mt19937_64 random(20240611);
        std::shuffle(paths.begin(), paths.end(), random);
        result.changed = static_cast<std::size_t>(double(paths.size()) * ChangedShare + 0.5);
        for (std::size_t i = 0; i < result.changed; ++i) {
            PathEntry &path = *paths[i];
            path.state = path.state == PathState::ActiveOptimized ? PathState::ActiveUnoptimized
                                                                   : PathState::ActiveOptimized;
            path.tpgState = path.state;
        }
        result.rows = a.servers.size() + a.portCount() + a.diskCount() + a.pathCount();
        result.plainA = std::make_shared<const InventorySnapshot>(a);
        result.plainB = std::make_shared<const InventorySnapshot>(b);
        InventorySnapshot digestedA = a;
        updateDigests(digestedA);
        updateDigests(b);
        InventorySnapshot judgedA = digestedA;
        InventorySnapshot judgedB = b;
        result.reportA = findingsFor(judgedA, 0);
        attachHealth(judgedA, result.reportA);
        attachHealth(judgedB, findingsFor(judgedB, 1));
        result.judgedA = std::make_shared<const InventorySnapshot>(std::move(judgedA));
        result.judgedB = std::make_shared<const InventorySnapshot>(std::move(judgedB));
        result.a = std::make_shared<const InventorySnapshot>(std::move(digestedA));
        result.b = std::make_shared<const InventorySnapshot>(std::move(b));
        return result;
    }();
    return built;
}

void setCounters(benchmark::State &state)
{
    const Snapshots &data = snapshots();
    state.counters["rows"] = double(data.rows);
    state.counters["paths"] = double(data.a->pathCount());
    state.counters["changed"] = double(data.changed);
}

void showView(QTreeView &view, QAbstractItemModel &model)
{
    view.setModel(&model);
    view.setUniformRowHeights(true);
    view.resize(1200, 800);
    view.show();
    view.expandToDepth(0);
    QCoreApplication::processEvents();
}

void touchEveryRow(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    for (int row = 0; row < model.rowCount(parent); ++row)
        touchEveryRow(model, model.index(row, 0, parent));
}

enum class Variant { Merge, MergeAndPaint, NoDigests, AllRowsSeen, ThroughProxy, HealthChange };

void treeMerge(benchmark::State &state, Variant variant)
{
    const Snapshots &data = snapshots();
    SnapshotPtr a = data.a;
    SnapshotPtr b = data.b;
    if (variant == Variant::NoDigests) {
        a = data.plainA;
        b = data.plainB;
    } else if (variant == Variant::HealthChange) {
        a = data.judgedA;
        b = data.judgedB;
    }
    InventoryTreeModel model;
    model.apply(a);
    InventoryFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QTreeView view;
    if (variant == Variant::ThroughProxy)
        showView(view, proxy);
    else
        showView(view, model);
    if (variant == Variant::AllRowsSeen)
        touchEveryRow(model);
    bool toB = true;
    for (auto _ : state) {
        model.apply(toB ? b : a);
        toB = !toB;
        if (variant == Variant::MergeAndPaint) {
            QCoreApplication::processEvents();
        } else {
            state.PauseTiming();
            QCoreApplication::processEvents();
            state.ResumeTiming();
        }
    }
    setCounters(state);
}

void BM_TreeMerge(benchmark::State &state)
{
    treeMerge(state, Variant::Merge);
}

void BM_TreeMergeAndPaint(benchmark::State &state)
{
    treeMerge(state, Variant::MergeAndPaint);
}

void BM_TreeMergeNoDigests(benchmark::State &state)
{
    treeMerge(state, Variant::NoDigests);
}

void BM_TreeMergeAllRowsSeen(benchmark::State &state)
{
    treeMerge(state, Variant::AllRowsSeen);
}

void BM_TreeMergeThroughProxy(benchmark::State &state)
{
    treeMerge(state, Variant::ThroughProxy);
}

void BM_TreeMergeHealthChange(benchmark::State &state)
{
    treeMerge(state, Variant::HealthChange);
}

void BM_AttachHealth(benchmark::State &state)
{
    const Snapshots &data = snapshots();
    for (auto _ : state) {
        state.PauseTiming();
        InventorySnapshot copy = *data.a;
        state.ResumeTiming();
        attachHealth(copy, data.reportA);
        benchmark::DoNotOptimize(copy.servers.front().digest);
        state.PauseTiming();
        copy = InventorySnapshot(); // freeing 131,072 paths is not attaching
        state.ResumeTiming();
    }
    setCounters(state);
    state.counters["findings"] = double(data.reportA->findings().size());
}

void BM_FilterSearch(benchmark::State &state)
{
    const Snapshots &data = snapshots();
    InventoryTreeModel model;
    model.apply(data.judgedA);
    InventoryFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    QTreeView view;
    showView(view, proxy);
    // A server's name (its 2,569 rows match) and a LUN's serial (4 disk rows, 16 paths).
    const QString words[] = {QStringLiteral("DCS17 "), QStringLiteral("600A0B800026B8C200002A0000004F")};
    // The first search after a refresh also builds every row's search text
    // (several times a keystroke's cost at this size); not timed here.
    proxy.setSearchText(QStringLiteral("warm-up"));
    QCoreApplication::processEvents();
    int which = 0;
    for (auto _ : state) {
        proxy.setSearchText(words[which]);
        which = 1 - which;
        state.PauseTiming();
        QCoreApplication::processEvents();
        state.ResumeTiming();
    }
    setCounters(state);
    state.counters["matching"] = double(proxy.matchingRowCount());
}

void BM_TreeMergeNoView(benchmark::State &state)
{
    const Snapshots &data = snapshots();
    InventoryTreeModel model;
    model.apply(data.a);
    bool toB = true;
    for (auto _ : state) {
        model.apply(toB ? data.b : data.a);
        toB = !toB;
    }
    setCounters(state);
}

QList<QStandardItem *> rowItems(const QString &name, const QString &roles, const QString &state,
                                const QString &location, const QString &driver)
{
    return {new QStandardItem(name), new QStandardItem(roles), new QStandardItem(state), new QStandardItem(location),
            new QStandardItem(driver)};
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

void fill(QStandardItemModel &model, const InventorySnapshot &snapshot)
{
    for (const ServerEntry &server : snapshot.servers) {
        QList<QStandardItem *> serverRow = rowItems(qs(server.server.name), {}, qs(server.server.state),
                                                    qs(server.server.hostName), qs(server.server.version));
        for (const PortEntry &port : server.ports) {
            const auto pci = port.pci();
            QList<QStandardItem *> portRow =
                rowItems(qs(port.displayName()) + QStringLiteral(" (") + qs(port.port->portName) + QLatin1Char(')'),
                         qs(rolesToString(port.roles())), qs(toString(port.port->presence)),
                         pci ? qs(pci->toString()) + QStringLiteral(" (") + qs(pci->toHexString()) + QLatin1Char(')')
                             : QString(),
                         qs(port.adapter->driver.provider) + QLatin1Char(' ') + qs(port.adapter->driver.version));
            for (const DiskEntry &disk : port.disks) {
                QList<QStandardItem *> diskRow =
                    rowItems(qs(disk.caption) + QStringLiteral(" (") + qs(disk.serial) + QLatin1Char(')'),
                             qs(toShortString(disk.policy)), qs(toString(disk.worstState())), qs(disk.systemDisk),
                             qs(disk.dsm));
                for (const PathEntry &path : disk.paths) {
                    diskRow.front()->appendRow(rowItems(qs(path.key), {}, qs(toString(path.state)),
                                                        qs(path.scsi.toString()),
                                                        QStringLiteral("TPG %1: %2")
                                                            .arg(path.tpgId.value_or(0))
                                                            .arg(qs(toString(path.tpgState)))));
                }
                portRow.front()->appendRow(diskRow);
            }
            serverRow.front()->appendRow(portRow);
        }
        model.appendRow(serverRow);
    }
}

void BM_StandardItemRebuild(benchmark::State &state)
{
    const Snapshots &data = snapshots();
    QStandardItemModel model;
    fill(model, *data.a);
    QTreeView view;
    showView(view, model);
    bool toB = true;
    for (auto _ : state) {
        model.clear();
        fill(model, toB ? *data.b : *data.a);
        toB = !toB;
        state.PauseTiming();
        QCoreApplication::processEvents();
        state.ResumeTiming();
    }
    setCounters(state);
}

BENCHMARK(BM_TreeMerge)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeAndPaint)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeNoDigests)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeAllRowsSeen)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeNoView)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeThroughProxy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TreeMergeHealthChange)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AttachHealth)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_FilterSearch)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_StandardItemRebuild)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
} // namespace pathlens

PATHLENS_QT_BENCHMARK_MAIN()
