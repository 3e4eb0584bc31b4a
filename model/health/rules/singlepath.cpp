#include "model/health/rules.h"

namespace pathlens {

void SinglePathRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            // Under the DataCore driver every path it knows counts: it uses
            // one at a time but fails over to the others.
            if (lun.usableCount() != 1)
                continue;
            const std::size_t others = lun.paths.size() - 1;
            std::string message = "Only one usable path leads to this LUN";
            message += others == 0 ? "." : " (" + std::to_string(others) + " more failed or Unavailable).";
            message += " One failure anywhere on it makes the LUN unreachable.";
            out.push_back(lunFinding(rules::SinglePath, Severity::Warning, lun, std::move(message),
                                     "Zone and mask the LUN to a second HBA port and a second array controller, so "
                                     "that at least two independent paths exist."));
        }
    }
}

} // namespace pathlens
