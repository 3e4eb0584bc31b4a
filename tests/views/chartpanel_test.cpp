// The live I/O chart as a user sees it: a disk shows one line per path in its
// ALUA state's colour and dash pattern, each reading replaces the series in
// bulk, the window buttons move the time axis, pausing holds the picture, the
// hover read-out says the values, gaps break the line, a drag zooms, the
// exports write files that read back, and the state timeline shows the
// changes and the flapping the history holds.

#include "model/history/pathsampler.h"
#include "model/inventorytreemodel.h"
#include "views/charts/chartpanel.h"
#include "views/charts/chartstyle.h"
#include "views/charts/iochartview.h"
#include "views/charts/statetimeline.h"
#include "views/presentation.h"

#include <QCategoryAxis>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace pathlens {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t StartMs = 1'718'013'600'000; // 2024-06-10 10:00 UTC
constexpr std::uint32_t StepMs = 2000;

const std::string Server = "srv";
const std::string Port = "srv/be1";
const std::string Disk = "srv/be1/LUN1";
/// A path's own key; the A/NO one has a hostile name (comma, quotes, markup).
std::string pathPart(int i) { return i == 2 ? std::string("p2,\"<b>x</b>\"") : "p" + std::to_string(i); }
std::string pathKey(int i) { return Disk + '/' + pathPart(i); }

struct Traffic {
    double readIops = 0;
    double writeIops = 0;
    std::uint32_t block = 8192;
};

/// p0, p1 A/O sharing the disk's I/O; p2 A/NO carrying 1500 reads/s of
/// 64 KiB (the seed's problem); p3 Standby, idle.
const Traffic PathTraffic[] = {{400, 100, 8192}, {400, 100, 8192}, {1500, 0, 65536}, {0, 0, 8192}};
const PathState PathStates[] = {PathState::ActiveOptimized, PathState::ActiveOptimized,
                                PathState::ActiveUnoptimized, PathState::Standby};

history::CounterStep stepOf(const Traffic &traffic, std::int64_t endMs, std::uint32_t intervalMs = StepMs)
{
    history::CounterStep step;
    step.endMs = endMs;
    step.intervalMs = intervalMs;
    step.reads = std::uint64_t(traffic.readIops * intervalMs / 1000.0);
    step.writes = std::uint64_t(traffic.writeIops * intervalMs / 1000.0);
    step.bytesRead = step.reads * traffic.block;
    step.bytesWritten = step.writes * traffic.block;
    return step;
}

/// A history as the sampler keeps it, fed by hand: the four paths, their
/// disk, port and server, a reading every two seconds.
class ChartFixture : public ::testing::Test
{
protected:
    void SetUp() override
    {
        HistoryStore &history = sampler.history();
        server = history.seriesFor(Server, ObjectLevel::Server);
        port = history.seriesFor(Port, ObjectLevel::Port);
        disk = history.seriesFor(Disk, ObjectLevel::Disk);
        for (int i = 0; i < 4; ++i)
            paths.push_back(history.seriesFor(pathKey(i), ObjectLevel::Path));
    }

    /// Readings from @p fromMs (exclusive) to @p toMs, with the paths' states.
    void feed(std::int64_t fromMs, std::int64_t toMs)
    {
        HistoryStore &history = sampler.history();
        for (std::int64_t end = fromMs + StepMs; end <= toMs; end += StepMs) {
            history::CounterStep sum;
            sum.endMs = end;
            sum.intervalMs = StepMs;
            for (int i = 0; i < 4; ++i) {
                const history::CounterStep step = stepOf(PathTraffic[i], end);
                history.append(paths[std::size_t(i)], step);
                history.noteState(paths[std::size_t(i)], end, stateOf(i, end));
                sum.reads += step.reads;
                sum.writes += step.writes;
                sum.bytesRead += step.bytesRead;
                sum.bytesWritten += step.bytesWritten;
            }
            history.append(disk, sum);
            history.append(port, sum);
            history.append(server, sum);
        }
        newestMs = toMs;
    }

    /// Overridable per test: the state a path is in at a moment.
    virtual PathState stateOf(int path, std::int64_t) const { return PathStates[path]; }

    void tick()
    {
        Q_EMIT sampler.sampled(newestMs);
    }

