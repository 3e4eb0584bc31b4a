#include "mpiodecode.h"

#include "devicedecode.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>

namespace pathlens {
namespace {

std::string_view trimView(std::string_view text)
{
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

/// Compares PnP spellings: case-insensitive, ' ' and '_' alike, outer blanks ignored.
std::string pnpKey(std::string_view text)
{
    std::string key = asciiLower(trimView(text));
    std::replace(key.begin(), key.end(), ' ', '_');
    return key;
}

std::string pathText(std::uint64_t pathId)
{
    return formatPathId(pathId);
}

std::string diskText(const std::optional<std::uint32_t> &number, std::string_view instanceName)
{
    if (number)
        return "MPIO Disk" + std::to_string(*number);
    return "MPIO instance \"" + std::string(instanceName) + '"';
}

} // namespace

// ---------------------------------------------------------------- mappings

PathState pathStateFromFlags(bool primary, bool optimized, bool failed)
{
    if (failed)
        return PathState::Failed;
    if (primary)
        return optimized ? PathState::ActiveOptimized : PathState::ActiveUnoptimized;
    return optimized ? PathState::Standby : PathState::Unavailable;
}

PathState tpgStateFromWmi(std::uint32_t state)
{
    switch (state) {
    case 0: return PathState::ActiveOptimized;
    case 1: return PathState::ActiveUnoptimized;
    case 2: return PathState::Standby;
    case 3: return PathState::Unavailable;
    case 14: return PathState::Offline;
    case 15: return PathState::Transitioning;
    default: break;
    }
    // 16: not ALUA, no TPG state; 4 (LBA dependent) and reserved values are
    // states PathLens cannot judge.
    return PathState::Unknown;
}

AluaSupport aluaSupportFromWmi(std::uint32_t value)
{
    switch (value) {
    case 0: return AluaSupport::NotSupported;
    case 1: return AluaSupport::ImplicitOnly;
    case 2: return AluaSupport::ExplicitOnly;
    case 3: return AluaSupport::ImplicitAndExplicit;
    default: return AluaSupport::Unknown;
    }
}

LoadBalancePolicy policyFromWmi(std::uint32_t value)
{
    if (value >= 1 && value <= 7)
        return static_cast<LoadBalancePolicy>(value);
    return LoadBalancePolicy::Unknown;
}

std::uint32_t policyToWmi(LoadBalancePolicy policy)
{
    return static_cast<std::uint32_t>(policy);
}

std::optional<std::uint32_t> mpioDiskNumber(std::string_view name)
{
    name = trimView(name);
    const std::string lower = asciiLower(name);
    std::size_t start = std::string::npos;
    for (std::string_view marker : {std::string_view("mpiodisk"), std::string_view("mpio disk")}) {
        const std::size_t pos = lower.rfind(marker);
        if (pos != std::string::npos && (start == std::string::npos || pos + marker.size() > start))
            start = pos + marker.size();
    }
    if (start == std::string::npos || start >= name.size())
        return std::nullopt;
    const std::string_view digits = name.substr(start);
    std::uint32_t number = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number, 10);
    if (ec != std::errc() || ptr != digits.data() + digits.size())
        return std::nullopt;
    return number;
}

HardwareName hardwareFromInstanceName(std::string_view instanceName)
{
    HardwareName name;
    // The hardware part is the second backslash-separated component.
    const std::size_t first = instanceName.find('\\');
    if (first == std::string_view::npos)
        return name;
    std::string_view hardware = instanceName.substr(first + 1);
    hardware = hardware.substr(0, hardware.find('\\'));
    std::size_t pos = 0;
    while (pos <= hardware.size()) {
        std::size_t end = hardware.find('&', pos);
        if (end == std::string_view::npos)
            end = hardware.size();
        const std::string_view field = hardware.substr(pos, end - pos);
        const std::string lower = asciiLower(field.substr(0, 5));
        if (lower.rfind("ven_", 0) == 0)
            name.vendor = std::string(field.substr(4));
        else if (lower == "prod_")
            name.product = std::string(field.substr(5));
        pos = end + 1;
    }
    return name;
}

HardwareName splitHardwareId(std::string_view hardwareId)
{
    HardwareName name;
    // Vendor 8 + product 16 as INQUIRY pads them; trailing padding may be gone.
    if (hardwareId.size() > 8 && std::string_view(trimView(hardwareId.substr(0, 8))).find(' ') == std::string_view::npos) {
        name.vendor = std::string(trimView(hardwareId.substr(0, 8)));
        name.product = std::string(trimView(hardwareId.substr(8)));
        return name;
    }
    // Width lost ("DGC VRAID"): the first word is the vendor.
    const std::string_view trimmed = trimView(hardwareId);
    const std::size_t space = trimmed.find(' ');
    name.vendor = std::string(trimmed.substr(0, space));
    if (space != std::string_view::npos)
        name.product = std::string(trimView(trimmed.substr(space + 1)));
    return name;
}

bool hardwareIdMatches(std::string_view hardwareId, const HardwareName &name)
{
    if (name.vendor.empty() && name.product.empty())
        return false;
    const HardwareName id = splitHardwareId(hardwareId);
    return pnpKey(id.vendor) == pnpKey(name.vendor) && pnpKey(id.product) == pnpKey(name.product);
}

// ---------------------------------------------------------- decoded classes

Result<WmiDescriptor> decodeDescriptor(const WmiObject &object)
{
    WmiReader reader(object);
    WmiDescriptor out;
    auto instance = reader.string("InstanceName");
    if (!instance)
        return instance.error();
    out.instanceName = *instance;
    auto deviceName = reader.string("DeviceName");
    if (!deviceName)
        return deviceName.error();
    out.deviceName = std::string(trimView(*deviceName));
    out.number = mpioDiskNumber(out.deviceName);
    if (!out.number)
        return reader.error("DeviceName", "\"" + out.deviceName + "\" does not end in MPIODisk<N>");

    auto pdos = reader.children("PdoInformation");
    if (!pdos)
        return pdos.error();
    for (const WmiReader &pdo : *pdos) {
        WmiPdo path;
        auto id = pdo.u64("PathIdentifier");
        if (!id)
            return id.error();
        path.pathId = *id;
        auto state = pdo.optionalUnsigned("DeviceState", 32);
        if (!state)
            return state.error();
        path.deviceState = static_cast<std::uint32_t>(state->value_or(0));
        auto address = pdo.child("ScsiAddress");
        if (!address)
            return address.error();
        auto port = address->u8("PortNumber");
        auto bus = address->u8("ScsiPathId");
        auto target = address->u8("TargetId");
        auto lun = address->u8("Lun");
        for (const auto *part : {&port, &bus, &target, &lun}) {
            if (!*part)
                return part->error();
        }
        path.scsi = ScsiAddress{*port, *bus, *target, *lun};
        out.pdos.push_back(path);
    }
    return out;
}

Result<WmiLbPolicy> decodeLbPolicy(const WmiObject &object)
{
    WmiReader reader(object);
    WmiLbPolicy out;
    auto instance = reader.string("InstanceName");
    if (!instance)
        return instance.error();
    out.instanceName = *instance;
    auto policy = reader.child("LoadBalancePolicy");
    if (!policy)
        return policy.error();
    auto number = policy->u32("LoadBalancePolicy");
    if (!number)
        return number.error();
    out.rawPolicy = *number;
    out.policy = policyFromWmi(*number);

    auto paths = policy->children("DSM_Paths");
    if (!paths)
        return paths.error();
    // DSMPathCount bounds the array when present: the buffer may carry more slots.
    auto count = policy->optionalUnsigned("DSMPathCount", 32);
    if (!count)
        return count.error();
    const std::size_t used = count->has_value() ? std::min<std::size_t>(paths->size(), **count) : paths->size();

    for (std::size_t i = 0; i < used; ++i) {
        const WmiReader &item = (*paths)[i];
        WmiDsmPath path;
        auto id = item.u64("DsmPathId");
        if (!id)
            return id.error();
        path.pathId = *id;
        struct Field {
            std::string_view name;
            std::uint32_t *target;
            int bits;
        };
        const Field numbers[] = {{"PathWeight", &path.weight, 32},
                                 {"TargetPortGroup_State", &path.tpgState, 32},
                                 {"ALUASupport", &path.aluaSupport, 32},
                                 {"TargetPortGroup_Identifier", &path.tpgId, 16},
                                 {"TargetPort_Identifier", &path.targetPortId, 32}};
        for (const Field &field : numbers) {
            auto value = item.optionalUnsigned(field.name, field.bits);
            if (!value)
                return value.error();
            if (value->has_value())
                *field.target = static_cast<std::uint32_t>(**value);
        }
        struct Flag {
            std::string_view name;
            bool *target;
        };
        const Flag flags[] = {{"PrimaryPath", &path.primary},     {"OptimizedPath", &path.optimized},
                              {"PreferredPath", &path.preferred}, {"FailedPath", &path.failed},
                              {"SymmetricLUA", &path.symmetric},  {"TargetPortGroup_Preferred", &path.tpgPreferred}};
        for (const Flag &flag : flags) {
            auto value = item.optionalFlag(flag.name);
            if (!value)
                return value.error();
            if (value->has_value())
                *flag.target = **value;
        }
        out.paths.push_back(path);
    }
    return out;
}

Result<std::vector<WmiAdapterPath>> decodePathInformation(const WmiObject &object)
{
    WmiReader reader(object);
    std::vector<WmiAdapterPath> out;
    auto list = reader.children("PathList");
    if (!list)
        return list.error();
    for (const WmiReader &item : *list) {
        WmiAdapterPath path;
        auto id = item.u64("PathId");
        if (!id)
            return id.error();
        path.pathId = *id;
        auto bus = item.u8("BusNumber");
        auto device = item.u8("DeviceNumber");
        auto function = item.u8("FunctionNumber");
        for (const auto *part : {&bus, &device, &function}) {
            if (!*part)
                return part->error();
        }
        path.wmiLocation = PciLocation{*bus, *device, *function};
        // 0:0.0 is the host bridge, never an HBA: software initiators report zeros.
        if (path.wmiLocation != PciLocation{})
            path.pci = path.wmiLocation;
        auto name = item.optionalString("AdapterName");
        if (!name)
            return name.error();
        path.adapterName = std::string(trimView(*name));
        out.push_back(std::move(path));
    }
    return out;
}

Result<std::vector<WmiDriveInfo>> decodeDiskInfo(const WmiObject &object)
{
    WmiReader reader(object);
    std::vector<WmiDriveInfo> out;
    auto drives = reader.children("DriveInfo");
    if (!drives)
        return drives.error();
    for (const WmiReader &item : *drives) {
        WmiDriveInfo drive;
        auto name = item.string("Name");
        if (!name)
            return name.error();
        drive.name = std::string(trimView(*name));
        drive.number = mpioDiskNumber(drive.name);
        auto serial = item.optionalString("SerialNumber");
        if (!serial)
            return serial.error();
        drive.serial = std::string(trimView(*serial));
        auto dsm = item.optionalString("DsmName");
        if (!dsm)
            return dsm.error();
        drive.dsmName = std::string(trimView(*dsm));
        auto paths = item.optionalUnsigned("NumberPaths", 32);
        if (!paths)
            return paths.error();
        drive.numberPaths = static_cast<std::uint32_t>(paths->value_or(0));
        out.push_back(std::move(drive));
    }
    return out;
}

Result<WmiDevicePerf> decodeDevicePerf(const WmiObject &object, std::chrono::system_clock::time_point taken)
{
    WmiReader reader(object);
    WmiDevicePerf out;
    auto instance = reader.string("InstanceName");
    if (!instance)
        return instance.error();
    out.instanceName = *instance;
    auto items = reader.children("PerfInfo");
    if (!items)
        return items.error();
    for (const WmiReader &item : *items) {
        WmiPathPerf path;
        auto id = item.u64("PathId");
        auto reads = item.u32("NumberReads");
        auto writes = item.u32("NumberWrites");
        auto bytesRead = item.u64("BytesRead");
        auto bytesWritten = item.u64("BytesWritten");
        if (!id)
            return id.error();
        if (!reads)
            return reads.error();
        if (!writes)
            return writes.error();
        if (!bytesRead)
            return bytesRead.error();
        if (!bytesWritten)
            return bytesWritten.error();
        path.pathId = *id;
        path.counters.reads = *reads;
        path.counters.writes = *writes;
        path.counters.bytesRead = *bytesRead;
        path.counters.bytesWritten = *bytesWritten;
        path.counters.taken = taken;
        out.paths.push_back(path);
    }
    return out;
}

// ---------------------------------------------------------------- assembly

namespace {

MpioPath pathFromDsm(const WmiDsmPath &dsm)
{
    MpioPath path;
    path.pathId = dsm.pathId;
    path.state = pathStateFromFlags(dsm.primary, dsm.optimized, dsm.failed);
    // MSDSM reports a path of an Offline TPG as neither active nor standby;
    // the TPG state says why.
    if (!dsm.failed && dsm.hasTpg() && tpgStateFromWmi(dsm.tpgState) == PathState::Offline)
        path.state = PathState::Offline;
    if (dsm.hasTpg()) {
        path.tpgId = dsm.tpgId;
        path.tpgState = tpgStateFromWmi(dsm.tpgState);
    }
    path.preferred = dsm.preferred;
    path.weight = dsm.weight;
    return path;
}

void applyDsm(MpioPath &path, const WmiDsmPath &dsm)
{
    const MpioPath fromDsm = pathFromDsm(dsm);
    path.state = fromDsm.state;
    path.tpgId = fromDsm.tpgId;
    path.tpgState = fromDsm.tpgState;
    path.preferred = fromDsm.preferred;
    path.weight = fromDsm.weight;
}

} // namespace

AssembledDisks assembleMpioDisks(const MpioSnapshot &snapshot)
{
    AssembledDisks out;

    std::map<std::string, const WmiLbPolicy *, std::less<>> policies;
    for (const WmiLbPolicy &policy : snapshot.policies)
        policies.emplace(policy.instanceName, &policy);
    std::map<std::string, const WmiDevicePerf *, std::less<>> perf;
    for (const WmiDevicePerf &device : snapshot.perf)
        perf.emplace(device.instanceName, &device);
    std::map<std::uint64_t, const WmiAdapterPath *> adapters;
    for (const WmiAdapterPath &adapter : snapshot.adapterPaths)
        adapters.emplace(adapter.pathId, &adapter);
    std::map<std::uint32_t, const WmiDriveInfo *> drives;
    for (const WmiDriveInfo &drive : snapshot.drives) {
        if (drive.number)
            drives.emplace(*drive.number, &drive);
    }

    std::set<std::uint32_t> seen;
    for (const WmiDescriptor &descriptor : snapshot.descriptors) {
        const std::string name = diskText(descriptor.number, descriptor.instanceName);
        if (!descriptor.number) {
            out.problems.push_back(name + ": no MPIO disk number in \"" + descriptor.deviceName + "\"; skipped");
            continue;
        }
        if (!seen.insert(*descriptor.number).second) {
            out.problems.push_back(name + ": reported twice; the second instance is skipped");
            continue;
        }

        MpioDisk disk;
        disk.number = *descriptor.number;
        const HardwareName hardware = hardwareFromInstanceName(descriptor.instanceName);
        disk.vendor = hardware.vendor;
        disk.product = hardware.product;
        if (auto drive = drives.find(disk.number); drive != drives.end()) {
            disk.serial = drive->second->serial;
            disk.dsm = drive->second->dsmName;
        }

        for (const WmiPdo &pdo : descriptor.pdos) {
            MpioPath path;
            path.pathId = pdo.pathId;
            path.scsi = pdo.scsi;
            disk.paths.push_back(path);
        }

        const auto policy = policies.find(descriptor.instanceName);
        if (policy == policies.end()) {
            out.problems.push_back(name + ": its DSM reports no load-balance policy (DSM_QueryLBPolicy_V2); "
                                          "policy and path states are unknown");
        } else {
            const WmiLbPolicy &lb = *policy->second;
            disk.policy = lb.policy;
            for (const WmiDsmPath &dsm : lb.paths) {
                if (!dsm.failed || dsm.pathId != 0) {
                    disk.alua = aluaSupportFromWmi(dsm.aluaSupport);
                    break;
                }
            }

            std::set<std::size_t> matched;
            std::size_t failedWithoutId = 0;
            for (const WmiDsmPath &dsm : lb.paths) {
                if (dsm.pathId == 0) {
                    if (dsm.failed)
                        ++failedWithoutId;
                    continue;
                }
                auto it = std::find_if(disk.paths.begin(), disk.paths.end(),
                                       [&](const MpioPath &p) { return p.pathId == dsm.pathId; });
                if (it != disk.paths.end()) {
                    applyDsm(*it, dsm);
                    matched.insert(static_cast<std::size_t>(it - disk.paths.begin()));
                } else {
                    disk.paths.push_back(pathFromDsm(dsm));
                    matched.insert(disk.paths.size() - 1);
                }
            }
            std::vector<std::size_t> unmatched;
            for (std::size_t i = 0; i < descriptor.pdos.size(); ++i) {
                if (!matched.count(i))
                    unmatched.push_back(i);
            }
            if (!unmatched.empty() && unmatched.size() == failedWithoutId) {
                // MSDSM reports failed paths with DsmPathId 0; the counts tie them.
                for (std::size_t i : unmatched)
                    disk.paths[i].state = PathState::Failed;
            } else {
                for (std::size_t i : unmatched)
                    out.problems.push_back(name + ": path " + pathText(disk.paths[i].pathId) +
                                           " is not described by its DSM; its state is unknown");
            }
        }

        const auto counters = perf.find(descriptor.instanceName);
        for (MpioPath &path : disk.paths) {
            if (auto adapter = adapters.find(path.pathId); adapter != adapters.end()) {
                path.adapterPci = adapter->second->pci;
                path.adapterName = adapter->second->adapterName;
            }
            if (counters != perf.end()) {
                for (const WmiPathPerf &sample : counters->second->paths) {
                    if (sample.pathId == path.pathId) {
                        path.counters = sample.counters;
                        break;
                    }
                }
            }
        }
        out.disks.push_back(std::move(disk));
    }

    std::sort(out.disks.begin(), out.disks.end(),
              [](const MpioDisk &a, const MpioDisk &b) { return a.number < b.number; });
    return out;
}

// ------------------------------------------------------- set load balance

bool symmetricAccess(const WmiLbPolicy &current)
{
    // DsmpIsSymmetricAccess: no ALUA, or implicit-only ALUA with every TPG in one state.
    for (const WmiDsmPath &path : current.paths) {
        if (path.failed)
            continue;
        if (path.aluaSupport == 0)
            continue;
        if (path.aluaSupport != 1 || !path.symmetric)
            return false;
    }
    return true;
}

Result<PolicyRequest> buildPolicyRequest(const WmiLbPolicy &current, LoadBalancePolicy policy,
                                         std::optional<std::uint64_t> preferredPath, std::uint32_t mpioDisk,
                                         const std::vector<std::uint64_t> &pdoPathIds)
{
    const std::string disk = "MPIO Disk" + std::to_string(mpioDisk);
    const auto fail = [&](std::string message) {
        return Error{"set load-balance policy", disk + ": " + std::move(message), 0};
    };

    switch (policy) {
    case LoadBalancePolicy::Unknown:
        return fail("no policy given");
    case LoadBalancePolicy::VendorSpecific:
        return fail("the Vendor Specific policy belongs to a vendor DSM and cannot be set here");
    default:
        break;
    }
    if (preferredPath && policy != LoadBalancePolicy::FailOverOnly)
        return fail("a preferred path applies to Fail Over Only, not to " + std::string(toString(policy)));
    if (policy == LoadBalancePolicy::RoundRobin && !symmetricAccess(current))
        return fail("Round Robin is not offered on ALUA storage, where not every path can be Active/Optimized; "
                    "use Round Robin with Subset");

    // MSDSM wants an entry for every path it knows, failed ones included,
    // each with its real id; its query reports failed paths as id 0, so
    // their ids come from MPIO's PDO list (the ids no DSM entry names).
    PolicyRequest request;
    request.policy = policy;
    request.paths = current.paths;
    std::vector<std::uint64_t> unnamed;
    for (std::uint64_t id : pdoPathIds) {
        const bool named = std::any_of(current.paths.begin(), current.paths.end(),
                                       [id](const WmiDsmPath &p) { return p.pathId == id; });
        if (!named && std::find(unnamed.begin(), unnamed.end(), id) == unnamed.end())
            unnamed.push_back(id);
    }
    const std::size_t withoutId = static_cast<std::size_t>(std::count_if(
        request.paths.begin(), request.paths.end(), [](const WmiDsmPath &p) { return p.pathId == 0; }));
    if (withoutId > 0) {
        if (unnamed.size() != withoutId)
            return fail("the DSM reports " + std::to_string(withoutId) + " failed path(s) without an id, and MPIO lists "
                        + std::to_string(unnamed.size())
                        + " path(s) the DSM does not name, so the failed paths' ids cannot be told; the DSM refuses a "
                          "request that leaves them out. Try again when the failed paths are removed or back");
        std::size_t next = 0;
        for (WmiDsmPath &path : request.paths) {
            if (path.pathId == 0)
                path.pathId = unnamed[next++];
        }
    }
    const auto usable = [](const WmiDsmPath &p) { return !p.failed; };
    if (std::none_of(request.paths.begin(), request.paths.end(), usable))
        return fail("it has no usable path");

    const bool alua = std::any_of(request.paths.begin(), request.paths.end(),
                                  [](const WmiDsmPath &p) { return !p.failed && p.hasTpg(); });
    const auto setState = [](WmiDsmPath &path, PathState state) {
        path.primary = state == PathState::ActiveOptimized || state == PathState::ActiveUnoptimized;
        path.optimized = state == PathState::ActiveOptimized || state == PathState::Standby;
    };
    // On ALUA storage MSDSM accepts for a path only the state of its TPG.
    const auto tpgState = [&](const WmiDsmPath &path) -> Result<PathState> {
        const PathState state = tpgStateFromWmi(path.tpgState);
        switch (state) {
        case PathState::ActiveOptimized:
        case PathState::ActiveUnoptimized:
        case PathState::Standby:
        case PathState::Unavailable:
            return state;
        case PathState::Offline:
            return PathState::Unavailable; // carries no I/O; MSDSM keeps it as its TPG is
        default:
            return fail("the target port group of path " + pathText(path.pathId) + " is " +
                        std::string(toString(state)) + "; try again when it has settled");
        }
    };

    for (WmiDsmPath &path : request.paths) {
        path.preferred = false;
        if (path.failed) {
            // The DSM checks no states of failed paths; ask for nothing.
            path.primary = false;
            path.optimized = false;
        }
    }

    switch (policy) {
    case LoadBalancePolicy::FailOverOnly: {
        std::size_t active = request.paths.size();
        if (preferredPath) {
            for (std::size_t i = 0; i < request.paths.size(); ++i) {
                if (request.paths[i].pathId == *preferredPath && !request.paths[i].failed)
                    active = i;
            }
            if (active == request.paths.size())
                return fail("path " + pathText(*preferredPath) + " is not a usable path of this disk");
        } else {
            const auto pick = [&](auto predicate) {
                for (std::size_t i = 0; i < request.paths.size() && active == request.paths.size(); ++i) {
                    if (!request.paths[i].failed && predicate(request.paths[i]))
                        active = i;
                }
            };
            pick([](const WmiDsmPath &p) { return p.primary && p.optimized; });
            pick([](const WmiDsmPath &p) { return p.hasTpg() && p.tpgState == 0; });
            pick([](const WmiDsmPath &) { return true; });
        }
        const WmiDsmPath &chosen = request.paths[active];
        // Implicit-only ALUA: the array alone moves TPG states, so a path of a
        // non-optimized TPG cannot be made active (MSDSM refuses it).
        if (chosen.hasTpg() && chosen.aluaSupport == 1 && !chosen.symmetric && chosen.tpgState != 0)
            return fail("path " + pathText(chosen.pathId) + " leads to a target port group that is " +
                        std::string(toString(tpgStateFromWmi(chosen.tpgState))) +
                        ", and this array changes ALUA states only by itself (implicit ALUA); choose a path of an "
                        "Active/Optimized target port group");
        for (std::size_t i = 0; i < request.paths.size(); ++i) {
            if (!request.paths[i].failed)
                setState(request.paths[i], i == active ? PathState::ActiveOptimized : PathState::Standby);
        }
        request.paths[active].preferred = preferredPath.has_value();
        break;
    }
    case LoadBalancePolicy::RoundRobin:
    case LoadBalancePolicy::LeastQueueDepth:
    case LoadBalancePolicy::LeastBlocks:
    case LoadBalancePolicy::WeightedPaths:
    case LoadBalancePolicy::RoundRobinWithSubset: {
        if (alua) {
            for (WmiDsmPath &path : request.paths) {
                if (path.failed)
                    continue;
                if (!path.hasTpg()) {
                    setState(path, PathState::ActiveOptimized);
                    continue;
                }
                auto state = tpgState(path);
                if (!state)
                    return state.error();
                setState(path, *state);
            }
        } else if (policy == LoadBalancePolicy::RoundRobinWithSubset) {
            const bool anyOptimized = std::any_of(request.paths.begin(), request.paths.end(), [](const WmiDsmPath &p) {
                return !p.failed && p.primary && p.optimized;
            });
            if (!anyOptimized) {
                for (WmiDsmPath &path : request.paths) {
                    if (!path.failed)
                        setState(path, PathState::ActiveOptimized);
                }
            }
        } else {
            for (WmiDsmPath &path : request.paths) {
                if (!path.failed)
                    setState(path, PathState::ActiveOptimized);
            }
        }
        break;
    }
    default:
        return fail("unsupported policy");
    }
    return request;
}

WmiObject policyRequestToWmi(const PolicyRequest &request)
{
    const auto u32 = [](std::uint64_t value) { return WmiValue::unsignedInt(value, 32); };
    std::vector<WmiValue> paths;
    paths.reserve(request.paths.size());
    for (const WmiDsmPath &path : request.paths) {
        WmiObject item;
        item.className = "MPIO_DSM_Path_V2";
        item.set("DsmPathId", WmiValue::unsignedInt(path.pathId, 64))
            .set("Reserved", WmiValue::unsignedInt(0, 64))
            .set("PathWeight", u32(path.weight))
            .set("PrimaryPath", u32(path.primary ? 1 : 0))
            .set("OptimizedPath", u32(path.optimized ? 1 : 0))
            .set("PreferredPath", u32(path.preferred ? 1 : 0))
            .set("FailedPath", u32(path.failed ? 1 : 0))
            .set("TargetPortGroup_State", u32(path.tpgState))
            .set("ALUASupport", u32(path.aluaSupport))
            .set("SymmetricLUA", WmiValue::unsignedInt(path.symmetric ? 1 : 0, 8))
            .set("TargetPortGroup_Preferred", WmiValue::unsignedInt(path.tpgPreferred ? 1 : 0, 8))
            .set("TargetPortGroup_Identifier", WmiValue::unsignedInt(path.tpgId, 16))
            .set("TargetPort_Identifier", u32(path.targetPortId))
            .set("Reserved32", u32(0))
            .set("Reserved64", WmiValue::unsignedInt(0, 64));
        paths.push_back(WmiValue::object(std::move(item)));
    }
    WmiObject policy;
    policy.className = "DSM_Load_Balance_Policy_V2";
    policy.set("Version", u32(2))
        .set("LoadBalancePolicy", u32(policyToWmi(request.policy)))
        .set("DSMPathCount", u32(request.paths.size()))
        .set("Reserved", u32(0))
        .set("DSM_Paths", WmiValue::array(std::move(paths)));
    return policy;
}

std::string dsmStatusText(std::uint32_t status)
{
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08X", static_cast<unsigned>(status));
    switch (status) {
    case 0x00000000: return "success";
    case 0xC000000D:
        // MSDSM's DSM_INVALID_LOAD_BALANCE_POLICY is this same status.
        return std::string("the Microsoft DSM refused the request (STATUS_INVALID_PARAMETER, ") + hex +
               "): it refuses a request that does not list every path of the disk with its own id, names a path "
               "twice, asks for a policy it does not offer for the disk (Round Robin on ALUA storage), or asks for "
               "path states the array's ALUA states do not allow";
    case 0xC0000023: return std::string("the request was too small for the DSM (STATUS_BUFFER_TOO_SMALL, ") + hex + ')';
    case 0xC00000BB:
        return std::string("the DSM does not support this request version (STATUS_NOT_SUPPORTED, ") + hex + ')';
    case 0xC000009A: return std::string("the DSM ran out of memory (STATUS_INSUFFICIENT_RESOURCES, ") + hex + ')';
    case 0xC0000001: return std::string("the DSM reported a failure (STATUS_UNSUCCESSFUL, ") + hex + ')';
    default: return std::string("the DSM answered with status ") + hex;
    }
}

Error setPolicyMethodFailure(const Error &wmi, std::uint32_t mpioDisk)
{
    // MSDSM returns its refusal as the method's own status, so WMI most
    // likely fails ExecMethod itself instead of handing back Status.
    Error error = wmi;
    error.message = "MPIO Disk" + std::to_string(mpioDisk) + ": DsmSetLoadBalancePolicyALUA failed (" + wmi.message +
                    "); the Microsoft DSM refuses a request that does not list every path of the disk with its own "
                    "id, asks for a policy it does not offer for the disk, or asks for path states the array's ALUA "
                    "states do not allow";
    return error;
}

// ------------------------------------------------------------- WMI syntax

std::string wmiObjectPath(std::string_view className, std::string_view key, std::string_view value)
{
    std::string path(className);
    path += '.';
    path += key;
    path += "=\"";
    for (char c : value) {
        if (c == '\\' || c == '"')
            path += '\\';
        path += c;
    }
    path += '"';
    return path;
}

std::string wqlString(std::string_view value)
{
    std::string text = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'')
            text += '\\';
        text += c;
    }
    text += '\'';
    return text;
}

} // namespace pathlens
