// The health rules on the shipped lab scenarios: the default lab (before
// remedy 2) shows the problems PathLens exists for, the healthy lab (after
// remedy 2 done right) shows none, and the rules follow the lab through the
// driver swap.

#include "model/health/healthengine.h"
#include "model/health/healthinput.h"
#include "platform/lab/labbackend.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

namespace pathlens {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

// 2024-06-10 10:00 UTC, after the shipped labs' trafficSince.
const TimePoint Start = TimePoint(std::chrono::seconds(1'718'013'600));

struct Lab {
    std::unique_ptr<LabBackend> backend;
    TimePoint now = Start;

    explicit Lab(const std::string &name)
    {
        auto loaded = LabBackend::fromFile(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/" + name);
        if (!loaded) {
            ADD_FAILURE() << loaded.error().toString();
            return;
        }
        backend = std::move(loaded).value();
        backend->setClock([this] { return now; });
    }

    /// Two readings @p interval apart on the lab's clock.
    HealthReport measure(std::chrono::seconds interval = 5s, HealthMonitor monitor = HealthMonitor())
    {
        monitor.update(readSources(*backend));
        now += interval;
        return monitor.update(readSources(*backend));
    }
};

std::string describe(const HealthReport &report)
{
    std::string text;
    for (const Finding &f : report.findings())
        text += std::string(toString(f.severity)) + ' ' + f.rule + ' ' + f.objectName + ": " + f.message + '\n';
    return text;
}

std::set<std::string> ruleIds(const HealthReport &report)
{
    std::set<std::string> ids;
    for (const Finding &f : report.findings())
        ids.insert(f.rule);
    return ids;
}

/// "DCS-A / DGC VRAID LUN 1" -> severity, for one rule.
std::map<std::string, Severity> objects(const HealthReport &report, std::string_view rule)
{
    std::map<std::string, Severity> result;
    for (const Finding *f : report.byRule(rule))
        result.emplace(f->objectName, f->severity);
    return result;
}

TEST(HealthLab, DefaultLabFiresExactlyTheseRules)
{
    Lab lab("default-lab.json");
    ASSERT_TRUE(lab.backend);
    const HealthReport report = lab.measure();
    EXPECT_TRUE(report.ioMeasured);
    EXPECT_EQ(ruleIds(report), (std::set<std::string>{"datacore-be-driver-alua", "failed-path", "io-on-non-optimized",
                                                      "path-count-drift", "port-not-present", "spof-adapter"}))
        << describe(report);
    EXPECT_EQ(report.worst(), Severity::Critical);
}

TEST(HealthLab, DefaultLabDriverReadsOverTheNonOwningController)
{
    Lab lab("default-lab.json");
    ASSERT_TRUE(lab.backend);
    const HealthReport report = lab.measure();
    // LUNs 1, 3, 4 and 8 of each server: the DataCore driver's path leads to
    // the controller that does not own the LUN, and all their reads go there.
    std::map<std::string, Severity> expected;
    for (const char *server : {"DCS-A", "DCS-B"}) {
        expected[std::string(server) + " / DGC VRAID LUN 1 / path 004|000|000|001 via " + server + " BE1"]
            = Severity::Critical;
        expected[std::string(server) + " / DGC VRAID LUN 3 / path 004|000|000|003 via " + server + " BE1"]
            = Severity::Critical;
        expected[std::string(server) + " / DGC VRAID LUN 4 / path 005|000|003|004 via " + server + " BE2"]
            = Severity::Critical;
        expected[std::string(server) + " / DGC VRAID LUN 8 / path 005|000|002|008 via " + server + " BE2"]
            = Severity::Critical;
    }
    EXPECT_EQ(objects(report, rules::IoOnNonOptimized), expected) << describe(report);

    // Every BE port on the DataCore driver carries such a path: remedy 2.
    const auto ports = objects(report, rules::DataCoreBeDriverAlua);
    EXPECT_EQ(ports, (std::map<std::string, Severity>{{"DCS-A / DCS-A BE1", Severity::Warning},
                                                       {"DCS-A / DCS-A BE2", Severity::Warning},
                                                       {"DCS-B / DCS-B BE1", Severity::Warning},
                                                       {"DCS-B / DCS-B BE2", Severity::Warning}}));
    for (const Finding *f : report.byRule(rules::DataCoreBeDriverAlua))
        EXPECT_NE(f->recommendation.find("remedy 2"), std::string::npos);
}

TEST(HealthLab, DefaultLabStateFindings)
{
    Lab lab("default-lab.json");
    ASSERT_TRUE(lab.backend);
    const HealthReport report = lab.measure();

    // LUN 9: one of its three paths failed, the two left share HBA port BE1.
    EXPECT_EQ(objects(report, rules::FailedPath),
        (std::map<std::string, Severity>{
            {"DCS-A / DGC VRAID LUN 9 / path 005|000|003|009 via DCS-A BE2", Severity::Warning},
            {"DCS-B / DGC VRAID LUN 9 / path 005|000|003|009 via DCS-B BE2", Severity::Warning}}));
    EXPECT_EQ(objects(report, rules::SpofAdapter),
              (std::map<std::string, Severity>{{"DCS-A / DGC VRAID LUN 9", Severity::Warning},
                                               {"DCS-B / DGC VRAID LUN 9", Severity::Warning}}));

    // The old FE HBAs are gone (warning); DCS-B's unused iSCSI initiator too (info).
    EXPECT_EQ(objects(report, rules::PortNotPresent),
              (std::map<std::string, Severity>{{"DCS-A / DCS-A FE1 (old HBA)", Severity::Warning},
                                               {"DCS-B / DCS-B FE1 (old HBA)", Severity::Warning},
                                               {"DCS-B / Microsoft iSCSI Initiator", Severity::Info}}));

    // Most LUNs have 4 paths: LUN 5 (2) and LUN 9 (3) fewer, 0, 1, 8 (8) and 6 (6) more.
    std::map<std::string, Severity> drift;
    for (const char *server : {"DCS-A", "DCS-B"}) {
        for (const char *lun : {"5", "9"})
            drift[std::string(server) + " / DGC VRAID LUN " + lun] = Severity::Warning;
        for (const char *lun : {"0", "1", "6", "8"})
            drift[std::string(server) + " / DGC VRAID LUN " + lun] = Severity::Info;
    }
    EXPECT_EQ(objects(report, rules::PathCountDrift), drift);
}

TEST(HealthLab, DefaultLabWithoutMeasuringHasNoIoFinding)
{
    Lab lab("default-lab.json");
    ASSERT_TRUE(lab.backend);
    const HealthReport report = evaluate(readSources(*lab.backend), HealthContext{});
    EXPECT_FALSE(report.ioMeasured);
    EXPECT_TRUE(report.byRule(rules::IoOnNonOptimized).empty());
    EXPECT_EQ(report.worst(), Severity::Warning);
}

TEST(HealthLab, HealthyLabHasNoFindings)
{
    Lab lab("healthy-lab.json");
    ASSERT_TRUE(lab.backend);
    const HealthReport report = lab.measure();
    EXPECT_TRUE(report.ioMeasured);
    EXPECT_TRUE(report.empty()) << describe(report);
    // Nor over a longer interval, nor against its own baseline.
    HealthMonitor monitor;
    const SourceData sources = readSources(*lab.backend);
    monitor.setBaseline(Baseline::capture(buildSnapshot(sources), baselineGroupKey(sources), lab.now));
    const HealthReport again = lab.measure(10min, std::move(monitor));
    EXPECT_TRUE(again.empty()) << describe(again);
}

TEST(HealthLab, RulesFollowTheDriverSwap)
{
    Lab lab("default-lab.json");
    ASSERT_TRUE(lab.backend);
    LabBackend &backend = *lab.backend;
    // Remedy 2 on DCS-A, steps 3 and 5 only: native driver, claim; the
    // MSDSM default stays Fail Over Only and the old ports stay.
    const std::vector<Adapter> adapters = backend.devices()->adapters("DCS-A").value();
    for (const Adapter &adapter : adapters) {
        if (!adapter.pci || adapter.pci->bus != 175)
            continue;
        const auto drivers = backend.devices()->compatibleDrivers("DCS-A", adapter.instanceId).value();
        const auto native = std::find_if(drivers.begin(), drivers.end(),
                                         [](const DriverPackage &d) { return d.version == "9.4.6.20"; });
        ASSERT_NE(native, drivers.end());
        ASSERT_TRUE(backend.devices()->installDriver("DCS-A", adapter.instanceId, *native).ok());
    }
    ASSERT_TRUE(backend.mpio()->claim("DCS-A", ClaimRequest{}).ok());
    ASSERT_TRUE(backend.restartHost("DCS-A").ok()); // the drivers and the claim take effect now

    const HealthReport report = lab.measure();
    std::set<std::string> onA;
    for (const Finding &f : report.findings()) {
        if (f.objectName.rfind("DCS-A", 0) == 0)
            onA.insert(f.rule);
    }
    // The DataCore driver is gone from DCS-A's back-end; Fail Over Only
    // leaves optimized paths idle; the BE ports are left Not present.
    EXPECT_EQ(onA.count("datacore-be-driver-alua"), 0u) << describe(report);
    EXPECT_EQ(onA.count("io-on-non-optimized"), 0u) << describe(report);
    EXPECT_EQ(onA.count("policy-mismatch"), 1u) << describe(report);
    const auto ports = objects(report, rules::PortNotPresent);
    EXPECT_EQ(ports.at("DCS-A / DCS-A BE1"), Severity::Info);
    EXPECT_EQ(ports.at("DCS-A / DCS-A BE2"), Severity::Info);
    // DCS-B is untouched.
    EXPECT_EQ(objects(report, rules::DataCoreBeDriverAlua).count("DCS-B / DCS-B BE1"), 1u);

    // Step 6: Round Robin with Subset on every claimed disk clears the policy findings.
    const std::vector<MpioDisk> disks = backend.mpio()->disks("DCS-A").value();
    for (const MpioDisk &disk : disks)
        ASSERT_TRUE(backend.mpio()->setPolicy("DCS-A", disk.number, LoadBalancePolicy::RoundRobinWithSubset, {}).ok());
    const HealthReport after = lab.measure();
    EXPECT_TRUE(after.byRule(rules::PolicyMismatch).empty()) << describe(after);
}

} // namespace
} // namespace pathlens
