#include "model/health/rules.h"

namespace pathlens {

namespace {

std::string windowText(std::chrono::seconds window)
{
    if (window.count() % 60 == 0)
        return std::to_string(window.count() / 60) + (window.count() == 60 ? " minute" : " minutes");
    return std::to_string(window.count()) + " seconds";
}

} // namespace

void PathFlappingRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    const HealthSettings &settings = input.settings();
    const StateHistory &history = input.context->states;
    const auto since = input.now - settings.flapWindow;
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            for (const PathView &path : lun.paths) {
                if (!history.knows(path.identity))
                    continue;
                // The history holds the earlier readings; this one may add a change.
                std::size_t changes = history.changesSince(path.identity, since);
                if (history.last(path.identity) != StateHistory::Observed(path.state()))
                    ++changes;
                if (changes < settings.flapChanges || settings.flapChanges == 0)
                    continue;
                out.push_back(pathFinding(
                    rules::PathFlapping, Severity::Warning, lun, path,
                    "The path changed state " + std::to_string(changes) + " times in the last "
                        + windowText(settings.flapWindow) + " (now " + std::string(toString(path.state())) + ").",
                    "An intermittent path hurts more than a dead one: check the SFPs, cable, switch port error "
                    "counters and the array's port logs for this path."));
            }
        }
    }
}

} // namespace pathlens
