#include "model/health/finding.h"

namespace pathlens {

std::string_view toString(Severity severity)
{
    switch (severity) {
    case Severity::None: return "none";
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Critical: return "critical";
    }
    return "none";
}

std::optional<Severity> severityFromString(std::string_view text)
{
    for (Severity severity : {Severity::None, Severity::Info, Severity::Warning, Severity::Critical}) {
        if (toString(severity) == text)
            return severity;
    }
    return std::nullopt;
}

std::string_view toString(ObjectRef::Kind kind)
{
    switch (kind) {
    case ObjectRef::Kind::Server: return "server";
    case ObjectRef::Kind::Port: return "port";
    case ObjectRef::Kind::Disk: return "disk";
    case ObjectRef::Kind::Path: return "path";
    }
    return "server";
}

ObjectRef ObjectRef::server(std::string serverKey)
{
    ObjectRef ref;
    ref.kind = Kind::Server;
    ref.serverKey = std::move(serverKey);
    return ref;
}

ObjectRef ObjectRef::port(std::string serverKey, std::string portKey)
{
    ObjectRef ref = server(std::move(serverKey));
    ref.kind = Kind::Port;
    ref.portKey = std::move(portKey);
    return ref;
}

ObjectRef ObjectRef::disk(std::string serverKey, std::string portKey, std::string diskKey)
{
    ObjectRef ref = port(std::move(serverKey), std::move(portKey));
    ref.kind = Kind::Disk;
    ref.diskKey = std::move(diskKey);
    return ref;
}

ObjectRef ObjectRef::path(std::string serverKey, std::string portKey, std::string diskKey, std::string pathKey)
{
    ObjectRef ref = disk(std::move(serverKey), std::move(portKey), std::move(diskKey));
    ref.kind = Kind::Path;
    ref.pathKey = std::move(pathKey);
    return ref;
}

std::vector<std::string> ObjectRef::keyPathPrefixes() const
{
    // Built from the parts, not by splitting the text: keys may contain '/'.
    std::vector<std::string> prefixes;
    std::string text = serverKey;
    prefixes.push_back(text);
    if (kind == Kind::Server)
        return prefixes;
    text += '/' + portKey;
    prefixes.push_back(text);
    if (kind == Kind::Port)
        return prefixes;
    text += '/' + diskKey;
    prefixes.push_back(text);
    if (kind == Kind::Disk)
        return prefixes;
    text += '/' + pathKey;
    prefixes.push_back(text);
    return prefixes;
}

std::string ObjectRef::keyPath() const
{
    return keyPathPrefixes().back();
}

} // namespace pathlens
