#pragma once

#include "model/health/finding.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pathlens {

/// The findings of one evaluation, worst first, with the worst severity at
/// every tree row for a health column.
class HealthReport final
{
public:
    HealthReport() = default;
    /// Sorts the findings (worst first, then by rule and object) and indexes them.
    explicit HealthReport(std::vector<Finding> findings);

    const std::vector<Finding> &findings() const { return m_findings; }
    bool empty() const { return m_findings.empty(); }

    /// The worst severity of all findings; None without findings.
    Severity worst() const;
    /// The worst severity of the findings about the row with this key path
    /// ("server/port/disk/path", as KeyPathRole gives it) and every row below
    /// it; None when there is none.
    Severity worstAt(std::string_view keyPath) const;
    /// The findings about this row and the rows below it, worst first.
    std::vector<const Finding *> findingsAt(std::string_view keyPath) const;

    std::size_t count(Severity severity) const;
    /// Findings of one rule id.
    std::vector<const Finding *> byRule(std::string_view rule) const;

    /// Whether io-on-non-optimized had measured counter deltas to judge by (a
    /// previous reading of at least one path); false: state rules only.
    bool ioMeasured = false;
    /// Length of the measured interval (the longest one seen), when ioMeasured.
    std::chrono::milliseconds ioInterval{0};

private:
    std::vector<Finding> m_findings;
    std::unordered_map<std::string, Severity> m_worstByKeyPath;
};

} // namespace pathlens
