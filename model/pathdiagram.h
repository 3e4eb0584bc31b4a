#pragma once

// The picture of one back-end disk's paths: HBA port → target port (the
// fabric side, as the initiator sees it) → target port group (the array
// controller), each path with its ALUA state and its share of the disk's
// measured reads and writes. It answers "which path is actually doing the
// work, and is it the optimized one". Pure computation: the views paint it,
// renderPathDiagramSvg() writes it for reports.

#include "model/health/counterhistory.h"
#include "model/inventory.h"
#include "model/pathcounters.h"

#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pathlens {

/// Measured I/O of every path between its last two readings. Fed one reading
/// after another; counterDelta() tells wraps from resets, so a reset or a
/// path seen once is "not measured", never a spike.
class PathIoTracker final
{
public:
    explicit PathIoTracker(CounterLimits limits = {});

    /// Takes the next reading: each path's delta against its previous one.
    /// A path's reading with the time of the one before (the same refresh
    /// handed over twice) changes nothing. Paths absent from the reading are
    /// forgotten: when they return, their restarted counters meet no stale one.
    void update(const PathCounterReadings &readings);

    /// What moved on the path over its last interval; status NoInterval when
    /// the path has one reading only or none.
    CounterDelta delta(const std::string &pathIdentity) const;
    /// Whether the last reading had counters for this path at all.
    bool hasReading(const std::string &pathIdentity) const;

    std::size_t size() const { return m_paths.size(); }
    void clear() { m_paths.clear(); }

private:
    struct Tracked {
        PathCounters last;
        CounterDelta delta;
        std::uint64_t generation = 0; ///< the last update() that had the path
    };

    CounterLimits m_limits;
    std::uint64_t m_generation = 0;
    std::unordered_map<std::string, Tracked> m_paths;
};

/// How a path's line is drawn, so that its state reads in grey-scale too.
enum class PathStroke {
    Solid,   ///< Active/Optimized
    Dashed,  ///< Active/Unoptimized
    Dotted,  ///< Standby
    DashDot, ///< Transitioning
    Crossed, ///< Failed or Unavailable: drawn with a cross, it carries nothing
    Faint,   ///< Unknown: thin, no claim either way
};
PathStroke pathStroke(PathState state);

/// One path's measured I/O as a share of its disk's.
struct PathIo {
    CounterDelta delta;                ///< status Measured when the values mean something
    std::optional<double> readShare;   ///< 0..1 of the disk's measured reads; none without reads
    std::optional<double> writeShare;  ///< 0..1 of the disk's measured writes; none without writes
    bool carriesIo = false;            ///< measured, at least the minimum rate of reads or writes

    bool measured() const { return delta.measured(); }
};

/// "R 97 % / W 100 %"; a share that is not all is never rounded up to 100, a
/// share that is some is never rounded down to 0; "–" where the disk had none.
std::string ioShareLabel(const std::optional<double> &readShare, const std::optional<double> &writeShare);

struct PathDiagramNode {
    enum class Kind { Initiator = 0, Target = 1, TargetPortGroup = 2 };

    Kind kind = Kind::Initiator;
    std::string id;                   ///< unique within the diagram
    std::string title;                ///< "DCS-A BE1", "Target 2", "TPG 1"
    std::string subtitle;             ///< "PCI 175:0.0 (af:00.0)", "004|000|002|001", "Active/Optimized"
    std::string shortSubtitle;        ///< for a narrow box: "PCI 175:0.0", "A/O"
    std::vector<std::string> details; ///< lines for a tooltip
    std::string keyPath;              ///< tree row of an initiator (its port row); empty otherwise
    PathState state = PathState::Unknown; ///< target port groups: the group's state
    double slot = 0;                  ///< vertical position in path rows, 0 at the top (may be fractional)

    int column() const { return int(kind); }
};

