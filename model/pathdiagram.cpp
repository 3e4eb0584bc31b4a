#include "model/pathdiagram.h"

#include "model/health/healthinput.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace pathlens {

// ---------------------------------------------------------------- tracker

PathIoTracker::PathIoTracker(CounterLimits limits)
    : m_limits(limits)
{
}

void PathIoTracker::update(const PathCounterReadings &readings)
{
    // In place: a large group has a hundred thousand paths, and most of them
    // are known already.
    ++m_generation;
    for (const auto &[identity, counters] : readings.byPath) {
        auto [found, added] = m_paths.try_emplace(identity);
        Tracked &tracked = found->second;
        tracked.generation = m_generation;
        if (!added && tracked.last.taken == counters.taken)
            continue; // the same reading again: keep what was measured
        tracked.delta = added ? CounterDelta{} : counterDelta(tracked.last, counters, m_limits);
        tracked.last = counters;
    }
    for (auto it = m_paths.begin(); it != m_paths.end();) {
        if (it->second.generation != m_generation)
            it = m_paths.erase(it);
        else
            ++it;
    }
}

CounterDelta PathIoTracker::delta(const std::string &pathIdentity) const
{
    const auto found = m_paths.find(pathIdentity);
    return found == m_paths.end() ? CounterDelta{} : found->second.delta;
}

bool PathIoTracker::hasReading(const std::string &pathIdentity) const
{
    return m_paths.find(pathIdentity) != m_paths.end();
}

// ------------------------------------------------------------ vocabulary

PathStroke pathStroke(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return PathStroke::Solid;
    case PathState::ActiveUnoptimized: return PathStroke::Dashed;
    case PathState::Standby: return PathStroke::Dotted;
    case PathState::Transitioning: return PathStroke::DashDot;
    case PathState::Unavailable:
    case PathState::Offline:
    case PathState::Failed: return PathStroke::Crossed;
    case PathState::Unknown: break;
    }
    return PathStroke::Faint;
}

namespace {

std::string percentText(const std::optional<double> &share)
{
    if (!share)
        return "\u2013";
    const double percent = std::clamp(*share, 0.0, 1.0) * 100.0;
    long rounded = std::lround(percent);
    if (rounded == 100 && *share < 1.0)
        rounded = 99;
    if (rounded == 0 && *share > 0.0)
        return "<1 %";
    return std::to_string(rounded) + " %";
}

std::string intervalText(std::chrono::milliseconds interval)
{
    const double seconds = double(interval.count()) / 1000.0;
    if (seconds >= 120.0)
        return std::to_string(std::lround(seconds / 60.0)) + " min";
    const double tenths = std::round(seconds * 10.0) / 10.0;
    if (tenths == std::floor(tenths))
        return std::to_string(std::llround(tenths)) + " s";
    return QString::number(tenths, 'f', 1).toStdString() + " s";
}

std::string rateText(double perSecond, const char *what)
{
    return formatCount(perSecond) + ' ' + what + "/s";
}

std::string pciSubtitle(const PciLocation &pci)
{
    return "PCI " + pci.toString() + " (" + pci.toHexString() + ")";
}

std::string scsiTargetText(const ScsiAddress &scsi)
{
    return "Target " + std::to_string(scsi.target);
}

std::string pathName(const PathEntry &path, const PortEntry &port)
{
    std::string text = "path ";
    text += path.pathId ? formatPathId(*path.pathId) : path.scsi.toString();
    return text + " via " + port.displayName();
}

struct Found {
    std::size_t portOrder = 0;
    const PortEntry *port = nullptr;
    const PathEntry *path = nullptr;
};

bool targetOrder(const Found &a, const Found &b)
{
    const ScsiAddress &x = a.path->scsi;
    const ScsiAddress &y = b.path->scsi;
    return std::tie(a.portOrder, x.port, x.bus, x.target, x.lun, a.path->key)
        < std::tie(b.portOrder, y.port, y.bus, y.target, y.lun, b.path->key);
}

std::vector<std::string> initiatorDetails(const PortEntry &port)
{
    std::vector<std::string> lines{port.displayName()};
    if (port.isUnmatchedPaths()) {
        lines.push_back("Paths whose HBA port is not known: no DataCore port or OS adapter has their PCI location.");
        return lines;
    }
    const std::string roles = rolesToString(port.roles());
    lines.push_back("Roles: " + (roles.empty() ? std::string("none") : roles));
    if (port.port && !port.port->portName.empty())
        lines.push_back((port.port->type == PortType::iSCSI ? "IQN: " : "WWPN: ") + port.port->portName);
    if (const auto pci = port.pci())
        lines.push_back("PCI location: " + pci->toString() + " (hex " + pci->toHexString() + ")");
    if (port.port && !port.port->driverName.empty())
        lines.push_back("DataCore driver: " + port.port->driverName);
    if (port.adapter) {
        lines.push_back("Adapter: " + port.adapter->description);
        if (!port.adapter->driver.description.empty())
            lines.push_back("OS driver: " + port.adapter->driver.description
                            + (port.adapter->driver.version.empty() ? "" : " " + port.adapter->driver.version));
    }
    return lines;
}

std::string ioDetail(const PathIo &io, bool hasReading)
{
    const CounterDelta &delta = io.delta;
    switch (delta.status) {
    case CounterDelta::Status::Measured: {
        std::string text = "I/O over " + intervalText(delta.interval) + ": " + rateText(delta.readRate(), "reads");
        if (io.readShare)
            text += " (" + percentText(io.readShare) + " of the disk's reads)";
        text += ", " + rateText(delta.writeRate(), "writes");
        if (io.writeShare)
            text += " (" + percentText(io.writeShare) + " of its writes)";
        return text;
    }
    case CounterDelta::Status::Reset: return "I/O not measured: the counters restarted since the previous reading.";
    case CounterDelta::Status::Gap: return "I/O not measured: the previous reading is too old to tell what flows now.";
    case CounterDelta::Status::NoInterval: break;
    }
    return hasReading ? "I/O not measured yet: it needs a second reading." : "No I/O counters for this path.";
}

} // namespace

