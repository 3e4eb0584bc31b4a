#include "model/report/csvreport.h"

#include "model/report/reporttext.h"

#include <unordered_map>

namespace pathlens {

namespace {

using namespace reporttext;

constexpr const char *Columns[] = {
    "server",     "port",        "port roles", "port pci",    "adapter",       "disk",         "serial",
    "mpio disk",  "owner",       "policy",     "dsm",         "path id",       "scsi address", "state",
    "tpg id",     "tpg state",   "preferred",  "weight",      "reads",         "writes",       "bytes read",
    "bytes written", "finding severity", "change since baseline",
};

void field(QByteArray &out, std::string_view text)
{
    appendCsvField(out, text);
    out.append(',');
}

void numberField(QByteArray &out, std::uint64_t value)
{
    appendNumber(out, value);
    out.append(',');
}

// State names need no quoting.
void stateField(QByteArray &out, PathState state)
{
    if (state != PathState::Unknown) {
        const std::string_view text = toString(state);
        out.append(text.data(), qsizetype(text.size()));
    }
    out.append(',');
}

void emptyField(QByteArray &out)
{
    out.append(',');
}

void endRow(QByteArray &out)
{
    out.chop(1); // the last field's comma
    out.append("\r\n");
}

} // namespace

QStringList csvColumns()
{
    QStringList names;
    for (const char *column : Columns)
        names.append(QString::fromLatin1(column));
    return names;
}

QByteArray csvReport(const ReportContent &content)
{
    QByteArray out;
    out.reserve(qsizetype(content.pathCount() * 260 + 1024));
    for (const char *column : Columns)
        field(out, column);
    endRow(out);

    // What repeats is formatted once: per disk its fields, per port its own.
    std::unordered_map<std::string, QByteArray> portFields;
    const std::string *portServer = nullptr;
    for (const ReportDisk &disk : content.disks) {
        if (!portServer || *portServer != disk.serverKey) {
            portFields.clear(); // port keys are unique per server only
            portServer = &disk.serverKey;
        }
        QByteArray serverAndDisk[2];
        field(serverAndDisk[0], disk.serverName);
        QByteArray &diskFields = serverAndDisk[1];
        field(diskFields, disk.caption);
        field(diskFields, disk.serial);
        if (disk.mpioDisk)
            numberField(diskFields, *disk.mpioDisk);
        else
            emptyField(diskFields);
        field(diskFields, disk.owner == PathOwner::Mpio ? "mpio" : "datacore-driver");
        field(diskFields, disk.policy == LoadBalancePolicy::Unknown ? std::string_view() : toShortString(disk.policy));
        field(diskFields, disk.dsm);

        for (const ReportPath &path : disk.paths) {
            const PathEntry &entry = path.entry;
            QByteArray &port = portFields[path.portKey];
            if (port.isEmpty()) {
                field(port, path.portName);
                field(port, rolesToString(path.portRoles));
                field(port, path.portPci ? path.portPci->toString() : std::string());
                field(port, path.adapter);
            }
            out.append(serverAndDisk[0]);
            out.append(port);
            out.append(diskFields);
            if (entry.pathId)
                appendPathId(out, *entry.pathId);
            out.append(',');
            appendScsiAddress(out, entry.scsi.port, entry.scsi.bus, entry.scsi.target, entry.scsi.lun);
            out.append(',');
            stateField(out, entry.state);
            if (entry.tpgId)
                numberField(out, *entry.tpgId);
            else
                emptyField(out);
            stateField(out, entry.tpgState);
            if (entry.owner == PathOwner::Mpio) {
                out.append(entry.preferred ? "yes," : "no,");
                numberField(out, entry.weight);
            } else {
                emptyField(out); // the DataCore driver has no preferred path or weight
                emptyField(out);
            }
            if (path.counters) {
                numberField(out, path.counters->reads);
                numberField(out, path.counters->writes);
                numberField(out, path.counters->bytesRead);
                numberField(out, path.counters->bytesWritten);
            } else {
                out.append(",,,,");
            }
            if (path.worst != Severity::None)
                out.append(toString(path.worst).data(), qsizetype(toString(path.worst).size()));
            out.append(',');
            field(out, path.change);
            endRow(out);
        }
    }

    if (content.diff) {
        std::unordered_map<std::string, const ReportDisk *> disks;
        for (const ReportDisk &disk : content.disks)
            disks.emplace(disk.serverKey + '\n' + disk.key, &disk);
        for (const ReportChange &change : content.diff->changes) {
            if (change.kind != ReportChange::Kind::PathLost)
                continue;
            const auto disk = disks.find(change.serverKey + '\n' + change.diskKey);
            field(out, change.serverName);
            emptyField(out); // port, roles, pci, adapter: as it is now, there is none
            emptyField(out);
            emptyField(out);
            emptyField(out);
            field(out, disk != disks.end() ? disk->second->caption : std::string());
            field(out, disk != disks.end() ? disk->second->serial : change.diskKey);
            for (int i = 0; i < 4; ++i)
                emptyField(out);
            field(out, change.pathKey.rfind("dc:", 0) == 0 ? std::string() : change.pathKey);
            for (int i = 0; i < 11; ++i) // scsi address .. finding severity
                emptyField(out);
            field(out, "lost (was " + change.before + ")");
            endRow(out);
        }
    }
    return out;
}

} // namespace pathlens
