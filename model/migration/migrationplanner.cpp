#include "model/migration/migrationplanner.h"

#include "model/remedy/mpclaimcommand.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace pathlens {

namespace {

bool equalNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<unsigned long long> versionParts(std::string_view text)
{
    std::vector<unsigned long long> parts(1, 0);
    for (char c : text) {
        if (c == '.')
            parts.push_back(0);
        else if (std::isdigit(static_cast<unsigned char>(c)) && parts.back() < 100'000'000'000ull)
            parts.back() = parts.back() * 10 + static_cast<unsigned>(c - '0');
    }
    return parts;
}

/// Driver versions compare part by part as numbers: 9.4.6.20 > 9.4.6.3.
int compareVersions(std::string_view a, std::string_view b)
{
    std::vector<unsigned long long> x = versionParts(a);
    std::vector<unsigned long long> y = versionParts(b);
    const std::size_t size = std::max(x.size(), y.size());
    x.resize(size, 0);
    y.resize(size, 0);
    if (x == y)
        return 0;
    return x < y ? -1 : 1;
}

bool newer(const DriverPackage &a, const DriverPackage &b)
{
    if (const int c = compareVersions(a.version, b.version); c != 0)
        return c > 0;
    return a.date > b.date;
}

std::vector<DriverPackage> nativeCandidates(const std::vector<DriverPackage> &compatible, const DriverPackage &current)
{
    std::vector<DriverPackage> result;
    for (const DriverPackage &driver : compatible) {
        if (isDataCoreDriver(driver) || sameDriver(driver, current))
            continue;
        if (std::none_of(result.begin(), result.end(), [&](const DriverPackage &d) { return sameDriver(d, driver); }))
            result.push_back(driver);
    }
    std::stable_sort(result.begin(), result.end(), newer);
    return result;
}

/// The admin's preferred driver among the candidates, else the newest.
std::optional<DriverPackage> chooseDriver(const std::vector<DriverPackage> &candidates,
                                          const std::vector<std::string> &preferred)
{
    for (const std::string &wanted : preferred) {
        const std::size_t bar = wanted.find('|');
        const std::string_view inf = std::string_view(wanted).substr(0, bar);
        const std::string_view version =
            bar == std::string::npos ? std::string_view() : std::string_view(wanted).substr(bar + 1);
        for (const DriverPackage &driver : candidates) {
            if (equalNoCase(driver.infName, inf) && (version.empty() || driver.version == version))
                return driver;
        }
    }
    if (candidates.empty())
        return std::nullopt;
    return candidates.front();
}

std::string quoted(std::string_view text)
{
    return '"' + std::string(text) + '"';
}

std::string installManualAction(const PlannedDevice &device)
{
    std::string text = "Device Manager > Storage controllers > " + quoted(device.description) + " at PCI bus "
        + std::to_string(device.pci.bus) + ", device " + std::to_string(device.pci.device) + ", function "
        + std::to_string(device.pci.function) + " (instance " + device.instanceId
        + ") > Properties > Driver > Update Driver > Browse my computer > Let me pick";
    if (device.nativeDriver) {
        text += " > " + quoted(device.nativeDriver->description) + " " + device.nativeDriver->version + " ("
            + device.nativeDriver->infName + ")";
    }
    text += ". This device only: \"pnputil /add-driver <inf> /install\" or an update by hardware id also changes "
            "the front-end and mirror ports of the same model.";
    return text;
}

std::string deletePortManualAction(const std::string &serverName, const PlannedDevice &device)
{
    return "DELETE /RestService/rest.svc/1.0/ports/" + device.portId + " (headers ServerHost and Authorization), "
           "or in the SANsymphony console: " + serverName + " > Server Ports > " + device.portAlias
        + " (Not present) > Delete";
}

std::string claimManualAction(const std::vector<std::string> &hardwareIds)
{
    std::string text = "mpclaim -n -i -d";
    for (const std::string &id : hardwareIds)
        text += ' ' + quoted(id);
    text += " (-n: no automatic restart; never -r, which restarts without asking)";
    return text;
}

std::string verifyManualAction()
{
    return "mpclaim -s -d, then mpclaim -s -d <N> for each back-end MPIO disk (paths, states, policy); Device "
           "Manager > Disk drives > the disk > Properties > MPIO; watch the per-path counters (MPIO WMI "
           "MPIO_DEVINSTANCE_HEALTH_INFO) over a few seconds";
}

PreflightItem item(std::string id, std::string title, PreflightStatus status, std::string detail)
{
    PreflightItem result;
    result.id = std::move(id);
    result.title = std::move(title);
    result.status = status;
    result.detail = std::move(detail);
    return result;
}

std::string joinWords(const std::vector<std::string> &words, std::string_view separator = ", ")
{
    std::string text;
    for (const std::string &word : words)
        text += (text.empty() ? "" : std::string(separator)) + word;
    return text;
}

void hostItems(const PreflightFacts &facts, const std::string &host, std::vector<PreflightItem> &out)
{
    if (!facts.elevation) {
        out.push_back(item("admin-rights", "Administrator rights", PreflightStatus::Warn,
                           "This source cannot tell whether PathLens runs with administrator rights on " + host
                               + ". Driver changes and MPIO claims need them."));
    } else if (!*facts.elevation) {
        out.push_back(item("admin-rights", "Administrator rights", PreflightStatus::Warn,
                           "Could not check the rights on " + host + ": " + facts.elevation->error().toString()));
    } else if (!(*facts.elevation)->elevated) {
        out.push_back(item("admin-rights", "Administrator rights", PreflightStatus::Block,
                           (*facts.elevation)->detail
                               + ". Installing a driver and claiming disks for MPIO need administrator rights: "
                                 "start PathLens as administrator."));
    } else {
        out.push_back(
            item("admin-rights", "Administrator rights", PreflightStatus::Pass, (*facts.elevation)->detail + "."));
    }

    if (!facts.mpioFeature) {
        out.push_back(item("mpio-feature", "Multipath I/O feature", PreflightStatus::Warn,
                           "This source cannot tell whether the Multipath I/O feature is installed on " + host + "."));
    } else if (!*facts.mpioFeature) {
        out.push_back(item("mpio-feature", "Multipath I/O feature", PreflightStatus::Warn,
                           "Could not check the Multipath I/O feature on " + host + ": "
                               + facts.mpioFeature->error().toString()));
    } else if (!(*facts.mpioFeature)->installed) {
        out.push_back(item("mpio-feature", "Multipath I/O feature", PreflightStatus::Block,
                           "The Multipath I/O feature is not installed on " + host + " ("
                               + joinWords((*facts.mpioFeature)->evidence, "; ")
                               + "). Install it first (Install-WindowsFeature Multipath-IO, then restart)."));
    } else {
        out.push_back(item("mpio-feature", "Multipath I/O feature", PreflightStatus::Pass,
                           "Installed on " + host + " (" + joinWords((*facts.mpioFeature)->evidence, "; ") + ")."));
    }

    if (!facts.pendingReboot) {
        out.push_back(item("pending-reboot", "No restart pending", PreflightStatus::Warn,
                           "This source cannot tell whether " + host + " waits for a restart."));
    } else if (!*facts.pendingReboot) {
        out.push_back(item("pending-reboot", "No restart pending", PreflightStatus::Warn,
                           "Could not check for a pending restart on " + host + ": "
                               + facts.pendingReboot->error().toString()));
    } else if ((*facts.pendingReboot)->pending) {
        out.push_back(item("pending-reboot", "No restart pending", PreflightStatus::Block,
                           host + " waits for a restart: " + joinWords((*facts.pendingReboot)->reasons, "; ")
                               + ". Restart it first, so that the driver change starts from a settled system and "
                                 "a restart the change asks for is its own."));
    } else {
        out.push_back(item("pending-reboot", "No restart pending", PreflightStatus::Pass,
                           host + " does not wait for a restart."));
    }
}

} // namespace

const std::vector<LoadBalancePolicy> &migrationPolicies()
{
    static const std::vector<LoadBalancePolicy> policies = {
        LoadBalancePolicy::RoundRobinWithSubset,
        LoadBalancePolicy::LeastQueueDepth,
        LoadBalancePolicy::LeastBlocks,
    };
    return policies;
}

std::optional<LoadBalancePolicy> migrationPolicyFromString(std::string_view text)
{
    for (LoadBalancePolicy policy : migrationPolicies()) {
        if (equalNoCase(toShortString(policy), text))
            return policy;
    }
    return std::nullopt;
}

PreflightFacts gatherPreflightFacts(Backend &backend, const std::string &host,
                                    const std::vector<const BackEndPortChoice *> &ports)
{
    PreflightFacts facts;
    if (HostSystem *system = backend.hostSystem()) {
        facts.elevation = system->isElevated(host);
        facts.mpioFeature = system->mpioFeatureInstalled(host);
        facts.pendingReboot = system->rebootPending(host);
    }
    DeviceInventory *devices = backend.devices();
    for (const BackEndPortChoice *port : ports) {
        if (!port->selectable() || !port->device)
            continue;
        const std::string &instance = port->device->instanceId;
        if (facts.drivers.count(instance))
            continue;
        if (devices)
            facts.drivers.emplace(instance, devices->compatibleDrivers(host, instance));
        else
            facts.drivers.emplace(instance, Error{"device inventory", "not available from this source", 0});
    }
    return facts;
}

std::string policyCommand(std::optional<std::uint32_t> mpioDisk, LoadBalancePolicy policy,
                          const std::vector<MpioPath> &paths, std::string_view serial)
{
    const std::string disk = mpioDisk ? std::to_string(*mpioDisk) : std::string("<N>");
    std::string text;
    // Round Robin with Subset takes each path's state (0 A/O, 1 A/NO, 2
    // standby): mpclaim's help gives the path tuples for it.
    if (policy == LoadBalancePolicy::RoundRobinWithSubset && paths.empty()) {
        text = mpclaimPolicyCommand(disk, policy)
            + " <PathID> <State> 0 0 ... (each path: 0 for Active/Optimized, 1 for Active/Unoptimized)";
    } else if (policy == LoadBalancePolicy::RoundRobinWithSubset) {
        std::vector<MpclaimPathArgument> arguments;
        for (const MpioPath &path : paths) {
            const PathState state = path.tpgState != PathState::Unknown ? path.tpgState : path.state;
            if (const auto number = mpclaimPathState(state))
                arguments.push_back({path.pathId, *number, false});
        }
        text = mpclaimPolicyCommand(disk, policy, arguments);
    } else {
        text = mpclaimPolicyCommand(disk, policy);
    }
    if (!mpioDisk)
        text += " (N: the MPIO disk mpclaim -s -d lists for serial " + std::string(serial) + ")";
    return text;
}

PlanOutcome planMigration(const ServerChoice &server, const PortSelection &selection, const SourceData &sources,
                          const PreflightFacts &facts, const MigrationRequest &request)
{
    PlanOutcome outcome;
    MigrationPlan &plan = outcome.plan;
    std::vector<PreflightItem> &preflight = outcome.preflight;
    plan.serverId = server.server.id;
    plan.serverKey = server.serverKey;
    plan.serverName = server.server.name.empty() ? server.server.id : server.server.name;
    plan.host = server.server.hostName;
    plan.policy = request.policy;

    // -- which ports ---------------------------------------------------------
    if (!selection.unknown.empty()) {
        std::vector<std::string> known;
        for (const BackEndPortChoice &port : server.ports)
            known.push_back(port.port.alias + " (" + (port.port.pci ? port.port.pci->toString() : "no PCI") + ")");
        preflight.push_back(item("port-selection", "Chosen ports", PreflightStatus::Block,
                                 "No back-end port of " + plan.serverName + " is named " + joinWords(selection.unknown)
                                     + ". Its back-end ports: " + (known.empty() ? "none" : joinWords(known)) + "."));
    } else if (selection.ports.empty()) {
        std::string detail = plan.serverName + " has no back-end port that can be handed to Windows MPIO.";
        for (const BackEndPortChoice &port : server.ports)
            detail += " " + port.port.alias + ": " + port.reason + ".";
        preflight.push_back(item("port-selection", "Chosen ports", PreflightStatus::Block, detail));
    }
    if (plan.host.empty()) {
        preflight.push_back(item("host", "Windows host", PreflightStatus::Block,
                                 "DataCore reports no host name for " + plan.serverName
                                     + ", so its devices cannot be reached."));
    }
    if (std::find(migrationPolicies().begin(), migrationPolicies().end(), request.policy) == migrationPolicies().end()) {
        preflight.push_back(item("policy", "Load-balance policy", PreflightStatus::Block,
                                 std::string(toString(request.policy))
                                     + " does not keep I/O on the Active/Optimized paths; choose Round Robin with "
                                       "Subset, Least Queue Depth or Least Blocks."));
    }

    hostItems(facts, plan.host.empty() ? plan.serverName : plan.host, preflight);

    // -- per port: match, driver, pool ----------------------------------------
    std::set<std::string> chosenPortIds;
    for (const BackEndPortChoice *port : selection.ports) {
        const std::string &alias = port->port.alias;
        chosenPortIds.insert(port->port.id);
        if (!port->selectable()) {
            preflight.push_back(item("match:" + port->port.id, alias + ": device", PreflightStatus::Block,
                                     port->reason + "."));
            continue;
        }
        const Adapter &device = *port->device;
        preflight.push_back(item("match:" + port->port.id, alias + ": device", PreflightStatus::Pass,
                                 alias + " is \"" + device.description + "\" at PCI " + pciWithHex(*device.pci)
                                     + " (instance " + device.instanceId + "), running "
                                     + driverWords(device.driver) + "."));

        PlannedDevice planned;
        planned.portId = port->port.id;
        planned.portAlias = alias;
        planned.instanceId = device.instanceId;
        planned.description = device.description;
        planned.pci = *device.pci;
        planned.driverBefore = device.driver;
        const auto drivers = facts.drivers.find(device.instanceId);
        if (drivers == facts.drivers.end()) {
            preflight.push_back(item("native-driver:" + port->port.id, alias + ": native driver",
                                     PreflightStatus::Block, "The drivers compatible with this device were not read."));
        } else if (!drivers->second) {
            preflight.push_back(item("native-driver:" + port->port.id, alias + ": native driver",
                                     PreflightStatus::Block,
                                     "Could not list the drivers compatible with this device: "
                                         + drivers->second.error().toString()));
        } else {
            planned.candidates = nativeCandidates(drivers->second.value(), device.driver);
            planned.nativeDriver = chooseDriver(planned.candidates, request.drivers);
            if (!planned.nativeDriver) {
                preflight.push_back(item(
                    "native-driver:" + port->port.id, alias + ": native driver", PreflightStatus::Block,
                    "No native driver compatible with this device is in the driver store. Add the HBA vendor's "
                    "package first (pnputil /add-driver <path>\\<driver>.inf, without /install), then plan again."));
            } else {
                std::string detail = "Installs " + driverWords(*planned.nativeDriver) + " on this device instance";
                if (planned.candidates.size() > 1)
                    detail += " (" + std::to_string(planned.candidates.size()) + " native drivers fit it)";
                preflight.push_back(item("native-driver:" + port->port.id, alias + ": native driver",
                                         PreflightStatus::Pass, detail + "."));
            }
        }

        std::vector<std::string> pooled;
        for (const DiskBehindPort &disk : port->disks) {
            if (!disk.pool.empty())
                pooled.push_back(disk.caption + " (pool " + disk.pool + ")");
        }
        if (pooled.empty()) {
            preflight.push_back(item("pool-disks:" + port->port.id, alias + ": back-end disks in pools",
                                     PreflightStatus::Pass,
                                     "No back-end disk reached through " + alias + " is used by a pool."));
        } else {
            preflight.push_back(item(
                "pool-disks:" + port->port.id, alias + ": back-end disks in pools", PreflightStatus::Block,
                "Replace before you map storage: " + joinWords(pooled) + " are reached through " + alias
                    + " and already used by SANsymphony. Changing the driver takes their paths away from "
                      "SANsymphony; do it before the disks go into a pool, or move the data off them first."));
        }
        plan.devices.push_back(std::move(planned));
    }

    // -- the back-end LUNs behind the chosen ports -----------------------------
    std::set<std::string> seenDisks;
    std::vector<std::string> notAlua;
    std::vector<std::string> unnamed;
    for (const BackEndDisk &disk : sources.backEndDisks) {
        if (disk.serverId != plan.serverId || seenDisks.count(disk.id))
            continue;
        std::uint32_t working = 0;
        bool reached = false;
        for (const BackEndPath &path : disk.paths) {
            if (!chosenPortIds.count(path.portId))
                continue;
            reached = true;
            // The DataCore driver often cannot tell the state: unknown counts as working.
            if (path.aluaState == PathState::Unknown || isUsable(path.aluaState))
                ++working;
        }
        if (!reached)
            continue;
        seenDisks.insert(disk.id);
        PlannedLun lun;
        lun.diskId = disk.id;
        lun.serial = disk.serial;
        lun.caption = disk.caption.empty() ? disk.serial : disk.caption;
        lun.vendor = disk.vendor;
        lun.product = disk.product;
        lun.pool = disk.poolName;
        lun.aluaCapable = disk.aluaCapable;
        lun.expectedPaths = working;
        if (!disk.aluaCapable)
            notAlua.push_back(lun.caption);
        if (disk.vendor.empty() || disk.product.empty()) {
            unnamed.push_back(lun.caption);
        } else if (const std::string id = claimHardwareId(disk.vendor, disk.product);
                   std::find(plan.hardwareIds.begin(), plan.hardwareIds.end(), id) == plan.hardwareIds.end()) {
            plan.hardwareIds.push_back(id);
        }
        plan.luns.push_back(std::move(lun));
    }
    if (!unnamed.empty()) {
        // mpclaim claims by vendor and product; without them only "all
        // devices" is left, which would take more than this server's back-end.
        preflight.push_back(item("claim-ids", "Hardware ids to claim", PreflightStatus::Block,
                                 "DataCore reports no vendor or product for " + joinWords(unnamed)
                                     + ", so the claim cannot name them (mpclaim -d takes VENDOR PRODUCT). Check the "
                                       "back-end disks' inquiry data in the SANsymphony console."));
    }
    if (!plan.devices.empty()) {
        if (plan.luns.empty()) {
            preflight.push_back(item("back-end-disks", "Back-end disks", PreflightStatus::Warn,
                                     "No back-end disk is reached through the chosen ports: the drivers change, but "
                                     "there is nothing for MPIO to claim yet."));
        } else if (!notAlua.empty()) {
            preflight.push_back(item("back-end-disks", "Back-end disks", PreflightStatus::Warn,
                                     joinWords(notAlua) + " report no ALUA support: MSDSM treats all their paths "
                                                          "alike."));
        } else {
            preflight.push_back(item("back-end-disks", "Back-end disks", PreflightStatus::Pass,
                                     std::to_string(plan.luns.size()) + " back-end disk"
                                         + (plan.luns.size() == 1 ? "" : "s")
                                         + " reached through the chosen ports report ALUA; MSDSM will claim them."));
        }
    }

    PreflightItem support = item("support-consequences", "Support consequences (DataCore FAQ 1302)",
                                 PreflightStatus::Warn, joinWords(supportConsequences(), " "));
    support.needsAcknowledgement = true;
    preflight.push_back(std::move(support));

    // -- the steps -------------------------------------------------------------
    for (const PlannedDevice &device : plan.devices) {
        MigrationStep step;
        step.kind = StepKind::InstallDriver;
        step.id = "install-driver:" + device.pci.toString();
        step.host = plan.host;
        step.instanceId = device.instanceId;
        step.pci = device.pci;
        step.portId = device.portId;
        step.portAlias = device.portAlias;
        step.driverBefore = device.driverBefore;
        step.driverAfter = device.nativeDriver;
        step.title = "Install " + (device.nativeDriver ? driverWords(*device.nativeDriver) : "a native driver")
            + " on " + device.portAlias + " (PCI " + pciWithHex(device.pci) + ")";
        step.manualAction = installManualAction(device);
        plan.steps.push_back(std::move(step));
    }
    // The claim comes before the restart the driver change usually needs:
    // it registers the hardware with MSDSM, which then takes each back-end
    // disk as the native driver brings it up, so one restart does both.
    if (!plan.luns.empty() && !plan.devices.empty()) {
        MigrationStep claim;
        claim.kind = StepKind::Claim;
        claim.id = "claim";
        claim.host = plan.host;
        claim.hardwareIds = plan.hardwareIds;
        std::vector<std::string> trimmed;
        for (const std::string &id : plan.hardwareIds) {
            std::string words = id.substr(0, 8);
            words.erase(words.find_last_not_of(' ') + 1);
            std::string product = id.size() > 8 ? id.substr(8) : std::string();
            product.erase(product.find_last_not_of(' ') + 1);
            trimmed.push_back(words + ' ' + product);
        }
        claim.title = "Claim the back-end disks (" + joinWords(trimmed) + ") for the Microsoft DSM, without a restart";
        claim.manualAction = claimManualAction(plan.hardwareIds);
        plan.steps.push_back(std::move(claim));
    }
    for (const PlannedDevice &device : plan.devices) {
        MigrationStep step;
        step.kind = StepKind::DeletePort;
        step.id = "delete-port:" + device.portId;
        step.host = plan.host;
        step.portId = device.portId;
        step.portAlias = device.portAlias;
        step.pci = device.pci;
        step.title = "Remove the DataCore port " + device.portAlias + " the driver change leaves Not present";
        step.manualAction = deletePortManualAction(plan.serverName, device);
        plan.steps.push_back(std::move(step));
    }
    if (!plan.luns.empty() && !plan.devices.empty()) {
        for (const PlannedLun &lun : plan.luns) {
            MigrationStep step;
            step.kind = StepKind::SetPolicy;
            step.id = "set-policy:" + normaliseSerial(lun.serial);
            step.host = plan.host;
            step.serial = lun.serial;
            step.diskCaption = lun.caption;
            step.policy = request.policy;
            step.title = "Set " + std::string(toString(request.policy)) + " on " + lun.caption;
            step.manualAction = policyCommand(std::nullopt, request.policy, {}, lun.serial);
            plan.steps.push_back(std::move(step));
        }
    }
    if (!plan.devices.empty()) {
        MigrationStep verify;
        verify.kind = StepKind::Verify;
        verify.id = "verify";
        verify.host = plan.host;
        verify.title = "Verify: expected paths, Active/Optimized paths present, I/O on Active/Optimized paths only";
        verify.manualAction = verifyManualAction();
        plan.steps.push_back(std::move(verify));
    }
    return outcome;
}

} // namespace pathlens
