#include "reportfixtures.h"

#include "model/baseline.h"
#include "model/jsonreport.h"
#include "model/report/reportdiff.h"
#include "model/report/reportdiffmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <algorithm>

namespace pathlens {
namespace {

using namespace reporttest;
using Kind = ReportChange::Kind;

std::vector<const ReportChange *> changesOf(const ReportDiff &diff, Kind kind)
{
    std::vector<const ReportChange *> found;
    for (const ReportChange &change : diff.changes) {
        if (change.kind == kind)
            found.push_back(&change);
    }
    return found;
}

MpioPath &pathOf(SourceData &data, std::uint32_t disk, std::uint64_t pathId)
{
    for (MpioDisk &mpioDisk : data.hosts[0].mpioDisks) {
        if (mpioDisk.number != disk)
            continue;
        for (MpioPath &path : mpioDisk.paths) {
            if (path.pathId == pathId)
                return path;
        }
    }
    throw std::runtime_error("no such path in the fixture");
}

Baseline baselineOf(const Reading &reading)
{
    return Baseline::capture(*reading.snapshot, "G1", T0);
}

DiffSide reportSideOf(const Reading &reading)
{
    const Result<DiffSide> side = diffSideFromReportJson(jsonReport(reading.content()), "earlier.json");
    EXPECT_TRUE(side.ok()) << (side.ok() ? "" : side.error().toString());
    return side.ok() ? side.value() : DiffSide{};
}

TEST(ReportDiff, SameReadingHasNoChangesFromEitherKindOfBaseline)
{
    const Reading reading(reportGroup(true));
    const DiffSide now = diffSide(*reading.snapshot);
    EXPECT_TRUE(diffSides(diffSide(baselineOf(reading)), now).changes.empty());
    const ReportDiff fromReport = diffSides(reportSideOf(reading), now);
    EXPECT_TRUE(fromReport.changes.empty()) << (fromReport.changes.empty() ? "" : fromReport.changes[0].object);
    EXPECT_TRUE(fromReport.comparedPolicies);
    EXPECT_TRUE(fromReport.comparedAllPorts);
}

TEST(ReportDiff, PathLostAndAddedStateAndTpgChanges)
{
    const Reading before(reportGroup());
    SourceData data = reportGroup();
    // Disk 0 loses a path and gains another; disk 1's failed path is back,
    // one optimized path fails, and one path's group changes state.
    auto &paths = data.hosts[0].mpioDisks[0].paths;
    paths.erase(std::remove_if(paths.begin(), paths.end(), [](const MpioPath &path) { return path.pathId == 0x77050003; }),
                paths.end());
    paths.push_back(mpath(0x77050099, Hba2, ANO, 2));
    pathOf(data, 1, 0x77050011).state = AO;
    pathOf(data, 1, 0x77050011).tpgState = AO;
    pathOf(data, 1, 0x77040010).state = FAIL;
    pathOf(data, 1, 0x77040012).tpgState = AO;
    pathOf(data, 1, 0x77040012).tpgId = 3;
    const Reading after(data);

    const ReportDiff diff = diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot));

    const auto lost = changesOf(diff, Kind::PathLost);
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_EQ(lost[0]->pathKey, "0000000077050003");
    EXPECT_EQ(lost[0]->diskKey, "SERIAL0");
    EXPECT_EQ(lost[0]->serverName, "DCS-A");
    EXPECT_TRUE(lost[0]->worse);
    EXPECT_NE(lost[0]->before.find("Active/Unoptimized"), std::string::npos) << lost[0]->before;
    EXPECT_TRUE(lost[0]->after.empty());

    const auto added = changesOf(diff, Kind::PathAdded);
    ASSERT_EQ(added.size(), 1u);
    EXPECT_EQ(added[0]->pathKey, "0000000077050099");
    EXPECT_FALSE(added[0]->worse);
    EXPECT_NE(added[0]->after.find("DCS-A P2"), std::string::npos) << added[0]->after;

