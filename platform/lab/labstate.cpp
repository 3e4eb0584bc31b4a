#include "labstate.h"

#include "labtraffic.h"
#include "windowsrules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

namespace pathlens::lab {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string padded(std::string text, std::size_t width)
{
    text.resize(width, ' ');
    return text;
}

/// mpclaim's hardware id: vendor padded to 8, product padded to 16.
std::string hardwareId(const ArraySpec &array)
{
    return padded(array.vendor, 8) + padded(array.product, 16);
}

std::string operationLabel(LabOperation operation)
{
    switch (operation) {
    case LabOperation::Servers: return "lab: list servers";
    case LabOperation::Ports: return "lab: list ports";
    case LabOperation::PhysicalDisks: return "lab: list physical disks";
    case LabOperation::DeletePort: return "lab: delete port";
    case LabOperation::Adapters: return "lab: list adapters";
    case LabOperation::CompatibleDrivers: return "lab: list compatible drivers";
    case LabOperation::InstallDriver: return "lab: install driver";
    case LabOperation::RollBackDriver: return "lab: roll back driver";
    case LabOperation::Disks: return "lab: list MPIO disks";
    case LabOperation::Claim: return "lab: claim";
    case LabOperation::SetPolicy: return "lab: set policy";
    }
    return "lab";
}

Error labError(LabOperation operation, std::string message, long code = 0)
{
    return Error{operationLabel(operation), std::move(message), code};
}

// Windows error codes the real calls return in the same situations.
constexpr long kErrorNotFound = 1168;    // ERROR_NOT_FOUND
constexpr long kErrorInvalidParameter = 87;
constexpr long kErrorDevNotExist = 55;   // ERROR_DEV_NOT_EXIST: the device is no longer available

/// MSDSM's supported-hardware entry that stands for every device (mpclaim -a).
const std::string kEveryDevice = "*";

/// Whether a list of hardware ids (as mpclaim takes them, or as MSDSM keeps
/// them) names the array's LUNs.
bool namesHardware(const std::vector<std::string> &ids, const ArraySpec &array)
{
    const std::string id = hardwareId(array);
    return std::any_of(ids.begin(), ids.end(), [&id](const std::string &known) {
        return known == kEveryDevice || equalsIgnoreCase(padded(known, 24), id);
    });
}

/// The error a fault makes the operation return.
Error faultError(LabOperation operation, const FaultSpec &fault)
{
    if (!fault.message.empty() || fault.outcome == FaultOutcome::Error)
        return labError(operation, fault.message, fault.code);
    return labError(operation, "The specified device is no longer available.",
                    fault.code != 0 ? fault.code : kErrorDevNotExist);
}

std::string adapterWords(const AdapterSpec &adapter)
{
    return "\"" + adapter.adapter.description + "\" (" + adapter.adapter.locationText + ")";
}

} // namespace

LabState::LabState(Scenario scenario) : m_scenario(std::move(scenario))
{
    // A LUN the scenario starts as claimed was claimed through MSDSM's list
    // of supported hardware, so its id is on that list.
    for (ServerSpec &server : m_scenario.servers) {
        for (const LunSpec &lun : server.luns) {
            if (lun.claimed)
                registerHardwareId(server, hardwareId(*m_scenario.array(lun.arrayId)));
        }
    }
    routeAll();
}

void LabState::registerHardwareId(ServerSpec &server, const std::string &id)
{
    std::vector<std::string> &ids = server.mpio.registeredHardwareIds;
    const std::string key = id == kEveryDevice ? id : padded(id, 24);
    if (std::none_of(ids.begin(), ids.end(), [&](const std::string &known) { return equalsIgnoreCase(known, key); }))
        ids.push_back(key);
}

bool LabState::registered(const ServerSpec &server, const ArraySpec &array) const
{
    return namesHardware(server.mpio.registeredHardwareIds, array);
}

std::vector<const LunSpec *> LabState::visibleUnclaimed(const ServerSpec &server) const
{
    // A LUN Windows enumerates as a disk: a native driver has a path to it,
    // but MSDSM has not taken it (each path is then a disk of its own).
    std::vector<const LunSpec *> result;
    for (const LunSpec &lun : server.luns) {
        if (lun.claimed)
            continue;
        const bool native = std::any_of(lun.paths.begin(), lun.paths.end(), [&](const PathSpec &path) {
            const AdapterSpec &adapter = *server.adapter(path.adapterId);
            return !adapter.vanished && !runsDataCoreDriver(adapter);
        });
        if (native)
            result.push_back(&lun);
    }
    return result;
}

std::vector<std::string> LabState::claimArrivals(ServerSpec &server, const std::vector<const LunSpec *> &before)
{
    // Rule claim-on-arrival: a device that appears with a registered id is
    // claimed at once; devices that were already there wait for the restart.
    std::vector<std::string> ids;
    for (const LunSpec *lun : visibleUnclaimed(server)) {
        if (std::find(before.begin(), before.end(), lun) == before.end() && registered(server, *m_scenario.array(lun->arrayId)))
            ids.push_back(lun->id);
    }
    return claimLuns(server, ids);
}

void LabState::setClock(LabClock clock)
{
    m_clock = std::move(clock);
}

std::chrono::system_clock::time_point LabState::now() const
{
    return m_clock ? m_clock() : std::chrono::system_clock::now();
}

