#include "model/remedy/mpclaimcommand.h"

namespace pathlens {

std::optional<int> mpclaimPathState(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return 0;
    case PathState::ActiveUnoptimized: return 1;
    case PathState::Standby: return 2;
    case PathState::Unavailable: return 3;
    default: return std::nullopt;
    }
}

std::string mpclaimPolicyCommand(std::string_view disk, LoadBalancePolicy policy,
                                 const std::vector<MpclaimPathArgument> &paths)
{
    // The policy enum's values are mpclaim's policy numbers (1 FOO ... 6 LB).
    std::string command = "mpclaim -l -d " + std::string(disk) + ' ' + std::to_string(static_cast<int>(policy));
    for (const MpclaimPathArgument &path : paths)
        command += ' ' + formatPathId(path.pathId) + ' ' + std::to_string(path.state) + " 0 "
            + (path.preferred ? "1" : "0");
    return command;
}

} // namespace pathlens
