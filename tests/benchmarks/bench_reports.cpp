// Cost of writing path reports, from the content built once (as the command
// line and the export dialog do) to the bytes of the file.
//
// Shapes (syntheticgroup.h): "full" 64 servers x 128 LUNs x 16 paths =
// 131,072 paths; "pdf" 4 servers x 16 LUNs x 16 paths = 1,024 paths. Every
// path has counters; about 1 % of the paths are failed, so each report has
// findings and every table its state colours.
//
// BM_ReportContent: snapshot + findings + counters -> ReportContent.
// BM_ReportCsv/Json/Html/Prometheus: ReportContent -> bytes (full shape).
// BM_ReportPdf: ReportContent -> PDF bytes (pdf shape; layout and drawing).
// BM_ReportDiff: baseline side + current side -> ReportDiff (full shape, a
//   few percent of the paths changed).
// Targets: CSV <= 100 ms, JSON <= 200 ms, HTML <= 1 s at 131,072 paths;
// PDF <= 2 s at 1,024 paths.

#include "qtbenchmarkmain.h"
#include "syntheticgroup.h"

#include "model/health/healthengine.h"
#include "model/jsonreport.h"
#include "model/pathcounters.h"
#include "model/report/csvreport.h"
#include "model/report/htmlreport.h"
#include "model/report/pdfreport.h"
#include "model/report/prometheusreport.h"
#include "model/report/reportcontent.h"
#include "model/report/reportdiff.h"

#include <QApplication>

#include <benchmark/benchmark.h>

#include <memory>

namespace pathlens {
namespace {

struct Group {
    std::shared_ptr<InventorySnapshot> snapshot;
    HealthReport health;
    PathCounterReadings counters;
    ReportContent content;

    explicit Group(const synthetic::GroupShape &shape)
    {
        const SourceData sources = synthetic::makeGroup(shape);
        snapshot = std::make_shared<InventorySnapshot>(buildSnapshot(sources));
        health = evaluate(sources, *snapshot, HealthContext{});
        counters = readPathCounters(sources, *snapshot);
        content = buildReportContent(input());
    }

    ReportInput input() const
    {
        ReportInput in;
        in.snapshot = snapshot.get();
        in.health = &health;
        in.counters = &counters;
        in.generated = std::chrono::system_clock::now();
        return in;
    }
};

const Group &fullGroup()
{
    static const Group group(synthetic::GroupShape{});
    return group;
}

const Group &pdfGroup()
{
    static const Group group(synthetic::GroupShape{4, 16, 4, 4, 97});
    return group;
}

void setCounters(benchmark::State &state, const Group &group, qsizetype bytes)
{
    state.counters["paths"] = double(group.content.pathCount());
    state.counters["findings"] = double(group.content.findings.size());
    state.counters["MB"] = double(bytes) / 1e6;
}

void BM_ReportContent(benchmark::State &state)
{
    const Group &group = fullGroup();
    for (auto _ : state) {
        ReportContent content = buildReportContent(group.input());
        benchmark::DoNotOptimize(content);
    }
    setCounters(state, group, 0);
}

template <QByteArray (*Write)(const ReportContent &)>
void BM_Format(benchmark::State &state)
{
    const Group &group = fullGroup();
    qsizetype bytes = 0;
    for (auto _ : state) {
        const QByteArray out = Write(group.content);
        bytes = out.size();
        benchmark::DoNotOptimize(out.constData());
    }
    setCounters(state, group, bytes);
}

void BM_ReportPdf(benchmark::State &state)
{
    const Group &group = pdfGroup();
    qsizetype bytes = 0;
    for (auto _ : state) {
        const Result<QByteArray> out = pdfReport(group.content);
        if (!out) {
            state.SkipWithError(out.error().toString().c_str());
            return;
        }
        bytes = out.value().size();
    }
    setCounters(state, group, bytes);
}

void BM_ReportDiff(benchmark::State &state)
{
    const Group &group = fullGroup();
    // The baseline: the same group before 3 % of its paths failed over.
    synthetic::GroupShape shape;
    shape.failedEvery = 33;
    const DiffSide before = diffSide(buildSnapshot(synthetic::makeGroup(shape)));
    std::size_t changes = 0;
    for (auto _ : state) {
        const ReportDiff diff = diffSides(before, diffSide(*group.snapshot));
        changes = diff.changes.size();
    }
    state.counters["changes"] = double(changes);
    setCounters(state, group, 0);
}

BENCHMARK(BM_ReportContent)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Format<csvReport>)->Name("BM_ReportCsv")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Format<jsonReport>)->Name("BM_ReportJson")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Format<htmlReport>)->Name("BM_ReportHtml")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Format<prometheusReport>)->Name("BM_ReportPrometheus")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportPdf)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportDiff)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace pathlens

PATHLENS_QT_BENCHMARK_MAIN()
