#pragma once

// Windows MPIO as WMI (root\wmi) describes it, decoded into the platform's
// MpioDisk and MpioPath. Portable: the Windows side only turns WMI objects
// into WmiObject bags (wmivalue.h) and back; every rule of interpretation
// lives here and is unit-tested without Windows.
//
// Classes read (one instance per pseudo-LUN unless noted; instances of the
// per-LUN classes share the LUN's InstanceName, which joins them):
//   MPIO_GET_DESCRIPTOR     DeviceName "\Device\MPIODisk3" -> MPIO disk number,
//                           PdoInformation[]: ScsiAddress, PathIdentifier
//   DSM_QueryLBPolicy_V2    LoadBalancePolicy (DSM_Load_Balance_Policy_V2):
//                           policy number, DSM_Paths[] MPIO_DSM_Path_V2 with the
//                           path states, TPG, ALUA support, weight, preference
//   MPIO_PATH_INFORMATION   (one control instance) PathList[]: path id -> HBA
//                           PCI location and name
//   MPIO_DISK_INFO          (one control instance) DriveInfo[]: serial, DSM name
//   MSDSM_DEVICE_PERF       PerfInfo[]: per-path read/write counts and bytes

#include "platform/result.h"
#include "platform/types.h"
#include "wmivalue.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

// ---------------------------------------------------------------- mappings

/// Per-path state from MPIO_DSM_Path_V2: a failed path is Failed; otherwise
/// (PrimaryPath, OptimizedPath) is (1,1) Active/Optimized, (1,0)
/// Active/Unoptimized, (0,1) Standby, (0,0) Unavailable.
PathState pathStateFromFlags(bool primary, bool optimized, bool failed);

/// TargetPortGroup_State is the array's raw ALUA access state (MSDSM stores
/// the REPORT TARGET PORT GROUPS nibble unchanged): 0 A/O, 1 A/U, 2 Standby,
/// 3 Unavailable, 14 Offline, 15 Transitioning; 16 (NOT_USED) means the LUN
/// is not ALUA, so there is no TPG state (Unknown). MSDSM's failed device
/// states 17-21 never appear in this field (a failed path has FailedPath).
PathState tpgStateFromWmi(std::uint32_t state);
/// True for TargetPortGroup_State 16: no target port group in use.
inline constexpr std::uint32_t kTpgStateNotUsed = 16;

/// ALUASupport: 0 not supported, 1 implicit, 2 explicit, 3 both.
AluaSupport aluaSupportFromWmi(std::uint32_t value);

/// LoadBalancePolicy numbers 1-7 are mpclaim's; anything else is Unknown.
LoadBalancePolicy policyFromWmi(std::uint32_t value);
/// The number for a policy; 0 for Unknown.
std::uint32_t policyToWmi(LoadBalancePolicy policy);

/// 3 from "\Device\MPIODisk3" (MPIO_GET_DESCRIPTOR.DeviceName) or from
/// "MPIO Disk3" (MPIO_DRIVE_INFO.Name); empty for anything else.
std::optional<std::uint32_t> mpioDiskNumber(std::string_view name);

/// Vendor and product from a pseudo-LUN's instance name,
/// "MPIO\Disk&Ven_DGC&Prod_VRAID&Rev_4501\1&7f6ac24&0&3630..._0", as PnP
/// spells them (spaces became '_').
struct HardwareName {
    std::string vendor;
    std::string product;
};
HardwareName hardwareFromInstanceName(std::string_view instanceName);

/// Vendor and product of an mpclaim hardware id: "DGC     VRAID           "
/// splits at 8 characters; an id whose padding was collapsed ("DGC VRAID")
/// splits at the first blank.
HardwareName splitHardwareId(std::string_view hardwareId);

/// Whether an mpclaim hardware id ("vendor8product16", padded with spaces)
/// names the same hardware as an instance name's Ven_/Prod_ fields.
bool hardwareIdMatches(std::string_view hardwareId, const HardwareName &name);