struct PathDiagramEdge {
    std::string pathKey;
    std::string keyPath;  ///< tree row "server/port/disk/path"
    std::string name;     ///< "path 0000000077040002 via DCS-A BE1"
    std::size_t initiator = 0; ///< indices into PathDiagram::nodes
    std::size_t target = 0;
    std::size_t group = 0;
    PathState state = PathState::Unknown;    ///< the path's own state (what MPIO shows)
    PathState tpgState = PathState::Unknown; ///< the array's view of its group
    std::optional<std::uint32_t> tpgId;
    bool preferred = false;
    bool inUse = false;      ///< the DataCore driver's chosen path
    bool highlighted = false;
    PathIo io;
    std::string ioLabel;     ///< ioShareLabel() for a path carrying I/O; empty otherwise
    std::vector<std::string> details; ///< lines for a tooltip

    /// The state the line shows: the path's own, else its group's.
    PathState shownState() const { return state != PathState::Unknown ? state : tpgState; }
};

struct PathDiagram {
    std::string serverKey;
    std::string diskKey;
    PathOwner owner = PathOwner::Mpio;
    std::string title; ///< "DCS-A / DGC VRAID LUN 1"
    std::vector<PathDiagramNode> nodes; ///< initiators, then targets, then groups, each top to bottom
    std::vector<PathDiagramEdge> edges; ///< one per path, in target order
    int rows = 0;                       ///< path rows the layout needs
    bool ioMeasured = false;            ///< at least one path has a measured interval
    std::chrono::milliseconds ioInterval{0};
    double readRate = 0;                ///< the disk's measured reads per second, all paths
    double writeRate = 0;
    std::string ioSummary;              ///< one sentence: what was measured, or why not

    bool empty() const { return edges.empty(); }
    std::size_t count(PathDiagramNode::Kind kind) const;
};

struct PathDiagramRequest {
    std::string serverKey;
    std::string diskKey;
    /// The LUN under this owner (mid driver swap the same serial is two LUNs);
    /// none: the owner of its first row.
    std::optional<PathOwner> owner;
    std::string highlightPathKey; ///< a path row that is selected
    /// Operations per second below this are noise (path checks), not I/O.
    double minIoRate = 1.0;
};

/// Collects the disk's paths under every port row of its server and lays
/// them out in three columns. An unknown disk gives an empty diagram.
PathDiagram buildPathDiagram(const InventorySnapshot &snapshot, const PathDiagramRequest &request,
                             const PathIoTracker *io = nullptr);

/// Sizes a painter measures from its fonts; the geometry follows from them.
struct PathDiagramMetrics {
    double width = 760;        ///< width to fill (the layout keeps a minimum)
    double lineHeight = 16;    ///< one line of node text
    double ioLabelWidth = 118; ///< room for "R 100 % / W 100 %"
    double margin = 8;
    /// Narrowest boxes of each column (HBA port, target port, group).
    std::array<double, 3> minColumnWidth = {110, 110, 80};
};

/// Where everything goes, in pixels from the top left.
struct PathDiagramGeometry {
    QSizeF size;
    std::array<double, 3> columnX{};
    std::array<double, 3> columnWidth{};
    double headerY = 0;           ///< baseline area of the column captions
    std::vector<QRectF> nodes;    ///< per node
    struct Edge {
        QPointF start;      ///< right side of the initiator
        QPointF targetIn;   ///< left side of the target
        QPointF targetOut;  ///< right side of the target
        QPointF stubEnd;    ///< end of the straight piece the label sits on
        QPointF end;        ///< left side of the group
        QRectF label;       ///< where the I/O label goes
        QPointF middle;     ///< a point on the line for markers (the cross of a failed path)
    };
    std::vector<Edge> edges;      ///< per edge
    QRectF legend;
};

PathDiagramGeometry layoutPathDiagram(const PathDiagram &diagram, const PathDiagramMetrics &metrics);

/// Column captions, left to right.
std::array<std::string, 3> pathDiagramColumnTitles();
/// The legend as words: "solid A/O, dashed A/NO, ...".
std::string pathDiagramLegendText();

/// The diagram as a self-contained SVG document (no scripts, no external
/// references); every text from the data is escaped.
std::string renderPathDiagramSvg(const PathDiagram &diagram, double width = 760);

} // namespace pathlens
