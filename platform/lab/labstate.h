#pragma once

// The running lab: a loaded scenario plus the rules that make it behave like
// a DataCore server group before and after the back-end is handed to MPIO.

#include "labscenario.h"
#include "windowsrules.h"

#include "platform/hostsystem.h"
#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pathlens::lab {

using LabClock = std::function<std::chrono::system_clock::time_point()>;

class LabState final
{
public:
    explicit LabState(Scenario scenario);

    void setClock(LabClock clock);
    const LabClock &clock() const { return m_clock; }
    std::chrono::system_clock::time_point now() const;

    // DataCore management
    Result<std::vector<DataCoreServer>> servers();
    Result<std::vector<DataCorePort>> ports();
    Result<std::vector<BackEndDisk>> physicalDisks();
    ChangeResult deletePort(const std::string &portId);

    // Device inventory
    Result<std::vector<Adapter>> adapters(const std::string &host);
    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host, const std::string &instanceId);
    ChangeResult installDriver(const std::string &host, const std::string &instanceId, const DriverPackage &driver);
    ChangeResult rollBackDriver(const std::string &host, const std::string &instanceId);

    // MPIO
    Result<std::vector<MpioDisk>> disks(const std::string &host);
    ChangeResult claim(const std::string &host, const ClaimRequest &request);
    ChangeResult setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                           std::optional<std::uint64_t> preferredPath);

    // Host system
    Result<Elevation> isElevated(const std::string &host);
    Result<MpioFeature> mpioFeatureInstalled(const std::string &host);
    Result<PendingReboot> rebootPending(const std::string &host);
    /// Restarts the host: changes that waited for it take effect, and no
    /// restart is pending any more.
    ChangeResult restartHost(const std::string &host);

    // Saved state (labstatefile.cpp): what operations changed, so another
    // process can carry on with the same lab.
    /// The changeable part of the lab as JSON, format "pathlens-lab-state".
    std::string stateJson(const std::string &scenarioName) const;
    /// Puts a saved state over the freshly loaded scenario; refused whole (and
    /// nothing changed) when it is malformed or belongs to another scenario.
    std::optional<Error> applyState(std::string_view json, const std::string &sourceName);
    /// Whether anything changed since the last call (operations and used-up faults).
    bool takeChanged();

    /// The path id MSDSM gives a path: 0x77 | SCSI port | bus | target, as mpclaim prints it.
    static std::uint64_t mpioPathId(const AdapterSpec &adapter, const PathSpec &path);

private:
    ServerSpec *findHost(const std::string &host);
    /// The first fault that matches, with one use taken from it.
    std::optional<FaultSpec> takeFault(LabOperation operation, const ServerSpec *server,
                                       std::initializer_list<std::string_view> targets);
    /// A device operations can address: known and not vanished.
    AdapterSpec *liveAdapter(ServerSpec &server, const std::string &instanceId);
    void vanish(ServerSpec &server, AdapterSpec &adapter);
    void requireRestart(ServerSpec &server, std::string reason);
    /// Claims these LUNs (by id) for MSDSM where it has a path; the serials claimed.
    std::vector<std::string> claimLuns(ServerSpec &server, const std::vector<std::string> &lunIds);
    /// Adds an id to MSDSM's supported hardware on that server.
    void registerHardwareId(ServerSpec &server, const std::string &id);
    bool registered(const ServerSpec &server, const ArraySpec &array) const;
    /// LUNs Windows sees through a native driver that MSDSM has not claimed.
    std::vector<const LunSpec *> visibleUnclaimed(const ServerSpec &server) const;
    /// Claims the LUNs that became visible since @p before and whose hardware is registered.
    std::vector<std::string> claimArrivals(ServerSpec &server, const std::vector<const LunSpec *> &before);
    /// The package is still in the host's driver store (a rollback may have removed it).
    bool inDriverStore(const ServerSpec &server, const std::string &driverId) const;
    /// The LUN is an MPIO disk now: claimed, and MSDSM has a path to it.
    bool ownedByMpio(const ServerSpec &server, const LunSpec &lun) const;

    bool runsDataCoreDriver(const AdapterSpec &adapter) const;
    const PortSpec *backEndPortOf(const ServerSpec &server, const AdapterSpec &adapter) const;
    std::vector<const PathSpec *> dataCorePaths(const ServerSpec &server, const LunSpec &lun) const;
    const PathSpec *dataCoreInUse(const ServerSpec &server, const LunSpec &lun) const;
    std::vector<const PathSpec *> mpioPaths(const ServerSpec &server, const LunSpec &lun) const;
    PathState tpgState(const LunSpec &lun, const PathSpec &path) const;
    const PathSpec *failOverActive(const ServerSpec &server, const LunSpec &lun) const;
    PathState mpioState(const ServerSpec &server, const LunSpec &lun, const PathSpec &path) const;
    std::optional<std::uint32_t> tpgId(const LunSpec &lun, const PathSpec &path) const;
    /// The LUN as MSDSM keeps it (windowsrules.h).
    DsmDevice dsmDevice(const ServerSpec &server, const LunSpec &lun) const;
    const PathSpec *pathWithId(const ServerSpec &server, const LunSpec &lun, std::uint64_t pathId) const;

    // Traffic: see labtraffic.h for the model.
    std::int64_t currentSecond() const;
    void routeTraffic(const ServerSpec &server, LunSpec &lun);
    void routeAll();
    void checkpoint();
    PathTotals totalsAt(const ServerSpec &server, const LunSpec &lun, const PathSpec &path, std::int64_t second) const;
    PathCounters counters(const ServerSpec &server, const LunSpec &lun, const PathSpec &path) const;

    void setPortsPresence(ServerSpec &server, const AdapterSpec &adapter);

    Scenario m_scenario;
    LabClock m_clock;
    bool m_changed = false;
};

} // namespace pathlens::lab
