#include "reportfixtures.h"

#include "model/report/reportcontent.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace pathlens {
namespace {

using namespace reporttest;

const ReportDisk *findDisk(const ReportContent &content, const std::string &serial)
{
    for (const ReportDisk &disk : content.disks) {
        if (disk.serial == serial)
            return &disk;
    }
    return nullptr;
}

const ReportPath *findPath(const ReportDisk &disk, std::uint64_t pathId)
{
    for (const ReportPath &path : disk.paths) {
        if (path.entry.pathId == pathId)
            return &path;
    }
    return nullptr;
}

TEST(ReportContent, EveryPathOnceUnderItsLunWithItsPort)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();

    ASSERT_EQ(content.servers.size(), 1u);
    EXPECT_EQ(content.servers[0].name, "DCS-A");
    ASSERT_EQ(content.disks.size(), 2u);
    EXPECT_EQ(content.pathCount(), 8u);
    EXPECT_EQ(content.pathCount(), reading.snapshot->pathCount());

    const ReportDisk *degraded = findDisk(content, "SERIAL1");
    ASSERT_NE(degraded, nullptr);
    EXPECT_EQ(degraded->caption, HostileCaption);
    EXPECT_EQ(degraded->paths.size(), 4u);
    std::set<std::string> ports;
    for (const ReportPath &path : degraded->paths)
        ports.insert(path.portName);
    EXPECT_EQ(ports, (std::set<std::string>{"DCS-A P1", "DCS-A P2"}));
    // One failed path of four: three usable, one of them optimized.
    EXPECT_EQ(degraded->usableCount(), 3u);
    EXPECT_EQ(degraded->optimizedCount(), 1u);
    EXPECT_EQ(degraded->worst, Severity::Warning); // failed-path while other paths are usable

    const ReportPath *failed = findPath(*degraded, 0x77050011);
    ASSERT_NE(failed, nullptr);
    EXPECT_EQ(failed->entry.state, PathState::Failed);
    EXPECT_EQ(failed->portPci, Hba2);
    EXPECT_NE(failed->worst, Severity::None);
}

TEST(ReportContent, CountersComeFromTheSourcesPerPath)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content();
    const ReportDisk *healthy = findDisk(content, "SERIAL0");
    ASSERT_NE(healthy, nullptr);
    const ReportPath *busy = findPath(*healthy, 0x77040000);
    const ReportPath *idle = findPath(*healthy, 0x77040002);
    ASSERT_TRUE(busy && busy->counters && idle && idle->counters);
    EXPECT_EQ(busy->counters->reads, 3000u);
    EXPECT_EQ(busy->counters->bytesWritten, 1000u * 8192u);
    EXPECT_EQ(idle->counters->reads, 0u);

    // Without counters the paths say so rather than showing zeros.
    ReportInput input;
    input.snapshot = reading.snapshot.get();
    const ReportContent bare = buildReportContent(input);
    for (const ReportDisk &disk : bare.disks) {
        for (const ReportPath &path : disk.paths)
            EXPECT_FALSE(path.counters.has_value());
    }
}

TEST(ReportContent, FindingsComeFromTheSnapshotOrAreMarkedNotEvaluated)
{
    Reading reading(reportGroup());
    const ReportContent content = reading.content();
    EXPECT_TRUE(content.healthEvaluated);
    EXPECT_FALSE(content.findings.empty());
    EXPECT_TRUE(std::any_of(content.findings.begin(), content.findings.end(),
                            [](const Finding &finding) { return finding.rule == rules::FailedPath; }));

    reading.snapshot->health.reset();
    const ReportContent unevaluated = reading.content();
    EXPECT_FALSE(unevaluated.healthEvaluated);
    EXPECT_TRUE(unevaluated.findings.empty());
}

TEST(ReportContent, ServerScopeKeepsOneServerAndItsFindings)
{
    const Reading reading(reportGroup(true));
    ASSERT_EQ(reading.snapshot->servers.size(), 2u);
    const ReportContent all = reading.content();
    EXPECT_EQ(all.servers.size(), 2u);
    EXPECT_EQ(all.disks.size(), 3u);

    const ReportContent onlyB = reading.content(ReportScope::server("S2"));
    ASSERT_EQ(onlyB.servers.size(), 1u);
    EXPECT_EQ(onlyB.servers[0].name, "DCS-B");
    ASSERT_EQ(onlyB.disks.size(), 1u);
    EXPECT_EQ(onlyB.disks[0].serial, "SERIAL5");
    EXPECT_EQ(onlyB.scopeText, "Server DCS-B");
    // DCS-A's failed path is not DCS-B's finding.
    for (const Finding &finding : onlyB.findings)
        EXPECT_EQ(finding.object.serverKey, "S2") << finding.rule;
}

