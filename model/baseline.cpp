#include "model/baseline.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <map>

namespace pathlens {

namespace {

const QString FormatName = QStringLiteral("pathlens-baseline");
constexpr int FormatVersion = 1;

constexpr PathState AllStates[] = {PathState::Unknown,     PathState::ActiveOptimized, PathState::ActiveUnoptimized,
                                   PathState::Standby,     PathState::Unavailable,     PathState::Transitioning,
                                   PathState::Failed,      PathState::Offline};

QJsonValue stateJson(PathState state)
{
    if (state == PathState::Unknown)
        return QJsonValue::Null;
    const std::string_view text = toString(state);
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string_view ownerJson(PathOwner owner)
{
    return owner == PathOwner::DataCoreDriver ? "datacore-driver" : "mpio";
}

QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString toIso(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// Reads one JSON document into a Baseline; the first problem wins and names
// its member, like the lab scenario reader does.
class Reader final
{
public:
    explicit Reader(std::string sourceName) : m_source(std::move(sourceName)) {}

    Result<Baseline> read(const QByteArray &bytes)
    {
        QJsonParseError parseError{};
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return fail(QStringLiteral("not valid JSON at offset %1: %2")
                            .arg(parseError.offset)
                            .arg(parseError.errorString())
                            .toStdString());
        if (!document.isObject())
            return fail("expected a JSON object");
        const QJsonObject top = document.object();
        if (top.value(QStringLiteral("format")).toString() != FormatName)
            return fail("format: expected \"pathlens-baseline\"");
        if (top.value(QStringLiteral("version")).toInt(-1) != FormatVersion)
            return fail("version: expected 1");

        Baseline baseline;
        if (!text(top, "group", "group", baseline.group))
            return m_error;
        const QString saved = top.value(QStringLiteral("saved")).toString();
        const QDateTime savedTime = QDateTime::fromString(saved, Qt::ISODateWithMs);
        if (!savedTime.isValid())
            return fail("saved: expected an ISO-8601 time");
        baseline.saved
            = std::chrono::system_clock::time_point(std::chrono::milliseconds(savedTime.toMSecsSinceEpoch()));

        const QJsonValue servers = top.value(QStringLiteral("servers"));
        if (!servers.isArray())
            return fail("servers: expected an array");
        int s = 0;
        for (const QJsonValue &serverValue : servers.toArray()) {
            const std::string where = "servers[" + std::to_string(s++) + "]";
            if (!serverValue.isObject())
                return fail(where + ": expected an object");
            const QJsonObject serverObject = serverValue.toObject();
            BaselineServer server;
            if (!text(serverObject, "key", where, server.key) || !text(serverObject, "name", where, server.name, true))
                return m_error;
            if (!readDisks(serverObject, where, server))
                return m_error;
            baseline.servers.push_back(std::move(server));
        }
        return baseline;
    }

private:
    Error fail(const std::string &reason)
    {
        m_error = Error{"load baseline", m_source + ": " + reason, 0};
        return m_error;
    }

    bool text(const QJsonObject &object, const char *name, const std::string &where, std::string &out,
              bool optional = false)
    {
        const QJsonValue value = object.value(QLatin1String(name));
        if (optional && (value.isUndefined() || value.isNull()))
            return true;
        if (!value.isString() || (!optional && value.toString().isEmpty())) {
            fail(where + "." + name + ": expected a non-empty string");
            return false;
        }
        out = value.toString().toStdString();
        return true;
    }

    bool state(const QJsonObject &object, const char *name, const std::string &where, PathState &out)
    {
        const QJsonValue value = object.value(QLatin1String(name));
        if (value.isNull() || value.isUndefined()) {
            out = PathState::Unknown;
            return true;
        }
        for (PathState candidate : AllStates) {
            if (value.toString() == qs(toString(candidate))) {
                out = candidate;
                return true;
            }
        }
        fail(where + "." + name + ": unknown path state");
        return false;
    }

    bool readDisks(const QJsonObject &serverObject, const std::string &where, BaselineServer &server)
    {
        const QJsonValue disks = serverObject.value(QStringLiteral("disks"));
        if (!disks.isArray()) {
            fail(where + ".disks: expected an array");
            return false;
        }
        int d = 0;
        for (const QJsonValue &diskValue : disks.toArray()) {
            const std::string diskWhere = where + ".disks[" + std::to_string(d++) + "]";
            if (!diskValue.isObject()) {
                fail(diskWhere + ": expected an object");
                return false;
            }
            const QJsonObject diskObject = diskValue.toObject();
            BaselineDisk disk;
            std::string owner;
            if (!text(diskObject, "key", diskWhere, disk.key) || !text(diskObject, "owner", diskWhere, owner)
                || !text(diskObject, "caption", diskWhere, disk.caption, true))
                return false;
            if (owner == ownerJson(PathOwner::Mpio)) {
                disk.owner = PathOwner::Mpio;
            } else if (owner == ownerJson(PathOwner::DataCoreDriver)) {
                disk.owner = PathOwner::DataCoreDriver;
            } else {
                fail(diskWhere + ".owner: expected \"mpio\" or \"datacore-driver\"");
                return false;
            }
            const QJsonValue paths = diskObject.value(QStringLiteral("paths"));
            if (!paths.isArray()) {
                fail(diskWhere + ".paths: expected an array");
                return false;
            }
            int p = 0;
            for (const QJsonValue &pathValue : paths.toArray()) {
                const std::string pathWhere = diskWhere + ".paths[" + std::to_string(p++) + "]";
                if (!pathValue.isObject()) {
                    fail(pathWhere + ": expected an object");
                    return false;
                }
                const QJsonObject pathObject = pathValue.toObject();
                BaselinePath path;
                if (!text(pathObject, "key", pathWhere, path.key) || !text(pathObject, "port", pathWhere, path.portKey)
                    || !state(pathObject, "state", pathWhere, path.state)
                    || !state(pathObject, "tpgState", pathWhere, path.tpgState))
                    return false;
                const QJsonValue tpg = pathObject.value(QStringLiteral("tpgId"));
                if (tpg.isDouble() && tpg.toDouble() >= 0 && tpg.toDouble() <= 65535) {
                    path.tpgId = std::uint32_t(tpg.toInt());
                } else if (!tpg.isNull() && !tpg.isUndefined()) {
                    fail(pathWhere + ".tpgId: expected a number 0-65535 or null");
                    return false;
                }
                disk.paths.push_back(std::move(path));
            }
            server.disks.push_back(std::move(disk));
        }
        return true;
    }

    std::string m_source;
    Error m_error;
};

} // namespace

Baseline Baseline::capture(const InventorySnapshot &snapshot, std::string group,
                           std::chrono::system_clock::time_point saved)
{
    Baseline baseline;
    baseline.group = std::move(group);
    baseline.saved = saved;
    for (const ServerEntry &serverEntry : snapshot.servers) {
        BaselineServer server;
        server.key = serverEntry.key;
        server.name = serverEntry.server.name;
        // The same LUN shows under each port it is reached through: one disk
        // with the paths of all of them.
        std::map<std::string, std::size_t> diskIndex;
        for (const PortEntry &port : serverEntry.ports) {
            for (const DiskEntry &diskEntry : port.disks) {
                auto [found, added] = diskIndex.emplace(diskEntry.key, server.disks.size());
                if (added) {
                    BaselineDisk disk;
                    disk.key = diskEntry.key;
                    disk.owner = diskEntry.owner;
                    disk.caption = diskEntry.caption;
                    server.disks.push_back(std::move(disk));
                }
                BaselineDisk &disk = server.disks[found->second];
                for (const PathEntry &pathEntry : diskEntry.paths)
                    disk.paths.push_back(
                        BaselinePath{pathEntry.key, port.key, pathEntry.state, pathEntry.tpgId, pathEntry.tpgState});
            }
        }
        baseline.servers.push_back(std::move(server));
    }
    return baseline;
}

const BaselineServer *Baseline::server(const std::string &serverKey) const
{
    const auto found = std::find_if(servers.begin(), servers.end(),
                                    [&](const BaselineServer &server) { return server.key == serverKey; });
    return found == servers.end() ? nullptr : &*found;
}

const BaselineDisk *Baseline::disk(const std::string &serverKey, const std::string &diskKey) const
{
    const BaselineServer *owner = server(serverKey);
    if (!owner)
        return nullptr;
    const auto found = std::find_if(owner->disks.begin(), owner->disks.end(),
                                    [&](const BaselineDisk &disk) { return disk.key == diskKey; });
    return found == owner->disks.end() ? nullptr : &*found;
}

QByteArray Baseline::toJson() const
{
    QJsonArray serverArray;
    for (const BaselineServer &server : servers) {
        QJsonArray diskArray;
        for (const BaselineDisk &disk : server.disks) {
            QJsonArray pathArray;
            for (const BaselinePath &path : disk.paths) {
                pathArray.append(QJsonObject{
                    {QStringLiteral("key"), QString::fromStdString(path.key)},
                    {QStringLiteral("port"), QString::fromStdString(path.portKey)},
                    {QStringLiteral("state"), stateJson(path.state)},
                    {QStringLiteral("tpgId"),
                        path.tpgId ? QJsonValue(double(*path.tpgId)) : QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("tpgState"), stateJson(path.tpgState)},
                });
            }
            diskArray.append(QJsonObject{
                {QStringLiteral("key"), QString::fromStdString(disk.key)},
                {QStringLiteral("owner"), qs(ownerJson(disk.owner))},
                {QStringLiteral("caption"), QString::fromStdString(disk.caption)},
                {QStringLiteral("paths"), pathArray},
            });
        }
        serverArray.append(QJsonObject{
            {QStringLiteral("key"), QString::fromStdString(server.key)},
            {QStringLiteral("name"), QString::fromStdString(server.name)},
            {QStringLiteral("disks"), diskArray},
        });
    }
    const QJsonObject top{
        {QStringLiteral("format"), FormatName},
        {QStringLiteral("version"), FormatVersion},
        {QStringLiteral("group"), QString::fromStdString(group)},
        {QStringLiteral("saved"), toIso(saved)},
        {QStringLiteral("servers"), serverArray},
    };
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

Result<Baseline> Baseline::fromJson(const QByteArray &bytes, const std::string &sourceName)
{
    return Reader(sourceName).read(bytes);
}

std::string baselineGroupKey(const SourceData &sources)
{
    for (const DataCoreServer &server : sources.servers) {
        if (!server.groupId.empty())
            return server.groupId;
    }
    for (const DataCoreServer &server : sources.servers) {
        if (!server.hostName.empty())
            return server.hostName;
    }
    for (const SourceData::HostData &host : sources.hosts) {
        if (!host.host.empty())
            return host.host;
    }
    return "default";
}

QString baselineFilePath(const std::string &group)
{
    QString name = QString::fromStdString(group);
    for (QChar &c : name) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.');
        if (!plain)
            c = QLatin1Char('_');
    }
    // "." and ".." are names a folder already has.
    if (name.isEmpty() || name.startsWith(QLatin1Char('.')))
        name.prepend(QLatin1Char('_'));
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    return base + QStringLiteral("/baselines/") + name + QStringLiteral(".json");
}

Result<std::optional<Baseline>> loadBaseline(const QString &filePath)
{
    QFile file(filePath);
    if (!file.exists())
        return std::optional<Baseline>();
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            "load baseline", "cannot read " + filePath.toStdString() + ": " + file.errorString().toStdString(), 0};
    auto baseline = Baseline::fromJson(file.readAll(), filePath.toStdString());
    if (!baseline)
        return baseline.error();
    return std::optional<Baseline>(std::move(baseline).value());
}

std::optional<Error> saveBaseline(const Baseline &baseline, const QString &filePath)
{
    const QFileInfo info(filePath);
    if (!QDir().mkpath(info.absolutePath()))
        return Error{"save baseline", "cannot create the folder " + info.absolutePath().toStdString(), 0};

    if (info.exists()) {
        QFile existing(filePath);
        const bool readable = existing.open(QIODevice::ReadOnly);
        if (readable && !Baseline::fromJson(existing.readAll(), filePath.toStdString()).ok()) {
            existing.close();
            const QString keep = filePath + QStringLiteral(".corrupt-")
                + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmsszzzZ"));
            if (!QFile::copy(filePath, keep))
                return Error{"save baseline",
                             "the existing baseline " + filePath.toStdString()
                                 + " does not parse and could not be kept aside; nothing was written",
                             0};
        }
    }

    QSaveFile file(filePath);
    const QByteArray bytes = baseline.toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{
            "save baseline", "cannot write " + filePath.toStdString() + ": " + file.errorString().toStdString(), 0};
    return std::nullopt;
}

} // namespace pathlens
