#pragma once

// Remedy 2 as data: hand the back-end of one DataCore server to Windows MPIO
// (domain.md §2). The workflow runs plan -> preflight -> execute (driver per
// device instance) -> post-steps (remove the ports left behind, claim, set the
// policy) -> verify; each typed step records what it did. Plain values, so a
// run can be copied to the UI thread, written to the journal and read back.

#include "model/health/finding.h"
#include "platform/result.h"
#include "platform/types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// The stages of the workflow, in order.
enum class MigrationStage { Plan, Preflight, Execute, PostSteps, Verify };
std::string_view toString(MigrationStage stage); ///< "plan", "preflight", "execute", "post-steps", "verify"

enum class StepKind {
    InstallDriver, ///< execute: the native driver on one device instance
    DeletePort,    ///< post-step: remove one DataCore port the driver change left Not present
    Claim,         ///< post-step: MSDSM claims the back-end arrays' LUNs (no automatic restart)
    SetPolicy,     ///< post-step: the chosen load-balance policy on one claimed back-end LUN
    Verify,        ///< verify: path counts, A/O paths, I/O on A/O paths only, findings
};
std::string_view toString(StepKind kind); ///< "install-driver", "delete-port", "claim", "set-policy", "verify"
std::optional<StepKind> stepKindFromString(std::string_view text);
MigrationStage stageOf(StepKind kind);

enum class StepStatus {
    Planned,
    Running,    ///< started; on disk: a "step-started" record without its "step-finished"
    Done,
    Skipped,
    Failed,
    RolledBack, ///< done, then undone by the rollback
};
std::string_view toString(StepStatus status); ///< "planned", "running", "done", "skipped", "failed", "rolled-back"
std::optional<StepStatus> stepStatusFromString(std::string_view text);

/// The run's state machine.
///
///   Planned -> Running -> Completed
///                 |  ^
///                 v  |  (resume)
///   Paused, WaitingForRestart
///   Running -> Failed -> RollingBack -> RolledBack | RollbackFailed
///   any unfinished state -> Abandoned (the admin leaves it as it is)
enum class RunState {
    Planned,           ///< preflight done, nothing changed
    Running,           ///< steps are being run (or the process stopped while one ran)
    Paused,            ///< cancelled between steps; resumable
    WaitingForRestart, ///< a change takes effect only after the server restarts; resume then
    Failed,            ///< a step failed; the run stopped, rollback is offered
    Completed,         ///< every step done (a restart may still be recommended)
    RollingBack,
    RolledBack,
    RollbackFailed,
    Abandoned,
};
/// "planned", "running", "paused", "waiting-for-restart", "failed", "completed",
/// "rolling-back", "rolled-back", "rollback-failed", "abandoned"
std::string_view toString(RunState state);
std::optional<RunState> runStateFromString(std::string_view text);
/// Completed, RolledBack and Abandoned: nothing left to resume.
bool isFinal(RunState state);

enum class PreflightStatus { Pass, Warn, Block };
std::string_view toString(PreflightStatus status); ///< "pass", "warn", "block"
std::optional<PreflightStatus> preflightStatusFromString(std::string_view text);

/// How a DataCore back-end port matched a device instance of its host.
enum class PortMatch {
    Matched,         ///< exactly one device at the same PCI bus, device and function
    Missing,         ///< no device at that PCI function
    Ambiguous,       ///< several devices or ports claim the function
    RoleConflict,    ///< a front-end or mirror role lives on the same PCI function
    NoPciLocation,   ///< loopback or software port: nothing to match on
    NotPresent,      ///< the port is Not present already
    NotFibreChannel, ///< iSCSI: no HBA driver to replace
    AlreadyNative,   ///< the device no longer runs a DataCore driver
    NoInventory,     ///< the host's device inventory could not be read
};
std::string_view toString(PortMatch match); ///< "matched", "missing", "ambiguous", "role-conflict", ...

/// A back-end disk reached through a port, as SANsymphony's driver sees it.
struct DiskBehindPort {
    std::string id;       ///< DataCore physical disk id
    std::string caption;
    std::string serial;
    std::string vendor;
    std::string product;
    std::string pool;     ///< empty: not in a pool
    bool aluaCapable = false;
    std::uint32_t paths = 0; ///< its paths through this port
    bool inUse = false;      ///< the driver's one path for the disk leaves from this port
};

