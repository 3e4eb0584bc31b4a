#include "model/health/rules.h"

#include <set>

namespace pathlens {

void SpofControllerRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            if (lun.usableCount() < 2)
                continue;
            std::set<std::uint32_t> groups;
            bool unknown = false;
            for (const PathView &path : lun.paths) {
                if (!path.usable())
                    continue;
                // Without a target port group (a symmetric LUN, the DataCore
                // driver without the array's data) the controller is unknown.
                if (!path.entry->tpgId)
                    unknown = true;
                else
                    groups.insert(*path.entry->tpgId);
            }
            if (unknown || groups.size() != 1)
                continue;
            out.push_back(lunFinding(
                rules::SpofController, Severity::Warning, lun,
                usableText(lun.usableCount()) + " lead to target port group "
                    + std::to_string(*groups.begin()) + "; if that controller fails or the LUN moves to the other "
                                                         "one, no path remains.",
                "Zone this server's back-end ports to the array's other controller as well, so the LUN is reachable "
                "through both."));
        }
    }
}

} // namespace pathlens
