#include "model/report/htmlreport.h"

#include "model/report/reportsvg.h"
#include "model/report/reporttext.h"

#include <algorithm>
#include <cmath>

namespace pathlens {

namespace {

using namespace reporttext;

// Light fills for table cells: dark text stays readable on them, in colour
// and in a black-and-white print.
std::string_view cellColour(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "#c8e6c9";
    case PathState::ActiveUnoptimized: return "#ffe082";
    case PathState::Standby: return "#bbdefb";
    case PathState::Unavailable: return "#e0e0e0";
    case PathState::Transitioning: return "#e1bee7";
    case PathState::Failed: return "#ffcdd2";
    case PathState::Offline: return "#cfd8dc";
    case PathState::Unknown: break;
    }
    return "#f5f5f5";
}

std::string_view severityColour(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return "#ffcdd2";
    case Severity::Warning: return "#ffe082";
    case Severity::Info: return "#bbdefb";
    case Severity::None: break;
    }
    return "#ffffff";
}

constexpr const char *Style = R"(<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;color:#111;margin:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid #444}
h3{font-size:15px;margin:18px 0 4px}.meta{color:#444;margin:2px 0}
table{border-collapse:collapse;margin:6px 0 10px}th,td{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#eee}td.num{text-align:right}
td.st-ao{background:#c8e6c9}td.st-ano{background:#ffe082}td.st-sb{background:#bbdefb}td.st-ua{background:#e0e0e0}
td.st-tr{background:#e1bee7}td.st-fail{background:#ffcdd2}td.st-off{background:#cfd8dc}td.st-unknown{background:#f5f5f5}
td.sev-critical{background:#ffcdd2}td.sev-warning{background:#ffe082}td.sev-info{background:#bbdefb}
svg{display:block;margin:4px 0;font-size:12px}svg text{fill:#111}
rect.st-ao{fill:#2e7d32}rect.st-ano{fill:#f9a825}rect.st-sb{fill:#1565c0}rect.st-ua{fill:#616161}
rect.st-tr{fill:#6a1b9a}rect.st-fail{fill:#c62828}rect.st-off{fill:#455a64}rect.st-unknown{fill:#bdbdbd}
svg text.on-bar{fill:#fff}rect.st-ano+text.on-bar,rect.st-unknown+text.on-bar{fill:#111}
.worse{font-weight:bold}.props{margin:2px 0}
@media print{h2{page-break-before:always}table{page-break-inside:auto}tr{page-break-inside:avoid}}
</style>)";

class HtmlWriter final
{
public:
    HtmlWriter(const ReportContent &content, bool print) : m_content(content), m_print(print) {}

    QByteArray write()
    {
        m_out.reserve(qsizetype(m_content.pathCount() * (m_print ? 700 : 1100) + 16384));
        head();
        summary();
        problems();
        findings();
        changes();
        for (const ReportServer &server : m_content.servers)
            serverSection(server);
        m_out.append("</body></html>\n");
        return std::move(m_out);
    }

private:
    void text(std::string_view value) { appendHtml(m_out, value); }
    void raw(const char *value) { m_out.append(value); }
    void raw(std::string_view value) { m_out.append(value.data(), qsizetype(value.size())); }
    void number(std::uint64_t value) { appendNumber(m_out, value); }

    void cell(std::string_view value)
    {
        raw("<td>");
        text(value);
        raw("</td>");
    }
    void noWrapCell(std::string_view value)
    {
        raw(m_print ? "<td style=\"white-space:nowrap\">" : "<td>");
        text(value);
        raw("</td>");
    }
    void numberCell(std::uint64_t value)
    {
        raw("<td class=\"num\" align=\"right\">");
        number(value);
        raw("</td>");
    }
    void optionalNumberCell(const std::optional<std::uint64_t> &value)
    {
        if (value)
            numberCell(*value);
        else
            raw("<td></td>");
    }
    void headerRow(std::initializer_list<const char *> names)
    {
        // A header row of its own: the PDF repeats it on every page a table spans.
        raw("<thead><tr>");
        for (const char *name : names) {
            raw(m_print ? "<th bgcolor=\"#eeeeee\">" : "<th>");
            raw(name);
            raw("</th>");
        }
        raw("</tr></thead>");
    }
    void tableOpen()
    {
        raw(m_print ? "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\" width=\"100%\">" : "<table>");
    }
    void stateCell(PathState state)
    {
        if (m_print) {
            raw("<td bgcolor=\"");
            raw(cellColour(state));
            raw("\">");
        } else {
            raw("<td class=\"");
            raw(stateClass(state));
            raw("\">");
        }
        text(state == PathState::Unknown ? std::string_view("unknown") : toString(state));
        raw("</td>");
    }
    void severityCell(Severity severity)
    {
        if (severity == Severity::None) {
            raw("<td></td>");
            return;
        }
        if (m_print) {
            raw("<td bgcolor=\"");
            raw(severityColour(severity));
            raw("\">");
        } else {
            raw("<td class=\"sev-");
            raw(toString(severity));
            raw("\">");
        }
        raw(toString(severity));
        raw("</td>");
    }

    void head()
    {
        raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        if (!m_print) {
            // Nothing may load from elsewhere and nothing may run, whatever
            // a name in the data tries.
            raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                "'unsafe-inline'\">");
            raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        }
        raw("<title>PathLens path report</title>");
        if (!m_print)
            raw(Style);
        raw("</head><body>\n<h1>PathLens path report</h1>\n");
        raw("<p class=\"meta\">Generated ");
        text(isoTime(m_content.generated));
        raw(" &#183; Source: ");
        text(m_content.backend.empty() ? std::string_view("unknown") : std::string_view(m_content.backend));
        raw(" &#183; Scope: ");
        text(m_content.scopeText);
        raw("</p>\n");
    }

    void summary()
    {
        raw("<h2 id=\"summary\">Summary</h2>\n");
        tableOpen();
        headerRow({"Servers", "Ports", "Disks", "Paths", "Critical", "Warnings", "Info"});
        raw("<tr>");
        numberCell(m_content.servers.size());
        numberCell(m_content.portCount());
        numberCell(m_content.disks.size());
        numberCell(m_content.pathCount());
        numberCell(m_content.findingCount(Severity::Critical));
        numberCell(m_content.findingCount(Severity::Warning));
        numberCell(m_content.findingCount(Severity::Info));
        raw("</tr></table>\n");
        if (!m_content.healthEvaluated)
            raw("<p>The health rules were not evaluated for this reading.</p>\n");
        else if (m_content.ioMeasured)
            raw("<p>I/O was measured between two readings.</p>\n");
        else
            raw("<p>I/O was not measured: the findings come from the path states alone.</p>\n");

        if (m_print)
            printStateSummary();
        else
            appendStateSummarySvg(m_out, m_content);
    }

    void printStateSummary()
    {
        const std::array<std::size_t, kPathStateCount> counts = m_content.pathStateCounts();
        const std::size_t total = m_content.pathCount();
        if (total == 0)
            return;
        tableOpen();
        headerRow({"Path state", "Paths", "Share"});
        for (PathState state : {PathState::ActiveOptimized, PathState::ActiveUnoptimized, PathState::Standby,
                                PathState::Transitioning, PathState::Unavailable, PathState::Offline,
                                PathState::Failed, PathState::Unknown}) {
            const std::size_t count = counts[std::size_t(state)];
            if (count == 0)
                continue;
            raw("<tr>");
            stateCell(state);
            numberCell(count);
            shareBarCell(double(count) / double(total), state);
            raw("</tr>");
        }
        raw("</table>\n");
    }

    // A bar of block characters: vector in the PDF, readable without colour.
    void shareBarCell(double share, PathState state, int width = 40)
    {
        raw("<td><font color=\"");
        raw(stateColour(state));
        raw("\">");
        const int blocks = int(std::lround(share * width));
        for (int i = 0; i < blocks; ++i)
            raw("\xe2\x96\x88");
        raw("</font> ");
        appendNumber(m_out, share * 100.0, 1);
        raw(" %</td>");
    }

    void problems()
    {
        if (m_content.problems.empty())
            return;
        raw("<h2 id=\"problems\">What could not be read</h2>\n<ul>");
        for (const std::string &problem : m_content.problems) {
            raw("<li>");
            text(problem);
            raw("</li>");
        }
        raw("</ul>\n");
    }

    void findings()
    {
        raw("<h2 id=\"findings\">Health findings</h2>\n");
        if (m_content.findings.empty()) {
            raw(m_content.healthEvaluated ? "<p>No findings.</p>\n" : "<p>Not evaluated.</p>\n");
            return;
        }
        tableOpen();
        headerRow({"Severity", "Rule", "Object", "Finding", "Recommendation"});
        for (const Finding &finding : m_content.findings) {
            raw("<tr>");
            severityCell(finding.severity);
            cell(finding.rule);
            cell(finding.objectName.empty() ? finding.object.keyPath() : finding.objectName);
            cell(finding.message);
            cell(finding.recommendation);
            raw("</tr>\n");
        }
        raw("</table>\n");
    }

    void changes()
    {
        if (!m_content.diff)
            return;
        const ReportDiff &diff = *m_content.diff;
        raw("<h2 id=\"changes\">Changes since the baseline</h2>\n<p class=\"meta\">Compared with the ");
        text(diff.baseline);
        raw(".");
        if (!diff.comparedPolicies)
            raw(" Load-balance policies were not compared: the baseline does not record them.");
        if (!diff.comparedAllPorts)
            raw(" Only ports that carried paths in the baseline were compared.");
        raw("</p>\n");
        if (diff.changes.empty()) {
            raw("<p>No changes.</p>\n");
            return;
        }
        tableOpen();
        headerRow({"Change", "Object", "Before", "Now"});
        for (const ReportChange &change : diff.changes) {
            raw(change.worse ? "<tr class=\"worse\">" : "<tr>");
            if (change.worse)
                raw(m_print ? "<td bgcolor=\"#ffcdd2\"><b>" : "<td class=\"sev-warning\">");
            else
                raw("<td>");
            raw(toTitle(change.kind));
            raw(change.worse && m_print ? "</b></td>" : "</td>");
            cell(change.object);
            cell(change.before);
            cell(change.after);
            raw("</tr>\n");
        }
        raw("</table>\n");
    }

    void serverSection(const ReportServer &server)
    {
        raw("<h2>Server ");
        text(server.name);
        raw("</h2>\n<p class=\"meta\">");
        bool first = true;
        auto prop = [&](const char *name, std::string_view value) {
            if (value.empty())
                return;
            if (!first)
                raw(" &#183; ");
            first = false;
            raw(name);
            raw(": ");
            text(value);
        };
        prop("Host", server.server.hostName);
        prop("State", server.server.state);
        prop("Version", server.server.version);
        raw("</p>\n");
        for (const std::string &problem : server.problems) {
            raw("<p><b>Not read:</b> ");
            text(problem);
            raw("</p>\n");
        }

        raw("<h3>Ports</h3>\n");
        tableOpen();
        headerRow({"Port", "Roles", "Type", "Mode", "Presence", "PCI", "Driver", "WWPN / IQN", "Adapter", "Join",
                   "Paths", "Finding"});
        for (const ReportPort &port : server.ports) {
            raw("<tr>");
            cell(port.name);
            cell(rolesToString(port.roles()));
            if (port.port) {
                cell(port.port->type == PortType::Unknown ? std::string_view() : toString(port.port->type));
                cell(port.port->mode == PortMode::Unknown ? std::string_view() : toString(port.port->mode));
                if (port.port->presence == Presence::NotPresent && !m_print)
                    raw("<td class=\"st-fail\">Not present</td>");
                else if (port.port->presence == Presence::NotPresent)
                    raw("<td bgcolor=\"#ffcdd2\">Not present</td>");
                else
                    cell(port.port->presence == Presence::Unknown ? std::string_view() : toString(port.port->presence));
            } else {
                cell({});
                cell({});
                cell({});
            }
            const std::optional<PciLocation> pci = port.pci();
            cell(pci ? pci->toString() : std::string());
            cell(port.port ? port.port->driverName
                           : (port.adapter ? port.adapter->driver.provider + " " + port.adapter->driver.version
                                           : std::string()));
            cell(port.port ? std::string_view(port.port->portName) : std::string_view());
            cell(port.adapter ? std::string_view(port.adapter->description) : std::string_view());
            cell(port.joinNote.empty() ? std::string(toString(port.join))
                                       : std::string(toString(port.join)) + ": " + port.joinNote);
            numberCell(port.pathCount);
            severityCell(port.worst);
            raw("</tr>\n");
        }
        raw("</table>\n");

        for (const ReportDisk &disk : m_content.disks) {
            if (disk.serverKey == server.key)
                diskSection(disk);
        }
    }

    void diskSection(const ReportDisk &disk)
    {
        raw("<h3>Disk ");
        text(disk.caption.empty() ? disk.key : disk.caption);
        raw("</h3>\n<p class=\"props\">");
        raw("Serial: ");
        text(disk.serial.empty() ? std::string_view("unknown") : std::string_view(disk.serial));
        raw(" &#183; Owner: ");
        raw(toString(disk.owner));
        if (disk.mpioDisk) {
            raw(" &#183; MPIO Disk");
            number(*disk.mpioDisk);
        }
        if (!disk.systemDisk.empty()) {
            raw(" &#183; ");
            text(disk.systemDisk);
        }
        raw(" &#183; Policy: ");
        text(disk.policy == LoadBalancePolicy::Unknown ? std::string_view("unknown") : toString(disk.policy));
        if (!disk.dsm.empty()) {
            raw(" &#183; DSM: ");
            text(disk.dsm);
        }
        raw(" &#183; ALUA: ");
        if (disk.owner == PathOwner::DataCoreDriver)
            raw(disk.aluaCapable ? "TPGS reported" : "unknown");
        else
            text(disk.alua == AluaSupport::Unknown ? std::string_view("unknown") : toString(disk.alua));
        raw(" &#183; ");
        number(disk.usableCount());
        raw(" usable, ");
        number(disk.optimizedCount());
        raw(" optimized of ");
        number(disk.paths.size());
        raw(" paths");
        if (disk.worst != Severity::None) {
            raw(" &#183; <b>");
            raw(toString(disk.worst));
            raw("</b>");
        }
        raw("</p>\n");

        // In print the diagram and the chart are columns of the path table:
        // the state cells coloured, the share of bytes moved as a bar.
        if (!m_print)
            diskDiagram(disk);
        const std::vector<double> shares = m_print ? ioShares(disk) : std::vector<double>();

        tableOpen();
        if (m_print)
            headerRow({"Path", "SCSI address", "Port", "Adapter", "State", "TPG", "TPG state", "Preferred", "Weight",
                       "Reads", "Writes", "Bytes read", "Bytes written", "Share of bytes moved", "Finding", "Change"});
        else
            headerRow({"Path", "SCSI address", "Port", "Adapter", "State", "TPG", "TPG state", "Preferred", "Weight",
                       "Reads", "Writes", "Bytes read", "Bytes written", "Finding", "Change"});
        std::size_t index = 0;
        for (const ReportPath &path : disk.paths) {
            const PathEntry &entry = path.entry;
            const bool mpio = entry.owner == PathOwner::Mpio;
            raw("<tr>");
            // Ids and addresses are read as a whole: never broken in print.
            noWrapCell(entry.pathId ? formatPathId(*entry.pathId) : std::string());
            noWrapCell(entry.scsi.toString());
            cell(path.portName);
            cell(path.adapter);
            stateCell(entry.state);
            optionalNumberCell(entry.tpgId ? std::optional<std::uint64_t>(*entry.tpgId) : std::nullopt);
            stateCell(entry.tpgState);
            cell(mpio ? (entry.preferred ? "yes" : "no") : (entry.inUse ? "in use" : ""));
            optionalNumberCell(mpio ? std::optional<std::uint64_t>(entry.weight) : std::nullopt);
            if (path.counters) {
                numberCell(path.counters->reads);
                numberCell(path.counters->writes);
                numberCell(path.counters->bytesRead);
                numberCell(path.counters->bytesWritten);
            } else {
                raw("<td></td><td></td><td></td><td></td>");
            }
            if (m_print) {
                if (shares.empty())
                    raw("<td>not measured</td>");
                else
                    shareBarCell(shares[index], path.arrayState(), 20);
            }
            ++index;
            severityCell(path.worst);
            cell(path.change);
            raw("</tr>\n");
        }
        raw("</table>\n");
    }

    // The path diagram comes from one function; the diagram layout shared
    // with the console can take its place there.
    void diskDiagram(const ReportDisk &disk)
    {
        appendDiskDiagramSvg(m_out, disk);
        appendIoShareChartSvg(m_out, disk);
    }

    const ReportContent &m_content;
    const bool m_print;
    QByteArray m_out;
};

} // namespace

QByteArray htmlReport(const ReportContent &content)
{
    return HtmlWriter(content, false).write();
}

QByteArray printHtmlReport(const ReportContent &content)
{
    return HtmlWriter(content, true).write();
}

} // namespace pathlens
