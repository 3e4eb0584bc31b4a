#include "hostsystemdecode.h"

#include "devicedecode.h"

namespace pathlens {

PendingReboot pendingRebootFrom(const RebootEvidence &evidence)
{
    PendingReboot result;
    if (evidence.componentServicing)
        result.reasons.emplace_back("Windows servicing (Component Based Servicing) waits for a restart");
    if (evidence.windowsUpdate)
        result.reasons.emplace_back("Windows Update waits for a restart");
    if (!evidence.pendingFileRenames.empty()) {
        // The list holds source and target per operation; say how many and
        // name the first, which is usually enough to tell who left them.
        const std::size_t operations = (evidence.pendingFileRenames.size() + 1) / 2;
        std::string first = evidence.pendingFileRenames.front();
        if (first.rfind("\\??\\", 0) == 0)
            first.erase(0, 4);
        result.reasons.push_back(std::to_string(operations) + " file operation" + (operations == 1 ? "" : "s")
                                 + " wait for the restart (PendingFileRenameOperations, first: " + first + ")");
    }
    if (evidence.updateExeVolatile.value_or(0) != 0)
        result.reasons.emplace_back("an update waits for a restart (UpdateExeVolatile)");
    if (!evidence.pendingComputerName.empty() && !evidence.activeComputerName.empty()
        && asciiLower(evidence.pendingComputerName) != asciiLower(evidence.activeComputerName)) {
        result.reasons.push_back("the computer is renamed from " + evidence.activeComputerName + " to "
                                 + evidence.pendingComputerName + " at the next restart");
    }
    result.pending = !result.reasons.empty();
    return result;
}

MpioFeature mpioFeatureFrom(const MpioEvidence &evidence)
{
    MpioFeature result;
    const auto found = [](bool present) { return present ? std::string("present") : std::string("missing"); };
    result.evidence.push_back("service mpio (MPIO driver): " + found(evidence.mpioService));
    result.evidence.push_back("service msdsm (Microsoft DSM): " + found(evidence.msdsmService));
    result.evidence.push_back("mpclaim.exe: " + found(evidence.mpclaim));
    result.installed = evidence.mpioService && evidence.msdsmService;
    return result;
}

Elevation elevationFrom(bool tokenIsElevated)
{
    return Elevation{tokenIsElevated, tokenIsElevated
                                          ? "the process token is elevated (administrator rights)"
                                          : "the process token is not elevated: start PathLens with \"Run as "
                                            "administrator\""};
}

} // namespace pathlens
