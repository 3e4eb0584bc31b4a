// The path diagram of one back-end disk: all its paths through every port,
// the three columns, and the measured share of reads and writes per path,
// from successive readings of 32-bit counters that wrap and sometimes reset.

#include "model/pathdiagram.h"
#include "model/snapshotbuilder.h"
#include "platform/lab/labbackend.h"

#include <QString>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

// 2024-06-10 10:00 UTC, after the shipped labs' trafficSince.
const TimePoint Start = TimePoint(std::chrono::seconds(1'718'013'600));

/// The shipped default lab on a clock the test steps.
struct Lab {
    std::unique_ptr<LabBackend> backend;
    TimePoint now = Start;

    Lab()
    {
        auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/default-lab.json");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().toString();
            return;
        }
        backend = std::move(loaded).value();
        backend->setClock([this] { return now; });
    }

    /// One refresh: the snapshot, and its counters into the tracker.
    InventorySnapshot read(PathIoTracker &tracker)
    {
        const SourceData sources = readSources(*backend);
        InventorySnapshot snapshot = buildSnapshot(sources);
        tracker.update(readPathCounters(sources, snapshot));
        return snapshot;
    }
};

/// The request for a disk by server name and disk caption.
PathDiagramRequest requestFor(const InventorySnapshot &snapshot, const std::string &serverName,
                              const std::string &caption)
{
    for (const ServerEntry &server : snapshot.servers) {
        if (server.server.name != serverName)
            continue;
        for (const PortEntry &port : server.ports)
            for (const DiskEntry &disk : port.disks)
                if (disk.caption == caption)
                    return PathDiagramRequest{server.key, disk.key, disk.owner, {}, 1.0};
    }
    ADD_FAILURE() << "no disk " << caption << " on " << serverName;
    return {};
}

const PathDiagramEdge *edgeWithIo(const PathDiagram &diagram)
{
    const auto found = std::find_if(diagram.edges.begin(), diagram.edges.end(),
                                    [](const PathDiagramEdge &e) { return e.io.carriesIo; });
    return found == diagram.edges.end() ? nullptr : &*found;
}

TEST(PathDiagramLab, ProblemDiskShowsItsIoOnTheNonOptimizedPath)
{
    Lab lab;
    ASSERT_TRUE(lab.backend);
    PathIoTracker tracker;
    lab.read(tracker);
    lab.now += 5s;
    const InventorySnapshot snapshot = lab.read(tracker);

    // LUN 1 belongs to SP B, but SANsymphony's driver reads it through SP A.
    const PathDiagram diagram = buildPathDiagram(snapshot, requestFor(snapshot, "DCS-A", "DGC VRAID LUN 1"), &tracker);
    ASSERT_EQ(diagram.edges.size(), 8u);
    EXPECT_EQ(diagram.owner, PathOwner::DataCoreDriver);
    EXPECT_TRUE(diagram.ioMeasured);
    EXPECT_EQ(diagram.ioInterval, 5000ms);

    std::size_t carrying = 0;
    for (const PathDiagramEdge &edge : diagram.edges)
        carrying += edge.io.carriesIo ? 1 : 0;
    EXPECT_EQ(carrying, 1u);
    const PathDiagramEdge *busy = edgeWithIo(diagram);
    ASSERT_NE(busy, nullptr);
    EXPECT_TRUE(busy->inUse);
    EXPECT_EQ(busy->shownState(), PathState::ActiveUnoptimized);
    EXPECT_EQ(busy->name, "path 004|000|000|001 via DCS-A BE1");
    ASSERT_TRUE(busy->io.readShare && busy->io.writeShare);
    EXPECT_NEAR(*busy->io.readShare, 1.0, 0.01);
    EXPECT_NEAR(*busy->io.writeShare, 1.0, 0.01);
    EXPECT_EQ(busy->ioLabel, "R 100 % / W 100 %");
    // The lab's LUN 1 runs about 1,500 reads/s (with up to 30 % jitter and slow swings).
    EXPECT_GT(busy->io.delta.readRate(), 300.0);
    EXPECT_LT(busy->io.delta.readRate(), 3000.0);
    EXPECT_NE(diagram.ioSummary.find("Measured over 5 s"), std::string::npos) << diagram.ioSummary;

    // Every other path is known to the driver but idle, and says so.
    for (const PathDiagramEdge &edge : diagram.edges) {
        if (&edge == busy)
            continue;
        EXPECT_TRUE(edge.ioLabel.empty()) << edge.name;
        EXPECT_TRUE(edge.io.measured()) << edge.name;
        EXPECT_EQ(edge.io.readShare.value_or(-1), 0.0) << edge.name;
    }
}

TEST(PathDiagramLab, DiskUnderTwoPortsGathersAllItsPathsInThreeColumns)
{
    Lab lab;
    ASSERT_TRUE(lab.backend);
    PathIoTracker tracker;
    const InventorySnapshot snapshot = lab.read(tracker);
    const PathDiagramRequest request = requestFor(snapshot, "DCS-A", "DGC VRAID LUN 1");

    // The disk shows under BE1 and BE2, four paths each.
    std::set<std::string> portsWithDisk;
    for (const ServerEntry &server : snapshot.servers)
        if (server.key == request.serverKey)
            for (const PortEntry &port : server.ports)
                for (const DiskEntry &disk : port.disks)
                    if (disk.key == request.diskKey)
                        portsWithDisk.insert(port.displayName());
    EXPECT_EQ(portsWithDisk, (std::set<std::string>{"DCS-A BE1", "DCS-A BE2"}));

    const PathDiagram diagram = buildPathDiagram(snapshot, request, &tracker);
    EXPECT_EQ(diagram.title, "DCS-A / DGC VRAID LUN 1");
    EXPECT_EQ(diagram.edges.size(), 8u);
    EXPECT_EQ(diagram.count(PathDiagramNode::Kind::Initiator), 2u);
    EXPECT_EQ(diagram.count(PathDiagramNode::Kind::Target), 8u);
    EXPECT_EQ(diagram.count(PathDiagramNode::Kind::TargetPortGroup), 2u);
    EXPECT_EQ(diagram.rows, 8);

    // Initiators carry their PCI location; groups their ALUA state (LUN 1 is SP B's).
    const PathDiagramNode &be1 = diagram.nodes[0];
    EXPECT_EQ(be1.title, "DCS-A BE1");
    EXPECT_EQ(be1.subtitle.rfind("PCI ", 0), 0u) << be1.subtitle;
    std::map<std::string, PathState> groups;
    for (const PathDiagramNode &node : diagram.nodes)
        if (node.kind == PathDiagramNode::Kind::TargetPortGroup)
            groups[node.title] = node.state;
    EXPECT_EQ(groups, (std::map<std::string, PathState>{{"TPG 1", PathState::ActiveUnoptimized},
                                                         {"TPG 2", PathState::ActiveOptimized}}));

    // Each edge joins nodes of the three columns, and each edge's group is its TPG.
    for (const PathDiagramEdge &edge : diagram.edges) {
        EXPECT_EQ(diagram.nodes[edge.initiator].kind, PathDiagramNode::Kind::Initiator);
        EXPECT_EQ(diagram.nodes[edge.target].kind, PathDiagramNode::Kind::Target);
        ASSERT_EQ(diagram.nodes[edge.group].kind, PathDiagramNode::Kind::TargetPortGroup);
        ASSERT_TRUE(edge.tpgId);
        EXPECT_EQ(diagram.nodes[edge.group].title, "TPG " + std::to_string(*edge.tpgId));
        EXPECT_EQ(edge.keyPath.rfind(request.serverKey + '/', 0), 0u);
    }

    // One reading only: nothing measured yet, and nothing drawn as busy.
    EXPECT_FALSE(diagram.ioMeasured);
    EXPECT_EQ(edgeWithIo(diagram), nullptr);
    EXPECT_NE(diagram.ioSummary.find("second reading"), std::string::npos) << diagram.ioSummary;
}

TEST(PathDiagramLab, SelectedPathIsHighlighted)
{
    Lab lab;
    ASSERT_TRUE(lab.backend);
    PathIoTracker tracker;
    const InventorySnapshot snapshot = lab.read(tracker);
    PathDiagramRequest request = requestFor(snapshot, "DCS-A", "DGC VRAID LUN 1");
    const PathDiagram plain = buildPathDiagram(snapshot, request);
    ASSERT_GE(plain.edges.size(), 3u);
    request.highlightPathKey = plain.edges[2].pathKey;
    const PathDiagram diagram = buildPathDiagram(snapshot, request);
    for (std::size_t i = 0; i < diagram.edges.size(); ++i)
        EXPECT_EQ(diagram.edges[i].highlighted, i == 2);
}

TEST(PathDiagram, UnknownDiskGivesAnEmptyDiagram)
{
    InventorySnapshot snapshot;
    EXPECT_TRUE(buildPathDiagram(snapshot, PathDiagramRequest{"nope", "disk", {}, {}, 1.0}).empty());
}

// ------------------------------------------------------ hand-made readings

/// One server, one LUN under two ports: "p1" (PCI 175:0.0) with paths a and
/// b, "p2" with path c; the LUN's group 1 is A/O, group 2 A/NO.
InventorySnapshot twoPortSnapshot(const std::string &portAlias = "HBA 1")
{
    InventorySnapshot snapshot;
    ServerEntry server;
    server.key = "srv";
    server.server.id = "srv";
    server.server.name = "SRV";
    auto makePath = [](const std::string &key, std::uint32_t scsiPort, std::uint32_t target, PathState state,
                       std::uint32_t tpg) {
        PathEntry path;
        path.key = key;
        path.owner = PathOwner::Mpio;
        path.state = state;
        path.tpgState = state;
        path.tpgId = tpg;
        path.scsi = ScsiAddress{scsiPort, 0, target, 7};
        return path;
    };
    auto makePort = [](const std::string &key, const std::string &alias, std::uint32_t bus) {
        PortEntry port;
        port.key = key;
        DataCorePort dc;
        dc.id = key;
        dc.alias = alias;
        dc.roles = RoleBackEnd;
        dc.type = PortType::FibreChannel;
        dc.presence = Presence::Present;
        dc.portName = "21:00:00:24:ff:00:00:0" + std::to_string(bus);
        dc.pci = PciLocation{bus, 0, 0};
        port.port = dc;
        return port;
    };
    DiskEntry disk;
    disk.key = "LUN7";
    disk.caption = "Array LUN 7";
    disk.owner = PathOwner::Mpio;

    PortEntry p1 = makePort("p1", portAlias, 175);
    DiskEntry d1 = disk;
    d1.paths = {makePath("a", 4, 0, PathState::ActiveOptimized, 1), makePath("b", 4, 2, PathState::ActiveUnoptimized, 2)};
    p1.disks.push_back(d1);
    PortEntry p2 = makePort("p2", "HBA 2", 176);
    DiskEntry d2 = disk;
    d2.paths = {makePath("c", 5, 1, PathState::ActiveOptimized, 1)};
    p2.disks.push_back(d2);
    server.ports = {p1, p2};
    snapshot.servers.push_back(server);
    return snapshot;
}

PathCounters counters(std::uint32_t reads, std::uint32_t writes, TimePoint taken, std::uint64_t bytes = 1'000'000)
{
    PathCounters c;
    c.reads = reads;
    c.writes = writes;
    c.bytesRead = bytes;
    c.bytesWritten = bytes;
    c.taken = taken;
    return c;
}

PathCounterReadings readings(std::initializer_list<std::pair<std::string, PathCounters>> paths)
{
    PathCounterReadings r;
    for (const auto &[key, c] : paths)
        r.byPath.emplace("srv/LUN7/" + key, c);
    return r;
}

const PathDiagramEdge &edge(const PathDiagram &diagram, const std::string &key)
{
    const auto found = std::find_if(diagram.edges.begin(), diagram.edges.end(),
                                    [&](const PathDiagramEdge &e) { return e.pathKey == key; });
    if (found == diagram.edges.end())
        throw std::runtime_error("no edge " + key);
    return *found;
}

const PathDiagramRequest lun7{"srv", "LUN7", {}, {}, 1.0};

TEST(PathDiagram, SharesSplitTheDisksIoBetweenPaths)
{
    const InventorySnapshot snapshot = twoPortSnapshot();
    PathIoTracker tracker;
    tracker.update(readings({{"a", counters(1000, 500, Start)}, {"b", counters(0, 0, Start)}, {"c", counters(1000, 0, Start)}}));
    tracker.update(readings({{"a", counters(1300, 600, Start + 2s)},
                             {"b", counters(1, 0, Start + 2s)},
                             {"c", counters(1100, 0, Start + 2s)}}));
    const PathDiagram diagram = buildPathDiagram(snapshot, lun7, &tracker);
    ASSERT_EQ(diagram.edges.size(), 3u);
    // 300 + 1 + 100 reads: a has 75 %, the single read on b is noise (0.5/s), c has 25 %.
    EXPECT_EQ(edge(diagram, "a").ioLabel, "R 75 % / W 100 %");
    EXPECT_EQ(edge(diagram, "c").ioLabel, "R 25 % / W 0 %");
    EXPECT_TRUE(edge(diagram, "b").ioLabel.empty());
    EXPECT_FALSE(edge(diagram, "b").io.carriesIo);
    EXPECT_NEAR(diagram.readRate, 200.5, 1e-9);
    EXPECT_NEAR(diagram.writeRate, 50.0, 1e-9);
}

TEST(PathDiagram, WrappedCountersAreCountedNotLost)
{
    const InventorySnapshot snapshot = twoPortSnapshot();
    PathIoTracker tracker;
    tracker.update(readings({{"a", counters(0xFFFFFF00u, 0xFFFFFFF0u, Start)}, {"c", counters(10, 10, Start)}}));
    tracker.update(readings({{"a", counters(0x100u, 0x10u, Start + 1s, 2'000'000)}, {"c", counters(10, 10, Start + 1s)}}));
    const PathDiagram diagram = buildPathDiagram(snapshot, lun7, &tracker);
    const PathDiagramEdge &a = edge(diagram, "a");
    ASSERT_TRUE(a.io.measured());
    EXPECT_EQ(a.io.delta.reads, 0x200u);
    EXPECT_EQ(a.io.delta.writes, 0x20u);
    EXPECT_EQ(a.ioLabel, "R 100 % / W 100 %");
    EXPECT_TRUE(diagram.ioMeasured);
    // b has no counters: the shares are of what was measured, and it says so.
    EXPECT_NE(edge(diagram, "b").details.back().find("No I/O counters"), std::string::npos);
}

TEST(PathDiagram, CounterResetIsNotMeasuredNotASpike)
{
    const InventorySnapshot snapshot = twoPortSnapshot();
    PathIoTracker tracker;
    tracker.update(readings({{"a", counters(3'000'000'000u, 5000, Start, 900'000'000)}}));
    // The counters restarted (a reboot, MSDsmClearCounters): bytes fell too.
    tracker.update(readings({{"a", counters(40, 2, Start + 5s, 4096)}}));
    PathDiagram diagram = buildPathDiagram(snapshot, lun7, &tracker);
    EXPECT_EQ(edge(diagram, "a").io.delta.status, CounterDelta::Status::Reset);
    EXPECT_FALSE(diagram.ioMeasured);
    EXPECT_EQ(edgeWithIo(diagram), nullptr);
    EXPECT_NE(diagram.ioSummary.find("restarted"), std::string::npos) << diagram.ioSummary;

    // The reading after the reset is the new reference.
    tracker.update(readings({{"a", counters(540, 2, Start + 10s, 8192)}}));
    diagram = buildPathDiagram(snapshot, lun7, &tracker);
    EXPECT_TRUE(edge(diagram, "a").io.measured());
    EXPECT_EQ(edge(diagram, "a").io.delta.reads, 500u);
    EXPECT_EQ(edge(diagram, "a").ioLabel, "R 100 % / W \u2013");
}

TEST(PathDiagram, SameReadingTwiceKeepsTheMeasurement)
{
    PathIoTracker tracker;
    const auto first = readings({{"a", counters(100, 0, Start)}});
    const auto second = readings({{"a", counters(600, 0, Start + 5s)}});
    tracker.update(first);
    tracker.update(second);
    tracker.update(second); // the same refresh handed over again
    EXPECT_EQ(tracker.delta("srv/LUN7/a").reads, 500u);
    EXPECT_TRUE(tracker.delta("srv/LUN7/a").measured());

    // A path missing from a reading starts afresh when it returns.
    tracker.update(readings({}));
    EXPECT_FALSE(tracker.hasReading("srv/LUN7/a"));
    tracker.update(readings({{"a", counters(700, 0, Start + 15s)}}));
    EXPECT_FALSE(tracker.delta("srv/LUN7/a").measured());
}

TEST(PathDiagram, LongPauseIsNotMeasured)
{
    const InventorySnapshot snapshot = twoPortSnapshot();
    PathIoTracker tracker;
    tracker.update(readings({{"a", counters(100, 0, Start)}}));
    tracker.update(readings({{"a", counters(9'000'000, 0, Start + 1h)}}));
    const PathDiagram diagram = buildPathDiagram(snapshot, lun7, &tracker);
    EXPECT_EQ(edge(diagram, "a").io.delta.status, CounterDelta::Status::Gap);
    EXPECT_NE(diagram.ioSummary.find("too old"), std::string::npos) << diagram.ioSummary;
}

TEST(PathDiagram, ColumnsOrderAndPlaceTheNodes)
{
    InventorySnapshot snapshot = twoPortSnapshot();
    // A path without a target port group leads to the unknown group, listed last.
    PathEntry loose;
    loose.key = "d";
    loose.state = PathState::Standby;
    loose.scsi = ScsiAddress{5, 0, 3, 7};
    snapshot.servers[0].ports[1].disks[0].paths.push_back(loose);

    const PathDiagram diagram = buildPathDiagram(snapshot, lun7);
    ASSERT_EQ(diagram.nodes.size(), 2u + 4u + 3u);
    std::vector<std::string> titles;
    for (const PathDiagramNode &node : diagram.nodes)
        titles.push_back(node.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"HBA 1", "HBA 2", "Target 0", "Target 2", "Target 1", "Target 3",
                                                "TPG 1", "TPG 2", "Group unknown"}));
    // Initiators sit beside their targets; slots stay inside the rows.
    EXPECT_DOUBLE_EQ(diagram.nodes[0].slot, 0.5);
    EXPECT_DOUBLE_EQ(diagram.nodes[1].slot, 2.5);
    for (const PathDiagramNode &node : diagram.nodes) {
        EXPECT_GE(node.slot, 0.0);
        EXPECT_LE(node.slot, diagram.rows - 1.0);
    }
    EXPECT_EQ(diagram.nodes[0].keyPath, "srv/p1");
    EXPECT_EQ(diagram.nodes[0].subtitle, "PCI 175:0.0 (af:00.0)");
    EXPECT_EQ(diagram.nodes.back().state, PathState::Unknown);
    EXPECT_EQ(pathStroke(edge(diagram, "d").shownState()), PathStroke::Dotted);
    EXPECT_EQ(pathStroke(PathState::ActiveOptimized), PathStroke::Solid);
    EXPECT_EQ(pathStroke(PathState::ActiveUnoptimized), PathStroke::Dashed);
    EXPECT_EQ(pathStroke(PathState::Failed), PathStroke::Crossed);
}

TEST(PathDiagram, LayoutKeepsNodesApartAndInsideForOneToSixteenPaths)
{
    for (int paths : {1, 2, 8, 16}) {
        InventorySnapshot snapshot = twoPortSnapshot();
        auto &list = snapshot.servers[0].ports[0].disks[0].paths;
        list.resize(1);
        snapshot.servers[0].ports[1].disks[0].paths.clear();
        for (int i = 1; i < paths; ++i) {
            PathEntry extra = list.front();
            extra.key = "x" + std::to_string(i);
            extra.scsi.target = std::uint32_t(i);
            extra.tpgId = std::uint32_t(1 + i % 2);
            (i % 2 ? snapshot.servers[0].ports[1] : snapshot.servers[0].ports[0]).disks[0].paths.push_back(extra);
        }
        const PathDiagram diagram = buildPathDiagram(snapshot, lun7);
        ASSERT_EQ(diagram.edges.size(), std::size_t(paths));
        for (double width : {300.0, 460.0, 900.0}) {
            PathDiagramMetrics metrics;
            metrics.width = width;
            const PathDiagramGeometry g = layoutPathDiagram(diagram, metrics);
            const QRectF bounds(QPointF(0, 0), g.size);
            for (std::size_t i = 0; i < g.nodes.size(); ++i) {
                EXPECT_TRUE(bounds.contains(g.nodes[i])) << paths << " paths, width " << width << ", node " << i;
                for (std::size_t j = i + 1; j < g.nodes.size(); ++j)
                    EXPECT_FALSE(g.nodes[i].intersects(g.nodes[j])) << paths << " paths, nodes " << i << ", " << j;
            }
            for (const auto &e : g.edges) {
                EXPECT_TRUE(bounds.contains(e.label));
                EXPECT_LE(e.label.right(), e.stubEnd.x() + 0.5);
            }
            EXPECT_TRUE(bounds.contains(g.legend));
        }
    }
}

TEST(PathDiagram, ShareLabelsNeverRoundToAllOrNothing)
{
    EXPECT_EQ(ioShareLabel(0.996, 1.0), "R 99 % / W 100 %");
    EXPECT_EQ(ioShareLabel(0.004, 0.0), "R <1 % / W 0 %");
    EXPECT_EQ(ioShareLabel(std::nullopt, 0.5), "R \u2013 / W 50 %");
}

// -------------------------------------------------------------------- SVG

TEST(PathDiagramSvg, EscapesHostileNamesAndStaysWellFormed)
{
    const std::string hostile = "<script>alert(\"x\")</script> & 'quotes'\nnew line";
    InventorySnapshot snapshot = twoPortSnapshot(hostile);
    snapshot.servers[0].server.name = "</title><script>";
    PathIoTracker tracker;
    tracker.update(readings({{"a", counters(0, 0, Start)}}));
    tracker.update(readings({{"a", counters(1000, 10, Start + 1s)}}));
    const std::string svg = renderPathDiagramSvg(buildPathDiagram(snapshot, lun7, &tracker));

    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("</title><script>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(svg.find("&amp;"), std::string::npos);
    EXPECT_NE(svg.find("R 100 % / W 100 %"), std::string::npos);

    // Well-formed XML, and the hostile text comes back as text.
    QXmlStreamReader reader(QString::fromStdString(svg));
    bool sawHostileText = false;
    int elements = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            ++elements;
            EXPECT_NE(reader.name().toString(), QStringLiteral("script"));
        }
        if (reader.isCharacters() && reader.text().contains(QStringLiteral("<script>alert(\"x\")")))
            sawHostileText = true;
    }
    EXPECT_FALSE(reader.hasError()) << reader.errorString().toStdString();
    EXPECT_TRUE(sawHostileText);
    EXPECT_GT(elements, 20);
}

TEST(PathDiagramSvg, EmptyDiagramSaysSo)
{
    const std::string svg = renderPathDiagramSvg(PathDiagram{});
    EXPECT_NE(svg.find("No paths to show."), std::string::npos);
    QXmlStreamReader reader(QString::fromStdString(svg));
    while (!reader.atEnd())
        reader.readNext();
    EXPECT_FALSE(reader.hasError());
}

} // namespace
} // namespace pathlens
