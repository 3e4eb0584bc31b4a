#include "model/health/rules.h"

#include <algorithm>
#include <cmath>

namespace pathlens {

namespace {

std::string seconds(const CounterDelta &delta)
{
    const double value = delta.seconds();
    if (value >= 10 || std::abs(value - std::round(value)) < 0.05)
        return formatCount(value) + " s";
    const long tenths = std::lround(value * 10);
    return std::to_string(tenths / 10) + '.' + std::to_string(tenths % 10) + " s";
}

std::string advice(const LunView &lun)
{
    if (lun.owner == PathOwner::DataCoreDriver)
        return "SANsymphony's back-end driver ignores ALUA and keeps using its one path: pin this back-end disk to an "
               "Active/Optimized path (remedy 1) or hand the back-end to Windows MPIO (remedy 2).";
    switch (lun.disk->policy) {
    case LoadBalancePolicy::RoundRobinWithSubset:
        return "Round Robin with Subset should keep I/O on Active/Optimized paths while one works: check the array's "
               "ALUA reporting and watch the path states over the next readings.";
    case LoadBalancePolicy::FailOverOnly:
        return "Set the load-balance policy to Round Robin with Subset, or at least make an Active/Optimized path the "
               "preferred one.";
    default:
        return "Set the load-balance policy to Round Robin with Subset, which sends I/O over the Active/Optimized "
               "paths only.";
    }
}

} // namespace

void IoOnNonOptimizedRule::check(const HealthInput &input, std::vector<Finding> &out) const
{
    const HealthSettings &settings = input.settings();
    for (const ServerView &server : input.servers) {
        for (const LunView &lun : server.luns) {
            const auto optimized = std::count_if(
                lun.paths.begin(), lun.paths.end(), [](const PathView &path) { return path.optimized(); });
            // Without an optimized path there is no better way to send the
            // I/O: that is no-optimized-path's finding.
            if (optimized == 0)
                continue;
            double lunReads = 0;
            double slowReads = 0;
            for (const PathView &path : lun.paths) {
                lunReads += path.delta.readRate();
                if (path.nonOptimized())
                    slowReads += path.delta.readRate();
            }
            const bool readsDominate = slowReads >= settings.criticalReadRate && slowReads * 2 >= lunReads;

            for (const PathView &path : lun.paths) {
                if (!path.nonOptimized() || !path.delta.measured())
                    continue;
                const double reads = path.delta.readRate();
                const double writes = path.delta.writeRate();
                Severity severity;
                if (reads >= settings.minIoRate)
                    severity = readsDominate ? Severity::Critical : Severity::Warning;
                else if (writes >= settings.minIoRate)
                    severity = Severity::Info; // writes cross the inter-controller link anyway
                else
                    continue;

                std::string message = formatCount(reads) + " reads/s and " + formatCount(writes)
                    + " writes/s went over this " + std::string(toString(path.arrayState())) + " path (measured over "
                    + seconds(path.delta) + ") while " + std::to_string(optimized) + " Active/Optimized path"
                    + (optimized == 1 ? " is" : "s are") + " available.";
                if (severity == Severity::Info)
                    message += " Only writes: they cross the inter-controller link anyway, so the cost is small.";
                else if (lunReads > 0)
                    message += " " + formatCount(100.0 * slowReads / lunReads)
                        + " % of the LUN's reads take a non-optimized path, where reads are slow.";
                out.push_back(
                    pathFinding(rules::IoOnNonOptimized, severity, lun, path, std::move(message), advice(lun)));
            }
        }
    }
}

} // namespace pathlens
