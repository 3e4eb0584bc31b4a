#include "model/migration/migrationtypes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace pathlens {

namespace {

template <typename E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N> &names, E value)
{
    for (const auto &[candidate, name] : names) {
        if (candidate == value)
            return name;
    }
    return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N> &names, std::string_view text)
{
    for (const auto &[value, name] : names) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<MigrationStage, std::string_view>, 5> kStages{{
    {MigrationStage::Plan, "plan"},
    {MigrationStage::Preflight, "preflight"},
    {MigrationStage::Execute, "execute"},
    {MigrationStage::PostSteps, "post-steps"},
    {MigrationStage::Verify, "verify"},
}};

constexpr std::array<std::pair<StepKind, std::string_view>, 5> kKinds{{
    {StepKind::InstallDriver, "install-driver"},
    {StepKind::DeletePort, "delete-port"},
    {StepKind::Claim, "claim"},
    {StepKind::SetPolicy, "set-policy"},
    {StepKind::Verify, "verify"},
}};

constexpr std::array<std::pair<StepStatus, std::string_view>, 6> kStatuses{{
    {StepStatus::Planned, "planned"},
    {StepStatus::Running, "running"},
    {StepStatus::Done, "done"},
    {StepStatus::Skipped, "skipped"},
    {StepStatus::Failed, "failed"},
    {StepStatus::RolledBack, "rolled-back"},
}};

constexpr std::array<std::pair<RunState, std::string_view>, 10> kRunStates{{
    {RunState::Planned, "planned"},
    {RunState::Running, "running"},
    {RunState::Paused, "paused"},
    {RunState::WaitingForRestart, "waiting-for-restart"},
    {RunState::Failed, "failed"},
    {RunState::Completed, "completed"},
    {RunState::RollingBack, "rolling-back"},
    {RunState::RolledBack, "rolled-back"},
    {RunState::RollbackFailed, "rollback-failed"},
    {RunState::Abandoned, "abandoned"},
}};

constexpr std::array<std::pair<PreflightStatus, std::string_view>, 3> kPreflight{{
    {PreflightStatus::Pass, "pass"},
    {PreflightStatus::Warn, "warn"},
    {PreflightStatus::Block, "block"},
}};

constexpr std::array<std::pair<PortMatch, std::string_view>, 9> kMatches{{
    {PortMatch::Matched, "matched"},
    {PortMatch::Missing, "missing"},
    {PortMatch::Ambiguous, "ambiguous"},
    {PortMatch::RoleConflict, "role-conflict"},
    {PortMatch::NoPciLocation, "no-pci-location"},
    {PortMatch::NotPresent, "not-present"},
    {PortMatch::NotFibreChannel, "not-fibre-channel"},
    {PortMatch::AlreadyNative, "already-native"},
    {PortMatch::NoInventory, "no-inventory"},
}};

constexpr std::array<std::pair<DeviceState::State, std::string_view>, 6> kDeviceStates{{
    {DeviceState::State::Unchanged, "unchanged"},
    {DeviceState::State::Replaced, "replaced"},
    {DeviceState::State::RolledBack, "rolled-back"},
    {DeviceState::State::Other, "other"},
    {DeviceState::State::Vanished, "vanished"},
    {DeviceState::State::Unknown, "unknown"},
}};

bool containsNoCase(std::string_view text, std::string_view word)
{
    const auto found = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return found != text.end();
}

// -- PCI text ----------------------------------------------------------------

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

std::optional<std::uint32_t> parseNumber(std::string_view text, int base)
{
    text = trim(text);
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    if (text.empty() || text.size() > 8)
        return std::nullopt;
    std::uint32_t value = 0;
    for (char c : text) {
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return std::nullopt;
        value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(digit);
    }
    return value;
}

std::vector<std::string_view> split(std::string_view text, std::string_view separators)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find_first_of(separators, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

std::optional<PciLocation> checked(std::optional<std::uint32_t> bus, std::optional<std::uint32_t> device,
                                   std::optional<std::uint32_t> function)
{
    if (!bus || !device || !function || *bus > 255 || *device > 31 || *function > 7)
        return std::nullopt;
    return PciLocation{*bus, *device, *function};
}

/// "PCI bus 175, device 0, function 0" (SPDRP_LOCATION_INFORMATION), with or
/// without "segment N" in front.
std::optional<PciLocation> parseWindowsLocation(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto numberAfter = [&lower](std::string_view word) -> std::optional<std::uint32_t> {
        const std::size_t at = lower.find(word);
        if (at == std::string::npos)
            return std::nullopt;
        std::size_t start = at + word.size();
        while (start < lower.size() && lower[start] == ' ')
            ++start;
        std::size_t end = start;
        while (end < lower.size() && std::isdigit(static_cast<unsigned char>(lower[end])))
            ++end;
        return parseNumber(std::string_view(lower).substr(start, end - start), 10);
    };
    if (lower.find("bus") == std::string::npos)
        return std::nullopt;
    return checked(numberAfter("bus"), numberAfter("device"), numberAfter("function"));
}

} // namespace

std::string_view toString(MigrationStage stage)
{
    return nameOf(kStages, stage);
}

std::string_view toString(StepKind kind)
{
    return nameOf(kKinds, kind);
}

std::optional<StepKind> stepKindFromString(std::string_view text)
{
    return valueOf(kKinds, text);
}

MigrationStage stageOf(StepKind kind)
{
    switch (kind) {
    case StepKind::InstallDriver: return MigrationStage::Execute;
    case StepKind::DeletePort:
    case StepKind::Claim:
    case StepKind::SetPolicy: return MigrationStage::PostSteps;
    case StepKind::Verify: return MigrationStage::Verify;
    }
    return MigrationStage::Verify;
}

std::string_view toString(StepStatus status)
{
    return nameOf(kStatuses, status);
}

std::optional<StepStatus> stepStatusFromString(std::string_view text)
{
    return valueOf(kStatuses, text);
}

std::string_view toString(RunState state)
{
    return nameOf(kRunStates, state);
}

std::optional<RunState> runStateFromString(std::string_view text)
{
    return valueOf(kRunStates, text);
}

bool isFinal(RunState state)
{
    return state == RunState::Completed || state == RunState::RolledBack || state == RunState::Abandoned;
}

std::string_view toString(PreflightStatus status)
{
    return nameOf(kPreflight, status);
}

std::optional<PreflightStatus> preflightStatusFromString(std::string_view text)
{
    return valueOf(kPreflight, text);
}

std::string_view toString(PortMatch match)
{
    return nameOf(kMatches, match);
}

std::string_view toString(DeviceState::State state)
{
    return nameOf(kDeviceStates, state);
}

bool MigrationRun::blocked() const
{
    return std::any_of(preflight.begin(), preflight.end(),
                       [](const PreflightItem &item) { return item.status == PreflightStatus::Block; });
}

bool MigrationRun::canStart() const
{
    return !blocked() && std::all_of(preflight.begin(), preflight.end(), [](const PreflightItem &item) {
               return !item.needsAcknowledgement || item.acknowledged;
           });
}

int MigrationRun::nextStepIndex() const
{
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const StepStatus status = plan.steps[i].status;
        if (status == StepStatus::Planned || status == StepStatus::Running)
            return static_cast<int>(i);
    }
    return -1;
}

