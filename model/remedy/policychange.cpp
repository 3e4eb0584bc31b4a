#include "model/remedy/policychange.h"

#include "model/health/healthinput.h"
#include "model/health/healthreport.h"
#include "model/remedy/mpclaimcommand.h"
#include "model/snapshotbuilder.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace pathlens {

namespace {

// The policies MSDSM takes per disk, in mpclaim's numbering. Vendor Specific
// belongs to vendor DSMs, and 0 (clear) hands the disk back to the defaults,
// which is not a choice an admin fixing a path makes here.
constexpr LoadBalancePolicy SettablePolicies[] = {
    LoadBalancePolicy::FailOverOnly,    LoadBalancePolicy::RoundRobin,    LoadBalancePolicy::RoundRobinWithSubset,
    LoadBalancePolicy::LeastQueueDepth, LoadBalancePolicy::WeightedPaths, LoadBalancePolicy::LeastBlocks,
};

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool isMicrosoftDsm(std::string_view dsm)
{
    return equalsIgnoreCase(trimmed(dsm), "Microsoft DSM");
}

std::string policyLabel(LoadBalancePolicy policy)
{
    return std::string(toString(policy)) + " (" + std::string(toShortString(policy)) + ")";
}

std::string policyName(LoadBalancePolicy policy)
{
    return std::string(toString(policy));
}

std::string mpioDiskName(const PolicyPlan &plan)
{
    return plan.mpioDisk ? "MPIO Disk" + std::to_string(*plan.mpioDisk) : std::string("the MPIO disk");
}

/// mpclaim's path state numbers (0 A/O, 1 A/U, 2 Standby, 3 Unavailable).
bool hasTpgData(const PathEntry &path)
{
    return path.tpgId.has_value() || path.tpgState != PathState::Unknown;
}

bool isAlua(const DiskEntry &disk, const std::vector<PolicyPath> &paths)
{
    if (disk.aluaCapable)
        return true;
    switch (disk.alua) {
    case AluaSupport::ImplicitOnly:
    case AluaSupport::ExplicitOnly:
    case AluaSupport::ImplicitAndExplicit: return true;
    case AluaSupport::NotSupported: return false;
    case AluaSupport::Unknown: break;
    }
    return std::any_of(paths.begin(), paths.end(), [](const PolicyPath &path) { return hasTpgData(path.entry); });
}

PreferredCandidate candidateFor(const PolicyPath &path, bool alua)
{
    PreferredCandidate candidate;
    candidate.pathId = path.entry.pathId.value_or(0);
    candidate.label = path.label();
    candidate.preferredNow = path.entry.preferred;

    const PathState state = path.entry.state;
    if (state == PathState::Failed || path.arrayState == PathState::Failed) {
        candidate.reason = "Failed: the path is down";
        return candidate;
    }
    // Without target port groups every controller serves the LUN alike;
    // MSDSM's Standby there only means "not the active one".
    if (!alua && !hasTpgData(path.entry)
        && (state == PathState::ActiveOptimized || state == PathState::ActiveUnoptimized
            || state == PathState::Standby)) {
        candidate.rank = PreferredCandidate::Rank::Optimized;
        candidate.selectable = true;
        candidate.reason = "Symmetric access (no ALUA): every controller serves this disk alike";
        return candidate;
    }
    switch (path.arrayState) {
    case PathState::ActiveOptimized:
        candidate.rank = PreferredCandidate::Rank::Optimized;
        candidate.selectable = true;
        candidate.reason = "Active/Optimized: served by the owning controller";
        break;
    case PathState::ActiveUnoptimized:
        candidate.rank = PreferredCandidate::Rank::NonOptimized;
        candidate.selectable = true;
        candidate.reason = "Active/Non-optimized: I/O would cross to the other controller";
        break;
    case PathState::Standby:
        candidate.reason
            = "Standby: the array keeps this path in reserve; it carries no I/O until the array fails over";
        break;
    case PathState::Unavailable:
        candidate.reason = "Unavailable: the array refuses I/O on this path";
        break;
    case PathState::Offline:
        candidate.reason = "Offline: the array has taken this target port out of service";
        break;
    case PathState::Transitioning:
        candidate.reason = "Transitioning: its target port group is changing state; refresh and choose again";
        break;
    case PathState::Failed:
    case PathState::Unknown:
        candidate.reason = "State unknown: which controller serves this path cannot be told";
        break;
    }
    return candidate;
}

std::vector<PolicyOption> optionsFor(const PolicyPlan &plan)
{
    const bool anyOptimized = std::any_of(plan.candidates.begin(), plan.candidates.end(), [](const auto &c) {
        return c.selectable && c.rank == PreferredCandidate::Rank::Optimized;
    });
    const bool anySelectable
        = std::any_of(plan.candidates.begin(), plan.candidates.end(), [](const auto &c) { return c.selectable; });

    std::vector<PolicyOption> options;
    for (LoadBalancePolicy policy : SettablePolicies) {
        PolicyOption option;
        option.policy = policy;
        option.label = policyLabel(policy);
        switch (policy) {
        case LoadBalancePolicy::FailOverOnly:
            option.explanation = "One path carries all I/O; the others wait and take over when it fails. Pick an "
                                 "Active/Optimized path as the preferred one.";
            if (!anySelectable) {
                option.available = false;
                option.unavailableReason = "no path of this disk can carry I/O, so none can be the preferred one";
            }
            break;
        case LoadBalancePolicy::RoundRobin:
            option.explanation = plan.alua
                ? "I/O rotates over every active path, the Active/Non-optimized ones too, where reads are slow."
                : "I/O rotates over all paths; with symmetric access every path is equally fast.";
            option.recommended = !plan.alua;
            if (plan.alua) {
                // DsmpQuerySupportedLBPolicies leaves it out, and a set request is refused.
                option.available = false;
                option.unavailableReason = "the Microsoft DSM does not offer Round Robin on ALUA storage, where not "
                                           "every path can be Active/Optimized: use Round Robin with Subset";
            }
            break;
        case LoadBalancePolicy::RoundRobinWithSubset:
            option.explanation = "I/O rotates over the Active/Optimized paths only; the others stand by for "
                                 "failover. Recommended for ALUA arrays.";
            option.recommended = plan.alua;
            if (!plan.alua) {
                option.available = false;
                option.unavailableReason = "the subset comes from the array's ALUA target port groups, and this "
                                           "disk reports none: use Round Robin";
            } else if (!anyOptimized) {
                option.available = false;
                option.unavailableReason = "no working path leads to an Active/Optimized target port group, so "
                                           "there is no subset to use";
            }
            break;
        case LoadBalancePolicy::LeastQueueDepth:
            option.explanation = "Each request goes to the path with the fewest requests in flight.";
            break;
        case LoadBalancePolicy::WeightedPaths:
            option.explanation = "I/O goes to the working path with the lowest weight.";
            option.available = false;
            option.unavailableReason = "it needs a weight for every path, which is set in the disk's MPIO tab in "
                                       "Device Manager (or mpclaim -l -d "
                + (plan.mpioDisk ? std::to_string(*plan.mpioDisk) : std::string("N"))
                + " 5 with PathID State Weight Preferred for each path)";
            break;
        case LoadBalancePolicy::LeastBlocks:
            option.explanation = "Each request goes to the path with the fewest bytes in flight.";
            break;
        default: break;
        }
        options.push_back(std::move(option));
    }
    return options;
}

std::optional<std::uint64_t> firstSelectable(const PolicyPlan &plan, PreferredCandidate::Rank rank)
{
    for (const PreferredCandidate &candidate : plan.candidates) {
        if (candidate.selectable && candidate.rank == rank)
            return candidate.pathId;
    }
    return std::nullopt;
}

std::string findingKey(const Finding &finding)
{
    return finding.rule + '\n' + finding.object.keyPath();
}

} // namespace

