#pragma once

// Reads the files of a support bundle from a folder or a .zip of it into
// memory. Only names of the bundle layout (docs/bundle.md) are read; every
// entry that is refused (path traversal, too large, unreadable) is noted in
// words so the backend can say what it could not use. Nothing here parses the
// files' content. A build without libzip (PATHLENS_BUNDLE_ZIP=0, the mingw
// cross build) reads folders only and refuses a .zip with that reason.

#include "platform/result.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

/// A single bundle file larger than this is refused: real parts are kilobytes,
/// and a zip entry can claim (or inflate to) any size.
inline constexpr std::uint64_t kBundleMaxFileBytes = 64ull * 1024 * 1024;
/// All parts together may not exceed this, so a zip full of large entries
/// cannot exhaust memory either.
inline constexpr std::uint64_t kBundleMaxTotalBytes = 512ull * 1024 * 1024;
/// A zip with more entries than this is not a support bundle.
inline constexpr std::size_t kBundleMaxZipEntries = 65536;
/// Counter samples and per-disk mpclaim outputs kept at most (each).
inline constexpr std::size_t kBundleMaxRepeatedParts = 4096;

struct BundleFiles {
    enum class Kind { Folder, Zip };

    Kind kind = Kind::Folder;
    /// Where the layout starts inside the source: "" for the root, or the one
    /// top folder ("PathLens-bundle-SSV1-20240608/") the files sit in.
    std::string root;
    /// Layout name (lower case, '/' separated, e.g. "mpclaim/disk-2.txt") to
    /// the raw bytes as stored.
    std::map<std::string, std::string> files;
    /// Layout name to the reason it could not be read ("larger than the 64 MiB limit").
    std::map<std::string, std::string> unreadable;
    /// Layout name to the name as stored (letter case kept), for messages.
    std::map<std::string, std::string> storedNames;
    /// Entries refused or ignored for reasons not tied to one layout name
    /// (path traversal, duplicates, limits), in words.
    std::vector<std::string> notes;
};

/// True for the names of the bundle layout, given in normalised form
/// (lower case, '/' separated): manifest.json, mpclaim/list.txt,
/// mpclaim/hw.txt, mpclaim/disk-<N>.txt, datacore/{ports,servers,physicaldisks}.json,
/// windows/adapters.json, windows/mpio-paths.json, windows/msdsm-perf-<t>.json.
bool isBundleLayoutName(std::string_view name);

/// Normalises an archive or folder-relative name: '\' becomes '/', "./" parts
/// and repeated separators are dropped, letters are lowered. Empty when the
/// name is unsafe: absolute, a drive letter, or with a ".." part.
std::string normaliseBundleName(std::string_view name);

/// Reads a bundle folder, or a zip file of one (the files at the zip's root or
/// inside one top folder). Errors only when nothing can be read at all: the
/// path does not exist, the zip is damaged or truncated, or it holds several
/// bundle folders. Individual files that cannot be read are reported in
/// BundleFiles::unreadable and ::notes instead.
Result<BundleFiles> readBundleFiles(const std::string &path);

} // namespace pathlens
