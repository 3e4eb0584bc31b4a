#include "windowsrules.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace pathlens::lab {

namespace {

constexpr std::array kRules{
    LabRule{"set-policy-range",
            "DsmSetLoadBalancePolicyALUA accepts the policies 1 to 6 only; 7 (Vendor Specific) and anything else "
            "is STATUS_INVALID_PARAMETER.",
            "DsmpValidateSetLBPolicyInput, Windows-driver-samples storage/msdsm/src/wmi.c"},
    LabRule{"set-policy-every-path",
            "The request lists every path MSDSM knows for the LUN (DSMPathCount equals its path count, failed paths "
            "included); otherwise STATUS_INVALID_PARAMETER.",
            "DsmpValidateSetLBPolicyInput, wmi.c: \"the user provide LB policy settings for all the paths and not "
            "just a subset\""},
    LabRule{"set-policy-unique-ids",
            "No path id appears twice (id 0 may repeat); otherwise STATUS_INVALID_PARAMETER.",
            "DsmpValidateSetLBPolicyInput, wmi.c"},
    LabRule{"set-policy-real-ids",
            "Every initialised path, failed ones too, is named by its real DsmPathId; the id 0 that "
            "DSM_QueryLBPolicy_V2 reports for a failed path is refused with STATUS_INVALID_PARAMETER.",
            "DsmpValidateSetLBPolicyInput and DsmpQueryLoadBalancePolicy, wmi.c"},
    LabRule{"set-policy-no-rr-on-alua",
            "Round Robin on a LUN without symmetric access is refused (STATUS_INVALID_PARAMETER): \"RRWS must be used "
            "instead\".",
            "DsmpValidateSetLBPolicyInput, wmi.c"},
    LabRule{"set-policy-implicit-ao",
            "On implicit-only ALUA storage a path whose target port group is not Active/Optimized cannot be made "
            "Active/Optimized.",
            "DsmpSetLoadBalancePolicy, wmi.c: \"Can't make non-AO path A/O for Implicit-only transitions\""},
    LabRule{"set-policy-foo-one-active",
            "Fail Over Only takes exactly one Active/Optimized path and at most one preferred path.",
            "DsmpSetLoadBalancePolicy, wmi.c: \"Only ONE path can be specified as AO for FailOverOnly policy\""},
    LabRule{"set-policy-tpg-states",
            "Round Robin, Weighted Paths, Least Queue Depth and Least Blocks allow a path other than Active/Optimized "
            "only in the state its target port group is in (never on non-ALUA storage); Round Robin with Subset also "
            "allows Standby or Unavailable for a path of an Active/Optimized target port group.",
            "DsmpSetLoadBalancePolicy, wmi.c"},
    LabRule{"set-policy-one-optimized",
            "Every policy needs at least one Active/Optimized path, unless the LUN is ALUA and none of its target "
            "port groups is Active/Optimized at the moment.",
            "DsmpSetLoadBalancePolicy, wmi.c: \"No active node given for LB\""},
    LabRule{"supported-policies",
            "MSDSM offers FOO, RR, RRWS, LQD, WP and LB on a LUN with symmetric access, and the same without RR "
            "on ALUA storage; Vendor Specific never. Symmetric means no ALUA, or implicit-only ALUA with every "
            "target port group in one state.",
            "DsmpQuerySupportedLBPolicies, wmi.c; DsmpIsSymmetricAccess, msdsm.h"},
    LabRule{"default-policy",
            "A newly claimed LUN gets Round Robin, or Round Robin with Subset when its access is not symmetric "
            "(unless an MSDSM-wide default is set).",
            "DsmSetDeviceInfo, Windows-driver-samples storage/msdsm/src/intrface.c"},
    LabRule{"query-failed-path",
            "DSM_QueryLBPolicy_V2 reports a failed or uninitialised path with DsmPathId 0, FailedPath set and "
            "PrimaryPath, OptimizedPath and PreferredPath clear.",
            "DsmpQueryLoadBalancePolicy, wmi.c"},
    LabRule{"tpg-state-raw",
            "TargetPortGroup_State is the array's ALUA access state as REPORT TARGET PORT GROUPS gives it (0 A/O, "
            "1 A/NO, 2 Standby, 3 Unavailable, 14 Offline, 15 Transitioning), 16 when the LUN has no ALUA; "
            "MSDSM's failed device states 17-21 never appear there.",
            "DsmpBuildTargetPortGroupEntry, storage/msdsm/src/dsmmain.c; DSM_DEVICE_STATE, msdsm.h"},
    LabRule{"path-id",
            "MSDSM's path id is 0x77, SCSI port, bus and target id, one byte each (the LUN is not part of it).",
            "DsmSetDeviceInfo, intrface.c"},
    LabRule{"claim-registers",
            "mpclaim -i adds the hardware ids to MSDSM's supported hardware; MSDSM claims a device whose vendor "
            "and product are on that list when it is enumerated.",
            "DsmInquire and DsmpDeviceSupported, intrface.c; mpclaim usage text"},
    LabRule{"claim-present-waits",
            "Devices Windows already enumerates are taken over at the next restart when the claim asks for one "
            "(-n: \"caller may need to reboot\"); devices that appear later are claimed as they arrive.",
            "mpclaim usage text; Update-MPIOClaimedHW: \"If this cmdlet is not successful, it indicates that a "
            "restart is required\""},
    LabRule{"install-needs-restart",
            "When DiInstallDevice sets NeedReboot, the new driver takes effect only after the restart: the old one "
            "keeps running, and a DataCore port stays present.",
            "DiInstallDevice (newdev.h): \"a system restart is required to complete the installation\""},
    LabRule{"install-from-store",
            "DiInstallDevice installs only a driver already in the driver store.",
            "DiInstallDevice: \"installs a specified driver that is preinstalled in the driver store\""},
    LabRule{"rollback-needs-backup",
            "Windows keeps at most one backup driver, set after a successful install; without one, "
            "DiRollbackDriver fails with ERROR_NO_MORE_ITEMS and changes nothing.",
            "DiRollbackDriver (newdev.h), Remarks"},
    LabRule{"rollback-removes-package",
            "A rollback removes the replaced driver from the system when it is not an inbox driver and no other "
            "device uses it, so installing it again needs the package added to the store again.",
            "DiRollbackDriver, Remarks"},
};

std::string hex(std::uint64_t value)
{
    return formatPathId(value);
}

SetPolicyVerdict refuse(std::string_view rule, std::string reason)
{
    return SetPolicyVerdict{kStatusInvalidParameter, std::string(rule), std::move(reason)};
}

bool isPolicyNumber(LoadBalancePolicy policy)
{
    const auto number = static_cast<int>(policy);
    return number >= static_cast<int>(LoadBalancePolicy::FailOverOnly)
        && number <= static_cast<int>(LoadBalancePolicy::LeastBlocks);
}

bool hasTpg(const DsmDevicePath &path)
{
    return path.tpgState != kTpgStateNotUsed;
}

} // namespace

