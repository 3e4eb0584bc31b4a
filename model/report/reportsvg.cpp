#include "model/report/reportsvg.h"

#include "model/report/reporttext.h"

#include <algorithm>

namespace pathlens {

namespace {

using namespace reporttext;

constexpr int Width = 640;
constexpr int LabelWidth = 300;
constexpr int RowHeight = 20;
constexpr int BarHeight = 16;

constexpr PathState ShownStates[] = {PathState::ActiveOptimized, PathState::ActiveUnoptimized, PathState::Standby,
                                     PathState::Transitioning,   PathState::Unavailable,       PathState::Offline,
                                     PathState::Failed,          PathState::Unknown};

constexpr int LabelCharacters = 36; ///< what fits in LabelWidth at 12 px

std::string fullLabel(const ReportPath &path)
{
    return (path.entry.pathId ? formatPathId(*path.entry.pathId) : path.entry.scsi.toString()) + " via "
        + path.portName;
}

// The label beside a bar: cut to fit (whole characters, not bytes), the full
// text as the element's tooltip.
void pathLabel(QByteArray &out, const ReportPath &path)
{
    const std::string full = fullLabel(path);
    out.append("<title>");
    appendHtml(out, full);
    out.append("</title>");
    std::string storage;
    const std::string_view valid = validUtf8(full, storage);
    if (valid.size() <= std::size_t(LabelCharacters)) {
        appendHtml(out, valid);
        return;
    }
    QString text = QString::fromUtf8(valid.data(), qsizetype(valid.size()));
    text.truncate(LabelCharacters - 1);
    appendHtml(out, text.toStdString());
    out.append("\xe2\x80\xa6");
}

void svgOpen(QByteArray &out, const char *cssClass, int height, std::string_view title, std::string_view what)
{
    out.append("<svg class=\"");
    out.append(cssClass);
    out.append("\" width=\"");
    appendNumber(out, std::uint64_t(Width));
    out.append("\" height=\"");
    appendNumber(out, std::uint64_t(height));
    out.append("\" viewBox=\"0 0 ");
    appendNumber(out, std::uint64_t(Width));
    out.append(' ');
    appendNumber(out, std::uint64_t(height));
    out.append("\" role=\"img\"><title>");
    appendHtml(out, title);
    out.append(what.data(), qsizetype(what.size()));
    out.append("</title>");
}

void y(QByteArray &out, std::size_t row, int offset)
{
    appendNumber(out, std::uint64_t(row * RowHeight + std::size_t(offset)));
}

} // namespace

std::string_view stateColour(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "#2e7d32";
    case PathState::ActiveUnoptimized: return "#f9a825";
    case PathState::Standby: return "#1565c0";
    case PathState::Unavailable: return "#616161";
    case PathState::Transitioning: return "#6a1b9a";
    case PathState::Failed: return "#c62828";
    case PathState::Offline: return "#455a64";
    case PathState::Unknown: break;
    }
    return "#bdbdbd";
}

std::string_view stateClass(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "st-ao";
    case PathState::ActiveUnoptimized: return "st-ano";
    case PathState::Standby: return "st-sb";
    case PathState::Unavailable: return "st-ua";
    case PathState::Transitioning: return "st-tr";
    case PathState::Failed: return "st-fail";
    case PathState::Offline: return "st-off";
    case PathState::Unknown: break;
    }
    return "st-unknown";
}

std::vector<double> ioShares(const ReportDisk &disk)
{
    std::vector<double> shares;
    double total = 0;
    for (const ReportPath &path : disk.paths) {
        const double moved = path.counters ? double(path.counters->bytesRead) + double(path.counters->bytesWritten) : 0;
        shares.push_back(moved);
        total += moved;
    }
    if (total <= 0)
        return {};
    for (double &share : shares)
        share /= total;
    return shares;
}

