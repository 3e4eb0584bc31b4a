#include "model/health/healthreport.h"

#include <algorithm>
#include <tuple>

namespace pathlens {

namespace {

std::size_t ruleOrder(std::string_view rule)
{
    const auto found = std::find(rules::All.begin(), rules::All.end(), rule);
    return std::size_t(found - rules::All.begin());
}

bool isUnder(const ObjectRef &row, std::string_view keyPath)
{
    for (const std::string &prefix : row.keyPathPrefixes()) {
        if (prefix == keyPath)
            return true;
    }
    return false;
}

} // namespace

HealthReport::HealthReport(std::vector<Finding> findings) : m_findings(std::move(findings))
{
    // A stable order makes reports diffable and the check output readable.
    std::stable_sort(m_findings.begin(), m_findings.end(), [](const Finding &a, const Finding &b) {
        const auto ka = std::make_tuple(-int(a.severity), ruleOrder(a.rule), a.object.keyPath());
        const auto kb = std::make_tuple(-int(b.severity), ruleOrder(b.rule), b.object.keyPath());
        return ka < kb;
    });
    for (const Finding &finding : m_findings) {
        for (const ObjectRef &row : finding.rows) {
            for (const std::string &prefix : row.keyPathPrefixes()) {
                Severity &worst = m_worstByKeyPath[prefix];
                worst = std::max(worst, finding.severity);
            }
        }
    }
}

Severity HealthReport::worst() const
{
    // Sorted worst first.
    return m_findings.empty() ? Severity::None : m_findings.front().severity;
}

Severity HealthReport::worstAt(std::string_view keyPath) const
{
    const auto found = m_worstByKeyPath.find(std::string(keyPath));
    return found == m_worstByKeyPath.end() ? Severity::None : found->second;
}

std::vector<const Finding *> HealthReport::findingsAt(std::string_view keyPath) const
{
    std::vector<const Finding *> result;
    for (const Finding &finding : m_findings) {
        if (std::any_of(finding.rows.begin(), finding.rows.end(),
                        [&](const ObjectRef &row) { return isUnder(row, keyPath); }))
            result.push_back(&finding);
    }
    return result;
}

std::size_t HealthReport::count(Severity severity) const
{
    return std::size_t(std::count_if(m_findings.begin(), m_findings.end(),
                                     [severity](const Finding &finding) { return finding.severity == severity; }));
}

std::vector<const Finding *> HealthReport::byRule(std::string_view rule) const
{
    std::vector<const Finding *> result;
    for (const Finding &finding : m_findings) {
        if (finding.rule == rule)
            result.push_back(&finding);
    }
    return result;
}

} // namespace pathlens
