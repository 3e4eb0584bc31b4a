#include "model/health/rules.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace pathlens {

namespace {

std::string paths(std::size_t count)
{
    return std::to_string(count) + (count == 1 ? " path" : " paths");
}

Severity driftSeverity(std::size_t now, std::size_t expected)
{
    // Fewer paths is lost redundancy; more is a zoning or masking change.
    return now < expected ? Severity::Warning : Severity::Info;
}

// The other LUNs of the same array (vendor and product), on the same server,
// under the same owner, usually share a path count. The most common count is
// the reference when it is clear: at least three LUNs, no tie.
std::map<const LunView *, std::size_t> siblingReference(const ServerView &server, const Baseline *baseline)
{
    using Group = std::tuple<std::string, std::string, PathOwner>;
    std::map<Group, std::vector<const LunView *>> groups;
    for (const LunView &lun : server.luns)
        groups[Group(lun.disk->vendor, lun.disk->product, lun.owner)].push_back(&lun);

    std::map<const LunView *, std::size_t> reference;
    for (const auto &[group, luns] : groups) {
        if (luns.size() < 3)
            continue;
        std::map<std::size_t, std::size_t> counts;
        for (const LunView *lun : luns)
            ++counts[lun->paths.size()];
        std::size_t best = 0;
        std::size_t bestLuns = 0;
        bool tie = false;
        for (const auto &[pathCount, lunCount] : counts) {
            if (lunCount > bestLuns) {
                best = pathCount;
                bestLuns = lunCount;
                tie = false;
            } else if (lunCount == bestLuns) {
                tie = true;
            }
        }
        if (tie || bestLuns < 2)
            continue;
        for (const LunView *lun : luns) {
            // A LUN the baseline knows is judged by the baseline alone: a
            // difference saved in it was accepted.
            if (baseline && baseline->disk(server.entry->key, lun->key))
                continue;
            if (lun->paths.size() != best)
                reference.emplace(lun, best);
        }
    }
    return reference;
}

} // namespace

void PathCountDriftRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    const Baseline *baseline = input.context->baseline ? &*input.context->baseline : nullptr;
    const char advice[] = "Compare the LUN's zoning and LUN masking with its siblings' and check for failed or "
                          "missing paths; if the new path count is intended, save a new baseline.";
    for (const ServerView &server : input.servers) {
        for (const auto &[lun, expected] : siblingReference(server, baseline)) {
            out.push_back(lunFinding(rules::PathCountDrift, driftSeverity(lun->paths.size(), expected), *lun,
                                     "The LUN has " + paths(lun->paths.size()) + "; the usual count for LUNs of the "
                                         "same array (" + lun->disk->vendor + ' ' + lun->disk->product
                                         + ") on this server is " + std::to_string(expected) + ".",
                                     advice));
        }
        if (!baseline)
            continue;
        const BaselineServer *saved = baseline->server(server.entry->key);
        if (!saved)
            continue;
        for (const BaselineDisk &disk : saved->disks) {
            std::size_t now = 0;
            const LunView *found = nullptr;
            for (const LunView &lun : server.luns) {
                if (lun.key == disk.key) {
                    now += lun.paths.size();
                    found = &lun;
                }
            }
            if (now == disk.paths.size())
                continue;
            if (found) {
                out.push_back(lunFinding(rules::PathCountDrift, driftSeverity(now, disk.paths.size()), *found,
                                         "The LUN has " + paths(now) + "; the baseline has " + paths(disk.paths.size())
                                             + ".",
                                         advice));
                continue;
            }
            // Gone altogether; only when its source was read, else absence
            // proves nothing.
            if (!(disk.owner == PathOwner::Mpio ? server.mpioRead : server.dataCoreRead))
                continue;
            Finding finding;
            finding.rule = std::string(rules::PathCountDrift);
            finding.severity = Severity::Warning;
            finding.object = ObjectRef::disk(server.entry->key, std::string(AnyPortKey), disk.key);
            finding.objectName = serverName(*server.entry) + " / " + (disk.caption.empty() ? disk.key : disk.caption);
            finding.message = "The LUN is gone: the baseline has " + paths(disk.paths.size()) + ", this reading none.";
            finding.recommendation = advice;
            for (const BaselinePath &path : disk.paths) {
                ObjectRef row = ObjectRef::disk(server.entry->key, path.portKey, disk.key);
                if (std::find(finding.rows.begin(), finding.rows.end(), row) == finding.rows.end())
                    finding.rows.push_back(std::move(row));
            }
            out.push_back(std::move(finding));
        }
    }
}

} // namespace pathlens