const MigrationStep *MigrationRun::step(std::string_view id) const
{
    for (const MigrationStep &candidate : plan.steps) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

MigrationStep *MigrationRun::step(std::string_view id)
{
    return const_cast<MigrationStep *>(std::as_const(*this).step(id));
}

bool MigrationRun::restartRecommended() const
{
    if (restartPendingAtEnd && !*restartPendingAtEnd)
        return false; // the restart the steps asked for has happened
    return std::any_of(plan.steps.begin(), plan.steps.end(), [](const MigrationStep &step) {
        return step.rebootRequired && (step.status == StepStatus::Done || step.status == StepStatus::RolledBack);
    });
}

const std::vector<std::string> &supportConsequences()
{
    static const std::vector<std::string> consequences = {
        "DataCore does not support third-party failover software on the back-end: with Windows MPIO (MSDSM) "
        "driving the back-end paths, this server's back-end is outside DataCore's support statement "
        "(hardware guideline, FAQ 1302).",
        "Storage attached without the DataCore back-end driver appears to SANsymphony as internal, "
        "direct-attached storage.",
        "SANsymphony's back-end performance counters and its back-end connection logging and alerts are no "
        "longer available for these disks. PathLens shows the back-end paths, their counters and their history "
        "instead.",
    };
    return consequences;
}

bool sameDriver(const DriverPackage &a, const DriverPackage &b)
{
    return a.key() == b.key();
}

bool isDataCoreDriver(const DriverPackage &driver)
{
    return containsNoCase(driver.provider, "datacore") || containsNoCase(driver.description, "datacore")
        || containsNoCase(driver.service, "dcs");
}

std::string driverWords(const DriverPackage &driver)
{
    std::string text = driver.description.empty() ? driver.provider : driver.description;
    if (!driver.version.empty())
        text += ' ' + driver.version;
    if (!driver.infName.empty())
        text += " (" + driver.infName + ')';
    return text;
}

std::string pciWithHex(const PciLocation &pci)
{
    return pci.toString() + " (" + pci.toHexString() + ")";
}

std::string claimHardwareId(std::string_view vendor, std::string_view product)
{
    std::string id(vendor.substr(0, 8));
    id.resize(8, ' ');
    std::string productPart(product.substr(0, 16));
    productPart.resize(16, ' ');
    return id + productPart;
}

std::optional<PciLocation> parsePciLocation(std::string_view text)
{
    text = trim(text);
    if (text.empty())
        return std::nullopt;
    if (text.size() > 3 && containsNoCase(text.substr(0, 4), "pci "))
        return parseWindowsLocation(text);
    std::vector<std::string_view> parts = split(text, ":.");
    // lspci with its domain, "0000:af:00.0": always hex.
    if (parts.size() == 4 && text.find('.') != std::string_view::npos && parts[0].size() == 4) {
        if (!parseNumber(parts[0], 16))
            return std::nullopt;
        return checked(parseNumber(parts[1], 16), parseNumber(parts[2], 16), parseNumber(parts[3], 16));
    }
    if (parts.size() != 3)
        return std::nullopt;
    // Without a prefix the numbers are DataCore's decimal ones; a part with
    // hex letters but no "0x" is refused rather than guessed.
    return checked(parseNumber(parts[0], 10), parseNumber(parts[1], 10), parseNumber(parts[2], 10));
}

} // namespace pathlens