std::string ioShareLabel(const std::optional<double> &readShare, const std::optional<double> &writeShare)
{
    return "R " + percentText(readShare) + " / W " + percentText(writeShare);
}

std::size_t PathDiagram::count(PathDiagramNode::Kind kind) const
{
    return std::size_t(std::count_if(nodes.begin(), nodes.end(), [kind](const PathDiagramNode &n) { return n.kind == kind; }));
}

// ------------------------------------------------------------------ build

PathDiagram buildPathDiagram(const InventorySnapshot &snapshot, const PathDiagramRequest &request,
                             const PathIoTracker *io)
{
    PathDiagram diagram;
    diagram.serverKey = request.serverKey;
    diagram.diskKey = request.diskKey;

    const auto server = std::find_if(snapshot.servers.begin(), snapshot.servers.end(),
                                     [&](const ServerEntry &s) { return s.key == request.serverKey; });
    if (server == snapshot.servers.end())
        return diagram;

    // The LUN shows under every port it is reached through, each row with the
    // paths from that port: the picture needs all of them.
    std::optional<PathOwner> owner = request.owner;
    const DiskEntry *first = nullptr;
    std::vector<Found> found;
    for (std::size_t p = 0; p < server->ports.size(); ++p) {
        const PortEntry &port = server->ports[p];
        for (const DiskEntry &disk : port.disks) {
            if (disk.key != request.diskKey || (owner && disk.owner != *owner))
                continue;
            if (!first) {
                first = &disk;
                owner = disk.owner;
            }
            for (const PathEntry &path : disk.paths)
                found.push_back(Found{p, &port, &path});
        }
    }
    if (!first)
        return diagram;
    diagram.owner = *owner;
    diagram.title = serverName(*server) + " / " + (first->caption.empty() ? first->key : first->caption);
    std::stable_sort(found.begin(), found.end(), targetOrder);

    // Columns. Target nodes are per initiator: a target number means nothing
    // across HBA ports (each port numbers the targets it logs in to).
    std::vector<PathDiagramNode> initiators, targets, groups;
    std::map<std::string, std::size_t> initiatorIndex, targetIndex;
    std::map<std::optional<std::uint32_t>, std::size_t> groupIndex;
    std::map<std::optional<std::uint32_t>, std::size_t> groupPaths;
    struct Link {
        std::size_t initiator, target;
    };
    std::vector<Link> links;
    for (const Found &f : found) {
        auto [in, newInitiator] = initiatorIndex.emplace(f.port->key, initiators.size());
        if (newInitiator) {
            PathDiagramNode node;
            node.kind = PathDiagramNode::Kind::Initiator;
            node.id = "initiator:" + f.port->key;
            node.title = f.port->displayName();
            if (const auto pci = f.port->pci()) {
                node.subtitle = pciSubtitle(*pci);
                node.shortSubtitle = "PCI " + pci->toString();
            }
            else if (f.port->port && !f.port->port->portName.empty())
                node.subtitle = f.port->port->portName;
            else if (f.port->isUnmatchedPaths())
                node.subtitle = "HBA port unknown";
            node.details = initiatorDetails(*f.port);
            node.keyPath = server->key + '/' + f.port->key;
            initiators.push_back(std::move(node));
        }
        const ScsiAddress &scsi = f.path->scsi;
        const std::string targetKey = f.port->key + '|' + std::to_string(scsi.port) + '|' + std::to_string(scsi.bus)
            + '|' + std::to_string(scsi.target);
        auto [tn, newTarget] = targetIndex.emplace(targetKey, targets.size());
        if (newTarget) {
            PathDiagramNode node;
            node.kind = PathDiagramNode::Kind::Target;
            node.id = "target:" + targetKey;
            node.title = scsiTargetText(scsi);
            node.subtitle = scsi.toString();
            node.details = {scsiTargetText(scsi) + " as " + f.port->displayName() + " sees it",
                            "SCSI address " + scsi.toString() + " (port|bus|target|LUN)"};
            node.slot = double(targets.size());
            targets.push_back(std::move(node));
        }
        links.push_back(Link{in->second, tn->second});
        ++groupPaths[f.path->tpgId];
    }

    // Groups by id, the unknown one last; the state is the array's view.
    std::vector<std::optional<std::uint32_t>> groupIds;
    for (const auto &entry : groupPaths)
        if (entry.first)
            groupIds.push_back(entry.first);
    if (groupPaths.count(std::nullopt))
        groupIds.push_back(std::nullopt);
    for (const auto &id : groupIds) {
        PathDiagramNode node;
        node.kind = PathDiagramNode::Kind::TargetPortGroup;
        node.id = id ? "tpg:" + std::to_string(*id) : std::string("tpg:unknown");
        for (const Found &f : found) {
            if (f.path->tpgId == id && f.path->tpgState != PathState::Unknown) {
                node.state = f.path->tpgState;
                break;
            }
        }
        node.title = id ? "TPG " + std::to_string(*id) : std::string("Group unknown");
        node.subtitle = std::string(toString(node.state));
        node.shortSubtitle = std::string(toShortString(node.state));
        const std::size_t paths = groupPaths[id];
        node.details = {id ? "Target port group " + std::to_string(*id) + " (one array controller)"
                           : std::string("Target port group not reported: the controller is unknown"),
                        "State: " + std::string(toString(node.state)) + " (the array's view)",
                        std::to_string(paths) + (paths == 1 ? " path leads here" : " paths lead here")};
        groupIndex.emplace(id, groups.size());
        groups.push_back(std::move(node));
    }

    // Vertical places: one row per target; an initiator beside its targets
    // (they are contiguous), the groups spread over the whole height.
    const double rows = double(targets.size());
    diagram.rows = int(targets.size());
    {
        std::vector<double> sum(initiators.size(), 0.0);
        std::vector<int> count(initiators.size(), 0);
        std::vector<bool> seen(targets.size(), false);
        for (const Link &link : links) {
            if (seen[link.target])
                continue;
            seen[link.target] = true;
            sum[link.initiator] += targets[link.target].slot;
            ++count[link.initiator];
        }
        for (std::size_t i = 0; i < initiators.size(); ++i)
            initiators[i].slot = count[i] > 0 ? sum[i] / count[i] : 0.0;
        const double k = double(groups.size());
        for (std::size_t g = 0; g < groups.size(); ++g)
            groups[g].slot = (double(g) + 0.5) * rows / k - 0.5;
    }

    const std::size_t targetBase = initiators.size();
    const std::size_t groupBase = targetBase + targets.size();
    for (auto *column : {&initiators, &targets, &groups})
        for (PathDiagramNode &node : *column)
            diagram.nodes.push_back(std::move(node));

    // Edges with their measured I/O; shares are of what was measured.
    std::uint64_t totalReads = 0, totalWrites = 0;
    bool anyReading = false, anyReset = false, anyGap = false;
    std::size_t notMeasured = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
        const Found &f = found[i];
        const PathEntry &path = *f.path;
        PathDiagramEdge edge;
        edge.pathKey = path.key;
        edge.keyPath = server->key + '/' + f.port->key + '/' + request.diskKey + '/' + path.key;
        edge.name = pathName(path, *f.port);
        edge.initiator = links[i].initiator;
        edge.target = targetBase + links[i].target;
        edge.group = groupBase + groupIndex.at(path.tpgId);
        edge.state = path.state;
        edge.tpgState = path.tpgState;
        edge.tpgId = path.tpgId;
        edge.preferred = path.preferred;
        edge.inUse = path.inUse;
        edge.highlighted = !request.highlightPathKey.empty() && path.key == request.highlightPathKey;
        if (io) {
            const std::string identity = pathIdentity(server->key, request.diskKey, path.key);
            edge.io.delta = io->delta(identity);
            const bool reading = io->hasReading(identity);
            anyReading = anyReading || reading;
            anyReset = anyReset || edge.io.delta.status == CounterDelta::Status::Reset;
            anyGap = anyGap || edge.io.delta.status == CounterDelta::Status::Gap;
            if (edge.io.measured()) {
                totalReads += edge.io.delta.reads;
                totalWrites += edge.io.delta.writes;
                diagram.ioMeasured = true;
                diagram.ioInterval = std::max(diagram.ioInterval, edge.io.delta.interval);
                diagram.readRate += edge.io.delta.readRate();
                diagram.writeRate += edge.io.delta.writeRate();
            } else if (reading) {
                ++notMeasured;
            }
        }
        diagram.edges.push_back(std::move(edge));
    }

    for (PathDiagramEdge &edge : diagram.edges) {
        PathIo &pathIo = edge.io;
        if (pathIo.measured()) {
            if (totalReads > 0)
                pathIo.readShare = double(pathIo.delta.reads) / double(totalReads);
            if (totalWrites > 0)
                pathIo.writeShare = double(pathIo.delta.writes) / double(totalWrites);
            pathIo.carriesIo = pathIo.delta.readRate() >= request.minIoRate || pathIo.delta.writeRate() >= request.minIoRate;
        }
        if (pathIo.carriesIo)
            edge.ioLabel = ioShareLabel(pathIo.readShare, pathIo.writeShare);

        std::string state = "State: " + std::string(toString(edge.state));
        if (edge.tpgState != PathState::Unknown && edge.tpgState != edge.state)
            state += "; its target port group: " + std::string(toString(edge.tpgState));
        edge.details = {edge.name, state,
                        edge.tpgId ? "Target port group " + std::to_string(*edge.tpgId)
                                   : std::string("Target port group not reported"),
                        "SCSI address " + diagram.nodes[edge.target].subtitle};
        if (diagram.owner == PathOwner::DataCoreDriver)
            edge.details.push_back(edge.inUse ? "The DataCore driver sends all I/O of the disk down this path."
                                              : "Known to the DataCore driver; it fails over to it.");
        else if (edge.preferred)
            edge.details.push_back("Preferred path");
        edge.details.push_back(io ? ioDetail(pathIo, io->hasReading(pathIdentity(server->key, request.diskKey, edge.pathKey)))
                                  : std::string("I/O not measured."));
    }

    if (diagram.ioMeasured) {
        diagram.ioSummary = "Measured over " + intervalText(diagram.ioInterval) + ": "
            + rateText(diagram.readRate, "reads") + " and " + rateText(diagram.writeRate, "writes")
            + " on this disk; R and W give each path's share";
        if (notMeasured > 0)
            diagram.ioSummary += " (" + std::to_string(notMeasured) + (notMeasured == 1 ? " path" : " paths")
                + " not measured)";
        diagram.ioSummary += '.';
    } else if (!io) {
        diagram.ioSummary = "I/O not measured.";
    } else if (anyReset) {
        diagram.ioSummary = "I/O not measured: the counters restarted since the previous reading.";
    } else if (anyGap) {
        diagram.ioSummary = "I/O not measured: the previous reading is too old to tell what flows now.";
    } else if (anyReading) {
        diagram.ioSummary = "I/O not measured yet: the shares need a second reading.";
    } else {
        diagram.ioSummary = "The source gives no I/O counters for these paths.";
    }
    return diagram;
}

