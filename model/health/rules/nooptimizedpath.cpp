#include "model/health/rules.h"

#include <algorithm>

namespace pathlens {

void NoOptimizedPathRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            if (lun.paths.empty())
                continue;
            if (std::any_of(lun.paths.begin(), lun.paths.end(), [](const PathView &path) { return path.optimized(); }))
                continue;
            // A usable path whose state is unknown (the DataCore driver
            // without the array's data) or in transition may well be
            // optimized: say nothing rather than guess.
            const bool undecided = std::any_of(lun.paths.begin(), lun.paths.end(), [](const PathView &path) {
                return path.usable()
                    && (path.arrayState() == PathState::Unknown || path.arrayState() == PathState::Transitioning);
            });
            if (undecided)
                continue;

            const std::size_t usable = lun.usableCount();
            const std::string count = std::to_string(lun.paths.size()) + (lun.paths.size() == 1 ? " path" : " paths");
            if (usable == 0) {
                out.push_back(lunFinding(
                    rules::NoOptimizedPath, Severity::Critical, lun,
                    "None of its " + count + " can carry I/O: every one is failed or Unavailable.",
                    "Check the cabling, the fabric zoning and the array's controllers for this LUN; the LUN is "
                    "unreachable from this server until a path returns."));
            } else {
                out.push_back(lunFinding(
                    rules::NoOptimizedPath, Severity::Warning, lun,
                    "It has " + count + " (" + std::to_string(usable)
                        + " usable) but none leads to an Active/Optimized target port group, so every read pays the "
                          "non-optimized penalty.",
                    "Find out why the owning controller is unreachable (a failed controller, zoning, a missing "
                    "path) or move the LUN to a controller this server reaches optimized."));
            }
        }
    }
}

} // namespace pathlens