/// One back-end port the wizard offers, with what it matched.
struct BackEndPortChoice {
    DataCorePort port;
    std::optional<Adapter> device; ///< the matched device instance, with its current driver
    PortMatch match = PortMatch::Missing;
    std::string reason;            ///< why it cannot be chosen, in words; empty when it can
    std::vector<DiskBehindPort> disks;

    bool selectable() const { return match == PortMatch::Matched; }
};

/// A DataCore server with its back-end ports.
struct ServerChoice {
    DataCoreServer server;
    std::string serverKey;              ///< the tree's key (findings name it)
    std::vector<BackEndPortChoice> ports;
    std::vector<std::string> problems;  ///< sources that could not be read for it
};

/// A device instance whose driver the run replaces.
struct PlannedDevice {
    std::string portId;
    std::string portAlias;
    std::string instanceId;
    std::string description;
    PciLocation pci;
    DriverPackage driverBefore;               ///< the DataCore driver it runs at plan time
    std::optional<DriverPackage> nativeDriver; ///< the one to install; none: no native driver was found
    std::vector<DriverPackage> candidates;     ///< native drivers compatible with this device instance
};

/// A back-end LUN the run hands to MSDSM.
struct PlannedLun {
    std::string diskId;
    std::string serial;
    std::string caption;
    std::string vendor;
    std::string product;
    std::string pool;
    bool aluaCapable = false;
    /// Working paths SANsymphony knew through the chosen ports at plan time:
    /// MSDSM should end up with at least as many.
    std::uint32_t expectedPaths = 0;
};

/// One typed step with its parameters and, once run, what it did.
struct MigrationStep {
    std::string id; ///< stable: "install-driver:175:0.0", "delete-port:<port id>", "claim", "set-policy:<serial>", "verify"
    StepKind kind = StepKind::Verify;
    std::string title;        ///< "Install QLogic Fibre Channel Adapter 9.4.6.20 on DCS-A BE1 (PCI 175:0.0)"
    std::string manualAction; ///< the same by hand: a command or a console action
    std::string host;

    // Targets (by kind)
    std::string instanceId;             ///< install-driver
    std::optional<PciLocation> pci;     ///< install-driver
    std::string portId;                 ///< install-driver (its port), delete-port
    std::string portAlias;
    std::optional<DriverPackage> driverBefore; ///< install-driver
    std::optional<DriverPackage> driverAfter;  ///< install-driver
    std::vector<std::string> hardwareIds;      ///< claim: vendor 8 + product 16 characters
    std::string serial;                        ///< set-policy
    std::string diskCaption;                   ///< set-policy
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown; ///< set-policy

    // Outcome
    StepStatus status = StepStatus::Planned;
    std::string detail;        ///< what happened, in words
    bool rebootRequired = false;
    std::optional<std::uint32_t> mpioDisk; ///< set-policy: the MPIO disk found for the serial
    std::optional<Error> error;
    std::optional<std::chrono::system_clock::time_point> started;
    std::optional<std::chrono::system_clock::time_point> finished;
};

struct PreflightItem {
    std::string id;    ///< "admin-rights", "mpio-feature", "pending-reboot", "support-consequences", "match:<port>", ...
    std::string title; ///< "Administrator rights"
    PreflightStatus status = PreflightStatus::Warn;
    std::string detail; ///< what was found, and what to do when it blocks
    bool needsAcknowledgement = false; ///< the admin must read and accept it before the run starts
    bool acknowledged = false;
};

/// Where one device of the run stands now.
struct DeviceState {
    enum class State {
        Unchanged,  ///< still runs the driver it had at plan time
        Replaced,   ///< runs the native driver the run installed
        RolledBack, ///< back on the driver it had at plan time after the rollback
        Other,      ///< runs a driver the run did not put there
        Vanished,   ///< no longer in the device inventory
        Unknown,    ///< the inventory could not be read
    };

