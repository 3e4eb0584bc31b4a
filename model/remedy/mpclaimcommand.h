#pragma once
// The `mpclaim -l -d` command line that sets a disk's load-balance policy, as
// the policy dialog and the driver wizard's plan show it to the admin: one
// spelling of mpclaim's arguments for both.
#include "platform/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// mpclaim's number for a path's ALUA state in the path arguments: 0
/// Active/Optimized, 1 Active/Unoptimized, 2 Standby, 3 Unavailable; none for
/// states mpclaim cannot be given (failed, unknown).
std::optional<int> mpclaimPathState(PathState state);

/// One "<path id> <state> <weight> <preferred>" argument group.
struct MpclaimPathArgument {
    std::uint64_t pathId = 0;
    int state = 0;
    bool preferred = false;
};

/// "mpclaim -l -d <disk> <policy number> [<path id> <state> 0 <preferred>]...";
/// @p disk is the MPIO disk number, or a placeholder where it is not known yet.
std::string mpclaimPolicyCommand(std::string_view disk, LoadBalancePolicy policy,
                                 const std::vector<MpclaimPathArgument> &paths = {});

} // namespace pathlens