// ------------------------------------------------------------- helpers

ServerSpec *LabState::findHost(const std::string &host)
{
    for (ServerSpec &server : m_scenario.servers) {
        if (equalsIgnoreCase(server.server.hostName, host))
            return &server;
    }
    return nullptr;
}

std::optional<FaultSpec> LabState::takeFault(LabOperation operation, const ServerSpec *server,
                                             std::initializer_list<std::string_view> targets)
{
    for (FaultSpec &fault : m_scenario.faults) {
        if (fault.operation != operation)
            continue;
        if (!fault.serverId.empty() && server && fault.serverId != server->server.id)
            continue;
        if (!fault.target.empty()
            && std::none_of(targets.begin(), targets.end(), [&](std::string_view t) { return t == fault.target; }))
            continue;
        if (fault.remaining) {
            if (*fault.remaining <= 0)
                continue;
            --*fault.remaining;
            m_changed = true;
        }
        return fault;
    }
    return std::nullopt;
}

AdapterSpec *LabState::liveAdapter(ServerSpec &server, const std::string &instanceId)
{
    AdapterSpec *adapter = server.adapter(instanceId);
    return adapter && !adapter->vanished ? adapter : nullptr;
}

/// The hardware fails: it leaves the inventory, and its DataCore ports and
/// MPIO paths go with it.
void LabState::vanish(ServerSpec &server, AdapterSpec &adapter)
{
    checkpoint();
    adapter.vanished = true;
    adapter.pendingDriverId.reset();
    setPortsPresence(server, adapter);
    routeAll();
}

void LabState::requireRestart(ServerSpec &server, std::string reason)
{
    server.rebootReasons.push_back(std::move(reason));
    m_changed = true;
}

bool LabState::ownedByMpio(const ServerSpec &server, const LunSpec &lun) const
{
    return lun.claimed && !mpioPaths(server, lun).empty();
}

bool LabState::runsDataCoreDriver(const AdapterSpec &adapter) const
{
    const DriverSpec *driver = m_scenario.driver(adapter.driverId);
    return driver && driver->dataCore;
}

const PortSpec *LabState::backEndPortOf(const ServerSpec &server, const AdapterSpec &adapter) const
{
    for (const PortSpec &port : server.ports) {
        if (!port.deleted && port.port.presence == Presence::Present && (port.port.roles & RoleBackEnd)
            && port.port.pci && port.port.pci == adapter.adapter.pci)
            return &port;
    }
    return nullptr;
}

std::vector<const PathSpec *> LabState::dataCorePaths(const ServerSpec &server, const LunSpec &lun) const
{
    std::vector<const PathSpec *> result;
    // MSDSM owns the LUN while it has a path: SANsymphony sees it as
    // direct-attached storage. Once every native path is gone (the drivers
    // were rolled back) the LUN is DataCore's again.
    if (ownedByMpio(server, lun))
        return result;
    for (const PathSpec &path : lun.paths) {
        const AdapterSpec *adapter = server.adapter(path.adapterId);
        if (!adapter->vanished && runsDataCoreDriver(*adapter) && backEndPortOf(server, *adapter))
            result.push_back(&path);
    }
    return result;
}

const PathSpec *LabState::dataCoreInUse(const ServerSpec &server, const LunSpec &lun) const
{
    const std::vector<const PathSpec *> paths = dataCorePaths(server, lun);
    for (const PathSpec *path : paths) {
        if (path->id == lun.dataCorePathId && !path->failed)
            return path;
    }
    // The chosen path is gone: the driver takes the first one it still sees.
    for (const PathSpec *path : paths) {
        if (!path->failed)
            return path;
    }
    return nullptr;
}

std::vector<const PathSpec *> LabState::mpioPaths(const ServerSpec &server, const LunSpec &lun) const
{
    std::vector<const PathSpec *> result;
    if (!lun.claimed)
        return result;
    for (const PathSpec &path : lun.paths) {
        const AdapterSpec &adapter = *server.adapter(path.adapterId);
        if (!adapter.vanished && !runsDataCoreDriver(adapter))
            result.push_back(&path);
    }
    return result;
}

PathState LabState::tpgState(const LunSpec &lun, const PathSpec &path) const
{
    if (!lun.alua || path.controllerId == lun.ownerControllerId)
        return PathState::ActiveOptimized;
    return PathState::ActiveUnoptimized;
}

std::optional<std::uint32_t> LabState::tpgId(const LunSpec &lun, const PathSpec &path) const
{
    if (!lun.alua)
        return std::nullopt;
    const ControllerSpec *controller = m_scenario.array(lun.arrayId)->controller(path.controllerId);
    return controller->tpgId;
}

const PathSpec *LabState::failOverActive(const ServerSpec &server, const LunSpec &lun) const
{
    const std::vector<const PathSpec *> paths = mpioPaths(server, lun);
    for (const PathSpec *path : paths) {
        if (path->id == lun.preferredPathId && !path->failed)
            return path;
    }
    for (const PathSpec *path : paths) {
        if (path->id == lun.activePathId && !path->failed)
            return path;
    }
    for (const PathSpec *path : paths) {
        if (!path->failed && tpgState(lun, *path) == PathState::ActiveOptimized)
            return path;
    }
    for (const PathSpec *path : paths) {
        if (!path->failed)
            return path;
    }
    return nullptr;
}