std::string PolicyPath::label() const
{
    std::string text = entry.pathId ? formatPathId(*entry.pathId) : entry.scsi.toString();
    if (!portName.empty())
        text += " via " + portName;
    return text;
}

const PolicyOption *PolicyPlan::option(LoadBalancePolicy policy) const
{
    const auto found
        = std::find_if(options.begin(), options.end(), [policy](const auto &o) { return o.policy == policy; });
    return found == options.end() ? nullptr : &*found;
}

const PreferredCandidate *PolicyPlan::candidate(std::uint64_t pathId) const
{
    const auto found
        = std::find_if(candidates.begin(), candidates.end(), [pathId](const auto &c) { return c.pathId == pathId; });
    return found == candidates.end() ? nullptr : &*found;
}

const PolicyPath *PolicyPlan::path(std::uint64_t pathId) const
{
    const auto found = std::find_if(paths.begin(), paths.end(), [pathId](const PolicyPath &p) {
        return p.entry.pathId && *p.entry.pathId == pathId;
    });
    return found == paths.end() ? nullptr : &*found;
}

std::optional<std::uint64_t> PolicyPlan::activePath() const
{
    if (current != LoadBalancePolicy::FailOverOnly)
        return std::nullopt;
    const auto active = [](const PolicyPath &p) {
        return p.entry.pathId
            && (p.entry.state == PathState::ActiveOptimized || p.entry.state == PathState::ActiveUnoptimized);
    };
    // MSDSM keeps the preferred path active while it works; without one the
    // active path is the one it shows as Active/Optimized.
    for (const PolicyPath &p : paths) {
        if (p.entry.preferred && active(p))
            return p.entry.pathId;
    }
    for (const PolicyPath &p : paths) {
        if (p.entry.pathId && p.entry.state == PathState::ActiveOptimized)
            return p.entry.pathId;
    }
    return std::nullopt;
}

