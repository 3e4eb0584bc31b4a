// The saved baseline: capture, JSON round trip, atomic saving next to the
// settings, loading errors that lose nothing, and the two rules that use it.

#include "healthfixtures.h"

#include "model/baseline.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using namespace healthtest;

Baseline captured(const SourceData &data)
{
    return Baseline::capture(buildSnapshot(data), baselineGroupKey(data), T0);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

TEST(Baseline, CaptureHoldsEveryPathOfEachLunOnceWithItsPortStateAndGroup)
{
    const Baseline baseline = captured(mpioGroup({healthyDisk(0), healthyDisk(1)}));
    EXPECT_EQ(baseline.group, "G1");
    ASSERT_EQ(baseline.servers.size(), 1u);
    EXPECT_EQ(baseline.servers[0].key, "S1");
    EXPECT_EQ(baseline.servers[0].name, "DCS-A");
    const BaselineDisk *disk = baseline.disk("S1", "SERIAL0");
    ASSERT_NE(disk, nullptr);
    EXPECT_EQ(disk->owner, PathOwner::Mpio);
    // The LUN shows under two port rows; the baseline has it once with all four paths.
    ASSERT_EQ(disk->paths.size(), 4u);
    EXPECT_EQ(disk->paths[0].key, "0000000077040000");
    EXPECT_EQ(disk->paths[0].portKey, "adapter:be1");
    EXPECT_EQ(disk->paths[0].state, AO);
    EXPECT_EQ(disk->paths[0].tpgId, 1u);
    EXPECT_EQ(baseline.disk("S1", "nope"), nullptr);
    EXPECT_EQ(baseline.disk("S2", "SERIAL0"), nullptr);
}

TEST(Baseline, JsonRoundTripKeepsEverything)
{
    SourceData data
        = dataCoreGroup({bdisk("L0", {bpath("P1", 0, 0, AO, 1, true), bpath("P2", 1, 0, UNKNOWN, std::nullopt)})});
    const Baseline baseline = captured(data);
    const QByteArray json = baseline.toJson();
    EXPECT_TRUE(json.contains("\"format\": \"pathlens-baseline\""));
    const auto back = Baseline::fromJson(json, "test");
    ASSERT_TRUE(back.ok()) << back.error().toString();
    EXPECT_EQ(back.value(), baseline);
    EXPECT_EQ(back->disk("S1", "SN-L0")->owner, PathOwner::DataCoreDriver);
}

TEST(Baseline, MalformedJsonIsRefusedNamingTheMember)
{
    const Baseline baseline = captured(mpioGroup({healthyDisk(0)}));
    QByteArray json = baseline.toJson();
    json.replace("\"Active/Optimized\"", "\"Sort of optimized\"");
    const auto bad = Baseline::fromJson(json, "b.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("b.json: servers[0].disks[0].paths[0].state"), std::string::npos)
        << bad.error().message;

    EXPECT_FALSE(Baseline::fromJson("{\"format\":\"pathlens-baseline\",\"version\":2}", "v").ok());
    EXPECT_FALSE(Baseline::fromJson("not json", "x").ok());
    EXPECT_NE(Baseline::fromJson("{\"format\":\"pathlens-baseline\"", "t").error().message.find("not valid JSON"),
              std::string::npos);
}

TEST(Baseline, FileLivesNextToTheSettingsWithASafeName)
{
    QStandardPaths::setTestModeEnabled(true);
    const QString path = baselineFilePath("7F3C2A10-6B2E/..\\x y");
    EXPECT_TRUE(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + "/baselines/"))
        << path.toStdString();
    EXPECT_TRUE(path.endsWith("/7F3C2A10-6B2E_.._x_y.json")) << path.toStdString();
    EXPECT_TRUE(baselineFilePath("..").endsWith("/_...json"));
    QStandardPaths::setTestModeEnabled(false);
}

TEST(Baseline, GroupKeyFallsBackToTheHost)
{
    SourceData data = mpioGroup({});
    EXPECT_EQ(baselineGroupKey(data), "G1");
    data.servers[0].groupId.clear();
    EXPECT_EQ(baselineGroupKey(data), "H1");
    data.servers.clear();
    EXPECT_EQ(baselineGroupKey(data), "H1");
    data.hosts.clear();
    EXPECT_EQ(baselineGroupKey(data), "default");
}

TEST(Baseline, SaveAndLoad)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("baselines/G1.json")); // the folder is created
    const auto none = loadBaseline(file);
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value().has_value());

    const Baseline baseline = captured(mpioGroup({healthyDisk(0)}));
    ASSERT_EQ(saveBaseline(baseline, file), std::nullopt);
    const auto loaded = loadBaseline(file);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString();
    ASSERT_TRUE(loaded.value().has_value());
    EXPECT_EQ(*loaded.value(), baseline);
    // Written whole: no temporary file is left beside it.
    EXPECT_EQ(QDir(dir.filePath(QStringLiteral("baselines"))).entryList(QDir::Files),
              QStringList{QStringLiteral("G1.json")});
}