PathState LabState::mpioState(const ServerSpec &server, const LunSpec &lun, const PathSpec &path) const
{
    if (path.failed)
        return PathState::Failed;
    const PathState tpg = tpgState(lun, path);
    // Under Fail Over Only MSDSM keeps one path active and parks the other
    // optimized ones in Standby; non-optimized paths keep their TPG state.
    if (lun.policy == LoadBalancePolicy::FailOverOnly && failOverActive(server, lun) != &path
        && tpg == PathState::ActiveOptimized)
        return PathState::Standby;
    return tpg;
}

std::uint64_t LabState::mpioPathId(const AdapterSpec &adapter, const PathSpec &path)
{
    const std::uint64_t port = adapter.scsiPort.value_or(0);
    return 0x77000000ull | (port << 16) | (0ull << 8) | path.target;
}

// ------------------------------------------------------------- traffic

std::int64_t LabState::currentSecond() const
{
    const auto sinceEpoch =
        std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count();
    return std::max<std::int64_t>(0, sinceEpoch - m_scenario.trafficOrigin);
}

/// Decides where the LUN's I/O goes from now on, as the owner of the LUN would send it.
void LabState::routeTraffic(const ServerSpec &server, LunSpec &lun)
{
    for (PathSpec &path : lun.paths)
        path.share = 0.0;
    const auto spread = [&lun](const std::vector<const PathSpec *> &paths, double total) {
        for (const PathSpec *path : paths)
            lun.path(path->id)->share += total / static_cast<double>(paths.size());
    };

    if (!ownedByMpio(server, lun)) {
        // SANsymphony's driver sends everything down its one chosen path, optimized or not.
        if (const PathSpec *inUse = dataCoreInUse(server, lun))
            lun.path(inUse->id)->share = 1.0;
        return;
    }

    std::vector<const PathSpec *> usable, optimized, unoptimized;
    for (const PathSpec *path : mpioPaths(server, lun)) {
        if (path->failed)
            continue;
        usable.push_back(path);
        (tpgState(lun, *path) == PathState::ActiveOptimized ? optimized : unoptimized).push_back(path);
    }
    if (usable.empty())
        return;

    switch (lun.policy) {
    case LoadBalancePolicy::FailOverOnly:
        lun.path(failOverActive(server, lun)->id)->share = 1.0;
        break;
    case LoadBalancePolicy::RoundRobinWithSubset:
        spread(optimized.empty() ? unoptimized : optimized, 1.0);
        break;
    case LoadBalancePolicy::LeastQueueDepth:
    case LoadBalancePolicy::LeastBlocks:
        // Slower non-optimized paths drain their queues later, so they get little.
        if (optimized.empty() || unoptimized.empty()) {
            spread(usable, 1.0);
        } else {
            spread(optimized, 0.9);
            spread(unoptimized, 0.1);
        }
        break;
    case LoadBalancePolicy::WeightedPaths: {
        const PathSpec *lightest = *std::min_element(usable.begin(), usable.end(), [](const PathSpec *a, const PathSpec *b) {
            return a->weight < b->weight;
        });
        lun.path(lightest->id)->share = 1.0;
        break;
    }
    case LoadBalancePolicy::RoundRobin:
    case LoadBalancePolicy::VendorSpecific:
    case LoadBalancePolicy::Unknown:
        spread(usable, 1.0);
        break;
    }
}

void LabState::routeAll()
{
    for (ServerSpec &server : m_scenario.servers) {
        for (LunSpec &lun : server.luns)
            routeTraffic(server, lun);
    }
}

/// Freezes every path's totals at the current second, so a routing change
/// applies from now on and never rewrites the past.
void LabState::checkpoint()
{
    m_changed = true; // every change starts here
    const std::int64_t second = currentSecond();
    for (ServerSpec &server : m_scenario.servers) {
        for (LunSpec &lun : server.luns) {
            if (second <= lun.segmentStart)
                continue;
            for (PathSpec &path : lun.paths)
                path.base = totalsAt(server, lun, path, second);
            lun.segmentStart = second;
        }
    }
}

PathTotals LabState::totalsAt(const ServerSpec &server, const LunSpec &lun, const PathSpec &path,
                              std::int64_t second) const
{
    PathTotals totals = path.base;
    if (second <= lun.segmentStart || path.share <= 0.0)
        return totals;
    const std::uint64_t key = mix64(m_scenario.seed ^ hashText(server.server.id + '/' + lun.id));
    const TrafficStream reads(mix64(key ^ 'r'), lun.traffic.readIops);
    const TrafficStream writes(mix64(key ^ 'w'), lun.traffic.writeIops);
    const auto count = [&](const TrafficStream &stream) {
        const double delta = stream.cumulative(second) - stream.cumulative(lun.segmentStart);
        return static_cast<std::uint64_t>(std::floor(std::max(0.0, delta * path.share)));
    };
    const std::uint64_t newReads = count(reads);
    const std::uint64_t newWrites = count(writes);
    totals.reads += newReads;
    totals.writes += newWrites;
    totals.bytesRead += newReads * lun.traffic.blockSize;
    totals.bytesWritten += newWrites * lun.traffic.blockSize;
    return totals;
}

