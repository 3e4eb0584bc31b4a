#include "model/report/prometheusreport.h"

#include "model/report/reporttext.h"

#include <chrono>

namespace pathlens {

namespace {

using namespace reporttext;

constexpr PathState LabelledStates[] = {PathState::ActiveOptimized, PathState::ActiveUnoptimized, PathState::Standby,
                                        PathState::Unavailable,     PathState::Transitioning,     PathState::Failed,
                                        PathState::Offline,         PathState::Unknown};

constexpr ReportChange::Kind ChangeKinds[] = {
    ReportChange::Kind::ServerAdded,   ReportChange::Kind::ServerLost,   ReportChange::Kind::PortAppeared,
    ReportChange::Kind::PortVanished,  ReportChange::Kind::PortPresenceChanged, ReportChange::Kind::DiskAdded,
    ReportChange::Kind::DiskLost,      ReportChange::Kind::PathAdded,    ReportChange::Kind::PathLost,
    ReportChange::Kind::PathMoved,     ReportChange::Kind::StateChanged, ReportChange::Kind::TpgChanged,
    ReportChange::Kind::PolicyChanged,
};

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out.append("# HELP ");
    out.append(name);
    out.append(' ');
    out.append(help);
    out.append("\n# TYPE ");
    out.append(name);
    out.append(' ');
    out.append(type);
    out.append('\n');
}

void label(QByteArray &out, const char *name, std::string_view value, bool first = false)
{
    if (!first)
        out.append(',');
    out.append(name);
    out.append("=\"");
    appendLabelValue(out, value);
    out.append('"');
}

std::string pathLabel(const ReportPath &path)
{
    return path.entry.pathId ? formatPathId(*path.entry.pathId) : path.entry.key;
}

// The labels that name a path; the disk's labels name a disk.
void diskLabels(QByteArray &labels, const ReportDisk &disk)
{
    label(labels, "server", disk.serverName, true);
    label(labels, "disk", disk.key);
}

void value(QByteArray &out, const char *name, const QByteArray &labels, std::uint64_t number)
{
    out.append(name);
    if (!labels.isEmpty()) {
        out.append('{');
        out.append(labels);
        out.append('}');
    }
    out.append(' ');
    appendNumber(out, number);
    out.append('\n');
}

} // namespace

std::string_view prometheusStateLabel(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "active_optimized";
    case PathState::ActiveUnoptimized: return "active_unoptimized";
    case PathState::Standby: return "standby";
    case PathState::Unavailable: return "unavailable";
    case PathState::Transitioning: return "transitioning";
    case PathState::Failed: return "failed";
    case PathState::Offline: return "offline";
    case PathState::Unknown: break;
    }
    return "unknown";
}

