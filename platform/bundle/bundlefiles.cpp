#include "bundlefiles.h"

#if PATHLENS_BUNDLE_ZIP
#include <zip.h>
#endif

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

namespace pathlens {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kOperation = "open support bundle";

/// normaliseBundleName without the lowering: the name as stored, made safe.
std::string cleanName(std::string_view name);

Error bundleError(std::string message)
{
    return Error{std::string(kOperation), std::move(message), 0};
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string mebibytes(std::uint64_t bytes)
{
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

/// A name shown in notes: quoted, control characters replaced, long names cut,
/// so hostile entry names cannot garble a message.
std::string shownName(std::string_view name)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < name.size() && i < 120; ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        out += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
    }
    if (name.size() > 120)
        out += "...";
    return out + '"';
}

/// Keeps the count of repeated parts and of all bytes read within the limits.
class Budget final
{
public:
    /// Empty when the part may be read; otherwise the reason it may not.
    /// Call once per part.
    std::string admit(std::string_view name, std::uint64_t size)
    {
        if (startsWith(name, "mpclaim/disk-") && ++m_diskParts > kBundleMaxRepeatedParts)
            return "not read: more than " + std::to_string(kBundleMaxRepeatedParts) + " per-disk outputs";
        if (startsWith(name, "windows/msdsm-perf-") && ++m_counterParts > kBundleMaxRepeatedParts)
            return "not read: more than " + std::to_string(kBundleMaxRepeatedParts) + " counter samples";
        return checkSize(size);
    }
    /// Empty when @p size more bytes fit.
    std::string checkSize(std::uint64_t size) const
    {
        if (size > kBundleMaxFileBytes)
            return "larger than the " + mebibytes(kBundleMaxFileBytes) + " limit (" + std::to_string(size)
                + " bytes)";
        if (m_total + size > kBundleMaxTotalBytes)
            return "not read: the bundle exceeds the " + mebibytes(kBundleMaxTotalBytes) + " limit for all parts";
        return {};
    }
    void consumed(std::uint64_t size) { m_total += size; }

private:
    std::uint64_t m_total = 0;
    std::size_t m_diskParts = 0;
    std::size_t m_counterParts = 0;
};

// ------------------------------------------------------------------ folder

/// Regular files of one folder, by name, sorted so duplicates that differ only
/// in case resolve the same way every time.
std::vector<fs::path> filesIn(const fs::path &folder)
{
    std::vector<fs::path> files;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code typeEc;
        if (it->is_regular_file(typeEc))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<fs::path> foldersIn(const fs::path &folder)
{
    std::vector<fs::path> folders;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code typeEc;
        if (it->is_directory(typeEc))
            folders.push_back(it->path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

bool looksLikeBundleFolder(const fs::path &folder)
{
    for (const fs::path &file : filesIn(folder)) {
        if (lowered(file.filename().string()) == "manifest.json")
            return true;
    }
    for (const fs::path &sub : foldersIn(folder)) {
        const std::string name = lowered(sub.filename().string());
        if (name == "mpclaim" || name == "datacore" || name == "windows")
            return true;
    }
    return false;
}

void readFolderFile(const fs::path &file, const std::string &stored, BundleFiles &out, Budget &budget)
{
    const std::string name = lowered(stored);
    if (out.files.count(name) || out.unreadable.count(name)) {
        out.notes.push_back(shownName(file.string()) + ": ignored, another file has the same name "
                            "apart from letter case");
        return;
    }
    out.storedNames[name] = stored;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec) {
        out.unreadable[name] = "unreadable: " + ec.message();
        return;
    }
    if (std::string reason = budget.admit(name, size); !reason.empty()) {
        out.unreadable[name] = std::move(reason);
        return;
    }
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        out.unreadable[name] = "unreadable: cannot open the file";
        return;
    }
    std::string bytes(static_cast<std::size_t>(size), '\0');
    stream.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(stream.gcount()) != size) {
        out.unreadable[name] = "unreadable: the file ended early while reading";
        return;
    }
    // A file that grew while being read is read up to its size at the start.
    budget.consumed(size);
    out.files[name] = std::move(bytes);
}

Result<BundleFiles> readFolder(const fs::path &folder)
{
    BundleFiles out;
    out.kind = BundleFiles::Kind::Folder;
    fs::path base = folder;
    if (!looksLikeBundleFolder(base)) {
        // A zip extracted into a folder of its own name: one level down.
        const std::vector<fs::path> subs = foldersIn(base);
        if (subs.size() == 1 && looksLikeBundleFolder(subs.front())) {
            base = subs.front();
            out.root = subs.front().filename().string() + '/';
        }
    }

    Budget budget;
    for (const fs::path &file : filesIn(base)) {
        const std::string stored = file.filename().string();
        if (isBundleLayoutName(lowered(stored)))
            readFolderFile(file, stored, out, budget);
    }
    for (const fs::path &sub : foldersIn(base)) {
        const std::string subName = lowered(sub.filename().string());
        if (subName != "mpclaim" && subName != "datacore" && subName != "windows")
            continue;
        for (const fs::path &file : filesIn(sub)) {
            const std::string stored = sub.filename().string() + '/' + file.filename().string();
            if (isBundleLayoutName(lowered(stored)))
                readFolderFile(file, stored, out, budget);
        }
    }
    return out;
}

// --------------------------------------------------------------------- zip

#if PATHLENS_BUNDLE_ZIP

struct ZipEntry {
    zip_uint64_t index = 0;
    std::string rawName;
    std::string clean; ///< normalised, letter case kept
    std::string name;  ///< normalised and lowered: the lookup key
    zip_uint64_t size = 0;
    bool sizeKnown = false;
};

std::string zipOpenMessage(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    switch (code) {
    case ZIP_ER_NOZIP: return "not a zip file and not a folder";
    case ZIP_ER_INCONS: return "the zip file is damaged or truncated (" + message + ")";
    default: break;
    }
    return message;
}

/// Owns an open archive; read-only, so closing discards.
class ZipArchive final
{
public:
    explicit ZipArchive(zip_t *archive) : m_archive(archive) {}
    ~ZipArchive()
    {
        if (m_archive)
            zip_discard(m_archive);
    }
    ZipArchive(const ZipArchive &) = delete;
    ZipArchive &operator=(const ZipArchive &) = delete;
    zip_t *get() const { return m_archive; }

private:
    zip_t *m_archive;
};

/// Empty on success; otherwise the reason the entry could not be read.
std::string readZipEntry(zip_t *archive, const ZipEntry &entry, std::string &bytes)
{
    zip_file_t *file = zip_fopen_index(archive, entry.index, 0);
    if (!file) {
        zip_error_t *error = zip_get_error(archive);
        std::string message = "unreadable: ";
        message += zip_error_strerror(error);
        zip_error_clear(archive);
        return message;
    }
    bytes.clear();
    char buffer[64 * 1024];
    std::string reason;
    while (true) {
        const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
        if (got < 0) {
            reason = "unreadable: ";
            reason += zip_file_strerror(file);
            break;
        }
        if (got == 0)
            break;
        // The stored size can lie; the inflated bytes are what counts.
        if (bytes.size() + static_cast<std::size_t>(got) > kBundleMaxFileBytes) {
            reason = "larger than the " + mebibytes(kBundleMaxFileBytes) + " limit once unpacked";
            break;
        }
        bytes.append(buffer, static_cast<std::size_t>(got));
    }
    zip_fclose(file);
    if (!reason.empty())
        bytes.clear();
    return reason;
}

Result<BundleFiles> readZip(const std::string &path)
{
    int code = 0;
    ZipArchive archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
    if (!archive.get())
        return bundleError(path + ": " + zipOpenMessage(code));

    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    if (count < 0)
        return bundleError(path + ": cannot list the entries of the zip file");
    if (static_cast<std::uint64_t>(count) > kBundleMaxZipEntries)
        return bundleError(path + ": the zip holds " + std::to_string(count) + " entries, more than a support "
                           "bundle can (" + std::to_string(kBundleMaxZipEntries) + ")");

    BundleFiles out;
    out.kind = BundleFiles::Kind::Zip;
    std::vector<ZipEntry> entries;
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        const char *rawName = zip_get_name(archive.get(), index, ZIP_FL_ENC_GUESS);
        if (!rawName) {
            out.notes.push_back("zip entry #" + std::to_string(i) + ": ignored, it has no readable name");
            continue;
        }
        const std::string_view raw(rawName);
        if (raw.empty() || raw.back() == '/' || raw.back() == '\\')
            continue; // a folder entry
        ZipEntry entry;
        entry.index = index;
        entry.rawName = std::string(raw);
        entry.clean = cleanName(raw);
        entry.name = lowered(entry.clean);
        if (entry.name.empty()) {
            out.notes.push_back("zip entry " + shownName(raw) + ": refused, its name points outside the bundle");
            continue;
        }
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive.get(), index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE)) {
            entry.size = stat.size;
            entry.sizeKnown = true;
        }
        entries.push_back(std::move(entry));
    }

    // The layout starts at the root or inside exactly one top folder.
    bool atRoot = false;
    std::set<std::string> tops;
    for (const ZipEntry &entry : entries) {
        if (isBundleLayoutName(entry.name)) {
            atRoot = true;
            continue;
        }
        const std::size_t slash = entry.name.find('/');
        if (slash != std::string::npos && isBundleLayoutName(std::string_view(entry.name).substr(slash + 1)))
            tops.insert(entry.name.substr(0, slash + 1));
    }
    if (!atRoot && tops.size() > 1) {
        std::string list;
        for (const std::string &top : tops)
            list += (list.empty() ? "" : ", ") + top;
        return bundleError(path + ": the zip holds several bundle folders (" + list
                           + "); extract it and open one of them");
    }
    if (!atRoot && tops.size() == 1)
        out.root = *tops.begin();

    Budget budget;
    for (const ZipEntry &entry : entries) {
        if (!startsWith(entry.name, out.root))
            continue;
        const std::string name = entry.name.substr(out.root.size());
        if (!isBundleLayoutName(name))
            continue;
        if (out.files.count(name) || out.unreadable.count(name)) {
            out.notes.push_back("zip entry " + shownName(entry.rawName) + ": ignored, the zip holds " + name
                                + " more than once (the first one is used)");
            continue;
        }
        out.storedNames[name] = entry.clean.substr(out.root.size());
        if (std::string reason = budget.admit(name, entry.sizeKnown ? entry.size : 0); !reason.empty()) {
            out.unreadable[name] = std::move(reason);
            continue;
        }
        std::string bytes;
        if (std::string reason = readZipEntry(archive.get(), entry, bytes); !reason.empty()) {
            out.unreadable[name] = std::move(reason);
            continue;
        }
        if (std::string reason = budget.checkSize(bytes.size()); !reason.empty()) {
            out.unreadable[name] = std::move(reason);
            continue;
        }
        budget.consumed(bytes.size());
        out.files[name] = std::move(bytes);
    }
    return out;
}