// ---------------------------------------------------------- decoded classes

struct WmiPdo {
    std::uint64_t pathId = 0; ///< PathIdentifier, the id mpclaim prints in hex
    ScsiAddress scsi;
    std::uint32_t deviceState = 0;
};

/// One MPIO_GET_DESCRIPTOR instance.
struct WmiDescriptor {
    std::string instanceName;
    std::string deviceName;             ///< "\Device\MPIODisk3"
    std::optional<std::uint32_t> number; ///< from deviceName
    std::vector<WmiPdo> pdos;
};
Result<WmiDescriptor> decodeDescriptor(const WmiObject &object);

/// One MPIO_DSM_Path_V2.
struct WmiDsmPath {
    std::uint64_t pathId = 0;
    std::uint32_t weight = 0;
    bool primary = false;
    bool optimized = false;
    bool preferred = false;
    bool failed = false;
    std::uint32_t tpgState = kTpgStateNotUsed;
    std::uint32_t aluaSupport = 0;
    bool symmetric = false;
    bool tpgPreferred = false;
    std::uint32_t tpgId = 0;
    std::uint32_t targetPortId = 0;

    /// The LUN is ALUA and this path's TPG data is in use.
    bool hasTpg() const { return aluaSupport != 0 && tpgState != kTpgStateNotUsed; }
};

/// One DSM_QueryLBPolicy_V2 instance (or any object whose LoadBalancePolicy
/// member is a DSM_Load_Balance_Policy_V2).
struct WmiLbPolicy {
    std::string instanceName;
    std::uint32_t rawPolicy = 0;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::vector<WmiDsmPath> paths;
};
Result<WmiLbPolicy> decodeLbPolicy(const WmiObject &object);

/// One MPIO_ADAPTER_INFORMATION of MPIO_PATH_INFORMATION.PathList.
struct WmiAdapterPath {
    std::uint64_t pathId = 0;
    PciLocation wmiLocation;              ///< as WMI reports it, zeros included
    std::optional<PciLocation> pci;       ///< empty for all zeros: a software initiator, not a PCI function
    std::string adapterName;
};
Result<std::vector<WmiAdapterPath>> decodePathInformation(const WmiObject &object);

/// One MPIO_DRIVE_INFO of MPIO_DISK_INFO.DriveInfo.
struct WmiDriveInfo {
    std::string name;                    ///< "MPIO Disk3"
    std::optional<std::uint32_t> number; ///< from name
    std::string serial;                  ///< trimmed
    std::string dsmName;                 ///< "Microsoft DSM"
    std::uint32_t numberPaths = 0;
};
Result<std::vector<WmiDriveInfo>> decodeDiskInfo(const WmiObject &object);

/// One MSDSM_DEVICE_PERF instance.
struct WmiPathPerf {
    std::uint64_t pathId = 0;
    PathCounters counters;
};
struct WmiDevicePerf {
    std::string instanceName;
    std::vector<WmiPathPerf> paths;
};
/// @p taken becomes every counter's time.
Result<WmiDevicePerf> decodeDevicePerf(const WmiObject &object, std::chrono::system_clock::time_point taken);

// ---------------------------------------------------------------- assembly

/// Everything one read of root\wmi gave, decoded.
struct MpioSnapshot {
    std::vector<WmiDescriptor> descriptors;
    std::vector<WmiLbPolicy> policies;
    std::vector<WmiAdapterPath> adapterPaths;
    std::vector<WmiDriveInfo> drives;
    std::vector<WmiDevicePerf> perf;
    std::chrono::system_clock::time_point taken{};
    /// What could not be read or decoded, in words (a class missing, one
    /// instance skipped). Assembly adds its own.
    std::vector<std::string> problems;
};

struct AssembledDisks {
    std::vector<MpioDisk> disks; ///< by MPIO disk number
    std::vector<std::string> problems;
};

