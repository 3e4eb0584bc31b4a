#pragma once

// The rules of Windows that the simulated lab enforces: what MSDSM accepts
// and reports, what a claim does, what DiInstallDevice and DiRollbackDriver
// return. Each rule has an id and the source it was taken from; kLabRules
// lists them all (docs/lab-rules.md is the same table in words). The lab
// calls these functions, and the Windows backend's request builders are
// tested against them, so a request Windows would refuse fails in the lab.
//
// Sources, abbreviated below:
//   [wmi.c]     Windows-driver-samples, storage/msdsm/src/wmi.c
//   [msdsm.h]   Windows-driver-samples, storage/msdsm/src/msdsm.h
//   [intrface.c] Windows-driver-samples, storage/msdsm/src/intrface.c
//   [dsmmain.c] Windows-driver-samples, storage/msdsm/src/dsmmain.c
//   [DiInstallDevice] learn.microsoft.com/windows/win32/api/newdev/nf-newdev-diinstalldevice
//   [DiRollbackDriver] learn.microsoft.com/windows/win32/api/newdev/nf-newdev-dirollbackdriver
//   [mpclaim]   mpclaim.exe's usage text ("-n  Suppress reboot request (caller may need to reboot)")
//   [Update-MPIOClaimedHW] learn.microsoft.com/powershell/module/mpio/update-mpioclaimedhw

#include "platform/deviceinventory.h"
#include "platform/types.h"
#include "platform/windows/mpiodecode.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens::lab {

struct LabRule {
    std::string_view id;
    std::string_view rule;
    std::string_view source;
};

/// Every rule the lab enforces, with its source.
std::span<const LabRule> labRules();

// NTSTATUS values MSDSM returns from DsmSetLoadBalancePolicyALUA. [wmi.c]
// defines DSM_INVALID_LOAD_BALANCE_POLICY as STATUS_INVALID_PARAMETER and
// DSM_UNSUPPORTED_VERSION as STATUS_NOT_SUPPORTED: there are no other numbers.
inline constexpr std::uint32_t kStatusSuccess = 0x00000000;
inline constexpr std::uint32_t kStatusInvalidParameter = 0xC000000D;
inline constexpr std::uint32_t kStatusNotSupported = 0xC00000BB;

// Win32 errors of SetupAPI and newdev in the situations the lab models.
inline constexpr long kErrorNoDriverSelected = static_cast<long>(0xE0000203);  // the package is not in the store

/// One device-path pair (a DSM_DEVICE_INFO) of a LUN as MSDSM keeps it.
struct DsmDevicePath {
    std::uint64_t pathId = 0;      ///< 0x77PPBBTT, set in DsmSetDeviceInfo [intrface.c]
    bool initialized = true;       ///< DsmpIsDeviceInitialized
    bool failed = false;           ///< State 17..21 (DsmpIsDeviceFailedState) [msdsm.h]
    std::uint32_t state = 0;       ///< DSM_DEVICE_STATE: 0 A/O, 1 A/U, 2 SB, 3 UA, 15 TR
    std::uint32_t tpgState = 16;   ///< raw RTPG access state of its TPG; 16 (NOT_USED): no TPG [dsmmain.c]
    std::uint32_t tpgId = 0;
    bool preferred = false;
    std::uint32_t weight = 0;
};

/// One LUN (a DSM_GROUP_ENTRY) as MSDSM keeps it.
struct DsmDevice {
    std::uint32_t aluaSupport = 0; ///< DSM_DEVINFO_ALUA_*: 0 none, 1 implicit, 2 explicit, 3 both
    bool groupSymmetric = true;    ///< Group->Symmetric: every TPG in the same state
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::vector<DsmDevicePath> paths;
};

/// Rule symmetric-access: DsmpIsSymmetricAccess [msdsm.h].
bool isSymmetricAccess(const DsmDevice &device);

/// Rule supported-policies: DsmpQuerySupportedLBPolicies [wmi.c].
std::vector<LoadBalancePolicy> supportedPolicies(const DsmDevice &device);

/// Rule query-failed-path: what DSM_QueryLBPolicy_V2 reports for the LUN
/// (DsmpQueryLoadBalancePolicy [wmi.c]): a failed or uninitialised path
/// with DsmPathId 0 and FailedPath set.
WmiLbPolicy queryLoadBalancePolicy(const DsmDevice &device);

/// The verdict of DsmSetLoadBalancePolicyALUA on a request.
struct SetPolicyVerdict {
    std::uint32_t status = kStatusSuccess;
    std::string rule;   ///< id of the rule that refused it; empty on success
    std::string reason; ///< the sample's own words for the refusal, as a sentence
    bool ok() const { return status == kStatusSuccess; }
};

/// DsmpValidateSetLBPolicyInput plus the per-path checks of
/// DsmpSetLoadBalancePolicy [wmi.c], in the sample's order.
SetPolicyVerdict validateSetPolicy(const DsmDevice &device, const PolicyRequest &request);

} // namespace pathlens::lab