// ----------------------------------------------------------------- layout

PathDiagramGeometry layoutPathDiagram(const PathDiagram &diagram, const PathDiagramMetrics &metrics)
{
    PathDiagramGeometry g;
    const double margin = metrics.margin;
    const double line = metrics.lineHeight;
    const double nodeHeight = 2 * line + 6;
    const double rowHeight = nodeHeight + 6;
    const double labelRoom = metrics.ioLabelWidth + 6;

    // Gaps grow a little with the width; the columns take the rest, and below
    // their minimum the diagram gets wider than asked (the view scrolls).
    double width = std::max(0.0, metrics.width);
    const double gap1 = 20.0 + std::max(0.0, width - 560.0) * 0.06;
    const double curve = 22.0 + std::max(0.0, width - 560.0) * 0.05;
    const double fixed = 2 * margin + gap1 + labelRoom + curve;
    const double minimumColumns = metrics.minColumnWidth[0] + metrics.minColumnWidth[1] + metrics.minColumnWidth[2];
    const double available = std::max(width - fixed, minimumColumns);
    width = fixed + available;
    const std::array<double, 3> share = {0.34, 0.28, 0.38};
    for (std::size_t c = 0; c < 3; ++c)
        g.columnWidth[c] = metrics.minColumnWidth[c] + (available - minimumColumns) * share[c];
    g.columnX[0] = margin;
    g.columnX[1] = g.columnX[0] + g.columnWidth[0] + gap1;
    g.columnX[2] = g.columnX[1] + g.columnWidth[1] + labelRoom + curve;

    g.headerY = margin;
    const double top = margin + line + 6;
    for (const PathDiagramNode &node : diagram.nodes) {
        const int c = node.column();
        g.nodes.emplace_back(g.columnX[c], top + node.slot * rowHeight + (rowHeight - nodeHeight) / 2,
                             g.columnWidth[c], nodeHeight);
    }
    for (const PathDiagramEdge &edge : diagram.edges) {
        const QRectF &from = g.nodes[edge.initiator];
        const QRectF &via = g.nodes[edge.target];
        const QRectF &to = g.nodes[edge.group];
        PathDiagramGeometry::Edge e;
        e.start = QPointF(from.right(), from.center().y());
        e.targetIn = QPointF(via.left(), via.center().y());
        e.targetOut = QPointF(via.right(), via.center().y());
        e.stubEnd = QPointF(via.right() + labelRoom, via.center().y());
        e.end = QPointF(to.left(), to.center().y());
        e.label = QRectF(via.right() + 4, via.center().y() - line - 2, metrics.ioLabelWidth, line);
        e.middle = QPointF((e.targetOut.x() + e.stubEnd.x()) / 2, e.targetOut.y());
        g.edges.push_back(e);
    }
    const double bottom = top + std::max(1, diagram.rows) * rowHeight;
    g.legend = QRectF(margin, bottom + 6, width - 2 * margin, 2 * line + 4); // the key, then what was measured
    g.size = QSizeF(width, g.legend.bottom() + margin);
    return g;
}