QByteArray prometheusReport(const ReportContent &content)
{
    QByteArray out;
    out.reserve(qsizetype(content.pathCount() * 1300 + 8192));

    family(out, "pathlens_report_generated_timestamp_seconds", "gauge",
           "When PathLens read the server group, in seconds since the Unix epoch.");
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(content.generated.time_since_epoch()).count();
    value(out, "pathlens_report_generated_timestamp_seconds", {}, std::uint64_t(std::max<long long>(seconds, 0)));

    family(out, "pathlens_source_problems", "gauge",
           "Parts of the sources that could not be read; findings may be missing while this is above 0.");
    value(out, "pathlens_source_problems", {}, content.problems.size());

    family(out, "pathlens_health_evaluated", "gauge", "1 when the health rules were evaluated for this reading.");
    value(out, "pathlens_health_evaluated", {}, content.healthEvaluated ? 1 : 0);

    family(out, "pathlens_findings", "gauge", "Health findings by rule id and severity.");
    for (std::string_view rule : rules::All) {
        for (Severity severity : {Severity::Critical, Severity::Warning, Severity::Info}) {
            std::uint64_t count = 0;
            for (const Finding &finding : content.findings)
                count += finding.rule == rule && finding.severity == severity ? 1 : 0;
            QByteArray labels;
            label(labels, "rule", rule, true);
            label(labels, "severity", toString(severity));
            value(out, "pathlens_findings", labels, count);
        }
    }

    family(out, "pathlens_disk_info", "gauge",
           "A back-end disk of a server, with its caption, owner and load-balance policy; always 1.");
    for (const ReportDisk &disk : content.disks) {
        QByteArray labels;
        diskLabels(labels, disk);
        label(labels, "caption", disk.caption);
        label(labels, "owner", disk.owner == PathOwner::Mpio ? "mpio" : "datacore-driver");
        label(labels, "policy", disk.policy == LoadBalancePolicy::Unknown ? std::string_view("unknown")
                                                                          : toShortString(disk.policy));
        value(out, "pathlens_disk_info", labels, 1);
    }
    const struct {
        const char *name;
        const char *help;
        std::size_t (*count)(const ReportDisk &);
    } diskCounts[] = {
        {"pathlens_disk_paths", "Paths of a back-end disk through every port of the server.",
         [](const ReportDisk &disk) { return disk.paths.size(); }},
        {"pathlens_disk_usable_paths",
         "Paths of a back-end disk that can carry I/O now or after a failover (neither the path nor its target "
         "port group failed or unavailable).",
         [](const ReportDisk &disk) { return disk.usableCount(); }},
        {"pathlens_disk_optimized_paths",
         "Usable paths of a back-end disk that lead to an Active/Optimized target port group.",
         [](const ReportDisk &disk) { return disk.optimizedCount(); }},
    };
    for (const auto &metric : diskCounts) {
        family(out, metric.name, "gauge", metric.help);
        for (const ReportDisk &disk : content.disks) {
            QByteArray labels;
            diskLabels(labels, disk);
            value(out, metric.name, labels, metric.count(disk));
        }
    }

    family(out, "pathlens_path_state", "gauge",
           "ALUA state of a path: one series per state, 1 for the state the path is in, 0 for the others.");
    QByteArray prefix;
    for (const ReportDisk &disk : content.disks) {
        for (const ReportPath &path : disk.paths) {
            prefix = "pathlens_path_state{";
            diskLabels(prefix, disk);
            label(prefix, "path", pathLabel(path));
            label(prefix, "port", path.portName);
            prefix.append(",state=\"");
            for (PathState state : LabelledStates) {
                out.append(prefix);
                const std::string_view name = prometheusStateLabel(state);
                out.append(name.data(), qsizetype(name.size()));
                out.append(path.entry.state == state ? "\"} 1\n" : "\"} 0\n");
            }
        }
    }

    const struct {
        const char *name;
        const char *help;
        bool read;
    } byteCounters[] = {
        {"pathlens_path_read_bytes_total", "Bytes read over a path, as the multipath driver counts them.", true},
        {"pathlens_path_written_bytes_total", "Bytes written over a path, as the multipath driver counts them.",
         false},
    };
    for (const auto &metric : byteCounters) {
        family(out, metric.name, "counter", metric.help);
        for (const ReportDisk &disk : content.disks) {
            for (const ReportPath &path : disk.paths) {
                if (!path.counters)
                    continue;
                QByteArray labels;
                diskLabels(labels, disk);
                label(labels, "path", pathLabel(path));
                label(labels, "port", path.portName);
                value(out, metric.name, labels, metric.read ? path.counters->bytesRead : path.counters->bytesWritten);
            }
        }
    }

    if (content.diff) {
        family(out, "pathlens_baseline_changes", "gauge", "Changes since the saved baseline, by kind.");
        for (ReportChange::Kind kind : ChangeKinds) {
            QByteArray labels;
            label(labels, "kind", toString(kind), true);
            value(out, "pathlens_baseline_changes", labels, content.diff->count(kind));
        }
    }
    return out;
}

} // namespace pathlens