PathCounters LabState::counters(const ServerSpec &server, const LunSpec &lun, const PathSpec &path) const
{
    const std::int64_t second = currentSecond();
    const PathTotals totals = totalsAt(server, lun, path, second);
    PathCounters result;
    // MSDSM keeps 32-bit counts; they wrap like the real ones.
    result.reads = static_cast<std::uint32_t>(totals.reads);
    result.writes = static_cast<std::uint32_t>(totals.writes);
    result.bytesRead = totals.bytesRead;
    result.bytesWritten = totals.bytesWritten;
    const bool busy = path.share > 0.0 && (lun.traffic.readIops + lun.traffic.writeIops) > 0.0;
    result.outstanding =
        busy ? static_cast<std::uint32_t>(1 + mix64(hashText(lun.id + path.id) ^ static_cast<std::uint64_t>(second)) % 8)
             : 0u;
    result.taken = now();
    return result;
}

void LabState::setPortsPresence(ServerSpec &server, const AdapterSpec &adapter)
{
    const bool dataCore = !adapter.vanished && runsDataCoreDriver(adapter);
    for (PortSpec &port : server.ports) {
        if (!port.port.pci || port.port.pci != adapter.adapter.pci)
            continue;
        if (dataCore) {
            // SANsymphony finds the port again once its driver owns the HBA.
            port.deleted = false;
            port.port.presence = Presence::Present;
            port.port.connected = true;
        } else {
            port.port.presence = Presence::NotPresent;
            port.port.connected = false;
        }
    }
}

// ------------------------------------------------------------ DataCore

Result<std::vector<DataCoreServer>> LabState::servers()
{
    if (auto fault = takeFault(LabOperation::Servers, nullptr, {}))
        return faultError(LabOperation::Servers, *fault);
    std::vector<DataCoreServer> result;
    for (const ServerSpec &server : m_scenario.servers) {
        DataCoreServer copy = server.server;
        copy.groupId = m_scenario.groupId;
        result.push_back(std::move(copy));
    }
    return result;
}

Result<std::vector<DataCorePort>> LabState::ports()
{
    if (auto fault = takeFault(LabOperation::Ports, nullptr, {}))
        return faultError(LabOperation::Ports, *fault);
    std::vector<DataCorePort> result;
    for (const ServerSpec &server : m_scenario.servers) {
        for (const PortSpec &port : server.ports) {
            if (!port.deleted)
                result.push_back(port.port);
        }
    }
    return result;
}

Result<std::vector<BackEndDisk>> LabState::physicalDisks()
{
    if (auto fault = takeFault(LabOperation::PhysicalDisks, nullptr, {}))
        return faultError(LabOperation::PhysicalDisks, *fault);
    std::vector<BackEndDisk> result;
    for (const ServerSpec &server : m_scenario.servers) {
        for (const LunSpec &lun : server.luns) {
            const ArraySpec &array = *m_scenario.array(lun.arrayId);
            BackEndDisk disk;
            disk.id = lun.id;
            disk.serverId = server.server.id;
            disk.caption = lun.caption;
            disk.vendor = array.vendor;
            disk.product = array.product;
            disk.serial = lun.serial;
            disk.sizeBytes = lun.sizeBytes;
            disk.status = lun.status;
            disk.poolName = lun.pool;
            disk.aluaCapable = lun.alua;
            const PathSpec *inUse = dataCoreInUse(server, lun);
            for (const PathSpec *path : dataCorePaths(server, lun)) {
                const AdapterSpec &adapter = *server.adapter(path->adapterId);
                BackEndPath out;
                out.portId = backEndPortOf(server, adapter)->port.id;
                out.scsi = ScsiAddress{adapter.scsiPort.value_or(0), 0, path->target, lun.lun};
                out.inUse = path == inUse;
                // The lab knows the array's truth, so it can fill what the real driver cannot.
                out.aluaState = path->failed ? PathState::Failed : tpgState(lun, *path);
                out.tpgId = tpgId(lun, *path);
                out.counters = counters(server, lun, *path);
                disk.paths.push_back(std::move(out));
            }
            result.push_back(std::move(disk));
        }
    }
    return result;
}

ChangeResult LabState::deletePort(const std::string &portId)
{
    for (ServerSpec &server : m_scenario.servers) {
        for (PortSpec &port : server.ports) {
            if (port.deleted || port.port.id != portId)
                continue;
            if (auto fault = takeFault(LabOperation::DeletePort, &server, {portId}))
                return faultError(LabOperation::DeletePort, *fault);
            if (port.port.presence != Presence::NotPresent) {
                return labError(LabOperation::DeletePort, "port \"" + port.port.alias + "\" on " + server.server.name
                                                              + " is present; only Not present ports can be removed",
                                kErrorInvalidParameter);
            }
            checkpoint();
            port.deleted = true;
            routeAll();
            std::string detail = "removed Not present port \"" + port.port.alias + "\" from " + server.server.name;
            if (m_scenario.behaviour.deletePortRequiresReboot)
                requireRestart(server, detail);
            return Change{m_scenario.behaviour.deletePortRequiresReboot, detail};
        }
    }
    return labError(LabOperation::DeletePort, "no port with id \"" + portId + "\"", kErrorNotFound);
}

// ------------------------------------------------------------- devices