TEST(ReportContent, ProblemsOfTheGroupAlwaysAndOfAServerWithItsServer)
{
    SourceData data = reportGroup(true);
    data.missingParts = {"datacore/ports.json is missing"};
    data.hosts[1].mpioError = Error{"mpclaim -s -d", "access denied", 5};
    const Reading reading(data);
    const ReportContent all = reading.content();
    const ReportContent onlyA = reading.content(ReportScope::server("S1"));
    const ReportContent onlyB = reading.content(ReportScope::server("S2"));
    auto mentions = [](const ReportContent &content, const std::string &text) {
        return std::any_of(content.problems.begin(), content.problems.end(),
                           [&](const std::string &problem) { return problem.find(text) != std::string::npos; });
    };
    for (const ReportContent *content : {&all, &onlyA, &onlyB})
        EXPECT_TRUE(mentions(*content, "datacore/ports.json is missing"));
    EXPECT_TRUE(mentions(all, "DCS-B: MPIO"));
    EXPECT_TRUE(mentions(onlyB, "access denied"));
    EXPECT_FALSE(mentions(onlyA, "access denied"));
}

TEST(ReportContent, SelectedDiskRowStandsForTheWholeLun)
{
    const Reading reading(reportGroup(true));
    // The degraded LUN as it shows under port P1 only.
    const ReportContent content
        = reading.content(ReportScope::selection({ObjectRef::disk("S1", "P1", "SERIAL1").keyPath()}));
    ASSERT_EQ(content.servers.size(), 1u);
    ASSERT_EQ(content.disks.size(), 1u);
    EXPECT_EQ(content.disks[0].paths.size(), 4u); // through P1 and P2
    EXPECT_EQ(content.servers[0].ports.size(), 2u);
    ASSERT_FALSE(content.findings.empty());
    for (const Finding &finding : content.findings)
        EXPECT_TRUE(finding.object.diskKey == "SERIAL1") << finding.rule << " " << finding.object.keyPath();
}

TEST(ReportContent, SelectedPathRowIsThatPathAlone)
{
    const Reading reading(reportGroup());
    const std::string failedKey = formatPathId(0x77050011);
    const ReportContent content
        = reading.content(ReportScope::selection({ObjectRef::path("S1", "P2", "SERIAL1", failedKey).keyPath()}));
    ASSERT_EQ(content.disks.size(), 1u);
    ASSERT_EQ(content.disks[0].paths.size(), 1u);
    EXPECT_EQ(content.disks[0].paths[0].entry.key, failedKey);
    ASSERT_EQ(content.servers.size(), 1u);
    ASSERT_EQ(content.servers[0].ports.size(), 1u);
    EXPECT_EQ(content.servers[0].ports[0].key, "P2");
    EXPECT_TRUE(std::any_of(content.findings.begin(), content.findings.end(), [&](const Finding &finding) {
        return finding.rule == rules::FailedPath && finding.object.pathKey == failedKey;
    }));
}

TEST(ReportContent, SelectedPortRowHasItsPathsOnly)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content(ReportScope::selection({ObjectRef::port("S1", "P1").keyPath()}));
    EXPECT_EQ(content.pathCount(), 4u);
    for (const ReportDisk &disk : content.disks) {
        for (const ReportPath &path : disk.paths)
            EXPECT_EQ(path.portKey, "P1");
    }
    // A port without paths can be selected too and still shows in its table.
    const ReportContent fe = reading.content(ReportScope::selection({ObjectRef::port("S1", "FE1").keyPath()}));
    ASSERT_EQ(fe.servers.size(), 1u);
    ASSERT_EQ(fe.servers[0].ports.size(), 1u);
    EXPECT_EQ(fe.servers[0].ports[0].name, HostileAlias);
    EXPECT_TRUE(fe.disks.empty());
}

TEST(ReportContent, SelectionOfNothingKnownIsAnEmptyReport)
{
    const Reading reading(reportGroup());
    const ReportContent content = reading.content(ReportScope::selection({"no-such-server/x"}));
    EXPECT_TRUE(content.servers.empty());
    EXPECT_TRUE(content.disks.empty());
    EXPECT_TRUE(content.findings.empty());
}

TEST(ReportContent, FormatNamesParseAnyCase)
{
    EXPECT_EQ(reportFormatFromString("CSV"), ReportFormat::Csv);
    EXPECT_EQ(reportFormatFromString("prometheus"), ReportFormat::Prometheus);
    EXPECT_EQ(reportFormatFromString("Pdf"), ReportFormat::Pdf);
    EXPECT_FALSE(reportFormatFromString("xml").has_value());
    EXPECT_FALSE(reportFormatFromString("").has_value());
    EXPECT_EQ(fileSuffix(ReportFormat::Prometheus), "prom");
}

} // namespace
} // namespace pathlens
