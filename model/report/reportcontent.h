#pragma once

// What a path report says, built once from a snapshot, its health findings
// and (optionally) the changes since a baseline. Every format writes from
// this one structure, so CSV, JSON, HTML, PDF and the monitoring output agree.
// Plain values: it can be built on one thread and written on another.

#include "model/health/finding.h"
#include "model/inventory.h"
#include "model/pathcounters.h"
#include "model/report/reportdiff.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pathlens {

class HealthReport;

enum class ReportFormat { Csv, Json, Html, Pdf, Prometheus };

/// "csv", "json", "html", "pdf", "prometheus".
std::string_view toString(ReportFormat format);
/// The spelling of toString(), any case; nothing for an unknown name.
std::optional<ReportFormat> reportFormatFromString(std::string_view name);
/// File name suffix without the dot: "csv", "json", "html", "pdf", "prom".
std::string_view fileSuffix(ReportFormat format);

/// Which part of the group a report covers.
struct ReportScope {
    enum class Kind { All, Selection, Server };
    Kind kind = Kind::All;
    /// Selection: tree key paths ("server", "server/port", "server/port/disk",
    /// "server/port/disk/path"). A disk row stands for the whole LUN (every
    /// port it is reached through); a port row for the paths leaving from it.
    std::vector<std::string> keyPaths;
    std::string serverKey; ///< Server: ServerEntry::key

    static ReportScope all() { return {}; }
    static ReportScope selection(std::vector<std::string> keyPaths);
    static ReportScope server(std::string serverKey);
};

struct ReportPort {
    std::string key;  ///< PortEntry::key
    std::string name; ///< PortEntry::displayName()
    std::optional<DataCorePort> port;
    std::optional<Adapter> adapter;
    JoinStatus join = JoinStatus::Matched;
    std::string joinNote;
    std::size_t pathCount = 0;
    Severity worst = Severity::None; ///< worst finding about the port or below it

    RoleFlags roles() const { return port ? port->roles : RoleNone; }
    std::optional<PciLocation> pci() const;
    bool isUnmatchedPaths() const { return key == UnmatchedPortKey; }
};

struct ReportPath {
    PathEntry entry;
    std::string portKey;
    std::string portName;
    RoleFlags portRoles = RoleNone;
    std::optional<PciLocation> portPci; ///< the port's PCI function (DataCore's, else the adapter's)
    std::string adapter;                ///< the adapter in words: its description, else "PCI 130:0.1"
    std::optional<PathCounters> counters;
    Severity worst = Severity::None;    ///< worst finding about this path
    std::string change;                 ///< since the baseline, in words; empty when unchanged

    /// The array's view: the TPG state where known, else the path state.
    PathState arrayState() const;
    /// Neither the path nor its target port group is failed or Unavailable.
    bool usable() const;
    /// Usable and leading to an Active/Optimized target port group.
    bool optimized() const;
};

/// A back-end LUN of one server, once, with its paths through every port.
struct ReportDisk {
    std::string serverKey;
    std::string serverName;
    std::string key; ///< DiskEntry::key (serial / NAA id)
    PathOwner owner = PathOwner::Mpio;
    std::string caption;
    std::string serial;
    std::string vendor;
    std::string product;
    std::optional<std::uint32_t> mpioDisk;
    std::string systemDisk;
    std::string dsm;
    LoadBalancePolicy policy = LoadBalancePolicy::Unknown;
    AluaSupport alua = AluaSupport::Unknown;
    bool aluaCapable = false;
    std::string poolName;
    std::uint64_t sizeBytes = 0;
    std::vector<ReportPath> paths;
    Severity worst = Severity::None;

    std::size_t usableCount() const;
    std::size_t optimizedCount() const;
    /// "DCS-A / DGC VRAID LUN 1", as the findings name it.
    std::string displayName() const;
};

struct ReportServer {
    std::string key;
    DataCoreServer server;
    std::string name; ///< the caption, else the host name, else the key
    std::vector<std::string> problems;
    std::vector<ReportPort> ports;
    Severity worst = Severity::None;
};

struct ReportContent {
    std::chrono::system_clock::time_point generated{};
    std::string backend;               ///< where the data came from
    std::vector<std::string> problems; ///< what could not be read, in words ("DCS-A: MPIO: ...")
    std::string scopeText;             ///< "All servers", "Server DCS-A", "Selection (3 rows)"
    std::vector<ReportServer> servers;
    std::vector<ReportDisk> disks;     ///< server by server, in tree order
    std::vector<Finding> findings;     ///< worst first
    bool healthEvaluated = false;      ///< false: the snapshot carried no findings
    bool ioMeasured = false;
    std::chrono::milliseconds ioInterval{0};
    std::optional<ReportDiff> diff;    ///< changes since the baseline, when one was given

    std::size_t pathCount() const;
    std::size_t portCount() const;
    /// Paths per state, indexed by PathState.
    std::array<std::size_t, kPathStateCount> pathStateCounts() const;
    std::size_t findingCount(Severity severity) const;
    Severity worst() const;
};

struct ReportInput {
    const InventorySnapshot *snapshot = nullptr;
    /// The findings; null: the snapshot's own (InventorySnapshot::health), if any.
    const HealthReport *health = nullptr;
    const PathCounterReadings *counters = nullptr; ///< optional (readPathCounters)
    const ReportDiff *diff = nullptr;         ///< optional, for the whole group (the scope filters it)
    ReportScope scope;
    std::chrono::system_clock::time_point generated{};
    std::string backend; ///< empty: the snapshot's backendDescription
};

/// Builds the content once; the writers only format it.
ReportContent buildReportContent(const ReportInput &input);

/// Inline helpers every writer spells the same way.
std::string stateText(PathState state);   ///< "Active/Optimized", "" for Unknown
std::string adapterText(const PortEntry &port, const PathEntry &path);
std::string isoTime(std::chrono::system_clock::time_point time); ///< "2024-06-08T21:13:20Z"

} // namespace pathlens
