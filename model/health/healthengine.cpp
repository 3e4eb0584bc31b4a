#include "model/health/healthengine.h"

#include "model/health/healthinput.h"
#include "model/health/rules.h"

#include <set>

namespace pathlens {

namespace {

HealthReport runRules(const HealthInput &input)
{
    std::vector<Finding> findings;
    for (const auto &rule : healthRules())
        rule->check(input, findings);
    HealthReport report(std::move(findings));
    report.ioMeasured = input.ioMeasured;
    report.ioInterval = input.ioInterval;
    return report;
}

} // namespace

HealthReport evaluate(const SourceData &sources, const HealthContext &context)
{
    const InventorySnapshot snapshot = buildSnapshot(sources);
    return evaluate(sources, snapshot, context);
}

HealthReport evaluate(const SourceData &sources, const InventorySnapshot &snapshot, const HealthContext &context)
{
    return runRules(buildHealthInput(sources, snapshot, context));
}

HealthMonitor::HealthMonitor(HealthSettings settings)
{
    m_context.settings = settings;
}

HealthReport HealthMonitor::update(const SourceData &sources)
{
    const InventorySnapshot snapshot = buildSnapshot(sources);
    return update(sources, snapshot);
}

HealthReport HealthMonitor::update(const SourceData &sources, const InventorySnapshot &snapshot)
{
    const HealthInput input = buildHealthInput(sources, snapshot, m_context);
    HealthReport report = runRules(input);
    remember(input);
    return report;
}

void HealthMonitor::setBaseline(std::optional<Baseline> baseline)
{
    m_context.baseline = std::move(baseline);
}

void HealthMonitor::forgetHistory()
{
    m_context.counters.clear();
    m_context.states.clear();
    m_seen.clear();
}

void HealthMonitor::remember(const HealthInput &input)
{
    std::set<std::string> keep;
    std::unordered_map<std::string, const ServerView *> servers;
    for (const ServerView &server : input.servers) {
        servers.emplace(server.entry->key, &server);
        for (const LunView &lun : server.luns) {
            for (const PathView &path : lun.paths) {
                keep.insert(path.identity);
                if (path.counters)
                    m_context.counters.record(path.identity, *path.counters);
                m_context.states.record(path.identity, path.state(), input.now);
                m_seen[path.identity] = Seen{server.entry->key, lun.owner};
            }
        }
    }
    // A path missing from a source that was read is gone; one missing because
    // its source failed this time is only unknown, and keeps its history.
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (keep.count(it->first)) {
            ++it;
            continue;
        }
        const auto server = servers.find(it->second.serverKey);
        const bool sourceRead = server != servers.end()
            && (it->second.owner == PathOwner::Mpio ? server->second->mpioRead : server->second->dataCoreRead);
        if (sourceRead) {
            m_context.states.record(it->first, std::nullopt, input.now);
            it = m_seen.erase(it);
        } else {
            keep.insert(it->first);
            ++it;
        }
    }
    m_context.counters.retainOnly(keep);
    m_context.states.forgetBefore(input.now - m_context.settings.flapWindow);
}

} // namespace pathlens