std::array<std::string, 3> pathDiagramColumnTitles()
{
    return {"HBA port", "Target port", "Controller (TPG)"};
}

std::string pathDiagramLegendText()
{
    return "solid A/O, dashed A/NO, dotted Standby, dash-dot Transitioning, crossed Failed/Unavailable; "
           "thick: carries I/O";
}

// -------------------------------------------------------------------- SVG

namespace {

/// XML text and attribute escaping. Invalid UTF-8 becomes U+FFFD on the way
/// through QString; control characters XML cannot hold become spaces.
std::string xml(const std::string &text)
{
    const QString in = QString::fromUtf8(text.data(), qsizetype(text.size()));
    QString out;
    out.reserve(in.size() + 16);
    for (const QChar ch : in) {
        switch (ch.unicode()) {
        case '&': out += QLatin1String("&amp;"); break;
        case '<': out += QLatin1String("&lt;"); break;
        case '>': out += QLatin1String("&gt;"); break;
        case '"': out += QLatin1String("&quot;"); break;
        case '\'': out += QLatin1String("&apos;"); break;
        default:
            if (ch.unicode() < 0x20 || ch.unicode() == 0xFFFE || ch.unicode() == 0xFFFF)
                out += QLatin1Char(' ');
            else
                out += ch;
        }
    }
    return out.toStdString();
}

/// Cuts text to what fits (estimated: the SVG has no font metrics), on
/// character boundaries.
std::string elide(const std::string &text, double width, double fontSize, bool bold = false)
{
    const QString in = QString::fromUtf8(text.data(), qsizetype(text.size()));
    const double charWidth = fontSize * (bold ? 0.62 : 0.56); // a sans-serif's average, on the safe side
    const qsizetype fits = qsizetype(std::max(1.0, std::floor(width / charWidth)));
    if (in.size() <= fits)
        return text;
    QString cut = in.left(std::max<qsizetype>(1, fits - 1));
    if (cut.size() > 0 && cut.back().isHighSurrogate())
        cut.chop(1);
    return (cut + QChar(0x2026)).toStdString();
}

/// A subtitle that does not fit gives way to its short form before it is cut.
const std::string &subtitleFor(const PathDiagramNode &node, double width, double fontSize)
{
    if (node.shortSubtitle.empty() || elide(node.subtitle, width, fontSize) == node.subtitle)
        return node.subtitle;
    return node.shortSubtitle;
}

const char *svgColor(PathState state)
{
    // The same colours as the views' state colours.
    switch (state) {
    case PathState::ActiveOptimized: return "#1a7f3e";
    case PathState::ActiveUnoptimized: return "#b06800";
    case PathState::Standby: return "#255fbd";
    case PathState::Unavailable: return "#636870";
    case PathState::Transitioning: return "#93327f";
    case PathState::Failed: return "#c02723";
    case PathState::Offline: return "#455a64";
    case PathState::Unknown: break;
    }
    return "#6b7079";
}

const char *svgDash(PathStroke stroke)
{
    switch (stroke) {
    case PathStroke::Dashed: return " stroke-dasharray=\"9 5\"";
    case PathStroke::Dotted: return " stroke-dasharray=\"2 4\" stroke-linecap=\"round\"";
    case PathStroke::DashDot: return " stroke-dasharray=\"9 4 2 4\"";
    case PathStroke::Faint: return " stroke-opacity=\"0.55\"";
    case PathStroke::Solid:
    case PathStroke::Crossed: break;
    }
    return "";
}

std::string num(double value)
{
    return QString::number(value, 'f', 1).toStdString();
}

std::string point(const QPointF &p)
{
    return num(p.x()) + ' ' + num(p.y());
}

std::string curve(const QPointF &from, const QPointF &to)
{
    const double dx = (to.x() - from.x()) / 2;
    return "C " + point(QPointF(from.x() + dx, from.y())) + ", " + point(QPointF(to.x() - dx, to.y())) + ", "
        + point(to);
}

std::string joinLines(const std::vector<std::string> &lines)
{
    std::string text;
    for (const std::string &line : lines)
        text += (text.empty() ? "" : "\n") + line;
    return text;
}

} // namespace

