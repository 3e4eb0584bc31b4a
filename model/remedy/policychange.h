#pragma once

// Remedy 1 through Windows MPIO: set one back-end disk's load-balance policy
// and, for Fail Over Only, the path it uses. Pure: the plan is worked out from
// a snapshot, the change is a function for InventoryService::submitChange, and
// the outcome is a comparison of the disk's findings before and after.

#include "model/health/finding.h"
#include "model/inventory.h"
#include "platform/backend.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

class HealthReport;

/// The disk a change is about, by the tree's keys ("server/port/disk"). The
/// port only says which row was picked: the change covers the LUN through
/// every port.
struct PolicyTarget {
    std::string serverKey;
    std::string portKey;
    std::string diskKey;
};

/// One path of the disk, through whichever port it leaves from.
struct PolicyPath {
    PathEntry entry;
    std::string portName; ///< the port (or adapter) row it shows under
    /// The array's view, which decides fast or slow: the TPG state where
    /// known, else the path state (MSDSM parks optimized paths in Standby
    /// under Fail Over Only, so its path state alone would mislead).
    PathState arrayState = PathState::Unknown;

    /// "0000000077040002 via DCS-A BE1"
    std::string label() const;
};

struct PolicyOption {
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::string label;        ///< "Round Robin with Subset (RRWS)"
    std::string explanation;  ///< one line: what the policy does with these paths
    bool recommended = false;
    bool available = true;
    std::string unavailableReason; ///< why it cannot be chosen here
};

/// A path offered as the preferred (active) path under Fail Over Only.
struct PreferredCandidate {
    /// Offer order: Active/Optimized first, then Active/Non-optimized, then the rest.
    enum class Rank { Optimized, NonOptimized, Other };

    std::uint64_t pathId = 0;
    std::string label;     ///< PolicyPath::label()
    Rank rank = Rank::Other;
    bool selectable = false;
    std::string reason;    ///< "Active/Optimized: served by the owning controller"
    bool preferredNow = false; ///< MSDSM's preferred path at the time of the plan
};

/// What the admin picked.
struct PolicyChoice {
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::optional<std::uint64_t> preferredPath; ///< Fail Over Only only

    friend bool operator==(const PolicyChoice &, const PolicyChoice &) = default;
};

/// Whether a choice can be applied, and what to warn about if it can.
struct PolicyCheck {
    std::string error;   ///< why it cannot be applied; empty when it can
    std::string warning; ///< applies, but with a cost worth saying (a non-optimized preferred path)
    bool nothingToChange = false; ///< the error only says the disk already is that way
    bool ok() const { return error.empty(); }
};

/// Everything the change dialog shows and needs, for one disk of one snapshot.
struct PolicyPlan {
    PolicyTarget target;
    bool found = false;     ///< the row is in the snapshot
    std::string serverName; ///< "DCS-A"
    std::string host;       ///< Windows host the MPIO calls address
    std::string diskName;   ///< "DGC VRAID LUN 3" (the DataCore caption, else "MPIO Disk3")
    std::string serial;
    std::optional<std::uint32_t> mpioDisk;
    std::string systemDisk;
    std::string dsm;
    PathOwner owner = PathOwner::Mpio;
    LoadBalancePolicy current = LoadBalancePolicy::Unknown;
    bool alua = false;
    std::vector<PolicyPath> paths; ///< through every port of the server, by path id

    /// Non-empty when the disk cannot be changed here, with the reason and
    /// what to do instead (a DataCore-owned disk: remedy 2).
    std::string refusal;
    std::vector<PolicyOption> options;          ///< every MSDSM policy, unavailable ones with why
    std::vector<PreferredCandidate> candidates; ///< ordered by rank, then path id

    bool canChange() const { return refusal.empty(); }
    const PolicyOption *option(LoadBalancePolicy policy) const;
    const PreferredCandidate *candidate(std::uint64_t pathId) const;
    const PolicyPath *path(std::uint64_t pathId) const;
    /// The path carrying I/O under Fail Over Only now: MSDSM's active one.
    std::optional<std::uint64_t> activePath() const;
    /// Where the dialog starts: the recommended policy; for Fail Over Only
    /// the first Active/Optimized candidate.
    PolicyChoice suggestedChoice() const;
    /// "DCS-A / DGC VRAID LUN 3 (MPIO Disk3)"
    std::string title() const;
};

/// Works out the plan for the disk row @p target of @p snapshot. A row that
/// is not there gives a plan with a refusal that says so.
PolicyPlan planPolicyChange(const InventorySnapshot &snapshot, const PolicyTarget &target);

/// Checks the choice against the plan (a refused disk, an unavailable policy,
/// Fail Over Only without a usable preferred path, nothing to change).
PolicyCheck checkChoice(const PolicyPlan &plan, const PolicyChoice &choice);

/// The same change as an mpclaim command line, with the path tuples
/// (PathID State Weight Preferred) Fail Over Only and Round Robin with
/// Subset take. Empty when the choice cannot be applied.
std::string mpclaimCommand(const PolicyPlan &plan, const PolicyChoice &choice);

/// One sentence naming the exact change, for the confirmation:
/// "Set MPIO Disk0 (DGC VRAID LUN 3, serial ...) on DCS-A from Fail Over Only
/// to Round Robin with Subset."
std::string describeChange(const PolicyPlan &plan, const PolicyChoice &choice);

using PolicyChangeFunction = std::function<ChangeResult(Backend &)>;
/// The change for InventoryService::submitChange: makes sure the MPIO disk
/// number still names the disk with this serial (numbers move when disks are
/// claimed again), then calls Mpio::setPolicy. Changes nothing on any error.
PolicyChangeFunction policyChangeFunction(const PolicyPlan &plan, const PolicyChoice &choice);

/// The findings of @p report about the disk (LUN-wide and its paths').
std::vector<Finding> findingsAbout(const HealthReport &report, const PolicyTarget &target);

/// Rules whose findings come from measured I/O between two readings: a
/// reading taken right after a change still measures the time before it.
bool judgedByMeasuredIo(std::string_view rule);

/// The disk's findings before and after the change, compared.
struct PolicyOutcome {
    std::string diskName;
    std::vector<Finding> cleared;   ///< before, gone after
    std::vector<Finding> remaining; ///< still there (as the after reading words it)
    std::vector<Finding> added;     ///< new after the change
    /// Rules judged by measured I/O that cannot be judged yet: the after
    /// reading has no interval measured wholly after the change.
    std::vector<std::string> notYetMeasured;
    bool ioMeasured = false;

    /// "io-on-non-optimized on DGC VRAID LUN 3 cleared", "still present: ...",
    /// "new: ...", "... not yet measured; will be re-checked on the next refresh".
    std::vector<std::string> lines() const;
    bool allCleared() const { return remaining.empty() && added.empty() && notYetMeasured.empty(); }
};

/// Compares by rule and object. @p ioMeasuredSinceChange: the after reading
/// measured I/O over an interval that began after the change; without it the
/// I/O rules' findings (before and after) are not judged.
PolicyOutcome compareFindings(const std::string &diskName, const std::vector<Finding> &before,
                              const std::vector<Finding> &after, bool ioMeasuredSinceChange);

} // namespace pathlens