TEST(Baseline, CorruptFileIsAClearErrorAndIsNeverLost)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("G1.json"));
    const QByteArray damaged = "{\"format\": \"pathlens-baseline\", \"version\": 1, \"servers\": [";
    write(file, damaged);

    const auto loaded = loadBaseline(file);
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.error().message.find(file.toStdString()), std::string::npos) << loaded.error().message;
    EXPECT_EQ(readAll(file), damaged); // loading changes nothing

    // Saving over it keeps the damaged file aside first.
    ASSERT_EQ(saveBaseline(captured(mpioGroup({healthyDisk(0)})), file), std::nullopt);
    const QStringList kept = QDir(dir.path()).entryList({QStringLiteral("G1.json.corrupt-*")}, QDir::Files);
    ASSERT_EQ(kept.size(), 1);
    EXPECT_EQ(readAll(dir.filePath(kept.front())), damaged);
    EXPECT_TRUE(loadBaseline(file).ok());
}

// ------------------------------------------------ rules that use the baseline

HealthReport withBaseline(const SourceData &data, const Baseline &baseline)
{
    HealthContext context;
    context.baseline = baseline;
    return evaluate(data, context);
}

TEST(BaselineRules, UnchangedGroupHasNoFindings)
{
    const SourceData data = mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2)});
    const HealthReport report = withBaseline(data, captured(data));
    EXPECT_TRUE(report.empty()) << describe(report);
}

TEST(BaselineRules, VanishedPathIsAFailedPathAndTheCountDrifts)
{
    const SourceData before = mpioGroup({healthyDisk(0)});
    SourceData after = before;
    after.hosts[0].mpioDisks[0].paths.pop_back(); // 0000000077050003 is gone

    const HealthReport report = withBaseline(after, captured(before));
    const auto failed = report.byRule(rules::FailedPath);
    ASSERT_EQ(failed.size(), 1u) << describe(report);
    EXPECT_EQ(failed[0]->object.keyPath(), "S1/adapter:be2/SERIAL0/0000000077050003");
    EXPECT_EQ(failed[0]->severity, Severity::Warning);
    EXPECT_NE(failed[0]->message.find("was in the baseline"), std::string::npos);
    // Its rows light up where the path was.
    EXPECT_EQ(report.worstAt("S1/adapter:be2"), Severity::Warning);
    EXPECT_EQ(report.worstAt("S1/adapter:be2/SERIAL0"), Severity::Warning);

    const auto drift = report.byRule(rules::PathCountDrift);
    ASSERT_EQ(drift.size(), 1u);
    EXPECT_EQ(drift[0]->severity, Severity::Warning);
    EXPECT_NE(drift[0]->message.find("3 paths; the baseline has 4 paths"), std::string::npos) << drift[0]->message;
}

TEST(BaselineRules, NearMissSourceThatFailedProvesNothing)
{
    const SourceData before = mpioGroup({healthyDisk(0)});
    SourceData after = before;
    after.hosts[0].mpioDisks.clear();
    after.hosts[0].mpioError = Error{"MPIO", "access denied", 5};
    const HealthReport report = withBaseline(after, captured(before));
    EXPECT_TRUE(report.byRule(rules::FailedPath).empty()) << describe(report);
    EXPECT_TRUE(report.byRule(rules::PathCountDrift).empty()) << describe(report);
}

TEST(BaselineRules, LunGoneAltogetherDrifts)
{
    const SourceData before = mpioGroup({healthyDisk(0), healthyDisk(1)});
    const HealthReport report = withBaseline(mpioGroup({healthyDisk(0)}), captured(before));
    const auto drift = report.byRule(rules::PathCountDrift);
    ASSERT_EQ(drift.size(), 1u) << describe(report);
    EXPECT_EQ(drift[0]->object.keyPath(), "S1/*/SERIAL1");
    EXPECT_EQ(report.byRule(rules::FailedPath).size(), 4u);
}

TEST(BaselineRules, BaselineAcceptsWhatSiblingsWouldFlag)
{
    MpioDisk thin = mdisk(3, LoadBalancePolicy::RoundRobinWithSubset,
                          {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050003, Hba2, ANO, 2)});
    const SourceData data = mpioGroup({healthyDisk(0), healthyDisk(1), healthyDisk(2), thin});
    ASSERT_EQ(evaluateOnce(data).byRule(rules::PathCountDrift).size(), 1u);
    EXPECT_TRUE(withBaseline(data, captured(data)).byRule(rules::PathCountDrift).empty());
}

TEST(BaselineRules, AfterADriverSwapThePathCountIsCompared)
{
    // Saved before remedy 2 (DataCore driver paths), read after it (MPIO
    // paths): the identities differ, so only the counts are compared.
    SourceData before = dataCoreGroup({bdisk("L0", {bpath("P1", 0, 0, AO, 1, true), bpath("P1", 2, 0, ANO, 2),
                                                    bpath("P2", 1, 0, AO, 1), bpath("P2", 3, 0, ANO, 2)})});
    before.backEndDisks[0].serial = "SERIAL0";
    const Baseline baseline = captured(before);

    SourceData after = mpioGroup({healthyDisk(0)});
    after.backEndDisks = before.backEndDisks;
    after.backEndDisks[0].paths.clear(); // claimed: SANsymphony sees it as direct-attached
    HealthReport report = withBaseline(after, baseline);
    EXPECT_TRUE(report.empty()) << describe(report);

    after.hosts[0].mpioDisks[0].paths.pop_back();
    report = withBaseline(after, baseline);
    EXPECT_TRUE(report.byRule(rules::FailedPath).empty()) << describe(report);
    EXPECT_EQ(report.byRule(rules::PathCountDrift).size(), 1u) << describe(report);
}

} // namespace
} // namespace pathlens
