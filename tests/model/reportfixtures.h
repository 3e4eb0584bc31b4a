#pragma once

// A server group for the report tests, built from the health fixtures: DCS-A
// (host H1) after remedy 2 with its two BE ports still listed by DataCore and
// matched to the HBA functions, an FE port whose alias is hostile (markup,
// comma, quote, newline), two MPIO LUNs - one healthy, one with a failed path -
// and measured counters; optionally a second server DCS-B (host H2).

#include "healthfixtures.h"

#include "model/report/reportcontent.h"

#include <QString>

#include <memory>

namespace pathlens::reporttest {

using namespace healthtest;

inline const std::string HostileAlias = "<script>alert(\"x\")</script>, FE \"one\"\nline two & 'more'";
inline const std::string HostileCaption = "LUN \"7\", <b>bold</b> Zürich";

inline SourceData reportGroup(bool secondServer = false)
{
    MpioDisk degraded = mdisk(1, LoadBalancePolicy::RoundRobinWithSubset,
                              {mpath(0x77040010, Hba1, AO, 1), mpath(0x77050011, Hba2, FAIL, 1),
                               mpath(0x77040012, Hba1, ANO, 2), mpath(0x77050013, Hba2, ANO, 2)});
    SourceData data = mpioGroup({healthyDisk(0), degraded});
    data.ports = {port("P1", Hba1), port("P2", Hba2), port("FE1", PciLocation{4, 0, 0}, RoleFrontEnd)};
    data.ports[2].alias = HostileAlias;
    data.ports[2].mode = PortMode::Target;
    data.backEndDisks.push_back(bdisk("D1", {}));
    data.backEndDisks.back().serial = "SERIAL1";
    data.backEndDisks.back().caption = HostileCaption;
    setMpioCounters(data, T0, [](std::uint32_t disk, std::uint64_t pathId) {
        // Disk 0: the optimized paths carry the I/O; disk 1: one path does.
        const bool busy = disk == 0 ? (pathId & 0x2) == 0 : pathId == 0x77040010;
        return std::pair<std::uint64_t, std::uint64_t>{busy ? 3000 : 0, busy ? 1000 : 0};
    });
    if (secondServer) {
        DataCoreServer other;
        other.id = "S2";
        other.name = "DCS-B";
        other.hostName = "H2";
        other.state = "Online";
        other.groupId = "G1";
        data.servers.push_back(other);
        SourceData::HostData host;
        host.host = "H2";
        host.adapters = {adapter("be3", Hba1), adapter("be4", Hba2)};
        host.mpioDisks = {healthyDisk(5)};
        data.hosts.push_back(std::move(host));
    }
    return data;
}

/// Snapshot, findings and counters of a reading, kept together.
struct Reading {
    SourceData sources;
    std::shared_ptr<InventorySnapshot> snapshot;
    PathCounterReadings counters;

    explicit Reading(SourceData data) : sources(std::move(data))
    {
        snapshot = std::make_shared<InventorySnapshot>(buildSnapshot(sources));
        snapshot->taken = T0;
        snapshot->health = std::make_shared<const HealthReport>(evaluate(sources, *snapshot, HealthContext{}));
        counters = readPathCounters(sources, *snapshot);
    }

    ReportContent content(ReportScope scope = {}, const ReportDiff *diff = nullptr) const
    {
        ReportInput input;
        input.snapshot = snapshot.get();
        input.counters = &counters;
        input.diff = diff;
        input.scope = std::move(scope);
        input.generated = T0;
        input.backend = "report test group";
        return buildReportContent(input);
    }
};

inline QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace pathlens::reporttest