Result<std::vector<Adapter>> LabState::adapters(const std::string &host)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::Adapters, "unknown host \"" + host + "\"", kErrorNotFound);
    if (auto fault = takeFault(LabOperation::Adapters, server, {}))
        return faultError(LabOperation::Adapters, *fault);
    std::vector<Adapter> result;
    for (const AdapterSpec &spec : server->adapters) {
        if (spec.vanished)
            continue;
        Adapter adapter = spec.adapter;
        // A driver installed before a restart is what the device's registry
        // names, so that is what the inventory reports.
        adapter.driver = m_scenario.driver(spec.pendingDriverId.value_or(spec.driverId))->package;
        adapter.rollbackAvailable = spec.previousDriverId.has_value();
        result.push_back(std::move(adapter));
    }
    return result;
}

Result<std::vector<DriverPackage>> LabState::compatibleDrivers(const std::string &host, const std::string &instanceId)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::CompatibleDrivers, "unknown host \"" + host + "\"", kErrorNotFound);
    AdapterSpec *adapter = liveAdapter(*server, instanceId);
    if (!adapter)
        return labError(LabOperation::CompatibleDrivers, "no device \"" + instanceId + "\" on " + host, kErrorNotFound);
    if (auto fault = takeFault(LabOperation::CompatibleDrivers, server, {adapter->id, adapter->adapter.instanceId})) {
        if (fault->outcome == FaultOutcome::Vanish)
            vanish(*server, *adapter);
        return faultError(LabOperation::CompatibleDrivers, *fault);
    }
    std::vector<DriverPackage> result;
    for (const std::string &id : adapter->compatibleDriverIds) {
        if (inDriverStore(*server, id) || id == adapter->driverId)
            result.push_back(m_scenario.driver(id)->package);
    }
    return result;
}

bool LabState::inDriverStore(const ServerSpec &server, const std::string &driverId) const
{
    return std::find(server.removedDriverIds.begin(), server.removedDriverIds.end(), driverId)
        == server.removedDriverIds.end();
}

ChangeResult LabState::installDriver(const std::string &host, const std::string &instanceId,
                                     const DriverPackage &driver)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::InstallDriver, "unknown host \"" + host + "\"", kErrorNotFound);
    AdapterSpec *adapter = liveAdapter(*server, instanceId);
    if (!adapter)
        return labError(LabOperation::InstallDriver, "no device \"" + instanceId + "\" on " + host, kErrorNotFound);
    bool deferred = m_scenario.behaviour.installDriverRequiresReboot;
    if (auto fault = takeFault(LabOperation::InstallDriver, server, {adapter->id, adapter->adapter.instanceId})) {
        if (fault->outcome == FaultOutcome::Vanish)
            vanish(*server, *adapter);
        if (fault->outcome != FaultOutcome::RebootRequired)
            return faultError(LabOperation::InstallDriver, *fault);
        deferred = true;
    }

    const DriverSpec *chosen = nullptr;
    for (const std::string &id : adapter->compatibleDriverIds) {
        const DriverSpec *candidate = m_scenario.driver(id);
        if (candidate->package.key() == driver.key())
            chosen = candidate;
    }
    if (!chosen) {
        return labError(LabOperation::InstallDriver,
                        "driver " + driver.infName + " version " + driver.version + " is not compatible with \""
                            + adapter->adapter.description + "\" (" + adapter->adapter.locationText + ")",
                        kErrorInvalidParameter);
    }
    const std::string running = adapter->pendingDriverId.value_or(adapter->driverId);
    if (chosen->id != running && !inDriverStore(*server, chosen->id)) {
        // Rule rollback-removes-package: DiInstallDevice installs only from the store.
        return labError(LabOperation::InstallDriver,
                        "driver " + driver.infName + " version " + driver.version + " is no longer in the driver store of "
                            + host + " (a driver rollback removed it); add it again with pnputil /add-driver",
                        kErrorNoDriverSelected);
    }
    if (chosen->id == running)
        return Change{false, "\"" + adapter->adapter.description + "\" already uses " + driver.infName};

    checkpoint();
    std::string detail = "installed " + chosen->package.provider + " driver " + chosen->package.infName + " version "
        + chosen->package.version + " on " + adapterWords(*adapter) + " of " + server->server.hostName;
    if (deferred || adapter->pendingDriverId) {
        // Rule install-needs-restart: the running driver stays until the
        // restart; a second install before it only changes what it brings.
        if (!adapter->pendingDriverId)
            adapter->previousDriverId = adapter->driverId;
        adapter->pendingDriverId = chosen->id;
        if (adapter->pendingDriverId == adapter->driverId)
            adapter->pendingDriverId.reset();
        detail += "; it takes effect after the restart";
        requireRestart(*server, detail);
        return Change{true, detail};
    }
    const std::vector<const LunSpec *> before = visibleUnclaimed(*server);
    adapter->previousDriverId = adapter->driverId;
    adapter->driverId = chosen->id;
    setPortsPresence(*server, *adapter);
    claimArrivals(*server, before);
    routeAll();
    return Change{false, detail};
}