    const auto states = changesOf(diff, Kind::StateChanged);
    ASSERT_EQ(states.size(), 2u);
    for (const ReportChange *change : states) {
        if (change->pathKey == "0000000077050011") {
            EXPECT_EQ(change->before, "Failed");
            EXPECT_EQ(change->after, "Active/Optimized");
            EXPECT_FALSE(change->worse);
        } else {
            EXPECT_EQ(change->pathKey, "0000000077040010");
            EXPECT_EQ(change->before, "Active/Optimized");
            EXPECT_EQ(change->after, "Failed");
            EXPECT_TRUE(change->worse);
        }
    }

    const auto tpgs = changesOf(diff, Kind::TpgChanged);
    // The recovered path's group went Failed -> A/O; the third path's group
    // id and state changed (the newly failed path's group did not).
    ASSERT_EQ(tpgs.size(), 2u);
    EXPECT_TRUE(std::any_of(tpgs.begin(), tpgs.end(), [](const ReportChange *change) {
        return change->pathKey == "0000000077040012" && change->before == "TPG 2 (Active/Unoptimized)"
            && change->after == "TPG 3 (Active/Optimized)";
    }));
    // Nothing else: no port or disk changes, no policy comparison.
    EXPECT_EQ(diff.changes.size(), lost.size() + added.size() + states.size() + tpgs.size());
    EXPECT_FALSE(diff.comparedPolicies);
}

TEST(ReportDiff, PolicyDriftNeedsABaselineThatRecordsPolicies)
{
    const Reading before(reportGroup());
    SourceData data = reportGroup();
    data.hosts[0].mpioDisks[0].policy = LoadBalancePolicy::FailOverOnly;
    const Reading after(data);

    const ReportDiff fromReport = diffSides(reportSideOf(before), diffSide(*after.snapshot));
    const auto drift = changesOf(fromReport, Kind::PolicyChanged);
    ASSERT_EQ(drift.size(), 1u);
    EXPECT_EQ(drift[0]->diskKey, "SERIAL0");
    EXPECT_EQ(drift[0]->before, "Round Robin with Subset");
    EXPECT_EQ(drift[0]->after, "Fail Over Only");

    // A baseline does not keep policies: nothing claimed either way.
    const ReportDiff fromBaseline = diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot));
    EXPECT_TRUE(changesOf(fromBaseline, Kind::PolicyChanged).empty());
    EXPECT_FALSE(fromBaseline.comparedPolicies);
}

TEST(ReportDiff, PortsAppearVanishAndChangePresence)
{
    const Reading before(reportGroup());
    SourceData data = reportGroup();
    data.ports[1].presence = Presence::NotPresent;           // P2 after a driver swap
    data.ports.erase(data.ports.begin() + 2);                // FE1 removed from the configuration
    data.ports.push_back(port("MR1", PciLocation{5, 0, 0}, RoleMirror)); // a new mirror port
    const Reading after(data);

    const ReportDiff diff = diffSides(reportSideOf(before), diffSide(*after.snapshot));
    const auto vanished = changesOf(diff, Kind::PortVanished);
    ASSERT_EQ(vanished.size(), 1u);
    EXPECT_EQ(vanished[0]->portKey, "FE1");
    EXPECT_NE(vanished[0]->object.find("<script>"), std::string::npos) << "named by its alias";
    EXPECT_TRUE(vanished[0]->worse);
    const auto appeared = changesOf(diff, Kind::PortAppeared);
    ASSERT_EQ(appeared.size(), 1u);
    EXPECT_EQ(appeared[0]->portKey, "MR1");
    const auto presence = changesOf(diff, Kind::PortPresenceChanged);
    ASSERT_EQ(presence.size(), 1u);
    EXPECT_EQ(presence[0]->before, "Present");
    EXPECT_EQ(presence[0]->after, "Not present");
    EXPECT_TRUE(presence[0]->worse);
}

TEST(ReportDiff, BaselineKnowsOnlyThePortsItsPathsUsed)
{
    const Reading before(reportGroup());
    SourceData data = reportGroup();
    data.ports.push_back(port("MR1", PciLocation{5, 0, 0}, RoleMirror));
    data.ports.erase(data.ports.begin() + 2); // FE1: no paths, unknown to a baseline
    const Reading after(data);
    const ReportDiff diff = diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot));
    EXPECT_TRUE(changesOf(diff, Kind::PortAppeared).empty());
    EXPECT_TRUE(changesOf(diff, Kind::PortVanished).empty());
    EXPECT_FALSE(diff.comparedAllPorts);
}

