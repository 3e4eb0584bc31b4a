// The path diagram as painted: any number of paths from none to sixteen,
// long names elided, the I/O labels where the I/O is, tooltips that explain
// each line, and a click that leads to the path's row.

#include "model/pathdiagram.h"
#include "views/pathdiagramwidget.h"

#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include <gtest/gtest.h>

#include <set>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;
const TimePoint Start = TimePoint(std::chrono::seconds(1'718'013'600));

/// One server with a LUN reached over @p paths paths, alternating between
/// two HBA ports and two target port groups (group 1 A/O, group 2 A/NO); the
/// first path fails when there are more than two.
InventorySnapshot snapshotWith(int paths, const std::string &alias = "DCS-A BE1")
{
    InventorySnapshot snapshot;
    ServerEntry server;
    server.key = "srv";
    server.server.name = "DCS-A";
    for (int p = 0; p < 2; ++p) {
        PortEntry port;
        port.key = "be" + std::to_string(p + 1);
        DataCorePort dc;
        dc.id = port.key;
        dc.alias = p == 0 ? alias : "DCS-A BE2";
        dc.roles = RoleBackEnd;
        dc.type = PortType::FibreChannel;
        dc.presence = Presence::Present;
        dc.pci = PciLocation{175, 0, std::uint32_t(p)};
        port.port = dc;
        DiskEntry disk;
        disk.key = "LUN1";
        disk.caption = "DGC VRAID LUN 1";
        port.disks.push_back(disk);
        server.ports.push_back(port);
    }
    for (int i = 0; i < paths; ++i) {
        PathEntry path;
        path.key = "path" + std::to_string(i);
        path.pathId = 0x77040000u + std::uint64_t(i);
        path.tpgId = std::uint32_t(1 + (i / 2) % 2);
        path.state = path.tpgId == 1u ? PathState::ActiveOptimized : PathState::ActiveUnoptimized;
        if (paths > 2 && i == 0)
            path.state = PathState::Failed;
        path.tpgState = path.tpgId == 1u ? PathState::ActiveOptimized : PathState::ActiveUnoptimized;
        path.scsi = ScsiAddress{std::uint32_t(4 + i % 2), 0, std::uint32_t(i / 2), 1};
        server.ports[std::size_t(i % 2)].disks[0].paths.push_back(path);
    }
    snapshot.servers.push_back(server);
    return snapshot;
}

PathCounters counters(std::uint32_t reads, std::uint32_t writes, TimePoint taken)
{
    PathCounters c;
    c.reads = reads;
    c.writes = writes;
    c.taken = taken;
    return c;
}

const PathDiagramRequest lun1{"srv", "LUN1", {}, {}, 1.0};

/// The diagram with I/O on path 2 (A/NO: all reads) and path 1 (writes only).
PathDiagram busyDiagram(int paths, const std::string &alias = "DCS-A BE1")
{
    PathIoTracker tracker;
    PathCounterReadings before, after;
    for (int i = 0; i < paths; ++i) {
        const std::string id = "srv/LUN1/path" + std::to_string(i);
        before.byPath[id] = counters(1000, 1000, Start);
        const std::uint32_t reads = i == 2 ? 11'000 : 1000;
        const std::uint32_t writes = i == 2 ? 4000 : i == 1 ? 2000 : 1000;
        after.byPath[id] = counters(reads, writes, Start + 10s);
    }
    tracker.update(before);
    tracker.update(after);
    return buildPathDiagram(snapshotWith(paths, alias), lun1, &tracker);
}

QImage renderToImage(PathDiagramWidget &widget)
{
    QImage image(widget.size(), QImage::Format_ARGB32);
    image.fill(Qt::magenta);
    widget.render(&image);
    return image;
}

std::set<QRgb> colours(const QImage &image)
{
    std::set<QRgb> seen;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            seen.insert(image.pixel(x, y));
    return seen;
}

TEST(PathDiagramWidget, RendersNoneOneEightAndSixteenPaths)
{
    for (int paths : {0, 1, 8, 16}) {
        PathDiagramWidget widget;
        widget.setDiagram(busyDiagram(paths));
        const QSize hint = widget.sizeHint();
        EXPECT_GT(hint.width(), 200) << paths;
        EXPECT_GT(hint.height(), 20) << paths;
        widget.resize(hint);
        const QImage image = renderToImage(widget);
        ASSERT_FALSE(image.isNull());
        EXPECT_FALSE(colours(image).count(qRgb(255, 0, 255))) << "unpainted pixels with " << paths << " paths";
        EXPECT_EQ(int(widget.diagram().edges.size()), paths);
        if (paths == 0) {
            EXPECT_TRUE(widget.edgeLabels().isEmpty());
            continue;
        }
        // Every box and label inside the widget.
        const QRectF bounds(QPointF(0, 0), QSizeF(widget.size()));
        for (const QRectF &node : widget.layoutGeometry().nodes)
            EXPECT_TRUE(bounds.contains(node)) << paths;
        const auto labels = widget.edgeLabels();
        for (const auto &label : labels)
            EXPECT_TRUE(bounds.contains(label.rect)) << paths;
        for (int i = 0; i < labels.size(); ++i)
            for (int j = i + 1; j < labels.size(); ++j)
                EXPECT_FALSE(labels[i].rect.intersects(labels[j].rect)) << paths << " paths, labels overlap";
        EXPECT_GT(colours(image).size(), 8u) << "a diagram has lines, boxes and text";
    }
    PathDiagramWidget small;
    small.setDiagram(busyDiagram(1));
    EXPECT_LT(small.sizeHint().height(), [] {
        PathDiagramWidget big;
        big.setDiagram(busyDiagram(16));
        return big.sizeHint().height();
    }());
}

TEST(PathDiagramWidget, LabelsTheIoWhereItFlows)
{
    PathDiagramWidget widget;
    widget.setDiagram(busyDiagram(8));
    widget.resize(widget.sizeHint());
    const auto labels = widget.edgeLabels();
    ASSERT_EQ(labels.size(), 2); // the other paths moved nothing
    std::map<std::string, QString> byPath;
    for (const auto &label : labels)
        byPath[widget.diagram().edges[std::size_t(label.edge)].pathKey] = label.text;
    // All 10,000 reads and 3,000 of 4,000 writes on the A/NO path 2; path 1 only writes.
    EXPECT_EQ(byPath["path2"], QStringLiteral("R 100 % / W 75 %"));
    EXPECT_EQ(byPath["path1"], QStringLiteral("R 0 % / W 25 %"));
    // The label sits on its own path's line, right of its target box.
    for (const auto &label : labels) {
        const auto &e = widget.layoutGeometry().edges[std::size_t(label.edge)];
        EXPECT_NEAR(label.rect.bottom(), e.targetOut.y() - 2, 1.0);
        EXPECT_GE(label.rect.left(), e.targetOut.x());
    }
    EXPECT_TRUE(widget.legendText().contains(QStringLiteral("dashed A/NO")));
    EXPECT_TRUE(widget.legendText().contains(QStringLiteral("Measured over 10 s")));
}

TEST(PathDiagramWidget, QuietPathsHaveNoLabel)
{
    PathIoTracker tracker;
    tracker.update(PathCounterReadings{{{"srv/LUN1/path0", counters(5, 5, Start)}, {"srv/LUN1/path1", counters(5, 5, Start)}}});
    tracker.update(PathCounterReadings{{{"srv/LUN1/path0", counters(5005, 5, Start + 5s)}, {"srv/LUN1/path1", counters(6, 5, Start + 5s)}}});
    PathDiagramWidget widget;
    widget.setDiagram(buildPathDiagram(snapshotWith(2), lun1, &tracker));
    widget.resize(widget.sizeHint());
    const auto labels = widget.edgeLabels();
    ASSERT_EQ(labels.size(), 1);
    // The one stray read on path 1 keeps path 0 from "all" of them; no writes at all.
    EXPECT_EQ(labels[0].text.toStdString(), "R 99 % / W \u2013");
    EXPECT_EQ(widget.diagram().edges[std::size_t(labels[0].edge)].pathKey, "path0");
}

TEST(PathDiagramWidget, LongNamesAreElidedToTheirBoxes)
{
    const std::string longAlias(200, 'W');
    PathDiagramWidget widget;
    widget.setDiagram(busyDiagram(4, longAlias + "<b>bold</b>"));
    widget.resize(420, widget.sizeHint().height());
    const QStringList texts = widget.nodeTexts();
    ASSERT_FALSE(texts.isEmpty());
    const QString first = texts.first().section(QLatin1Char('\n'), 0, 0);
    EXPECT_TRUE(first.endsWith(QChar(0x2026))) << first.toStdString();
    QFont bold = widget.font();
    bold.setBold(true);
    EXPECT_LE(QFontMetricsF(bold).horizontalAdvance(first), widget.layoutGeometry().nodes[0].width());
    const QImage image = renderToImage(widget);
    EXPECT_FALSE(image.isNull());
}

TEST(PathDiagramWidget, TooltipsExplainLinesAndBoxes)
{
    PathDiagramWidget widget;
    widget.setDiagram(busyDiagram(4, "<script>x</script>"));
    widget.resize(widget.sizeHint());
    const auto labels = widget.edgeLabels();
    ASSERT_FALSE(labels.isEmpty());
    // Over path 2's label: its name, its state and its share.
    int busy = -1;
    for (const auto &label : labels)
        if (widget.diagram().edges[std::size_t(label.edge)].pathKey == "path2")
            busy = int(&label - &labels[0]);
    ASSERT_GE(busy, 0);
    const QString tip = widget.toolTipTextAt(labels[busy].rect.center());
    EXPECT_TRUE(tip.contains(QStringLiteral("path 0000000077040002 via"))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QStringLiteral("State: Active/Unoptimized")));
    EXPECT_TRUE(tip.contains(QStringLiteral("of the disk's reads")));
    // A failed path's line is explained too (path 0, crossed out at its middle).
    const auto &failed = widget.layoutGeometry().edges[0];
    EXPECT_TRUE(widget.toolTipTextAt(failed.middle).contains(QStringLiteral("State: Failed")));
    // Boxes: the HBA port with its PCI location.
    const QString port = widget.toolTipTextAt(widget.layoutGeometry().nodes[0].center());
    EXPECT_TRUE(port.contains(QStringLiteral("PCI location: 175:0.0 (hex af:00.0)"))) << port.toStdString();
    EXPECT_TRUE(widget.toolTipTextAt(QPointF(1, 1)).isEmpty());

    // The tooltip shown on screen is escaped rich text.
    widget.show();
    QHelpEvent help(QEvent::ToolTip, widget.layoutGeometry().nodes[0].center().toPoint(),
                    widget.mapToGlobal(widget.layoutGeometry().nodes[0].center().toPoint()));
    QApplication::sendEvent(&widget, &help);
    EXPECT_TRUE(QToolTip::text().contains(QStringLiteral("&lt;script&gt;"))) << QToolTip::text().toStdString();
    QToolTip::hideText();
}

TEST(PathDiagramWidget, ClickingALineAsksForThePathsRow)
{
    PathDiagramWidget widget;
    widget.setDiagram(busyDiagram(4));
    widget.resize(widget.sizeHint());
    widget.show();
    QSignalSpy activated(&widget, &PathDiagramWidget::rowActivated);
    const auto &e = widget.layoutGeometry().edges[3];
    QTest::mouseClick(&widget, Qt::LeftButton, {}, QPointF((e.targetOut.x() + e.stubEnd.x()) / 2, e.targetOut.y()).toPoint());
    ASSERT_EQ(activated.count(), 1);
    EXPECT_EQ(activated.at(0).at(0).toString(), QStringLiteral("srv/be2/LUN1/path3"));
    QTest::mouseClick(&widget, Qt::LeftButton, {}, widget.layoutGeometry().nodes[0].center().toPoint());
    ASSERT_EQ(activated.count(), 2);
    EXPECT_EQ(activated.at(1).at(0).toString(), QStringLiteral("srv/be1"));
}

TEST(PathDiagramWidget, HighlightedPathIsPaintedDifferently)
{
    PathDiagram plain = busyDiagram(4);
    PathDiagram marked = plain;
    marked.edges[3].highlighted = true;
    PathDiagramWidget a, b;
    a.setDiagram(plain);
    b.setDiagram(marked);
    a.resize(a.sizeHint());
    b.resize(a.sizeHint());
    EXPECT_NE(renderToImage(a), renderToImage(b));
}

} // namespace
} // namespace pathlens