ChangeResult LabState::rollBackDriver(const std::string &host, const std::string &instanceId)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::RollBackDriver, "unknown host \"" + host + "\"", kErrorNotFound);
    AdapterSpec *adapter = liveAdapter(*server, instanceId);
    if (!adapter)
        return labError(LabOperation::RollBackDriver, "no device \"" + instanceId + "\" on " + host, kErrorNotFound);
    bool deferred = m_scenario.behaviour.rollBackDriverRequiresReboot;
    if (auto fault = takeFault(LabOperation::RollBackDriver, server, {adapter->id, adapter->adapter.instanceId})) {
        if (fault->outcome == FaultOutcome::Vanish)
            vanish(*server, *adapter);
        if (fault->outcome != FaultOutcome::RebootRequired)
            return faultError(LabOperation::RollBackDriver, *fault);
        deferred = true;
    }
    if (!adapter->previousDriverId) {
        // Rule rollback-needs-backup: ERROR_NO_MORE_ITEMS when no backup driver is set.
        return labError(LabOperation::RollBackDriver,
                        "no backup driver is set for \"" + adapter->adapter.description + "\"",
                        kErrorNoBackupDriver);
    }
    checkpoint();
    const std::string replaced = adapter->pendingDriverId.value_or(adapter->driverId);
    const DriverPackage &restored = m_scenario.driver(*adapter->previousDriverId)->package;
    std::string detail = "rolled " + adapterWords(*adapter) + " back to " + restored.provider + " driver "
        + restored.infName + " version " + restored.version;
    const auto removeReplacedPackage = [&] {
        // Rule rollback-removes-package: the replaced third-party package
        // leaves the driver store unless another device still uses it.
        const DriverSpec *spec = m_scenario.driver(replaced);
        if (!spec || spec->package.infName.rfind("oem", 0) != 0)
            return;
        for (const AdapterSpec &other : server->adapters) {
            if (&other != adapter && !other.vanished
                && (other.driverId == replaced || other.pendingDriverId == replaced))
                return;
        }
        if (inDriverStore(*server, replaced))
            server->removedDriverIds.push_back(replaced);
        detail += "; Windows removed " + spec->package.infName + " from the driver store";
    };
    if (adapter->pendingDriverId && !deferred) {
        // The install never took effect: cancelling it leaves the running driver.
        adapter->pendingDriverId.reset();
        adapter->previousDriverId.reset();
        removeReplacedPackage();
        return Change{false, detail + " (the replaced driver had not taken effect yet)"};
    }
    if (deferred) {
        adapter->pendingDriverId = *adapter->previousDriverId;
        if (adapter->pendingDriverId == adapter->driverId)
            adapter->pendingDriverId.reset();
        adapter->previousDriverId.reset();
        removeReplacedPackage();
        detail += "; it takes effect after the restart";
        requireRestart(*server, detail);
        return Change{true, detail};
    }
    adapter->driverId = *adapter->previousDriverId;
    adapter->previousDriverId.reset();
    removeReplacedPackage();
    setPortsPresence(*server, *adapter);
    routeAll();
    return Change{false, detail};
}

// ---------------------------------------------------------------- MPIO

Result<std::vector<MpioDisk>> LabState::disks(const std::string &host)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::Disks, "unknown host \"" + host + "\"", kErrorNotFound);
    if (auto fault = takeFault(LabOperation::Disks, server, {}))
        return faultError(LabOperation::Disks, *fault);
    if (!server->mpio.featureInstalled)
        return labError(LabOperation::Disks, "the Multipath I/O feature is not installed on " + host);

    std::vector<const LunSpec *> claimed;
    for (const LunSpec &lun : server->luns) {
        if (lun.claimed && !mpioPaths(*server, lun).empty())
            claimed.push_back(&lun);
    }
    std::sort(claimed.begin(), claimed.end(), [](const LunSpec *a, const LunSpec *b) { return a->mpioDisk < b->mpioDisk; });

    std::vector<MpioDisk> result;
    for (const LunSpec *lun : claimed) {
        const ArraySpec &array = *m_scenario.array(lun->arrayId);
        MpioDisk disk;
        disk.number = lun->mpioDisk;
        disk.systemDisk = "Disk " + std::to_string(server->mpio.firstSystemDisk + lun->mpioDisk);
        disk.serial = lun->serial;
        disk.vendor = array.vendor;
        disk.product = array.product;
        disk.dsm = "Microsoft DSM";
        disk.policy = lun->policy;
        disk.alua = lun->alua ? AluaSupport::ImplicitOnly : AluaSupport::NotSupported;
        for (const PathSpec *path : mpioPaths(*server, *lun)) {
            const AdapterSpec &adapter = *server->adapter(path->adapterId);
            MpioPath out;
            out.pathId = mpioPathId(adapter, *path);
            out.state = mpioState(*server, *lun, *path);
            out.tpgId = tpgId(*lun, *path);
            out.tpgState = lun->alua ? tpgState(*lun, *path) : PathState::Unknown;
            out.preferred = !lun->preferredPathId.empty() && path->id == lun->preferredPathId;
            out.weight = path->weight;
            out.scsi = ScsiAddress{adapter.scsiPort.value_or(0), 0, path->target, lun->lun};
            out.adapterPci = adapter.adapter.pci;
            out.adapterName = adapter.adapter.description;
            out.counters = counters(*server, *lun, *path);
            disk.paths.push_back(std::move(out));
        }
        result.push_back(std::move(disk));
    }
    return result;
}

