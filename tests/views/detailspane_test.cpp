// The details pane's path diagram on the default lab: a disk row shows all
// the disk's paths with the I/O where it flows, a path row marks its path,
// other rows show no diagram, and a click in the diagram leads to the row.

#include "model/inventorytreemodel.h"
#include "model/pathcounters.h"
#include "model/snapshotbuilder.h"
#include "platform/lab/labbackend.h"
#include "views/detailspane.h"
#include "views/pathdiagramwidget.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

#include <memory>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;
const TimePoint Start = TimePoint(std::chrono::seconds(1'718'013'600));

class DetailsPaneDiagramTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/default-lab.json");
        ASSERT_TRUE(loaded) << loaded.error().toString();
        lab = std::move(loaded).value();
        lab->setClock([this] { return now; });
        pane = std::make_unique<DetailsPane>(model);
    }

    /// One refresh as the application does it: the tree, then the counters.
    void refresh()
    {
        const SourceData sources = readSources(*lab);
        auto snapshot = std::make_shared<InventorySnapshot>(buildSnapshot(sources));
        updateDigests(*snapshot);
        model.apply(snapshot);
        pane->setCounterReadings(readPathCounters(sources, *snapshot));
    }

    /// The row of DCS-A's LUN 1 under its first port, and that port's key path.
    QModelIndex lun1Row() const
    {
        for (int s = 0; s < model.rowCount(); ++s) {
            const QModelIndex server = model.index(s, 0);
            if (server.data().toString() != QLatin1String("DCS-A"))
                continue;
            for (int p = 0; p < model.rowCount(server); ++p) {
                const QModelIndex port = model.index(p, 0, server);
                for (int d = 0; d < model.rowCount(port); ++d) {
                    const QModelIndex disk = model.index(d, 0, port);
                    const auto node = model.nodeAt(disk);
                    if (node && node->disk && node->disk->caption == "DGC VRAID LUN 1")
                        return disk;
                }
            }
        }
        return {};
    }

    std::unique_ptr<LabBackend> lab;
    TimePoint now = Start;
    InventoryTreeModel model;
    std::unique_ptr<DetailsPane> pane;
};

TEST_F(DetailsPaneDiagramTest, DiskRowShowsWhereItsIoFlows)
{
    refresh();
    now += 5s;
    refresh();
    const QModelIndex disk = lun1Row();
    ASSERT_TRUE(disk.isValid());
    pane->setCurrentIndex(disk);
    pane->renderNow();

    ASSERT_TRUE(pane->isPathDiagramShown());
    const PathDiagramWidget *diagram = pane->pathDiagram();
    // All eight paths, though the row under this port holds four.
    EXPECT_EQ(diagram->diagram().edges.size(), 8u);
    EXPECT_EQ(model.rowCount(disk), 4);
    const auto labels = diagram->edgeLabels();
    ASSERT_EQ(labels.size(), 1);
    EXPECT_EQ(labels[0].text, QStringLiteral("R 100 % / W 100 %"));
    const PathDiagramEdge &busy = diagram->diagram().edges[std::size_t(labels[0].edge)];
    EXPECT_EQ(busy.shownState(), PathState::ActiveUnoptimized);
    EXPECT_TRUE(busy.inUse);
    // The page itself is still there.
    EXPECT_TRUE(pane->plainText().contains(QStringLiteral("Through all ports")));

    // The next refresh measures the next interval.
    now += 10s;
    refresh();
    pane->renderNow();
    EXPECT_EQ(pane->pathDiagram()->diagram().ioInterval, 10000ms);
}

TEST_F(DetailsPaneDiagramTest, OneReadingSaysNotMeasuredYet)
{
    refresh();
    pane->setCurrentIndex(lun1Row());
    pane->renderNow();
    ASSERT_TRUE(pane->isPathDiagramShown());
    EXPECT_TRUE(pane->pathDiagram()->edgeLabels().isEmpty());
    EXPECT_TRUE(pane->pathDiagram()->legendText().contains(QStringLiteral("second reading")));
}

TEST_F(DetailsPaneDiagramTest, PathRowMarksItsPathAndOtherRowsShowNone)
{
    refresh();
    const QModelIndex disk = lun1Row();
    ASSERT_TRUE(disk.isValid());
    const QModelIndex path = model.index(2, 0, disk);
    pane->setCurrentIndex(path);
    pane->renderNow();
    ASSERT_TRUE(pane->isPathDiagramShown());
    int highlighted = 0;
    for (const PathDiagramEdge &edge : pane->pathDiagram()->diagram().edges) {
        if (edge.highlighted) {
            ++highlighted;
            EXPECT_EQ(QString::fromStdString(edge.keyPath), path.data(InventoryTreeModel::KeyPathRole).toString());
        }
    }
    EXPECT_EQ(highlighted, 1);

    pane->setCurrentIndex(disk.parent().parent()); // the server
    pane->renderNow();
    EXPECT_FALSE(pane->isPathDiagramShown());
    pane->setCurrentIndex({});
    pane->renderNow();
    EXPECT_FALSE(pane->isPathDiagramShown());
}

TEST_F(DetailsPaneDiagramTest, ClickInTheDiagramNavigatesToTheRow)
{
    refresh();
    pane->setCurrentIndex(lun1Row());
    pane->renderNow();
    QSignalSpy navigate(pane.get(), &DetailsPane::navigateRequested);
    const PathDiagramEdge &last = pane->pathDiagram()->diagram().edges.back();
    Q_EMIT pane->pathDiagram()->rowActivated(QString::fromStdString(last.keyPath));
    ASSERT_EQ(navigate.count(), 1);
    const QModelIndex target = navigate.at(0).at(0).value<QModelIndex>();
    EXPECT_EQ(target.data(InventoryTreeModel::KeyPathRole).toString(), QString::fromStdString(last.keyPath));
}

} // namespace
} // namespace pathlens