PolicyChoice PolicyPlan::suggestedChoice() const
{
    PolicyChoice choice;
    choice.policy = current;
    for (const PolicyOption &o : options) {
        if (o.recommended && o.available)
            choice.policy = o.policy;
    }
    if (choice.policy == LoadBalancePolicy::FailOverOnly) {
        choice.preferredPath = firstSelectable(*this, PreferredCandidate::Rank::Optimized);
        if (!choice.preferredPath)
            choice.preferredPath = firstSelectable(*this, PreferredCandidate::Rank::NonOptimized);
    }
    return choice;
}

std::string PolicyPlan::title() const
{
    std::string text = serverName.empty() ? diskName : serverName + " / " + diskName;
    if (mpioDisk && diskName != mpioDiskName(*this))
        text += " (" + mpioDiskName(*this) + ")";
    return text;
}

PolicyPlan planPolicyChange(const InventorySnapshot &snapshot, const PolicyTarget &target)
{
    PolicyPlan plan;
    plan.target = target;

    const auto server = std::find_if(snapshot.servers.begin(), snapshot.servers.end(),
                                     [&target](const ServerEntry &s) { return s.key == target.serverKey; });
    const DiskEntry *picked = nullptr;
    if (server != snapshot.servers.end()) {
        for (const PortEntry &port : server->ports) {
            if (!target.portKey.empty() && target.portKey != AnyPortKey && port.key != target.portKey)
                continue;
            for (const DiskEntry &disk : port.disks) {
                if (disk.key == target.diskKey && !picked)
                    picked = &disk;
            }
        }
    }
    if (!picked) {
        plan.diskName = target.diskKey;
        plan.refusal = "The disk is not in the current reading (it may have gone since): refresh and choose it again.";
        return plan;
    }

    plan.found = true;
    plan.serverName = serverName(*server);
    plan.host = server->server.hostName.empty() ? server->key : server->server.hostName;
    plan.serial = picked->serial;
    plan.mpioDisk = picked->mpioDisk;
    plan.diskName = picked->caption.empty() && picked->mpioDisk ? mpioDiskName(plan) : picked->caption;
    plan.systemDisk = picked->systemDisk;
    plan.dsm = picked->dsm;
    plan.owner = picked->owner;
    plan.current = picked->policy;

    // The LUN shows under every port it is reached through, each row with the
    // paths that leave from that port: the change concerns all of them.
    std::set<std::string> seen;
    for (const PortEntry &port : server->ports) {
        for (const DiskEntry &disk : port.disks) {
            if (disk.key != picked->key || disk.owner != picked->owner)
                continue;
            for (const PathEntry &entry : disk.paths) {
                if (!seen.insert(entry.key).second)
                    continue;
                PolicyPath path;
                path.entry = entry;
                path.portName = port.displayName();
                path.arrayState = entry.tpgState != PathState::Unknown ? entry.tpgState : entry.state;
                plan.paths.push_back(std::move(path));
            }
        }
    }
    std::sort(plan.paths.begin(), plan.paths.end(), [](const PolicyPath &a, const PolicyPath &b) {
        if (a.entry.pathId != b.entry.pathId)
            return a.entry.pathId < b.entry.pathId;
        return a.entry.key < b.entry.key;
    });
    plan.alua = isAlua(*picked, plan.paths);

    if (plan.owner == PathOwner::DataCoreDriver) {
        plan.refusal = "This back-end disk is driven by SANsymphony's own back-end driver, not by Windows MPIO, so it "
                       "has no load-balance policy to set: the driver uses one path and ignores ALUA. The fix is "
                       "remedy 2: hand the back-end port to Windows MPIO with the driver replacement wizard, then set "
                       "Round Robin with Subset here. Until then, pin the disk to an Active/Optimized path in the "
                       "DataCore console.";
        return plan;
    }
    if (!plan.mpioDisk) {
        plan.refusal = "The MPIO disk number of this disk is not known, and mpclaim and MSDSM address disks by it.";
        return plan;
    }
    if (!plan.dsm.empty() && !isMicrosoftDsm(plan.dsm)) {
        plan.refusal = "The disk is claimed by \"" + plan.dsm + "\", not the Microsoft DSM. PathLens sets policies "
                       "through the Microsoft DSM only; use the vendor's own tool, or hand the disk to the Microsoft "
                       "DSM first (DataCore does not support third-party failover software on the back-end).";
        return plan;
    }

    for (const PolicyPath &path : plan.paths) {
        if (path.entry.pathId)
            plan.candidates.push_back(candidateFor(path, plan.alua));
    }
    std::stable_sort(plan.candidates.begin(), plan.candidates.end(),
                     [](const PreferredCandidate &a, const PreferredCandidate &b) { return a.rank < b.rank; });
    if (plan.candidates.empty()) {
        plan.refusal = "Windows MPIO lists no paths for this disk, so there is nothing to balance.";
        return plan;
    }
    plan.options = optionsFor(plan);
    return plan;
}

