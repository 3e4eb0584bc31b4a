#pragma once

// Windows MPIO of the local computer: read through WMI (root\wmi), claims
// through mpclaim.exe, policies through DSM_LB_Operations. Windows only; the
// interpretation of what WMI returns is in mpiodecode.h.

#include "mpiodecode.h"

#include "platform/mpio.h"

#include <mutex>
#include <string>
#include <vector>

namespace pathlens {

class WindowsMpio final : public Mpio
{
public:
    WindowsMpio(std::string computerName, std::string dnsName);

    /// MPIO disks with paths, states, adapters and counters. An Error when
    /// MPIO_GET_DESCRIPTOR cannot be read (MPIO not installed, no rights);
    /// a missing optional class only leaves gaps, listed in problems().
    Result<std::vector<MpioDisk>> disks(const std::string &host) override;
    /// mpclaim -n -i -d "<hwid>" per id (or -n -i -a ""), then a re-read
    /// (mpclaim -e and MPIO_GET_DESCRIPTOR) to judge success and whether a
    /// restart is needed. Never restarts: ClaimRequest::allowReboot is not
    /// turned into mpclaim -r, which restarts without asking.
    ChangeResult claim(const std::string &host, const ClaimRequest &request) override;
    /// DSM_LB_Operations.DsmSetLoadBalancePolicyALUA on the disk's instance
    /// with a request built from its current DSM view (buildPolicyRequest).
    ChangeResult setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                           std::optional<std::uint64_t> preferredPath = std::nullopt) override;

    /// One read of all MPIO classes, decoded but not joined.
    Result<MpioSnapshot> snapshot(const std::string &host);

    /// Gaps of the last disks()/snapshot() read, in words.
    std::vector<std::string> problems() const;

private:
    Result<bool> checkHost(const std::string &host) const;

    std::string m_computerName;
    std::string m_dnsName;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_problems;
};

} // namespace pathlens
