#pragma once

// What the health rules report: a finding names a stable rule id, a severity,
// the object it is about (by the tree's keys), a plain sentence and what to do.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// Finding severities, ordered: a larger value is worse. None is only the
/// answer of "worst of nothing"; no finding carries it.
enum class Severity { None = 0, Info = 1, Warning = 2, Critical = 3 };

std::string_view toString(Severity severity); ///< "none", "info", "warning", "critical"
std::optional<Severity> severityFromString(std::string_view text);

/// The rule ids of domain.md §4. They are a public contract (reports,
/// monitoring, tests): never rename one.
namespace rules {
inline constexpr std::string_view NoOptimizedPath = "no-optimized-path";
inline constexpr std::string_view IoOnNonOptimized = "io-on-non-optimized";
inline constexpr std::string_view FailedPath = "failed-path";
inline constexpr std::string_view SinglePath = "single-path";
inline constexpr std::string_view SpofAdapter = "spof-adapter";
inline constexpr std::string_view SpofController = "spof-controller";
inline constexpr std::string_view PolicyMismatch = "policy-mismatch";
inline constexpr std::string_view DataCoreBeDriverAlua = "datacore-be-driver-alua";
inline constexpr std::string_view PortNotPresent = "port-not-present";
inline constexpr std::string_view PathFlapping = "path-flapping";
inline constexpr std::string_view PathCountDrift = "path-count-drift";
inline constexpr std::string_view ThirdPartyDsm = "third-party-dsm";

/// All of them, in the order of domain.md §4.
inline constexpr std::array<std::string_view, 12> All = {
    NoOptimizedPath, IoOnNonOptimized,     FailedPath,     SinglePath,   SpofAdapter,    SpofController,
    PolicyMismatch,  DataCoreBeDriverAlua, PortNotPresent, PathFlapping, PathCountDrift, ThirdPartyDsm,
};
} // namespace rules

/// Port key of a finding about a LUN as a whole: the same LUN shows under
/// every port it is reached through, so its finding is about all those rows.
inline constexpr std::string_view AnyPortKey = "*";

/// A tree object by its keys, as InventoryTreeModel's KeyPathRole joins them:
/// "server", "server/port", "server/port/disk", "server/port/disk/path".
struct ObjectRef {
    enum class Kind { Server, Port, Disk, Path };

    Kind kind = Kind::Server;
    std::string serverKey;
    std::string portKey; ///< AnyPortKey for a LUN-wide finding
    std::string diskKey;
    std::string pathKey;

    static ObjectRef server(std::string serverKey);
    static ObjectRef port(std::string serverKey, std::string portKey);
    static ObjectRef disk(std::string serverKey, std::string portKey, std::string diskKey);
    static ObjectRef path(std::string serverKey, std::string portKey, std::string diskKey, std::string pathKey);

    /// The key path; a LUN-wide disk reads "server/*/disk".
    std::string keyPath() const;
    /// The key paths of this row and of every row above it, top first.
    std::vector<std::string> keyPathPrefixes() const;

    friend bool operator==(const ObjectRef &, const ObjectRef &) = default;
};

std::string_view toString(ObjectRef::Kind kind); ///< "server", "port", "disk", "path"

struct Finding {
    std::string rule;           ///< one of rules::All
    Severity severity = Severity::Info;
    ObjectRef object;           ///< what the finding is about
    std::string objectName;     ///< the same in words: "DCS-A / DGC VRAID LUN 1 / path 004|000|002|001"
    std::string message;        ///< plain sentence: what is wrong, with the measured values
    std::string recommendation; ///< what to do about it
    /// The tree rows the finding belongs to (a LUN-wide finding: the disk's row
    /// under each port it shows under; a vanished path: where it used to be).
    std::vector<ObjectRef> rows;
};

} // namespace pathlens