std::span<const LabRule> labRules()
{
    return kRules;
}

bool isSymmetricAccess(const DsmDevice &device)
{
    return device.aluaSupport == 0 || (device.aluaSupport == 1 && device.groupSymmetric);
}

std::vector<LoadBalancePolicy> supportedPolicies(const DsmDevice &device)
{
    std::vector<LoadBalancePolicy> result;
    for (int number = 1; number <= 6; ++number) {
        const auto policy = static_cast<LoadBalancePolicy>(number);
        if (policy == LoadBalancePolicy::RoundRobin && !isSymmetricAccess(device))
            continue;
        result.push_back(policy);
    }
    return result;
}

WmiLbPolicy queryLoadBalancePolicy(const DsmDevice &device)
{
    WmiLbPolicy out;
    out.rawPolicy = static_cast<std::uint32_t>(device.policy);
    out.policy = device.policy;
    for (const DsmDevicePath &path : device.paths) {
        WmiDsmPath entry;
        entry.weight = path.weight;
        entry.tpgState = path.tpgState;
        entry.aluaSupport = device.aluaSupport;
        entry.symmetric = device.groupSymmetric;
        entry.tpgId = path.tpgId;
        if (path.failed || !path.initialized) {
            entry.pathId = 0;
            entry.failed = true;
        } else {
            entry.pathId = path.pathId;
            entry.primary = path.state == 0 || path.state == 1;
            entry.optimized = path.state == 0 || path.state == 2;
            entry.preferred = path.preferred;
        }
        out.paths.push_back(entry);
    }
    return out;
}