PolicyCheck checkChoice(const PolicyPlan &plan, const PolicyChoice &choice)
{
    PolicyCheck check;
    if (!plan.canChange()) {
        check.error = plan.refusal;
        return check;
    }
    const PolicyOption *option = plan.option(choice.policy);
    if (!option) {
        check.error = "PathLens does not set the policy \"" + policyName(choice.policy) + "\".";
        return check;
    }
    if (!option->available) {
        check.error = option->label + " cannot be set here: " + option->unavailableReason + '.';
        return check;
    }

    if (choice.policy != LoadBalancePolicy::FailOverOnly) {
        if (choice.preferredPath) {
            check.error = "A preferred path applies to Fail Over Only; " + option->label + " chooses its paths itself.";
            return check;
        }
        if (choice.policy == plan.current) {
            check.error = mpioDiskName(plan) + " already uses " + policyName(plan.current) + '.';
            check.nothingToChange = true;
        }
        return check;
    }

    if (!choice.preferredPath) {
        check.error = "Fail Over Only needs a preferred path: choose the path that is to carry the I/O.";
        return check;
    }
    const PreferredCandidate *candidate = plan.candidate(*choice.preferredPath);
    if (!candidate) {
        check.error = "Path " + formatPathId(*choice.preferredPath) + " is not a path of " + mpioDiskName(plan) + '.';
        return check;
    }
    if (!candidate->selectable) {
        check.error = "Path " + candidate->label + " cannot carry the I/O. " + candidate->reason + '.';
        return check;
    }
    if (plan.current == LoadBalancePolicy::FailOverOnly && plan.activePath() == choice.preferredPath
        && candidate->preferredNow) {
        check.error = mpioDiskName(plan) + " already uses Fail Over Only with " + candidate->label
            + " as the preferred path.";
        check.nothingToChange = true;
        return check;
    }
    if (candidate->rank == PreferredCandidate::Rank::NonOptimized) {
        check.warning = firstSelectable(plan, PreferredCandidate::Rank::Optimized)
            ? "I/O over this path crosses to the controller that does not own the LUN, where reads are slow, while an "
              "Active/Optimized path is available. Choose it only while the optimized paths are being worked on."
            : "No Active/Optimized path works: this path keeps the disk reachable, but reads over it are slow.";
    }
    return check;
}

