#pragma once

// What Windows' registry, service manager and token say about the host,
// turned into HostSystem's answers. The OS reads live in winhostsystem.cpp;
// the rules are here, portable and unit-tested.

#include "platform/hostsystem.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

/// The usual signs of a restart Windows waits for.
struct RebootEvidence {
    /// HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending exists.
    bool componentServicing = false;
    /// HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired exists.
    bool windowsUpdate = false;
    /// HKLM\SYSTEM\CurrentControlSet\Control\Session Manager, PendingFileRenameOperations(2):
    /// pairs of source and target paths (an empty target deletes the source).
    std::vector<std::string> pendingFileRenames;
    /// HKLM\SOFTWARE\Microsoft\Updates, UpdateExeVolatile: non-zero while an update waits.
    std::optional<std::uint32_t> updateExeVolatile;
    /// ComputerName\ActiveComputerName vs ComputerName\ComputerName: a rename waits for the restart.
    std::string activeComputerName;
    std::string pendingComputerName;
};

/// Pending when any sign is there; the reasons name each one in words.
PendingReboot pendingRebootFrom(const RebootEvidence &evidence);

/// What was found of the Multipath I/O feature.
struct MpioEvidence {
    bool mpioService = false;  ///< service "mpio" (mpio.sys, the MPIO bus driver)
    bool msdsmService = false; ///< service "msdsm" (the Microsoft DSM)
    bool mpclaim = false;      ///< %SystemRoot%\System32\mpclaim.exe
};

/// Installed when the MPIO driver and the Microsoft DSM are both registered;
/// mpclaim.exe comes with the feature, so its absence alone is only noted.
MpioFeature mpioFeatureFrom(const MpioEvidence &evidence);

/// The answer for a token's TokenElevation (TokenIsElevated).
Elevation elevationFrom(bool tokenIsElevated);

} // namespace pathlens
