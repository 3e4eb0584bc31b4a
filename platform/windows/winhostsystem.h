#pragma once

// The local computer's HostSystem on Windows: the process token's elevation,
// the Multipath I/O feature's services and mpclaim.exe, and the registry's
// signs of a pending restart. Windows only; the rules are in
// hostsystemdecode.h.

#include "platform/hostsystem.h"

#include <string>

namespace pathlens {

class WindowsHostSystem final : public HostSystem
{
public:
    /// @p computerName and @p dnsName decide which host names mean this computer.
    WindowsHostSystem(std::string computerName, std::string dnsName);

    /// OpenProcessToken + GetTokenInformation(TokenElevation).
    Result<Elevation> isElevated(const std::string &host) override;
    /// The mpio and msdsm services (OpenServiceW) and System32\mpclaim.exe.
    Result<MpioFeature> mpioFeatureInstalled(const std::string &host) override;
    /// Component Based Servicing, Windows Update, PendingFileRenameOperations,
    /// UpdateExeVolatile and a pending computer rename.
    Result<PendingReboot> rebootPending(const std::string &host) override;

private:
    Result<bool> checkHost(const std::string &host, const char *operation) const;

    std::string m_computerName;
    std::string m_dnsName;
};

} // namespace pathlens
