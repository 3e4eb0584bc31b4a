#include "model/health/rules.h"

namespace pathlens {

void PolicyMismatchRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    const HealthSettings &settings = input.settings();
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            // The DataCore driver has no policy; datacore-be-driver-alua covers it.
            if (lun.owner != PathOwner::Mpio || !lun.alua())
                continue;
            const LoadBalancePolicy policy = lun.disk->policy;
            if (policy != LoadBalancePolicy::FailOverOnly && policy != LoadBalancePolicy::RoundRobin)
                continue;

            // Judged by the TPG state, the array's view: under Fail Over Only
            // MSDSM shows all optimized paths but one as Standby.
            std::size_t optimizedGroups = 0;
            double slowIo = 0;
            for (const PathView &path : lun.paths) {
                if (path.usable() && path.entry->tpgState == PathState::ActiveOptimized)
                    ++optimizedGroups;
                if (path.nonOptimized())
                    slowIo += path.delta.readRate() + path.delta.writeRate();
            }
            const bool severalOptimized = optimizedGroups >= 2;
            const bool roundRobinOnSlow = policy == LoadBalancePolicy::RoundRobin && slowIo >= settings.minIoRate;
            if (!severalOptimized && !roundRobinOnSlow)
                continue;

            std::string message;
            if (policy == LoadBalancePolicy::FailOverOnly) {
                message = "The policy is Fail Over Only on an ALUA disk with " + std::to_string(optimizedGroups)
                    + " Active/Optimized paths: all I/O uses one of them and the others stand idle (Fail Over Only is "
                      "the MSDSM default SANsymphony's installer sets).";
            } else {
                message = "The policy is plain Round Robin on an ALUA disk: it spreads I/O over every path, "
                          "non-optimized ones included";
                message += roundRobinOnSlow
                    ? " (measured: " + formatCount(slowIo) + " operations/s on non-optimized paths)."
                    : ".";
            }
            out.push_back(lunFinding(rules::PolicyMismatch, Severity::Warning, lun, std::move(message),
                                     "Set Round Robin with Subset on this disk (its MPIO tab in Device Manager, or "
                                     "mpclaim -l -d with the path states), so MSDSM spreads I/O over the "
                                     "Active/Optimized paths only."));
        }
    }
}

} // namespace pathlens