void appendDiskDiagramSvg(QByteArray &out, const ReportDisk &disk)
{
    const int height = int(std::max<std::size_t>(disk.paths.size(), 1) * RowHeight);
    svgOpen(out, "diagram", height, disk.displayName(), ": paths by state");
    for (std::size_t i = 0; i < disk.paths.size(); ++i) {
        const ReportPath &path = disk.paths[i];
        const PathState state = path.entry.state;
        out.append("<text x=\"0\" y=\"");
        y(out, i, 13);
        out.append("\">");
        pathLabel(out, path);
        out.append("</text><rect x=\"");
        appendNumber(out, std::uint64_t(LabelWidth));
        out.append("\" y=\"");
        y(out, i, 2);
        out.append("\" width=\"");
        appendNumber(out, std::uint64_t(Width - LabelWidth));
        out.append("\" height=\"");
        appendNumber(out, std::uint64_t(BarHeight));
        out.append("\" class=\"");
        out.append(stateClass(state).data(), qsizetype(stateClass(state).size()));
        out.append("\"/><text class=\"on-bar\" x=\"");
        appendNumber(out, std::uint64_t(LabelWidth + 6));
        out.append("\" y=\"");
        y(out, i, 14);
        out.append("\">");
        append(out, state == PathState::Unknown ? std::string_view("state unknown") : toString(state));
        if (path.entry.tpgId) {
            out.append(" \xc2\xb7 TPG ");
            appendNumber(out, std::uint64_t(*path.entry.tpgId));
        }
        if (path.entry.preferred && path.entry.owner == PathOwner::Mpio)
            out.append(" \xc2\xb7 preferred");
        if (path.entry.inUse && path.entry.owner == PathOwner::DataCoreDriver)
            out.append(" \xc2\xb7 in use");
        out.append("</text>");
    }
    out.append("</svg>");
}

void appendIoShareChartSvg(QByteArray &out, const ReportDisk &disk)
{
    const std::vector<double> shares = ioShares(disk);
    if (shares.empty())
        return;
    const int height = int(disk.paths.size() * RowHeight);
    svgOpen(out, "chart", height, disk.displayName(), ": share of bytes moved per path");
    const int barWidth = Width - LabelWidth - 60;
    for (std::size_t i = 0; i < disk.paths.size(); ++i) {
        const ReportPath &path = disk.paths[i];
        out.append("<text x=\"0\" y=\"");
        y(out, i, 13);
        out.append("\">");
        pathLabel(out, path);
        out.append("</text><rect x=\"");
        appendNumber(out, std::uint64_t(LabelWidth));
        out.append("\" y=\"");
        y(out, i, 2);
        out.append("\" width=\"");
        appendNumber(out, shares[i] * barWidth, 1);
        out.append("\" height=\"");
        appendNumber(out, std::uint64_t(BarHeight));
        out.append("\" class=\"");
        const std::string_view cls = stateClass(path.arrayState());
        out.append(cls.data(), qsizetype(cls.size()));
        out.append("\"/><text x=\"");
        appendNumber(out, LabelWidth + shares[i] * barWidth + 4, 1);
        out.append("\" y=\"");
        y(out, i, 14);
        out.append("\">");
        appendNumber(out, shares[i] * 100.0, 1);
        out.append(" %</text>");
    }
    out.append("</svg>");
}

void appendStateSummarySvg(QByteArray &out, const ReportContent &content)
{
    const std::array<std::size_t, kPathStateCount> counts = content.pathStateCounts();
    std::size_t total = 0;
    for (std::size_t count : counts)
        total += count;
    if (total == 0)
        return;
    std::size_t legendRows = 0;
    for (PathState state : ShownStates)
        legendRows += counts[std::size_t(state)] > 0 ? 1 : 0;
    const int height = 30 + int(legendRows) * RowHeight;
    svgOpen(out, "summary", height, "All paths", " by state");
    double x = 0;
    for (PathState state : ShownStates) {
        const std::size_t count = counts[std::size_t(state)];
        if (count == 0)
            continue;
        const double width = double(Width) * double(count) / double(total);
        out.append("<rect x=\"");
        appendNumber(out, x, 1);
        out.append("\" y=\"0\" width=\"");
        appendNumber(out, width, 1);
        out.append("\" height=\"22\" class=\"");
        out.append(stateClass(state).data(), qsizetype(stateClass(state).size()));
        out.append("\"/>");
        x += width;
    }
    std::size_t row = 0;
    for (PathState state : ShownStates) {
        const std::size_t count = counts[std::size_t(state)];
        if (count == 0)
            continue;
        out.append("<rect x=\"0\" y=\"");
        y(out, row, 32);
        out.append("\" width=\"14\" height=\"14\" class=\"");
        out.append(stateClass(state).data(), qsizetype(stateClass(state).size()));
        out.append("\"/><text x=\"20\" y=\"");
        y(out, row, 44);
        out.append("\">");
        append(out, state == PathState::Unknown ? std::string_view("Unknown") : toString(state));
        out.append(": ");
        appendNumber(out, std::uint64_t(count));
        out.append("</text>");
        ++row;
    }
    out.append("</svg>");
}

} // namespace pathlens
