#include "devicedecode.h"

#include <algorithm>
#include <cstdio>

namespace pathlens {

PciLocation pciFromBusAndAddress(std::uint32_t bus, std::uint32_t address)
{
    return PciLocation{bus, (address >> 16) & 0xFFFF, address & 0xFFFF};
}

std::optional<PciLocation> adapterPciLocation(std::string_view instanceId, std::optional<std::uint32_t> bus,
                                              std::optional<std::uint32_t> address)
{
    if (asciiLower(instanceId.substr(0, 4)) != "pci\\" || !bus || !address)
        return std::nullopt;
    const PciLocation pci = pciFromBusAndAddress(*bus, *address);
    if (pci.bus > 255 || pci.device > 31 || pci.function > 7)
        return std::nullopt;
    return pci;
}

namespace {

using FileTimeTicks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;

/// A FILETIME as a sys_time in its own 100 ns ticks: that range reaches back
/// to 1601, which system_clock's nanoseconds do not.
std::chrono::sys_time<FileTimeTicks> fileTimeToSysTime(std::uint64_t fileTime)
{
    using namespace std::chrono;
    constexpr sys_days windowsEpoch = year{1601} / January / 1;
    return windowsEpoch + FileTimeTicks(static_cast<std::int64_t>(fileTime & 0x7FFF'FFFF'FFFF'FFFFull));
}

} // namespace

std::chrono::system_clock::time_point fileTimeToTimePoint(std::uint64_t fileTime)
{
    using namespace std::chrono;
    // Clamp to what system_clock can hold (about 1678 to 2262 with nanoseconds).
    const auto time = fileTimeToSysTime(fileTime);
    const auto low = time_point_cast<FileTimeTicks>(system_clock::time_point::min()) + FileTimeTicks(1);
    const auto high = time_point_cast<FileTimeTicks>(system_clock::time_point::max()) - FileTimeTicks(1);
    return time_point_cast<system_clock::duration>(std::clamp(time, low, high));
}

std::string fileTimeToIsoDate(std::uint64_t fileTime)
{
    using namespace std::chrono;
    if (fileTime == 0)
        return {};
    const year_month_day date{floor<days>(fileTimeToSysTime(fileTime))};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::string formatIsoUtc(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{floor<seconds>(time - day)};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
}

std::string formatDriverVersion(std::uint64_t version)
{
    return std::to_string((version >> 48) & 0xFFFF) + '.' + std::to_string((version >> 32) & 0xFFFF) + '.' +
           std::to_string((version >> 16) & 0xFFFF) + '.' + std::to_string(version & 0xFFFF);
}

std::string fileNameOf(std::string_view path)
{
    const std::size_t slash = path.find_last_of("\\/");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

Result<std::size_t> findDriver(const std::vector<DriverPackage> &candidates, const DriverPackage &wanted)
{
    const std::string inf = asciiLower(fileNameOf(wanted.infName));
    const std::string description = asciiLower(wanted.description);
    std::vector<std::size_t> matches;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const DriverPackage &candidate = candidates[i];
        if (asciiLower(fileNameOf(candidate.infName)) != inf || candidate.version != wanted.version)
            continue;
        if (!description.empty() && asciiLower(candidate.description) != description)
            continue;
        matches.push_back(i);
    }
    if (matches.size() == 1)
        return matches.front();
    const std::string what = describeDriver(wanted);
    if (matches.empty())
        return Error{"find driver", "the driver " + what + " is not among the drivers compatible with this device", 0};
    return Error{"find driver",
                 "the driver " + what + " matches " + std::to_string(matches.size()) +
                     " compatible drivers; name its description to choose one",
                 0};
}

std::string describeDriver(const DriverPackage &driver)
{
    std::string text = driver.description.empty() ? std::string("(no description)") : driver.description;
    if (!driver.version.empty())
        text += ' ' + driver.version;
    std::string detail = driver.infName;
    if (!driver.provider.empty())
        detail += (detail.empty() ? "" : ", ") + driver.provider;
    if (!detail.empty())
        text += " (" + detail + ')';
    return text;
}

bool isLocalHost(std::string_view requested, std::string_view computerName, std::string_view dnsName)
{
    const std::string wanted = asciiLower(requested);
    if (wanted.empty() || wanted == "." || wanted == "localhost")
        return true;
    const std::string name = asciiLower(computerName);
    const std::string dns = asciiLower(dnsName);
    const auto firstLabel = [](const std::string &text) { return text.substr(0, text.find('.')); };
    if (wanted.find('.') == std::string::npos) // a short name: the computer name or the DNS name's first label
        return (!name.empty() && wanted == firstLabel(name)) || (!dns.empty() && wanted == firstLabel(dns));
    // An FQDN must be this computer's when that is known; else its first label decides.
    if (!dns.empty())
        return wanted == dns;
    return !name.empty() && firstLabel(wanted) == firstLabel(name);
}

} // namespace pathlens