std::string mpclaimCommand(const PolicyPlan &plan, const PolicyChoice &choice)
{
    if (!checkChoice(plan, choice).ok() || !plan.mpioDisk)
        return {};
    std::vector<MpclaimPathArgument> arguments;
    if (choice.policy == LoadBalancePolicy::FailOverOnly) {
        // mpclaim's rule: when the disk already is on Fail Over Only, the path
        // that is Active/Optimized now must be given a non-optimized state
        // alongside the one that is to take over.
        if (plan.current == LoadBalancePolicy::FailOverOnly) {
            for (const PolicyPath &path : plan.paths) {
                if (path.entry.pathId && *path.entry.pathId != *choice.preferredPath
                    && path.entry.state == PathState::ActiveOptimized)
                    arguments.push_back({*path.entry.pathId, 2, false});
            }
        }
        arguments.push_back({*choice.preferredPath, 0, true});
    } else if (choice.policy == LoadBalancePolicy::RoundRobinWithSubset) {
        // Each working path with its target port group's state: the
        // Active/Optimized ones form the subset, the rest stand by.
        for (const PolicyPath &path : plan.paths) {
            if (!path.entry.pathId || path.entry.state == PathState::Failed)
                continue;
            if (const auto state = mpclaimPathState(path.arrayState))
                arguments.push_back({*path.entry.pathId, *state, false});
        }
    }
    return mpclaimPolicyCommand(std::to_string(*plan.mpioDisk), choice.policy, arguments);
}

std::string describeChange(const PolicyPlan &plan, const PolicyChoice &choice)
{
    std::string text = "Set " + mpioDiskName(plan);
    std::string aside;
    if (plan.diskName != mpioDiskName(plan))
        aside = plan.diskName;
    if (!plan.serial.empty())
        aside += (aside.empty() ? "serial " : ", serial ") + plan.serial;
    if (!aside.empty())
        text += " (" + aside + ')';
    if (!plan.serverName.empty())
        text += " on " + plan.serverName;
    text += " from " + policyName(plan.current) + " to " + policyName(choice.policy);
    if (choice.policy == LoadBalancePolicy::FailOverOnly && choice.preferredPath) {
        if (const PreferredCandidate *candidate = plan.candidate(*choice.preferredPath)) {
            text += " with " + candidate->label + " as the preferred path";
            const auto colon = candidate->reason.find(':');
            text += " (" + candidate->reason.substr(0, colon) + ')';
        } else {
            text += " with " + formatPathId(*choice.preferredPath) + " as the preferred path";
        }
    }
    return text + '.';
}

PolicyChangeFunction policyChangeFunction(const PolicyPlan &plan, const PolicyChoice &choice)
{
    const PolicyCheck check = checkChoice(plan, choice);
    const std::string diskName = mpioDiskName(plan);
    if (!check.ok() || !plan.mpioDisk) {
        return [error = check.error](Backend &) -> ChangeResult {
            return Error{"set load-balance policy", error + " Nothing was changed.", 0};
        };
    }
    return [host = plan.host, number = *plan.mpioDisk, serial = normaliseSerial(plan.serial), diskName,
            policy = choice.policy, preferred = choice.preferredPath](Backend &backend) -> ChangeResult {
        Mpio *mpio = backend.mpio();
        if (!mpio) {
            return Error{"set load-balance policy",
                         "this source (" + backend.description()
                             + ") has no Windows MPIO to change; nothing was changed",
                         0};
        }
        // MPIO disk numbers are handed out anew when disks are claimed again:
        // make sure the number still names the disk the admin chose.
        const Result<std::vector<MpioDisk>> disks = mpio->disks(host);
        if (!disks) {
            return Error{"check " + diskName + " on " + host + " before the change",
                         disks.error().toString() + "; nothing was changed", 0};
        }
        const auto found = std::find_if(disks->begin(), disks->end(),
                                        [number](const MpioDisk &disk) { return disk.number == number; });
        if (found == disks->end()) {
            return Error{"set load-balance policy",
                         diskName + " is no longer on " + host
                             + "; nothing was changed. Refresh and choose the disk again.",
                         0};
        }
        if (!serial.empty() && normaliseSerial(found->serial) != serial) {
            return Error{"set load-balance policy",
                         diskName + " on " + host + " is now the disk with serial " + found->serial + ", not " + serial
                             + "; nothing was changed. Refresh and choose the disk again.",
                         0};
        }
        return mpio->setPolicy(host, number, policy, preferred);
    };
}

