// The chart panel on the simulated lab, with the lab's clock stepped by the
// test: the default lab's problem (DCS-A's LUN 1 read over its
// Active/Unoptimized path) is what the disk's chart shows.

#include "model/history/pathsampler.h"
#include "model/inventoryservice.h"
#include "model/inventorytreemodel.h"
#include "platform/lab/labbackend.h"
#include "views/charts/chartpanel.h"
#include "views/charts/chartstyle.h"
#include "views/charts/iochartview.h"
#include "views/charts/statetimeline.h"
#include "views/presentation.h"

#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>

namespace pathlens {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t StartMs = 1'718'013'600'000; // after the shipped labs' trafficSince

TEST(ChartPanelLab, TheDefaultLabsDiskShowsItsReadsOnTheNonOptimizedPath)
{
    std::atomic<std::int64_t> nowMs{StartMs};
    auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/default-lab.json");
    ASSERT_TRUE(loaded) << loaded.error().toString();
    auto backend = std::move(loaded).value();
    // Called on the service's worker; the test steps it between readings.
    backend->setClock([&nowMs] { return std::chrono::system_clock::time_point(std::chrono::milliseconds(nowMs.load())); });
    InventoryService service(std::move(backend));
    QSignalSpy refreshed(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(refreshed.wait(20'000));
    PathSampler sampler(&service);

    ChartPanel panel;
    panel.setSampler(&sampler);
    panel.setTreeModel(service.model());
    panel.setWindow(5min);
    // The disk row of DCS-A's LUN 1 whose paths include the one in use.
    const InventoryTreeModel &model = *service.model();
    QString diskKey;
    std::string inUse;
    for (int s = 0; s < model.rowCount(); ++s) {
        const QModelIndex server = model.index(s, 0);
        for (int p = 0; p < model.rowCount(server); ++p) {
            const QModelIndex port = model.index(p, 0, server);
            for (int d = 0; d < model.rowCount(port); ++d) {
                const QModelIndex disk = model.index(d, 0, port);
                const auto node = model.nodeAt(disk);
                if (!node || node->server->server.name != "DCS-A" || node->disk->caption != "DGC VRAID LUN 1")
                    continue;
                for (int r = 0; r < model.rowCount(disk); ++r) {
                    const QModelIndex path = model.index(r, 0, disk);
                    if (model.nodeAt(path)->path->inUse) {
                        diskKey = disk.data(InventoryTreeModel::KeyPathRole).toString();
                        inUse = path.data(InventoryTreeModel::KeyPathRole).toString().toStdString();
                    }
                }
            }
        }
    }
    ASSERT_FALSE(diskKey.isEmpty());
    panel.setObject(diskKey);
    panel.resize(1000, 700);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));

    // A minute of readings, two seconds apart.
    QSignalSpy redrawn(&panel, &ChartPanel::refreshed);
    for (int i = 0; i < 30; ++i) {
        QSignalSpy sampled(&sampler, &PathSampler::sampled);
        sampler.sampleNow();
        ASSERT_TRUE(sampled.wait(20'000));
        nowMs += 2000;
    }
    EXPECT_GE(redrawn.size(), 30) << "every reading redraws";
    EXPECT_EQ(panel.objectLevel(), ObjectLevel::Disk);

    const IoChartView &chart = *panel.chartView();
    const std::size_t paths = std::size_t(model.rowCount(model.indexForKeyPath(diskKey)));
    ASSERT_GE(paths, 2u);
    EXPECT_EQ(chart.lines().size(), 2 * paths) << "reads and writes of every path";
    EXPECT_EQ(panel.timeline()->rows().size(), paths);

    bool sawInUse = false;
    for (std::size_t i = 0; i < chart.lines().size(); ++i) {
        const ChartLine &line = chart.lines()[i];
        if (line.metric != Metric::ReadMBps)
            continue;
        double max = 0.0;
        for (QLineSeries *series : chart.seriesOf(i)) {
            for (const QPointF &point : series->points())
                max = std::max(max, point.y());
        }
        if (line.keyPath == inUse) {
            sawInUse = true;
            // All of the LUN's reads, over a non-optimized path, drawn dashed in its colour.
            EXPECT_EQ(line.state, PathState::ActiveUnoptimized);
            EXPECT_GT(max, 1.0) << "MB/s read over the A/NO path";
            EXPECT_EQ(line.pen.style(), Qt::CustomDashLine);
            EXPECT_EQ(line.pen.color().hslHue(), stateColor(PathState::ActiveUnoptimized).hslHue());
            EXPECT_TRUE(line.name.contains(QStringLiteral("A/NO")));
            const QString readout = chart.readoutAt(panel.currentWindow().toMs - 10'000);
            EXPECT_TRUE(readout.contains(line.tag + QStringLiteral(" (A/NO): read "))) << readout.toStdString();
        } else {
            EXPECT_EQ(max, 0.0) << line.keyPath << " carries nothing";
        }
    }
    EXPECT_TRUE(sawInUse);
    EXPECT_TRUE(panel.titleText().contains(QStringLiteral("DGC VRAID LUN 1"))) << panel.titleText().toStdString();
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("sampled every 2 s"))) << panel.statusText().toStdString();
}

} // namespace
} // namespace pathlens