TEST(ReportDiff, ServersAndDisksAddedAndLost)
{
    const Reading before(reportGroup(true));
    SourceData data = reportGroup();
    data.hosts[0].mpioDisks.erase(data.hosts[0].mpioDisks.begin());
    data.hosts[0].mpioDisks.push_back(healthyDisk(9));
    const Reading after(data);
    const ReportDiff diff = diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot));
    ASSERT_EQ(changesOf(diff, Kind::ServerLost).size(), 1u);
    EXPECT_EQ(changesOf(diff, Kind::ServerLost)[0]->serverName, "DCS-B");
    ASSERT_EQ(changesOf(diff, Kind::DiskLost).size(), 1u);
    EXPECT_EQ(changesOf(diff, Kind::DiskLost)[0]->diskKey, "SERIAL0");
    EXPECT_EQ(changesOf(diff, Kind::DiskLost)[0]->before, "4 path(s)");
    ASSERT_EQ(changesOf(diff, Kind::DiskAdded).size(), 1u);
    EXPECT_EQ(changesOf(diff, Kind::DiskAdded)[0]->diskKey, "SERIAL9");
    // A lost disk is one change, not one per path.
    EXPECT_TRUE(changesOf(diff, Kind::PathLost).empty());

    const ReportDiff back = diffSides(diffSide(*after.snapshot), diffSide(*before.snapshot));
    EXPECT_EQ(changesOf(back, Kind::ServerAdded).size(), 1u);
}

TEST(ReportDiff, DataCoreDriverPathsCompareByTheirKeys)
{
    const Reading before(dataCoreGroup({bdisk("D1", {bpath("P1", 1, 1, AO, 1, true), bpath("P2", 2, 1, ANO, 2)})}));
    const Reading after(dataCoreGroup({bdisk("D1", {bpath("P1", 1, 1, AO, 1, true)})}));
    for (const DiffSide &side : {diffSide(baselineOf(before)), reportSideOf(before)}) {
        const ReportDiff diff = diffSides(side, diffSide(*after.snapshot));
        const auto lost = changesOf(diff, Kind::PathLost);
        ASSERT_EQ(lost.size(), 1u);
        EXPECT_EQ(lost[0]->portKey, "P2");
        EXPECT_NE(lost[0]->object.find("005|000|002|001"), std::string::npos) << lost[0]->object;
    }
}

TEST(ReportDiff, ReportJsonOfTheWrongShapeIsRefusedByMember)
{
    auto refused = [](const QByteArray &bytes) {
        const Result<DiffSide> side = diffSideFromReportJson(bytes, "old.json");
        EXPECT_FALSE(side.ok());
        return side.ok() ? std::string() : side.error().toString();
    };
    EXPECT_NE(refused("{\"schema\": \"pathlens-report/1\", \"generated\": \"2024-06-10T06:13:20Z\", \"servers\": 3}")
                  .find("servers: expected an array"),
              std::string::npos);
    EXPECT_NE(refused("{\"schema\": \"pathlens-report/2\"}").find("schema"), std::string::npos);
    EXPECT_NE(refused("{\"schema\": \"pathlens-report/1\", \"generated\": \"2024-06-10T06:13:20Z\", \"servers\": [], "
                      "\"disks\": [{\"server\": \"A\", \"key\": \"K\", \"paths\": [{\"key\": \"1\", \"state\": "
                      "\"Sideways\"}]}]}")
                  .find("disks[0].paths[0].state: unknown path state"),
              std::string::npos);
    EXPECT_NE(refused("{\"schema\": \"pathlens-report/1\"").find("old.json: not valid JSON"), std::string::npos);
    EXPECT_NE(refused("[1, 2]").find("expected a JSON object"), std::string::npos);
}

