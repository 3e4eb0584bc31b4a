#include "model/pathcounters.h"

#include "model/health/healthinput.h"

namespace pathlens {

const PathCounters *PathCounterReadings::find(const std::string &pathIdentity) const
{
    const auto found = byPath.find(pathIdentity);
    return found == byPath.end() ? nullptr : &found->second;
}

PathCounterReadings readPathCounters(const SourceData &sources, const InventorySnapshot &snapshot)
{
    // The rules' view already joins each path to its source counters; one
    // join keeps the diagram and the rules measuring the same thing.
    const HealthContext noHistory;
    const HealthInput input = buildHealthInput(sources, snapshot, noHistory);
    PathCounterReadings readings;
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            for (const PathView &path : lun.paths) {
                if (path.counters)
                    readings.byPath.insert_or_assign(path.identity, *path.counters);
            }
        }
    }
    return readings;
}

} // namespace pathlens