    std::string instanceId;
    std::string description;
    PciLocation pci;
    std::string portAlias;
    DriverPackage driverBefore;
    std::optional<DriverPackage> driverNow;
    State state = State::Unknown;
    std::string text; ///< "runs QLogic 9.4.6.20 (oem21.inf), installed by this run"
};
std::string_view toString(DeviceState::State state); ///< "unchanged", "replaced", "rolled-back", "other", "vanished", "unknown"

/// One back-end LUN as verification found it.
struct LunOutcome {
    std::string serial;
    std::string caption;
    std::optional<std::uint32_t> mpioDisk;
    std::string dsm;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    std::uint32_t expectedPaths = 0;
    std::uint32_t paths = 0;
    std::uint32_t usablePaths = 0;
    std::uint32_t optimizedPaths = 0;
    bool ioMeasured = false;
    double readsPerSecondOnNonOptimized = 0.0;
    double writesPerSecondOnNonOptimized = 0.0;
    std::vector<std::string> problems; ///< empty: the LUN is as it should be
};

/// Findings of the server at one moment, measured from two readings where the source allows.
struct HealthSummary {
    bool ioMeasured = false;
    std::vector<Finding> findings; ///< about the run's server only, worst first
    std::string note;              ///< how I/O was measured, or why not
};

struct MigrationPlan {
    std::string serverId;
    std::string serverKey;
    std::string serverName;
    std::string host; ///< the Windows host the device and MPIO calls address
    LoadBalancePolicy policy = LoadBalancePolicy::RoundRobinWithSubset;
    std::vector<PlannedDevice> devices;
    std::vector<PlannedLun> luns;
    std::vector<std::string> hardwareIds; ///< claimed with mpclaim -n -i -d
    std::vector<MigrationStep> steps;
};

/// A whole run: the plan, the preflight, each step's status, the health
/// before and after, and where the journal is.
struct MigrationRun {
    std::string id;          ///< unique per run
    std::string journalPath; ///< empty until the run starts
    std::string backendDescription;
    RunState state = RunState::Planned;
    std::string stateDetail; ///< why it paused, failed or waits, and what to do next
    std::chrono::system_clock::time_point created{};
    MigrationPlan plan;
    std::vector<PreflightItem> preflight;
    HealthSummary before;
    std::optional<HealthSummary> after;
    std::vector<DeviceState> devices;
    std::vector<LunOutcome> luns;
    std::vector<std::string> journalProblems; ///< damaged journal lines, when the run was read back

    /// Nothing blocks and every acknowledgement is given.
    bool canStart() const;
    bool blocked() const; ///< a preflight item blocks
    /// Index of the next step to run (a Running one first); -1 when none is left.
    int nextStepIndex() const;
    const MigrationStep *step(std::string_view id) const;
    MigrationStep *step(std::string_view id);
    /// Some done step asked for a restart, and (where the host tells) the
    /// host still waits for one.
    bool restartRecommended() const;
    /// Whether the host still waited for a restart when the run ended; empty
    /// where it could not tell.
    std::optional<bool> restartPendingAtEnd;
};

/// DataCore's support consequences of running the back-end without its
/// driver (FAQ 1302, as the field article quotes it), one sentence each.
const std::vector<std::string> &supportConsequences();

/// A driver by the identity installDriver checks: INF name and version.
bool sameDriver(const DriverPackage &a, const DriverPackage &b);
/// A SANsymphony driver: its provider, description or service names DataCore.
bool isDataCoreDriver(const DriverPackage &driver);
/// "QLogic Fibre Channel Adapter 9.4.6.20 (oem21.inf)"
std::string driverWords(const DriverPackage &driver);
/// "175:0.0 (af:00.0)": DataCore's decimal and the lspci hex.
std::string pciWithHex(const PciLocation &pci);
/// mpclaim's hardware id: vendor padded to 8, product padded to 16 characters.
std::string claimHardwareId(std::string_view vendor, std::string_view product);

/// Reads a PCI location as people type it: DataCore's decimal "175:0.0" or
/// "175:0:0", hex with a prefix "0xaf:0x0.0x0", lspci's form with its domain
/// "0000:af:00.0" (hex), or Windows' "PCI bus 175, device 0, function 0".
/// Out-of-range parts (bus > 255, device > 31, function > 7) are refused.
std::optional<PciLocation> parsePciLocation(std::string_view text);

} // namespace pathlens