    void showPanel()
    {
        panel.resize(1100, 760);
        panel.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));
        QCoreApplication::processEvents();
    }

    /// The line (index into the chart's lines) of a path and metric.
    int lineOf(const std::string &key, Metric metric) const
    {
        const auto &lines = panel.chartView()->lines();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].keyPath == key && lines[i].metric == metric)
                return int(i);
        }
        return -1;
    }

    /// A line's points as drawn, x back in milliseconds since the epoch.
    QList<QPointF> pointsOf(int line) const
    {
        QList<QPointF> points;
        for (QLineSeries *series : panel.chartView()->seriesOf(std::size_t(line)))
            points += series->points();
        for (QPointF &point : points)
            point.rx() += double(panel.chartView()->timeOrigin());
        return points;
    }

    double maxOf(int line) const
    {
        double max = 0;
        for (const QPointF &point : pointsOf(line))
            max = std::max(max, point.y());
        return max;
    }

    PathSampler sampler{nullptr};
    ChartPanel panel;
    HistoryStore::SeriesId server = 0, port = 0, disk = 0;
    std::vector<HistoryStore::SeriesId> paths;
    std::int64_t newestMs = StartMs;
};

TEST_F(ChartFixture, ADiskHasOneLinePerPathInItsStatesColourAndPattern)
{
    feed(StartMs, StartMs + 10 * 60'000);
    panel.setSampler(&sampler);
    panel.setDirection(ChartPanel::Direction::Reads);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();

    EXPECT_EQ(panel.objectLevel(), ObjectLevel::Disk);
    IoChartView &chart = *panel.chartView();
    ASSERT_EQ(chart.lines().size(), 4u);
    const QList<QAbstractSeries *> all = chart.chart()->series();
    EXPECT_EQ(all.size(), 4);
    int legendEntries = 0;
    for (QLegendMarker *marker : chart.chart()->legend()->markers())
        legendEntries += marker->isVisible() ? 1 : 0;
    EXPECT_EQ(legendEntries, 4);

    std::map<PathState, std::set<Qt::PenStyle>> styles;
    for (int i = 0; i < 4; ++i) {
        const int line = lineOf(pathKey(i), Metric::ReadMBps);
        ASSERT_GE(line, 0);
        const ChartLine &spec = chart.lines()[std::size_t(line)];
        EXPECT_EQ(spec.state, PathStates[i]);
        // The state's hue, whatever the shade, and its name in the legend.
        EXPECT_EQ(spec.pen.color().hslHue(), stateColor(PathStates[i]).hslHue()) << i;
        EXPECT_TRUE(spec.name.contains(charts::stateTag(PathStates[i]))) << spec.name.toStdString();
        QLineSeries *series = chart.seriesOf(std::size_t(line)).front();
        EXPECT_EQ(series->pen(), spec.pen);
        styles[PathStates[i]].insert(spec.pen.style());
    }
    // Solid for A/O, a dash pattern for A/NO and Standby, and the two differ.
    EXPECT_EQ(styles[PathState::ActiveOptimized], std::set<Qt::PenStyle>{Qt::SolidLine});
    EXPECT_EQ(styles[PathState::ActiveUnoptimized], std::set<Qt::PenStyle>{Qt::CustomDashLine});
    EXPECT_NE(chart.lines()[std::size_t(lineOf(pathKey(2), Metric::ReadMBps))].pen.dashPattern(),
              chart.lines()[std::size_t(lineOf(pathKey(3), Metric::ReadMBps))].pen.dashPattern());
    // Two A/O paths are told apart by shade.
    EXPECT_NE(chart.lines()[std::size_t(lineOf(pathKey(0), Metric::ReadMBps))].pen.color(),
              chart.lines()[std::size_t(lineOf(pathKey(1), Metric::ReadMBps))].pen.color());

    // The A/NO path's reads are the highest line: 1500 x 64 KiB per second.
    EXPECT_NEAR(maxOf(lineOf(pathKey(2), Metric::ReadMBps)), 1500 * 65536 / 1e6, 1e-9);
    EXPECT_NEAR(maxOf(lineOf(pathKey(0), Metric::ReadMBps)), 400 * 8192 / 1e6, 1e-9);
    EXPECT_EQ(maxOf(lineOf(pathKey(3), Metric::ReadMBps)), 0.0);
    EXPECT_GE(chart.valueAxis()->max(), 1500 * 65536 / 1e6);
    EXPECT_EQ(chart.valueAxis()->titleText(), QStringLiteral("MB/s"));
    // The busy lines are named at their right end, the highest first; the
    // idle Standby path is not.
    EXPECT_EQ(chart.endLabels(), (QStringList{QStringLiteral("P3 (A/NO)"), QStringLiteral("P1 (A/O)"), QStringLiteral("P2 (A/O)")}));

    // Reads and writes: one more thin line per path, not in the legend.
    panel.setDirection(ChartPanel::Direction::ReadsAndWrites);
    QCoreApplication::processEvents(); // the legend lays out its new entries
    ASSERT_EQ(chart.lines().size(), 8u);
    legendEntries = 0;
    for (QLegendMarker *marker : chart.chart()->legend()->markers())
        legendEntries += marker->isVisible() ? 1 : 0;
    EXPECT_EQ(legendEntries, 4);
    const ChartLine &write = chart.lines()[std::size_t(lineOf(pathKey(0), Metric::WriteMBps))];
    const ChartLine &read = chart.lines()[std::size_t(lineOf(pathKey(0), Metric::ReadMBps))];
    EXPECT_LT(write.pen.widthF(), read.pen.widthF());
    EXPECT_TRUE(chart.valueAxis()->titleText().contains(QStringLiteral("thin")));
}

TEST_F(ChartFixture, OtherObjectsShowTheirReadsAndWrites)
{
    feed(StartMs, StartMs + 5 * 60'000);
    panel.setSampler(&sampler);
    showPanel();
    for (const std::string &key : {Server, Port, pathKey(0)}) {
        panel.setObject(QString::fromStdString(key));
        const auto &lines = panel.chartView()->lines();
        ASSERT_EQ(lines.size(), 2u) << key;
        EXPECT_EQ(lines[0].name, QStringLiteral("Read"));
        EXPECT_EQ(lines[1].name, QStringLiteral("Write"));
        EXPECT_NE(lines[0].pen.style(), lines[1].pen.style()) << "reads and writes differ in grey-scale too";
    }
    panel.setObject(QString::fromStdString(Server));
    EXPECT_NEAR(maxOf(lineOf(Server, Metric::ReadMBps)), (800 * 8192 + 1500 * 65536) / 1e6, 1e-9);
    panel.setQuantity(ChartPanel::Quantity::Iops);
    EXPECT_NEAR(maxOf(lineOf(Server, Metric::ReadIops)), 2300, 1e-9);
    EXPECT_NEAR(maxOf(lineOf(Server, Metric::WriteIops)), 200, 1e-9);
    EXPECT_EQ(panel.chartView()->valueAxis()->titleText(), QStringLiteral("IOPS"));
    panel.setDirection(ChartPanel::Direction::Writes);
    ASSERT_EQ(panel.chartView()->lines().size(), 1u);
    EXPECT_EQ(panel.chartView()->lines()[0].metric, Metric::WriteIops);

    panel.setObject(QString());
    EXPECT_TRUE(panel.chartView()->lines().empty());
    EXPECT_TRUE(panel.chartView()->chart()->series().isEmpty());
}

TEST_F(ChartFixture, EachReadingReplacesTheSeriesInBulk)
{
    feed(StartMs, StartMs + 10 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(5min);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();
    const int width = chart.pixelWidth();
    ASSERT_GT(width, 300);

    std::vector<std::unique_ptr<QSignalSpy>> bulk, added, single;
    for (std::size_t i = 0; i < chart.lines().size(); ++i) {
        QLineSeries *series = chart.seriesOf(i).front();
        bulk.push_back(std::make_unique<QSignalSpy>(series, &QXYSeries::pointsReplaced));
        added.push_back(std::make_unique<QSignalSpy>(series, &QXYSeries::pointAdded));
        single.push_back(std::make_unique<QSignalSpy>(series, &QXYSeries::pointReplaced));
    }
    for (int reading = 1; reading <= 3; ++reading) {
        feed(newestMs, newestMs + StepMs);
        tick();
    }
    for (std::size_t i = 0; i < chart.lines().size(); ++i) {
        EXPECT_EQ(bulk[i]->size(), 3) << i;
        EXPECT_EQ(added[i]->size(), 0) << i;
        EXPECT_EQ(single[i]->size(), 0) << i;
    }
    // Never more than a pair per pixel column, and an idle line is two points.
    const IoChartView::UpdateStats &stats = chart.lastUpdate();
    EXPECT_EQ(stats.seriesReplaced, chart.lines().size());
    std::size_t handed = 0;
    for (std::size_t i = 0; i < chart.lines().size(); ++i) {
        const qsizetype count = chart.seriesOf(i).front()->count();
        EXPECT_LE(count, 2 * width) << i;
        handed += std::size_t(count);
    }
    EXPECT_EQ(stats.pointsHanded, handed);
    EXPECT_EQ(chart.seriesOf(std::size_t(lineOf(pathKey(3), Metric::ReadMBps))).front()->count(), 2);
    // The newest reading is on the chart.
    const QList<QPointF> points = pointsOf(lineOf(pathKey(2), Metric::ReadMBps));
    ASSERT_FALSE(points.isEmpty());
    EXPECT_EQ((chart.timeOrigin() + std::llround(chart.timeAxis()->max())), newestMs);
    EXPECT_GT(points.back().x(), double(newestMs - StepMs));
}

TEST_F(ChartFixture, WindowButtonsSetTheTimeAxisAndTheDetail)
{
    feed(StartMs, StartMs + 3 * 3'600'000);
    panel.setSampler(&sampler);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();
    const auto span = [&] { return (chart.timeOrigin() + std::llround(chart.timeAxis()->max())) - (chart.timeOrigin() + std::llround(chart.timeAxis()->min())); };
    // The axis' labels sit at round local times.
    const auto ticks = [&] {
        std::vector<QDateTime> at;
        for (const QString &label : chart.timeAxis()->categoriesLabels())
            at.push_back(QDateTime::fromMSecsSinceEpoch(chart.timeOrigin() + std::llround(chart.timeAxis()->endValue(label))));
        return at;
    };

    panel.setWindow(5min);
    EXPECT_EQ(span(), 5 * 60'000);
    EXPECT_EQ((chart.timeOrigin() + std::llround(chart.timeAxis()->max())), newestMs);
    EXPECT_EQ(chart.lastUpdate().resolutionMs, 0) << "five minutes show every reading";
    ASSERT_GE(ticks().size(), 3u);
    for (const QDateTime &tick : ticks()) {
        EXPECT_EQ(tick.time().second(), 0) << tick.toString().toStdString();
        EXPECT_EQ(tick.time().msec(), 0);
    }
    EXPECT_EQ(chart.timeAxis()->categoriesLabels().front(), ticks().front().toString(QStringLiteral("HH:mm")));

    panel.setWindow(1h);
    EXPECT_EQ(span(), 3'600'000);
    EXPECT_GT(chart.lastUpdate().resolutionMs, 0) << "an hour is read from the rolled-up tier";

    panel.setWindow(24h);
    EXPECT_EQ(span(), 24 * 3'600'000);
    EXPECT_EQ(panel.currentWindow().span(), 24 * 3'600'000);
    EXPECT_TRUE(panel.titleText().contains(QStringLiteral("24 h"))) << panel.titleText().toStdString();

    panel.setWindow(7 * 24h);
    EXPECT_EQ(span(), 7 * 24 * 3'600'000LL);
    ASSERT_GE(ticks().size(), 3u);
    for (const QDateTime &tick : ticks())
        EXPECT_EQ(tick.time(), QTime(0, 0)) << "a week is labelled by its days";
    // The data sits at the right end of a week.
    const QList<QPointF> points = pointsOf(lineOf(pathKey(2), Metric::ReadMBps));
    ASSERT_FALSE(points.isEmpty());
    EXPECT_GE(points.front().x(), double(StartMs - 60'000));
}

TEST_F(ChartFixture, PauseHoldsThePictureAndResumeCatchesUp)
{
    feed(StartMs, StartMs + 6 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(5min);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();
    QLineSeries *series = chart.seriesOf(std::size_t(lineOf(pathKey(2), Metric::ReadMBps))).front();
    QSignalSpy replaced(series, &QXYSeries::pointsReplaced);
    const std::int64_t pausedAt = newestMs;

    panel.setPaused(true);
    EXPECT_TRUE(panel.isPaused());
    for (int i = 0; i < 5; ++i) {
        feed(newestMs, newestMs + StepMs);
        tick();
    }
    EXPECT_EQ(replaced.size(), 0);
    EXPECT_EQ((chart.timeOrigin() + std::llround(chart.timeAxis()->max())), pausedAt);
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("paused"))) << panel.statusText().toStdString();

    panel.setPaused(false);
    EXPECT_EQ(replaced.size(), 1);
    EXPECT_EQ((chart.timeOrigin() + std::llround(chart.timeAxis()->max())), newestMs);
    feed(newestMs, newestMs + StepMs);
    tick();
    EXPECT_EQ(replaced.size(), 2);
}

TEST_F(ChartFixture, HoverSaysEveryPathsValuesAndState)
{
    feed(StartMs, StartMs + 4 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(5min);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();

    const std::int64_t at = StartMs + 3 * 60'000 + 1000; // inside a reading
    const QString text = chart.readoutAt(at);
    const QLocale locale;
    EXPECT_TRUE(text.startsWith(QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("HH:mm:ss")))) << text.toStdString();
    const QString ano = QStringLiteral("P3 ") + QString::fromStdString(pathPart(2));
    EXPECT_TRUE(text.contains(ano + QStringLiteral(" (A/NO): read %1 MB/s, write 0 MB/s").arg(locale.toString(98.3, 'f', 1))))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("P1 p0 (A/O): read %1 MB/s, write %2 MB/s")
                                  .arg(locale.toString(3.28, 'f', 2), locale.toString(0.82, 'f', 2))))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("P4 p3 (Standby): read 0 MB/s")));
    // Before the first reading there is nothing to say about the values.
    EXPECT_TRUE(chart.readoutAt(StartMs - 30'000).contains(QStringLiteral("no data")));
    EXPECT_TRUE(chart.readoutAt(StartMs - 10 * 60'000).isEmpty()) << "outside the window";

    // The mouse does the same, and the read-out leaves with it.
    QSignalSpy hovered(&chart, &IoChartView::hoverChanged);
    const QRectF area = chart.plotArea();
    const QPoint inside = chart.mapFromScene(chart.chart()->mapToScene(area.center()));
    // From elsewhere first: a move to where the mouse already is sends nothing.
    QTest::mouseMove(chart.viewport(), inside - QPoint(40, 20));
    QTest::mouseMove(chart.viewport(), inside);
    ASSERT_FALSE(hovered.isEmpty());
    EXPECT_TRUE(chart.hoveredTime().has_value());
    EXPECT_TRUE(chart.hoverText().contains(ano + QStringLiteral(" (A/NO)")));
    chart.hoverAt(std::nullopt);
    EXPECT_TRUE(chart.hoverText().isEmpty());
}

TEST_F(ChartFixture, AGapInTheHistoryBreaksTheLine)
{
    feed(StartMs, StartMs + 60'000);
    // Nothing measured for 40 s (a failed reading, the sampler stopped).
    feed(StartMs + 100'000, StartMs + 160'000);
    panel.setSampler(&sampler);
    panel.setWindow(5min);
    panel.setDirection(ChartPanel::Direction::Reads);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();
    const QList<QLineSeries *> parts = chart.seriesOf(std::size_t(lineOf(pathKey(2), Metric::ReadMBps)));
    ASSERT_EQ(parts.size(), 2);
    EXPECT_FALSE(parts[0]->points().isEmpty());
    EXPECT_FALSE(parts[1]->points().isEmpty());
    const double origin = double(chart.timeOrigin());
    EXPECT_LE(parts[0]->points().back().x() + origin, double(StartMs + 60'000));
    EXPECT_GE(parts[1]->points().front().x() + origin, double(StartMs + 100'000));
    EXPECT_EQ(parts[1]->pen(), parts[0]->pen());
    // Still one legend entry per path, and no NaN handed to Qt Charts.
    int legendEntries = 0;
    for (QLegendMarker *marker : chart.chart()->legend()->markers())
        legendEntries += marker->isVisible() ? 1 : 0;
    EXPECT_EQ(legendEntries, 4);
    for (QAbstractSeries *series : chart.chart()->series()) {
        for (const QPointF &point : static_cast<QLineSeries *>(series)->points())
            EXPECT_FALSE(std::isnan(point.y()));
    }
}

TEST_F(ChartFixture, DraggingZoomsAndResetShowsTheWindowAgain)
{
    feed(StartMs, StartMs + 50 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(1h);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    IoChartView &chart = *panel.chartView();
    const std::int64_t windowResolution = chart.lastUpdate().resolutionMs;
    EXPECT_GT(windowResolution, 0);

    // A drag across the middle tenth of the plot.
    QSignalSpy zoomed(&chart, &IoChartView::zoomChanged);
    const QRectF area = chart.plotArea();
    const auto at = [&](double share) {
        return chart.mapFromScene(chart.chart()->mapToScene(QPointF(area.left() + share * area.width(), area.center().y())));
    };
    QTest::mousePress(chart.viewport(), Qt::LeftButton, {}, at(0.80));
    QTest::mouseMove(chart.viewport(), at(0.85));
    QTest::mouseMove(chart.viewport(), at(0.90));
    QTest::mouseRelease(chart.viewport(), Qt::LeftButton, {}, at(0.90));
    ASSERT_FALSE(zoomed.isEmpty());
    EXPECT_TRUE(chart.isZoomed());
    const TimeWindow shown = chart.shownRange();
    EXPECT_NEAR(double(shown.span()), 0.1 * 3'600'000, 0.02 * 3'600'000);
    EXPECT_EQ((chart.timeOrigin() + std::llround(chart.timeAxis()->min())), shown.fromMs);
    // Six minutes are read at full detail, and stay zoomed through readings.
    EXPECT_EQ(chart.lastUpdate().resolutionMs, 0);
    feed(newestMs, newestMs + StepMs);
    tick();
    EXPECT_TRUE(chart.isZoomed());
    EXPECT_EQ(chart.shownRange().fromMs, shown.fromMs);
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("zoomed")));
    EXPECT_NEAR(double(panel.timeline()->range().span()), double(shown.span()), 1.0) << "the timeline zooms along";

    chart.resetZoom();
    EXPECT_FALSE(chart.isZoomed());
    EXPECT_EQ(chart.shownRange().span(), 3'600'000);
    EXPECT_EQ(chart.lastUpdate().resolutionMs, windowResolution);

    // A right click goes back too.
    chart.zoomTo(TimeWindow{newestMs - 600'000, newestMs - 300'000});
    EXPECT_TRUE(chart.isZoomed());
    QTest::mouseClick(chart.viewport(), Qt::RightButton, {}, at(0.5));
    EXPECT_FALSE(chart.isZoomed());
}

/// A minimal RFC 4180 reader: quoted fields with doubled quotes and line
/// breaks inside.
std::vector<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    std::vector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field;
            rows.push_back(row);
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

TEST_F(ChartFixture, CsvExportHoldsTheShownSeriesAndReadsBack)
{
    feed(StartMs, StartMs + 4 * 60'000);
    // Names from the tree; the A/NO path's is hostile (no path id: its key).
    InventoryTreeModel model;
    auto snapshot = std::make_shared<InventorySnapshot>();
    ServerEntry serverEntry;
    serverEntry.key = Server;
    serverEntry.server.name = "DCS-A";
    PortEntry portEntry;
    portEntry.key = "be1";
    DiskEntry diskEntry;
    diskEntry.key = "LUN1";
    diskEntry.caption = "DGC VRAID LUN 1";
    for (int i = 0; i < 4; ++i) {
        PathEntry path;
        path.key = pathPart(i);
        path.state = PathStates[i];
        if (i != 2)
            path.pathId = 0x77040000u + std::uint64_t(i);
        diskEntry.paths.push_back(path);
    }
    portEntry.disks.push_back(diskEntry);
    serverEntry.ports.push_back(portEntry);
    snapshot->servers.push_back(serverEntry);
    model.apply(snapshot);

    panel.setSampler(&sampler);
    panel.setTreeModel(&model);
    panel.setWindow(5min);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    EXPECT_TRUE(panel.titleText().startsWith(QStringLiteral("Disk DGC VRAID LUN 1, 4 paths — be1 on DCS-A · throughput, last 5 min")))
        << panel.titleText().toStdString();

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("lun1.csv"));
    QString error;
    ASSERT_TRUE(panel.exportCsv(file, &error)) << error.toStdString();
    QFile csv(file);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const std::vector<QStringList> rows = parseCsv(csv.readAll());
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows.front(), (QStringList{QStringLiteral("series"), QStringLiteral("metric"), QStringLiteral("start_utc"),
                                         QStringLiteral("end_utc"), QStringLiteral("min"), QStringLiteral("avg"),
                                         QStringLiteral("max")}));
    // Every reading of the window for each of the eight lines (4 paths x read/write).
    const std::size_t readings = std::size_t((4 * 60'000) / StepMs);
    EXPECT_EQ(rows.size(), 1 + 8 * readings);
    std::map<QString, int> perSeries;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const QStringList &row = rows[r];
        ASSERT_EQ(row.size(), 7) << r;
        ++perSeries[row[0] + QLatin1Char('|') + row[1]];
        const QDateTime start = QDateTime::fromString(row[2], Qt::ISODateWithMs);
        const QDateTime end = QDateTime::fromString(row[3], Qt::ISODateWithMs);
        ASSERT_TRUE(start.isValid() && end.isValid()) << row[2].toStdString();
        EXPECT_EQ(start.msecsTo(end), StepMs);
        if (row[0].startsWith(QStringLiteral("P3 ")) && row[1] == QStringLiteral("Read MB/s")) {
            EXPECT_DOUBLE_EQ(row[5].toDouble(), 1500 * 65536 / 1e6);
        }
    }
    EXPECT_EQ(perSeries.size(), 8u);
    EXPECT_EQ(perSeries[QStringLiteral("P1 0000000077040000 (A/O)|Read MB/s")], int(readings));
    EXPECT_EQ(perSeries[QStringLiteral("P3 p2,\"<b>x</b>\" (A/NO)|Write MB/s")], int(readings));

    // A folder that does not exist: a clear error, no file.
    const QString nowhere = dir.filePath(QStringLiteral("missing/lun1.csv"));
    EXPECT_FALSE(panel.exportCsv(nowhere, &error));
    EXPECT_TRUE(error.contains(nowhere)) << error.toStdString();
    EXPECT_FALSE(QFile::exists(nowhere));
}

TEST_F(ChartFixture, PngAndSvgExportsAreCompleteImages)
{
    feed(StartMs, StartMs + 4 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(5min);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QString error;

    const QString png = dir.filePath(QStringLiteral("chart.png"));
    ASSERT_TRUE(panel.exportPng(png, &error)) << error.toStdString();
    QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_GT(image.width(), 600);
    EXPECT_GT(image.height(), 300);
    // Not a blank grab: the lines put the A/NO colour on it.
    const QColor ano = stateColor(PathState::ActiveUnoptimized);
    bool found = false;
    for (int y = 0; y < image.height() && !found; y += 1) {
        for (int x = 0; x < image.width() && !found; x += 1) {
            const QColor c = image.pixelColor(x, y);
            found = std::abs(c.red() - ano.red()) < 40 && std::abs(c.green() - ano.green()) < 40 && std::abs(c.blue() - ano.blue()) < 40;
        }
    }
    EXPECT_TRUE(found);

    const QString svg = dir.filePath(QStringLiteral("chart.svg"));
    ASSERT_TRUE(panel.exportSvg(svg, &error)) << error.toStdString();
    QFile file(svg);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    EXPECT_GT(bytes.size(), 1000);
    QXmlStreamReader xml(bytes);
    QString root;
    int drawn = 0;
    bool sawTitle = false;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            if (root.isEmpty())
                root = xml.name().toString();
            if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))
                ++drawn;
            if (xml.name() == QLatin1String("text") && xml.readElementText().contains(QStringLiteral("P3")))
                sawTitle = true;
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_EQ(root, QStringLiteral("svg"));
    EXPECT_GT(drawn, 4) << "the lines are vector paths";
    EXPECT_TRUE(sawTitle) << "the legend's text is text";

    const QString nowhere = dir.filePath(QStringLiteral("missing/chart.svg"));
    EXPECT_FALSE(panel.exportSvg(nowhere, &error));
    EXPECT_FALSE(QFile::exists(nowhere));
    EXPECT_FALSE(panel.exportPng(dir.filePath(QStringLiteral("missing/chart.png")), &error));
}

/// p1 flaps between A/O and Standby three times in four minutes, p3 fails once.
class TimelineFixture : public ChartFixture
{
protected:
    static constexpr std::int64_t FlapStart = StartMs + 10 * 60'000;
    static constexpr std::int64_t FailAt = StartMs + 20 * 60'000;

    PathState stateOf(int path, std::int64_t at) const override
    {
        if (path == 1 && at >= FlapStart && at < FlapStart + 240'000)
            return ((at - FlapStart) / 80'000) % 2 == 0 ? PathState::Standby : PathState::ActiveOptimized;
        if (path == 3 && at >= FailAt)
            return PathState::Failed;
        return ChartFixture::stateOf(path, at);
    }
};

TEST_F(TimelineFixture, TheTimelineShowsTheHistorysChangesAndFlaps)
{
    feed(StartMs, StartMs + 30 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(1h);
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    const StateTimeline &timeline = *panel.timeline();
    ASSERT_EQ(timeline.rows().size(), 4u);
    EXPECT_EQ(timeline.rows()[0].path.label, QStringLiteral("P1"));

    const TimeWindow window = panel.currentWindow();
    for (int i = 0; i < 4; ++i) {
        const auto expected = sampler.history().stateEvents(pathKey(i), window);
        EXPECT_EQ(timeline.rows()[std::size_t(i)].events, expected) << i;
    }
    const StateTimeline::Row &flapping = timeline.rows()[1];
    ASSERT_EQ(flapping.events.size(), 4u); // Standby, A/O, Standby, A/O
    EXPECT_EQ(flapping.events[0].from, PathState::ActiveOptimized);
    EXPECT_EQ(flapping.events[0].to, PathState::Standby);
    ASSERT_EQ(flapping.flaps.size(), 1u);
    EXPECT_EQ(flapping.flaps[0].fromMs, flapping.events.front().atMs);
    EXPECT_EQ(flapping.flaps[0].toMs, flapping.events.back().atMs);
    EXPECT_EQ(flapping.flaps[0].changes, 4u);
    // Segments follow the states, first to last.
    ASSERT_EQ(flapping.segments.size(), 5u);
    EXPECT_EQ(flapping.segments[0].state, PathState::ActiveOptimized);
    EXPECT_EQ(flapping.segments[1].state, PathState::Standby);
    EXPECT_EQ(flapping.segments[4].toMs, newestMs);

    const StateTimeline::Row &failed = timeline.rows()[3];
    ASSERT_EQ(failed.events.size(), 1u);
    EXPECT_EQ(failed.events[0].to, PathState::Failed);
    EXPECT_TRUE(failed.flaps.empty()) << "one change is no flap";
    EXPECT_EQ(timeline.eventCount(), 5u);
    EXPECT_EQ(timeline.flapCount(), 1u);
    // The row starts where the history first knew the path, not before.
    EXPECT_GE(failed.segments.front().fromMs, StartMs);

    // The tooltip at the failure names it.
    const QRect bar = timeline.barRect(3);
    const QPoint atFailure(int(std::lround(timeline.xForTime(failed.events[0].atMs))), bar.center().y());
    const QString tip = timeline.toolTipTextAt(atFailure);
    EXPECT_TRUE(tip.contains(QStringLiteral("Standby → Failed"))) << tip.toStdString();
    const QPoint inFlap(int(std::lround(timeline.xForTime(flapping.events[1].atMs + 20'000))), timeline.barRect(1).center().y());
    EXPECT_TRUE(timeline.toolTipTextAt(inFlap).contains(QStringLiteral("Flapping: 4 changes")))
        << timeline.toolTipTextAt(inFlap).toStdString();

    // The hover read-out says the state at that moment, not today's.
    const QString readout = panel.chartView()->readoutAt(FlapStart + 10'000);
    EXPECT_TRUE(readout.contains(QStringLiteral("P2 p1 (Standby)"))) << readout.toStdString();

    // A five-minute window after the flaps holds no change.
    panel.setWindow(5min);
    EXPECT_EQ(panel.timeline()->eventCount(), 0u);
    EXPECT_EQ(panel.timeline()->flapCount(), 0u);
}

TEST_F(TimelineFixture, AServerTimelineListsThePathsThatChanged)
{
    feed(StartMs, StartMs + 30 * 60'000);
    panel.setSampler(&sampler);
    panel.setWindow(1h);
    panel.setObject(QString::fromStdString(Server));
    showPanel();
    const auto &rows = panel.timeline()->rows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].path.keyPath, pathKey(1)) << "most changes first";
    EXPECT_EQ(rows[1].path.keyPath, pathKey(3));
}

TEST_F(ChartFixture, TheSamplerGoingAwayEmptiesTheChart)
{
    feed(StartMs, StartMs + 4 * 60'000);
    auto own = std::make_unique<PathSampler>(nullptr);
    own->history().append(own->history().seriesFor(Disk, ObjectLevel::Disk), stepOf(PathTraffic[0], StartMs + StepMs));
    panel.setSampler(own.get());
    panel.setObject(QString::fromStdString(Disk));
    showPanel();
    own.reset();
    EXPECT_EQ(panel.chartView()->history(), nullptr);
    panel.refresh();
    for (QAbstractSeries *series : panel.chartView()->chart()->series())
        EXPECT_EQ(static_cast<QLineSeries *>(series)->count(), 0);
    EXPECT_TRUE(panel.statusText().contains(QStringLiteral("No sampler")));
}

} // namespace
} // namespace pathlens
