#pragma once

// The expected paths of a server group, saved by the user when the group is
// as it should be: per server, per back-end disk, every path with its state
// and target port group. path-count-drift and failed-path compare against it.
//
// Stored as JSON next to the user's settings, one file per server group:
// <AppConfigLocation>/baselines/<group>.json, written atomically.

#include "model/inventory.h"
#include "model/snapshotbuilder.h"
#include "platform/result.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

struct BaselinePath {
    std::string key;     ///< PathEntry::key
    std::string portKey; ///< the port row it showed under
    PathState state = PathState::Unknown;
    std::optional<std::uint32_t> tpgId;
    PathState tpgState = PathState::Unknown;

    friend bool operator==(const BaselinePath &, const BaselinePath &) = default;
};

struct BaselineDisk {
    std::string key; ///< DiskEntry::key (serial / NAA id)
    PathOwner owner = PathOwner::Mpio;
    std::string caption;
    std::vector<BaselinePath> paths; ///< through every port of the server

    friend bool operator==(const BaselineDisk &, const BaselineDisk &) = default;
};

struct BaselineServer {
    std::string key; ///< ServerEntry::key
    std::string name;
    std::vector<BaselineDisk> disks;

    friend bool operator==(const BaselineServer &, const BaselineServer &) = default;
};

class Baseline final
{
public:
    std::string group; ///< server group key (see baselineGroupKey)
    std::chrono::system_clock::time_point saved{};
    std::vector<BaselineServer> servers;

    /// Every disk and path of the snapshot, as it is now.
    static Baseline capture(const InventorySnapshot &snapshot, std::string group,
                            std::chrono::system_clock::time_point saved);

    const BaselineServer *server(const std::string &serverKey) const;
    const BaselineDisk *disk(const std::string &serverKey, const std::string &diskKey) const;

    /// {"format":"pathlens-baseline","version":1,...}, indented.
    QByteArray toJson() const;
    /// Refuses anything but a complete, well-formed baseline; the error names
    /// @p sourceName and the JSON member that is wrong.
    static Result<Baseline> fromJson(const QByteArray &bytes, const std::string &sourceName);

    friend bool operator==(const Baseline &, const Baseline &) = default;
};

/// The key a group's baseline is filed under: DataCore's server group id,
/// else the host the data came from, else "default".
std::string baselineGroupKey(const SourceData &sources);

/// <AppConfigLocation>/baselines/<group>.json; characters a file name cannot
/// hold become '_'.
QString baselineFilePath(const std::string &group);

/// Reads a baseline file. No file: an empty optional (not an error). A file
/// that cannot be read or parsed: an Error, and the file is left as it is.
Result<std::optional<Baseline>> loadBaseline(const QString &filePath);

/// Writes atomically (QSaveFile), creating the folder. A file already there
/// that does not parse is first kept beside it as "<file>.corrupt-<time>", so
/// saving never destroys what a user might want to recover. Returns the
/// error, or nothing on success.
std::optional<Error> saveBaseline(const Baseline &baseline, const QString &filePath);

} // namespace pathlens