ChangeResult LabState::claim(const std::string &host, const ClaimRequest &request)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::Claim, "unknown host \"" + host + "\"", kErrorNotFound);
    bool deferred = m_scenario.behaviour.claimRequiresReboot;
    if (auto fault = takeFault(LabOperation::Claim, server, {})) {
        if (fault->outcome != FaultOutcome::RebootRequired)
            return faultError(LabOperation::Claim, *fault);
        deferred = true;
    }
    if (!server->mpio.featureInstalled)
        return labError(LabOperation::Claim, "the Multipath I/O feature is not installed on " + host);

    // Rule claim-registers: mpclaim -i adds the ids to MSDSM's supported
    // hardware; what happens to devices depends on whether they are present.
    checkpoint();
    const std::vector<std::string> ids =
        request.hardwareIds.empty() ? std::vector<std::string>{kEveryDevice} : request.hardwareIds;
    for (const std::string &id : ids)
        registerHardwareId(*server, id);
    std::vector<std::string> present;
    for (const LunSpec *lun : visibleUnclaimed(*server)) {
        if (namesHardware(ids, *m_scenario.array(lun->arrayId)))
            present.push_back(lun->id);
    }
    if (present.empty()) {
        const std::string detail = "registered the hardware for the Microsoft DSM on " + host
            + "; no such device is present yet, so MSDSM claims them as they appear";
        return Change{false, detail};
    }
    if (deferred) {
        // Rule claim-present-waits: devices Windows already enumerates are
        // taken over at the restart (mpclaim -n: "caller may need to reboot").
        if (!server->pendingClaim) {
            server->pendingClaim = request;
        } else if (request.hardwareIds.empty() || server->pendingClaim->hardwareIds.empty()) {
            server->pendingClaim->hardwareIds.clear();
        } else {
            for (const std::string &id : request.hardwareIds)
                server->pendingClaim->hardwareIds.push_back(id);
        }
        const std::string detail = "registered " + std::to_string(present.size()) + " present device(s) on " + host
            + " for the Microsoft DSM; they are claimed after the restart";
        requireRestart(*server, detail);
        return Change{true, detail};
    }
    const std::vector<std::string> claimedSerials = claimLuns(*server, present);
    routeAll();
    if (claimedSerials.empty())
        return Change{false, "no eligible devices to claim on " + host};
    std::string detail = "claimed " + std::to_string(claimedSerials.size()) + " device(s) on " + host
        + " for the Microsoft DSM:";
    for (const std::string &serial : claimedSerials)
        detail += ' ' + serial;
    return Change{false, detail};
}

std::vector<std::string> LabState::claimLuns(ServerSpec &server, const std::vector<std::string> &lunIds)
{
    std::uint32_t next = 0;
    for (const LunSpec &lun : server.luns) {
        if (lun.claimed)
            next = std::max(next, lun.mpioDisk + 1);
    }
    std::vector<std::string> claimedSerials;
    for (LunSpec &lun : server.luns) {
        if (lun.claimed || std::find(lunIds.begin(), lunIds.end(), lun.id) == lunIds.end())
            continue;
        lun.claimed = true; // tentatively, to ask which paths MSDSM would get
        if (mpioPaths(server, lun).empty()) {
            lun.claimed = false;
            continue;
        }
        lun.mpioDisk = next++;
        lun.policy = server.mpio.defaultPolicy.value_or(lun.alua ? LoadBalancePolicy::RoundRobinWithSubset
                                                                 : LoadBalancePolicy::RoundRobin);
        lun.preferredPathId.clear();
        lun.activePathId.clear();
        // MSDSM counts from zero for the devices it has just claimed.
        for (PathSpec &path : lun.paths)
            path.base = PathTotals{};
        claimedSerials.push_back(lun.serial);
    }
    return claimedSerials;
}

ChangeResult LabState::setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                                 std::optional<std::uint64_t> preferredPath)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return labError(LabOperation::SetPolicy, "unknown host \"" + host + "\"", kErrorNotFound);
    LunSpec *lun = nullptr;
    for (LunSpec &candidate : server->luns) {
        if (candidate.claimed && candidate.mpioDisk == mpioDisk && !mpioPaths(*server, candidate).empty())
            lun = &candidate;
    }
    if (!lun)
        return labError(LabOperation::SetPolicy, "no MPIO Disk" + std::to_string(mpioDisk) + " on " + host,
                        kErrorNotFound);
    if (auto fault = takeFault(LabOperation::SetPolicy, server, {lun->id, std::to_string(mpioDisk)}))
        return faultError(LabOperation::SetPolicy, *fault);

    // What the Windows backend does, against MSDSM's rules: read the DSM's
    // view, build the request with the same builder, and let the rules judge it.
    const DsmDevice device = dsmDevice(*server, *lun);
    std::vector<std::uint64_t> pdoPathIds;
    for (const DsmDevicePath &path : device.paths)
        pdoPathIds.push_back(path.pathId);
    auto request = buildPolicyRequest(queryLoadBalancePolicy(device), policy, preferredPath, mpioDisk, pdoPathIds);
    if (!request)
        return labError(LabOperation::SetPolicy, request.error().message, kErrorInvalidParameter);
    const SetPolicyVerdict verdict = validateSetPolicy(device, *request);
    if (!verdict.ok()) {
        return labError(LabOperation::SetPolicy,
                        "MPIO Disk" + std::to_string(mpioDisk) + ": " + dsmStatusText(verdict.status) + " [lab rule "
                            + verdict.rule + ": " + verdict.reason + "]",
                        static_cast<long>(static_cast<std::int32_t>(verdict.status)));
    }

    checkpoint();
    lun->policy = policy;
    lun->activePathId.clear();
    for (const WmiDsmPath &entry : request->paths) {
        const PathSpec *path = pathWithId(*server, *lun, entry.pathId);
        if (!path)
            continue;
        if (policy == LoadBalancePolicy::FailOverOnly && entry.primary && entry.optimized)
            lun->activePathId = path->id;
        if (policy == LoadBalancePolicy::FailOverOnly && entry.preferred)
            lun->preferredPathId = path->id;
    }
    routeAll();
    std::string detail = "MPIO Disk" + std::to_string(mpioDisk) + " on " + host + ": " + std::string(toString(policy));
    if (preferredPath)
        detail += ", preferred path " + formatPathId(*preferredPath);
    if (m_scenario.behaviour.setPolicyRequiresReboot)
        requireRestart(*server, detail);
    return Change{m_scenario.behaviour.setPolicyRequiresReboot, detail};
}

