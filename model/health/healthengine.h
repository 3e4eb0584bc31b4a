#pragma once

// Entry points of the health rules: evaluate one reading against what is
// known from before (HealthContext), or let a HealthMonitor keep that
// knowledge from refresh to refresh.

#include "model/health/healthcontext.h"
#include "model/health/healthreport.h"
#include "model/snapshotbuilder.h"

#include <optional>
#include <string>
#include <unordered_map>

namespace pathlens {

struct HealthInput;

/// Runs every rule of domain.md §4 on the reading. Builds the snapshot from
/// the sources to name objects by the tree's keys. The context's histories
/// hold earlier readings only: this one is compared with them, not added.
HealthReport evaluate(const SourceData &sources, const HealthContext &context);
/// The same with the snapshot already built from @p sources.
HealthReport evaluate(const SourceData &sources, const InventorySnapshot &snapshot, const HealthContext &context);

/// Evaluates readings one after another and keeps what the next evaluation
/// needs: the previous counters (measured I/O) and the state changes
/// (flapping). The baseline is the caller's to load and set.
class HealthMonitor final
{
public:
    explicit HealthMonitor(HealthSettings settings = {});

    /// Evaluates the reading against the previous ones, then remembers it.
    HealthReport update(const SourceData &sources);
    HealthReport update(const SourceData &sources, const InventorySnapshot &snapshot);

    void setBaseline(std::optional<Baseline> baseline);
    const std::optional<Baseline> &baseline() const { return m_context.baseline; }
    /// Forgets the histories (another source was opened); keeps settings and baseline.
    void forgetHistory();

    const HealthContext &context() const { return m_context; }
    HealthSettings &settings() { return m_context.settings; }

private:
    struct Seen {
        std::string serverKey;
        PathOwner owner = PathOwner::Mpio;
    };

    void remember(const HealthInput &input);

    HealthContext m_context;
    std::unordered_map<std::string, Seen> m_seen; ///< paths of the last reading, by identity
};

} // namespace pathlens