#else

// A build without libzip (the mingw cross build) reads bundle folders only.
Result<BundleFiles> readZip(const std::string &path)
{
    return bundleError(path + ": not a folder, and this build reads support bundles as folders only "
                       "(no libzip); extract the .zip and open its folder");
}

#endif

} // namespace

bool isBundleLayoutName(std::string_view name)
{
    static constexpr std::string_view fixed[] = {
        "manifest.json",         "mpclaim/list.txt",     "mpclaim/hw.txt",          "datacore/ports.json",
        "datacore/servers.json", "datacore/physicaldisks.json", "windows/adapters.json", "windows/mpio-paths.json",
    };
    if (std::find(std::begin(fixed), std::end(fixed), name) != std::end(fixed))
        return true;
    if (startsWith(name, "mpclaim/disk-") && endsWith(name, ".txt")) {
        const std::string_view digits = name.substr(13, name.size() - 13 - 4);
        return !digits.empty() && digits.size() <= 9
            && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (startsWith(name, "windows/msdsm-perf-") && endsWith(name, ".json")) {
        const std::string_view stamp = name.substr(19, name.size() - 19 - 5);
        return !stamp.empty() && stamp.find('/') == std::string_view::npos;
    }
    return false;
}

std::string normaliseBundleName(std::string_view name)
{
    return lowered(cleanName(name));
}

namespace {

std::string cleanName(std::string_view name)
{
    std::string text(name);
    std::replace(text.begin(), text.end(), '\\', '/');
    if (text.empty() || text.front() == '/')
        return {};
    if (text.size() >= 2 && text[1] == ':')
        return {}; // "C:..." is absolute (or drive-relative) on Windows
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('/', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string_view part = std::string_view(text).substr(start, end - start);
        if (part == "..")
            return {};
        if (!part.empty() && part != ".") {
            if (!out.empty())
                out += '/';
            out += part;
        }
        start = end + 1;
    }
    return out;
}

} // namespace

Result<BundleFiles> readBundleFiles(const std::string &path)
{
    if (path.empty())
        return bundleError("no bundle path given");
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return bundleError(path + ": no such file or folder");
    if (fs::is_directory(status))
        return readFolder(fs::path(path));
    if (!fs::is_regular_file(status))
        return bundleError(path + ": neither a folder nor a zip file");
    return readZip(path);
}

} // namespace pathlens