const PathSpec *LabState::pathWithId(const ServerSpec &server, const LunSpec &lun, std::uint64_t pathId) const
{
    for (const PathSpec *path : mpioPaths(server, lun)) {
        if (mpioPathId(*server.adapter(path->adapterId), *path) == pathId)
            return path;
    }
    return nullptr;
}

DsmDevice LabState::dsmDevice(const ServerSpec &server, const LunSpec &lun) const
{
    DsmDevice device;
    // The lab's arrays change ALUA states themselves (implicit ALUA, as mpclaim's capture shows for them).
    device.aluaSupport = lun.alua ? 1u : 0u;
    device.policy = lun.policy;
    std::optional<PathState> firstTpg;
    for (const PathSpec *path : mpioPaths(server, lun)) {
        DsmDevicePath out;
        out.pathId = mpioPathId(*server.adapter(path->adapterId), *path);
        out.failed = path->failed;
        const PathState tpg = tpgState(lun, *path);
        if (lun.alua) {
            out.tpgState = tpg == PathState::ActiveOptimized ? 0u : 1u;
            out.tpgId = tpgId(lun, *path).value_or(0);
            if (!path->failed) {
                if (firstTpg && *firstTpg != tpg)
                    device.groupSymmetric = false;
                firstTpg = tpg;
            }
        }
        switch (mpioState(server, lun, *path)) {
        case PathState::ActiveOptimized: out.state = 0; break;
        case PathState::ActiveUnoptimized: out.state = 1; break;
        case PathState::Standby: out.state = 2; break;
        default: out.state = 3; break;
        }
        out.preferred = !lun.preferredPathId.empty() && path->id == lun.preferredPathId;
        out.weight = path->weight;
        device.paths.push_back(out);
    }
    return device;
}

// --------------------------------------------------------- host system

Result<Elevation> LabState::isElevated(const std::string &host)
{
    const ServerSpec *server = findHost(host);
    if (!server)
        return Error{"lab: administrator rights", "unknown host \"" + host + "\"", kErrorNotFound};
    return Elevation{server->system.elevated, server->system.elevated
                                                  ? "the lab runs with administrator rights on " + host
                                                  : "the lab runs without administrator rights on " + host};
}

Result<MpioFeature> LabState::mpioFeatureInstalled(const std::string &host)
{
    const ServerSpec *server = findHost(host);
    if (!server)
        return Error{"lab: MPIO feature", "unknown host \"" + host + "\"", kErrorNotFound};
    return MpioFeature{server->mpio.featureInstalled,
                       {std::string("scenario: mpio.featureInstalled is ")
                        + (server->mpio.featureInstalled ? "true" : "false")}};
}

Result<PendingReboot> LabState::rebootPending(const std::string &host)
{
    const ServerSpec *server = findHost(host);
    if (!server)
        return Error{"lab: pending restart", "unknown host \"" + host + "\"", kErrorNotFound};
    return PendingReboot{!server->rebootReasons.empty(), server->rebootReasons};
}

ChangeResult LabState::restartHost(const std::string &host)
{
    ServerSpec *server = findHost(host);
    if (!server)
        return Error{"lab: restart", "unknown host \"" + host + "\"", kErrorNotFound};
    checkpoint();
    std::string detail = "restarted " + server->server.hostName;
    for (AdapterSpec &adapter : server->adapters) {
        if (!adapter.pendingDriverId)
            continue;
        adapter.driverId = *adapter.pendingDriverId;
        adapter.pendingDriverId.reset();
        setPortsPresence(*server, adapter);
        detail += "; " + adapterWords(adapter) + " now runs " + m_scenario.driver(adapter.driverId)->package.infName;
    }
    // After the restart Windows enumerates every device afresh: MSDSM takes
    // each one whose hardware it supports.
    std::vector<std::string> candidates;
    for (const LunSpec *lun : visibleUnclaimed(*server)) {
        if (registered(*server, *m_scenario.array(lun->arrayId)))
            candidates.push_back(lun->id);
    }
    const std::vector<std::string> claimed = claimLuns(*server, candidates);
    if (!claimed.empty() || server->pendingClaim)
        detail += "; the Microsoft DSM claimed " + std::to_string(claimed.size()) + " device(s)";
    server->pendingClaim.reset();
    server->rebootReasons.clear();
    routeAll();
    return Change{false, detail};
}

bool LabState::takeChanged()
{
    return std::exchange(m_changed, false);
}

} // namespace pathlens::lab