std::vector<Finding> findingsAbout(const HealthReport &report, const PolicyTarget &target)
{
    std::vector<Finding> result;
    for (const Finding &finding : report.findings()) {
        const ObjectRef &object = finding.object;
        if (object.serverKey == target.serverKey && object.diskKey == target.diskKey
            && (object.kind == ObjectRef::Kind::Disk || object.kind == ObjectRef::Kind::Path))
            result.push_back(finding);
    }
    return result;
}

bool judgedByMeasuredIo(std::string_view rule)
{
    return rule == rules::IoOnNonOptimized;
}

PolicyOutcome compareFindings(const std::string &diskName, const std::vector<Finding> &before,
                              const std::vector<Finding> &after, bool ioMeasuredSinceChange)
{
    PolicyOutcome outcome;
    outcome.diskName = diskName;
    outcome.ioMeasured = ioMeasuredSinceChange;

    const auto judged = [&outcome, ioMeasuredSinceChange](const Finding &finding) {
        if (ioMeasuredSinceChange || !judgedByMeasuredIo(finding.rule))
            return true;
        if (std::find(outcome.notYetMeasured.begin(), outcome.notYetMeasured.end(), finding.rule)
            == outcome.notYetMeasured.end())
            outcome.notYetMeasured.push_back(finding.rule);
        return false;
    };
    std::set<std::string> beforeKeys, afterKeys;
    for (const Finding &finding : before)
        beforeKeys.insert(findingKey(finding));
    for (const Finding &finding : after)
        afterKeys.insert(findingKey(finding));

    for (const Finding &finding : before) {
        if (judged(finding) && !afterKeys.count(findingKey(finding)))
            outcome.cleared.push_back(finding);
    }
    for (const Finding &finding : after) {
        if (!judged(finding))
            continue;
        (beforeKeys.count(findingKey(finding)) ? outcome.remaining : outcome.added).push_back(finding);
    }
    return outcome;
}

std::vector<std::string> PolicyOutcome::lines() const
{
    std::vector<std::string> lines;
    const auto stillHas = [this](const std::string &rule) {
        const auto sameRule = [&rule](const Finding &f) { return f.rule == rule; };
        return std::any_of(remaining.begin(), remaining.end(), sameRule)
            || std::any_of(added.begin(), added.end(), sameRule);
    };
    std::set<std::string> said;
    for (const Finding &finding : cleared) {
        if (!stillHas(finding.rule)) {
            // The whole rule is gone from the disk: say so once.
            if (said.insert(finding.rule).second)
                lines.push_back(finding.rule + " on " + diskName + " cleared");
        } else {
            lines.push_back(finding.rule + " on " + finding.objectName + " cleared");
        }
    }
    for (const Finding &finding : remaining)
        lines.push_back("still present: " + finding.rule + " on " + finding.objectName + ": " + finding.message);
    for (const Finding &finding : added)
        lines.push_back("new: " + finding.rule + " on " + finding.objectName + ": " + finding.message);
    for (const std::string &rule : notYetMeasured)
        lines.push_back(rule + " on " + diskName + ": not yet measured; will be re-checked on the next refresh");
    if (lines.empty())
        lines.push_back("No findings on " + diskName + " before or after the change.");
    return lines;
}

} // namespace pathlens