std::string renderPathDiagramSvg(const PathDiagram &diagram, double width)
{
    constexpr double fontSize = 12;
    PathDiagramMetrics metrics;
    metrics.width = width;
    const PathDiagramGeometry g = layoutPathDiagram(diagram, metrics);
    const std::string w = num(g.size.width()), h = num(g.size.height());

    std::string svg;
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w
        + ' ' + h + "\" font-family=\"sans-serif\" font-size=\"" + num(fontSize) + "\">\n";
    svg += "<title>" + xml("Paths of " + (diagram.title.empty() ? diagram.diskKey : diagram.title)) + "</title>\n";
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";

    if (diagram.empty()) {
        svg += "<text x=\"" + num(metrics.margin) + "\" y=\"" + num(metrics.margin + fontSize) + "\" fill=\"#555\">"
            + xml("No paths to show.") + "</text>\n</svg>\n";
        return svg;
    }

    const auto titles = pathDiagramColumnTitles();
    for (int c = 0; c < 3; ++c)
        svg += "<text x=\"" + num(g.columnX[c]) + "\" y=\"" + num(g.headerY + fontSize) + "\" fill=\"#555\" font-weight=\"bold\">"
            + xml(titles[std::size_t(c)]) + "</text>\n";

    // Highlights and edges under the nodes, I/O paths last so they stay on top.
    std::vector<std::size_t> order(diagram.edges.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return diagram.edges[a].io.carriesIo < diagram.edges[b].io.carriesIo;
    });
    for (const std::size_t i : order) {
        const PathDiagramEdge &edge = diagram.edges[i];
        const PathDiagramGeometry::Edge &e = g.edges[i];
        const PathState state = edge.shownState();
        const PathStroke stroke = pathStroke(state);
        const std::string d = "M " + point(e.start) + ' ' + curve(e.start, e.targetIn) + " M " + point(e.targetOut)
            + " L " + point(e.stubEnd) + ' ' + curve(e.stubEnd, e.end);
        const double strokeWidth = edge.io.carriesIo ? 5.0 : stroke == PathStroke::Faint ? 1.2 : 2.0;
        svg += "<g>\n<title>" + xml(joinLines(edge.details)) + "</title>\n";
        if (edge.highlighted)
            svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#ffd54a\" stroke-opacity=\"0.7\" stroke-width=\""
                + num(strokeWidth + 7) + "\"/>\n";
        svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + svgColor(state) + "\" stroke-width=\"" + num(strokeWidth)
            + '"' + svgDash(stroke) + "/>\n";
        if (stroke == PathStroke::Crossed) {
            const double r = 5;
            const QPointF m = e.middle;
            svg += "<path d=\"M " + point(m - QPointF(r, r)) + " L " + point(m + QPointF(r, r)) + " M "
                + point(m + QPointF(-r, r)) + " L " + point(m + QPointF(r, -r)) + "\" stroke=\"" + svgColor(state)
                + "\" stroke-width=\"2.5\"/>\n";
        }
        if (!edge.ioLabel.empty())
            svg += "<text x=\"" + num(e.label.left()) + "\" y=\"" + num(e.label.bottom() - 3)
                + "\" font-weight=\"bold\" fill=\"#222\">" + xml(edge.ioLabel) + "</text>\n";
        svg += "</g>\n";
    }

    for (std::size_t i = 0; i < diagram.nodes.size(); ++i) {
        const PathDiagramNode &node = diagram.nodes[i];
        const QRectF &r = g.nodes[i];
        const bool group = node.kind == PathDiagramNode::Kind::TargetPortGroup;
        const std::string accent = group ? svgColor(node.state) : "#8a8f98";
        svg += "<g>\n<title>" + xml(joinLines(node.details)) + "</title>\n";
        svg += "<rect x=\"" + num(r.x()) + "\" y=\"" + num(r.y()) + "\" width=\"" + num(r.width()) + "\" height=\""
            + num(r.height()) + "\" rx=\"4\" fill=\"#f6f7f9\" stroke=\"" + accent + "\" stroke-width=\""
            + (group ? "2" : "1") + "\"/>\n";
        svg += "<text x=\"" + num(r.x() + 6) + "\" y=\"" + num(r.y() + metrics.lineHeight) + "\" font-weight=\"bold\">"
            + xml(elide(node.title, r.width() - 12, fontSize, true)) + "</text>\n";
        svg += "<text x=\"" + num(r.x() + 6) + "\" y=\"" + num(r.y() + 2 * metrics.lineHeight + 2) + "\" fill=\""
            + (group ? accent : std::string("#555")) + "\">" + xml(elide(subtitleFor(node, r.width() - 12, fontSize), r.width() - 12, fontSize))
            + "</text>\n";
        svg += "</g>\n";
    }

    const double legendWidth = g.legend.width();
    svg += "<text x=\"" + num(g.legend.left()) + "\" y=\"" + num(g.legend.top() + fontSize) + "\" fill=\"#555\">"
        + xml(elide(pathDiagramLegendText(), legendWidth, fontSize)) + "</text>\n";
    svg += "<text x=\"" + num(g.legend.left()) + "\" y=\"" + num(g.legend.top() + metrics.lineHeight + fontSize)
        + "\" fill=\"#555\">" + xml(elide(diagram.ioSummary, legendWidth, fontSize)) + "</text>\n";
    svg += "</svg>\n";
    return svg;
}

} // namespace pathlens