SetPolicyVerdict validateSetPolicy(const DsmDevice &device, const PolicyRequest &request)
{
    const std::string policyName(toString(request.policy));
    if (!isPolicyNumber(request.policy))
        return refuse("set-policy-range", "the Microsoft DSM has no policy number "
                                              + std::to_string(static_cast<int>(request.policy)) + " (" + policyName
                                              + "); it accepts 1 to 6");
    if (request.paths.size() != device.paths.size())
        return refuse("set-policy-every-path", "the request lists " + std::to_string(request.paths.size())
                                                   + " path(s), the LUN has " + std::to_string(device.paths.size()));
    for (std::size_t i = 0; i < request.paths.size(); ++i) {
        for (std::size_t j = i + 1; j < request.paths.size(); ++j) {
            if (request.paths[i].pathId != 0 && request.paths[i].pathId == request.paths[j].pathId)
                return refuse("set-policy-unique-ids", "path id " + hex(request.paths[i].pathId) + " appears twice");
        }
    }
    // Each initialised device-path must find its entry by id.
    std::vector<const WmiDsmPath *> entryOf(device.paths.size(), nullptr);
    for (std::size_t d = 0; d < device.paths.size(); ++d) {
        const DsmDevicePath &path = device.paths[d];
        if (!path.initialized)
            continue;
        const auto entry = std::find_if(request.paths.begin(), request.paths.end(),
                                        [&](const WmiDsmPath &p) { return p.pathId == path.pathId; });
        if (entry == request.paths.end())
            return refuse("set-policy-real-ids", "path " + hex(path.pathId) + " is not named in the request"
                                                     + (path.failed ? " (it is failed; the query reports it as 0)" : ""));
        entryOf[d] = &*entry;
        if (request.policy == LoadBalancePolicy::RoundRobin && !isSymmetricAccess(device))
            return refuse("set-policy-no-rr-on-alua",
                          "Round Robin is not allowed on ALUA storage, since not all paths can be Active/Optimized; "
                          "Round Robin with Subset must be used instead");
    }

    int active = 0;
    int preferred = 0;
    for (std::size_t d = 0; d < device.paths.size(); ++d) {
        const DsmDevicePath &path = device.paths[d];
        const WmiDsmPath *entry = entryOf[d];
        if (!entry)
            continue;
        if (request.policy == LoadBalancePolicy::FailOverOnly && entry->preferred && entry->pathId != 0
            && ++preferred > 1)
            return refuse("set-policy-foo-one-active", "more than one preferred path for Fail Over Only");
        if (path.failed)
            continue; // the DSM checks no states of failed paths
        const bool alua = hasTpg(path);
        if (entry->primary && entry->optimized) {
            if (!isSymmetricAccess(device) && device.aluaSupport == 1 && path.tpgState != 0)
                return refuse("set-policy-implicit-ao", "path " + hex(path.pathId)
                                                            + " cannot be made Active/Optimized: its target port group "
                                                              "is not, and this array changes states only by itself");
            ++active;
            if (request.policy == LoadBalancePolicy::FailOverOnly && active > 1)
                return refuse("set-policy-foo-one-active", "more than one Active/Optimized path for Fail Over Only");
            continue;
        }
        const bool everyPathActive = request.policy == LoadBalancePolicy::RoundRobin
            || request.policy == LoadBalancePolicy::WeightedPaths || request.policy == LoadBalancePolicy::LeastQueueDepth
            || request.policy == LoadBalancePolicy::LeastBlocks;
        if (entry->primary) { // Active/Unoptimized requested
            if (everyPathActive && alua && path.tpgState != 1)
                return refuse("set-policy-tpg-states", "path " + hex(path.pathId)
                                                           + " may be Active/Unoptimized only when its target port "
                                                             "group is");
            continue;
        }
        // Standby or Unavailable requested.
        if (everyPathActive && (!alua || path.state != path.tpgState))
            return refuse("set-policy-tpg-states",
                          "path " + hex(path.pathId) + " may not be Standby or Unavailable under " + policyName
                              + (alua ? " while its target port group is in another state" : " on non-ALUA storage"));
        if (request.policy == LoadBalancePolicy::RoundRobinWithSubset && alua && path.tpgState != 0
            && path.state != path.tpgState)
            return refuse("set-policy-tpg-states", "path " + hex(path.pathId)
                                                       + " may be Standby or Unavailable only when its target port "
                                                         "group is Active/Optimized or in that state");
    }
    if (active == 0) {
        const bool anyTpgOptimized = std::any_of(device.paths.begin(), device.paths.end(), [](const DsmDevicePath &p) {
            return !p.failed && p.tpgState == 0;
        });
        if (device.aluaSupport == 0 || anyTpgOptimized)
            return refuse("set-policy-one-optimized", "no Active/Optimized path given for " + policyName);
    }
    return {};
}

} // namespace pathlens::lab