/// Joins the classes into MPIO disks: descriptors give the disks and their
/// paths (PDOs); the DSM's view of the same instance gives policy, ALUA
/// support and each path's state, TPG, weight and preference (joined by path
/// id); MPIO_PATH_INFORMATION the adapter; MPIO_DISK_INFO serial and DSM
/// name (by disk number); MSDSM_DEVICE_PERF the counters (by instance and path).
///
/// Nothing is guessed: a path the DSM does not describe keeps state Unknown,
/// except that MSDSM reports a failed path with DsmPathId 0, so when the
/// unmatched PDOs are exactly as many as those entries, they are Failed. A
/// DSM path without a PDO is listed from the DSM's data alone.
AssembledDisks assembleMpioDisks(const MpioSnapshot &snapshot);

// ------------------------------------------------------- set load balance

/// What DSM_LB_Operations.DsmSetLoadBalancePolicyALUA gets.
struct PolicyRequest {
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::vector<WmiDsmPath> paths; ///< with the requested primary/optimized/preferred flags
};

/// Whether MSDSM treats the LUN's access as symmetric (DsmpIsSymmetricAccess):
/// no ALUA, or implicit-only ALUA with every TPG in one state. Round Robin
/// is offered only then.
bool symmetricAccess(const WmiLbPolicy &current);

/// Builds a request MSDSM accepts, from the LUN's current DSM view and the
/// path ids of its PDOs (MPIO_GET_DESCRIPTOR), the rules of
/// platform/lab/windowsrules.h:
/// - every path the DSM knows is listed, failed ones too, each with its real
///   id: MSDSM reports a failed path as id 0, so those take the PDO ids that
///   no DSM entry names (refused when the counts do not tie them);
/// - Round Robin is refused on ALUA storage ("use Round Robin with Subset");
/// - Fail Over Only: one path Active/Optimized (the preferred one when given,
///   else the current A/O path, else the first whose TPG is A/O, else the
///   first usable), all others Standby; the preferred flag only on a given
///   preferred path. An implicit-only ALUA array cannot make a path of a
///   non-optimized TPG active, so that is refused here with a reason.
/// - Round Robin, Least Queue Depth, Least Blocks, Weighted Paths: every path
///   A/O, except on ALUA storage where a path takes its TPG's state (the DSM
///   allows nothing else); weights are kept.
/// - Round Robin with Subset: ALUA paths take their TPG's state; on non-ALUA
///   storage the current states are kept (they are the subset), all A/O when
///   none is.
/// Failed paths ask for no state. A preferred path with another policy,
/// Vendor Specific, Unknown, or no usable path are Errors.
Result<PolicyRequest> buildPolicyRequest(const WmiLbPolicy &current, LoadBalancePolicy policy,
                                         std::optional<std::uint64_t> preferredPath, std::uint32_t mpioDisk,
                                         const std::vector<std::uint64_t> &pdoPathIds);

/// The DSM_Load_Balance_Policy_V2 object (Version 2) with MPIO_DSM_Path_V2
/// items, in the value kinds WMI expects (uint64 as UInt 64, flags as UInt 32).
WmiObject policyRequestToWmi(const PolicyRequest &request);

/// Words for DsmSetLoadBalancePolicyALUA's Status (an NTSTATUS).
std::string dsmStatusText(std::uint32_t status);

/// The error for an ExecMethod of DsmSetLoadBalancePolicyALUA that failed as
/// a whole (the usual way a DSM refusal arrives), with what MSDSM rejects.
Error setPolicyMethodFailure(const Error &wmi, std::uint32_t mpioDisk);

// ------------------------------------------------------------- WMI syntax

/// A WMI object path with a string key: Class.Key="value" with '\' and '"'
/// escaped, as IWbemServices::ExecMethod and GetObject take it.
std::string wmiObjectPath(std::string_view className, std::string_view key, std::string_view value);

/// A WQL string literal in single quotes with '\' and '\'' escaped.
std::string wqlString(std::string_view value);

} // namespace pathlens