TEST(ReportDiff, LoadsEitherFileKindAndSaysWhatIsWrong)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const Reading reading(reportGroup());
    auto write = [&](const char *name, const QByteArray &bytes) {
        const QString file = dir.filePath(QLatin1String(name));
        QFile out(file);
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(bytes);
        return file;
    };
    const QString baselineFile = write("baseline.json", baselineOf(reading).toJson());
    const QString reportFile = write("report.json", jsonReport(reading.content()));
    const Result<DiffSide> fromBaseline = loadDiffSide(baselineFile);
    ASSERT_TRUE(fromBaseline.ok()) << fromBaseline.error().toString();
    EXPECT_FALSE(fromBaseline.value().hasPolicies);
    const Result<DiffSide> fromReport = loadDiffSide(reportFile);
    ASSERT_TRUE(fromReport.ok()) << fromReport.error().toString();
    EXPECT_TRUE(fromReport.value().hasPolicies);

    const Result<DiffSide> missing = loadDiffSide(dir.filePath(QStringLiteral("nope.json")));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().toString().find("cannot read"), std::string::npos);

    QByteArray truncated = baselineOf(reading).toJson();
    truncated.chop(truncated.size() / 2);
    const Result<DiffSide> broken = loadDiffSide(write("truncated.json", truncated));
    ASSERT_FALSE(broken.ok());
    EXPECT_NE(broken.error().toString().find("not valid JSON"), std::string::npos) << broken.error().toString();

    const Result<DiffSide> other = loadDiffSide(write("other.json", "{\"hello\": \"world\"}"));
    ASSERT_FALSE(other.ok());
    EXPECT_NE(other.error().toString().find("neither a PathLens baseline"), std::string::npos)
        << other.error().toString();
}

TEST(ReportDiff, ScopeKeepsTheChangesOfWhatIsInTheReport)
{
    const Reading before(reportGroup(true));
    SourceData data = reportGroup(true);
    pathOf(data, 1, 0x77040010).state = FAIL;
    data.hosts[1].mpioDisks[0].paths.pop_back();
    const Reading after(data);
    const ReportDiff diff = diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot));
    ASSERT_EQ(diff.changes.size(), 2u); // a state on DCS-A, a lost path on DCS-B

    const ReportContent onlyB = after.content(ReportScope::server("S2"), &diff);
    ASSERT_TRUE(onlyB.diff.has_value());
    ASSERT_EQ(onlyB.diff->changes.size(), 1u);
    EXPECT_EQ(onlyB.diff->changes[0].kind, Kind::PathLost);

    const ReportContent all = after.content({}, &diff);
    bool marked = false;
    for (const ReportDisk &disk : all.disks) {
        for (const ReportPath &path : disk.paths) {
            if (path.entry.pathId == 0x77040010) {
                marked = path.change.find("State changed: Active/Optimized -> Failed") != std::string::npos;
            }
        }
    }
    EXPECT_TRUE(marked);
}

TEST(ReportDiffModel, ListsChangesWithWorseOnesMarked)
{
    const Reading before(reportGroup());
    SourceData data = reportGroup();
    pathOf(data, 0, 0x77040000).state = FAIL;
    const Reading after(data);
    ReportDiffModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setDiff(diffSides(diffSide(baselineOf(before)), diffSide(*after.snapshot)));
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.columnCount(), ReportDiffModel::ColumnCount);
    EXPECT_EQ(model.index(0, ReportDiffModel::ChangeColumn).data().toString(), QStringLiteral("State changed"));
    EXPECT_EQ(model.index(0, ReportDiffModel::BeforeColumn).data().toString(), QStringLiteral("Active/Optimized"));
    EXPECT_EQ(model.index(0, ReportDiffModel::AfterColumn).data().toString(), QStringLiteral("Failed"));
    EXPECT_TRUE(model.index(0, 0).data(ReportDiffModel::WorseRole).toBool());
    EXPECT_EQ(model.index(0, 0).data(ReportDiffModel::KindRole).toString(), QStringLiteral("state-changed"));
    EXPECT_TRUE(model.summary().startsWith(QStringLiteral("1 change since the baseline saved 2024-06-10T06:13:20Z")))
        << model.summary().toStdString();

    model.setDiff({});
    EXPECT_EQ(model.rowCount(), 0);
}

} // namespace
} // namespace pathlens
