#include "model/health/rules.h"

#include <set>

namespace pathlens {

namespace {

void currentFailures(const LunView &lun, std::vector<Finding> &out)
{
    for (const PathView &path : lun.paths) {
        if (path.usable())
            continue;
        // The path may look fine to MSDSM while the array reports its group Unavailable.
        const std::string what = isUsable(path.state())
            ? "The path's target port group is " + std::string(toString(path.entry->tpgState))
            : "The path is " + std::string(toString(path.state()));
        out.push_back(pathFinding(rules::FailedPath, Severity::Warning, lun, path,
                                  what + "; it carries no I/O and gives no redundancy.",
                                  "Check the HBA port, cable, switch port and zoning of this path, and the array's "
                                  "target port it leads to."));
    }
}

std::string vanishedMessage(const BaselinePath &path)
{
    return "The path " + path.key + " was in the baseline (then " + std::string(toString(path.state))
        + ") and is gone now.";
}

const char VanishedAdvice[] =
    "Check the HBA port, cable, switch port, zoning and LUN masking for this path; if it was removed on purpose, "
    "save a new baseline.";

} // namespace

void FailedPathRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    const std::optional<Baseline> &baseline = input.context->baseline;
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns)
            currentFailures(lun, out);
        if (!baseline)
            continue;
        const BaselineServer *saved = baseline->server(server.entry->key);
        if (!saved)
            continue;
        for (const BaselineDisk &disk : saved->disks) {
            // Under another owner a LUN's paths have other identities (a
            // driver swap): path-count-drift compares the counts instead.
            const bool read = disk.owner == PathOwner::Mpio ? server.mpioRead : server.dataCoreRead;
            if (!read)
                continue; // the source failed: absence proves nothing
            const LunView *lun = nullptr;
            bool otherOwner = false;
            for (const LunView &candidate : server.luns) {
                if (candidate.key != disk.key)
                    continue;
                if (candidate.owner == disk.owner)
                    lun = &candidate;
                else
                    otherOwner = true;
            }
            if (otherOwner && !lun)
                continue;
            std::set<std::string> present;
            if (lun) {
                for (const PathView &path : lun->paths)
                    present.insert(path.entry->key);
            }
            const std::string lunName =
                serverName(*server.entry) + " / " + (disk.caption.empty() ? disk.key : disk.caption);
            for (const BaselinePath &path : disk.paths) {
                if (present.count(path.key))
                    continue;
                Finding finding;
                finding.rule = std::string(rules::FailedPath);
                finding.severity = Severity::Warning;
                finding.object = ObjectRef::path(server.entry->key, path.portKey, disk.key, path.key);
                finding.objectName = lunName + " / path " + path.key;
                finding.message = vanishedMessage(path);
                finding.recommendation = VanishedAdvice;
                finding.rows = {finding.object};
                out.push_back(std::move(finding));
            }
        }
    }
}

} // namespace pathlens
