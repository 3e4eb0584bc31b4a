#pragma once

#include "result.h"
#include "types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

/// Windows MPIO of one host: the disks MSDSM (or a vendor DSM) has claimed,
/// their paths and counters, and the operations on them.
class Mpio
{
public:
    virtual ~Mpio() = default;

    /// MPIO disks with their paths and current counters.
    virtual Result<std::vector<MpioDisk>> disks(const std::string &host) = 0;
    /// Claims devices for MPIO (mpclaim -n -i semantics: never reboots on its own).
    virtual ChangeResult claim(const std::string &host, const ClaimRequest &request) = 0;
    /// Sets one disk's load-balance policy; for Fail Over Only, optionally the
    /// preferred (active) path.
    virtual ChangeResult setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                                   std::optional<std::uint64_t> preferredPath = std::nullopt) = 0;
};

} // namespace pathlens
