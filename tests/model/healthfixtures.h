#pragma once

// Hand-made readings for the health rule tests: one DataCore server "S1" on
// host "H1" with a dual-port back-end HBA (175:0.0 and 175:0.1), either after
// remedy 2 (MPIO disks, the HBA functions are adapter-only rows) or before it
// (DataCore BE ports P1/P2 with back-end disks and their driver paths).

#include "model/health/healthengine.h"
#include "model/health/healthinput.h"
#include "model/snapshotbuilder.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace pathlens::healthtest {

using namespace std::chrono_literals;

inline const PciLocation Hba1{175, 0, 0};
inline const PciLocation Hba2{175, 0, 1};
inline const std::chrono::system_clock::time_point T0 =
    std::chrono::system_clock::time_point(std::chrono::seconds(1'718'000'000));

inline constexpr PathState AO = PathState::ActiveOptimized;
inline constexpr PathState ANO = PathState::ActiveUnoptimized;
inline constexpr PathState SB = PathState::Standby;
inline constexpr PathState UA = PathState::Unavailable;
inline constexpr PathState FAIL = PathState::Failed;
inline constexpr PathState UNKNOWN = PathState::Unknown;

/// An MPIO path; the TPG state defaults to the path state (Standby under Fail
/// Over Only is a path state: pass the TPG state separately for it).
inline MpioPath mpath(std::uint64_t id, PciLocation pci, PathState state, std::optional<std::uint32_t> tpg,
                      std::optional<PathState> tpgState = std::nullopt)
{
    MpioPath path;
    path.pathId = id;
    path.adapterPci = pci;
    path.state = state;
    path.tpgId = tpg;
    path.tpgState = tpgState.value_or(tpg ? state : PathState::Unknown);
    path.scsi = ScsiAddress{pci.function + 4, 0, std::uint32_t(id & 0xff), 1};
    return path;
}

inline MpioDisk mdisk(std::uint32_t number, LoadBalancePolicy policy, std::vector<MpioPath> paths)
{
    MpioDisk disk;
    disk.number = number;
    disk.systemDisk = "Disk " + std::to_string(number + 1);
    disk.serial = "SERIAL" + std::to_string(number);
    disk.vendor = "DGC";
    disk.product = "VRAID";
    disk.dsm = "Microsoft DSM";
    disk.policy = policy;
    disk.alua = AluaSupport::ImplicitOnly;
    disk.paths = std::move(paths);
    return disk;
}

/// Two healthy optimized paths (one per HBA port, TPG 1) and two
/// non-optimized ones (TPG 2): the shape every sibling LUN has.
inline MpioDisk healthyDisk(std::uint32_t number, LoadBalancePolicy policy = LoadBalancePolicy::RoundRobinWithSubset)
{
    return mdisk(number, policy,
                 {mpath(0x77040000, Hba1, AO, 1), mpath(0x77050001, Hba2, AO, 1), mpath(0x77040002, Hba1, ANO, 2),
                  mpath(0x77050003, Hba2, ANO, 2)});
}

inline DataCoreServer server()
{
    DataCoreServer s;
    s.id = "S1";
    s.name = "DCS-A";
    s.hostName = "H1";
    s.state = "Online";
    s.groupId = "G1";
    return s;
}

inline Adapter adapter(std::string id, PciLocation pci)
{
    Adapter a;
    a.instanceId = std::move(id);
    a.description = "QLE2692 " + a.instanceId;
    a.deviceClass = DeviceClass::ScsiAdapter;
    a.pci = pci;
    return a;
}

inline DataCorePort port(std::string id, PciLocation pci, RoleFlags roles = RoleBackEnd,
                         Presence presence = Presence::Present)
{
    DataCorePort p;
    p.id = id;
    p.serverId = "S1";
    p.alias = "DCS-A " + id;
    p.roles = roles;
    p.mode = PortMode::Initiator;
    p.type = PortType::FibreChannel;
    p.presence = presence;
    p.pci = pci;
    p.driverName = "DataCore QLogic 2X";
    return p;
}

/// After remedy 2: the group with these MPIO disks on host H1.
inline SourceData mpioGroup(std::vector<MpioDisk> disks)
{
    SourceData data;
    data.servers = {server()};
    SourceData::HostData host;
    host.host = "H1";
    host.adapters = {adapter("be1", Hba1), adapter("be2", Hba2)};
    host.mpioDisks = std::move(disks);
    data.hosts.push_back(std::move(host));
    return data;
}

inline BackEndPath bpath(std::string portId, std::uint32_t target, std::uint32_t lun, PathState state,
                         std::optional<std::uint32_t> tpg, bool inUse = false)
{
    BackEndPath path;
    path.scsi = ScsiAddress{portId == "P1" ? 4u : 5u, 0, target, lun};
    path.portId = std::move(portId);
    path.aluaState = state;
    path.tpgId = tpg;
    path.inUse = inUse;
    return path;
}

inline BackEndDisk bdisk(std::string id, std::vector<BackEndPath> paths, bool alua = true)
{
    BackEndDisk disk;
    disk.id = id;
    disk.serverId = "S1";
    disk.caption = "DGC VRAID " + id;
    disk.vendor = "DGC";
    disk.product = "VRAID";
    disk.serial = "SN-" + id;
    disk.aluaCapable = alua;
    disk.paths = std::move(paths);
    return disk;
}

/// Before remedy 2: BE ports P1 (175:0.0) and P2 (175:0.1) on the DataCore
/// driver, with these back-end disks; MPIO sees nothing.
inline SourceData dataCoreGroup(std::vector<BackEndDisk> disks)
{
    SourceData data;
    data.servers = {server()};
    data.ports = {port("P1", Hba1), port("P2", Hba2)};
    data.backEndDisks = std::move(disks);
    SourceData::HostData host;
    host.host = "H1";
    host.adapters = {adapter("be1", Hba1), adapter("be2", Hba2)};
    data.hosts.push_back(std::move(host));
    return data;
}

/// Sets every MPIO path's counters: reads and writes from @p count (by path
/// id), taken at @p at; bytes follow the counts.
template <typename Count>
void setMpioCounters(SourceData &data, std::chrono::system_clock::time_point at, Count count)
{
    for (SourceData::HostData &host : data.hosts) {
        for (MpioDisk &disk : host.mpioDisks) {
            for (MpioPath &path : disk.paths) {
                const auto [reads, writes] = count(disk.number, path.pathId);
                path.counters.reads = std::uint32_t(reads);
                path.counters.writes = std::uint32_t(writes);
                path.counters.bytesRead = std::uint64_t(reads) * 8192;
                path.counters.bytesWritten = std::uint64_t(writes) * 8192;
                path.counters.taken = at;
            }
        }
    }
}

inline std::vector<const Finding *> findingsOf(const HealthReport &report, std::string_view rule)
{
    return report.byRule(rule);
}

inline std::set<std::string> ruleIds(const HealthReport &report)
{
    std::set<std::string> ids;
    for (const Finding &finding : report.findings())
        ids.insert(finding.rule);
    return ids;
}

/// Evaluates without any history.
inline HealthReport evaluateOnce(const SourceData &data)
{
    return evaluate(data, HealthContext{});
}

/// Readable dump for failure messages.
inline std::string describe(const HealthReport &report)
{
    std::string text;
    for (const Finding &finding : report.findings())
        text += std::string(toString(finding.severity)) + ' ' + finding.rule + ' ' + finding.object.keyPath() + ": "
            + finding.message + '\n';
    return text;
}

} // namespace pathlens::healthtest
