#include "types.h"

#include <cstdio>

namespace pathlens {

std::string PciLocation::toString() const
{
    return std::to_string(bus) + ':' + std::to_string(device) + '.' + std::to_string(function);
}

std::string PciLocation::toHexString() const
{
    char text[32];
    std::snprintf(text, sizeof text, "%02x:%02x.%x", bus, device, function);
    return text;
}

std::string rolesToString(RoleFlags roles)
{
    std::string text;
    auto add = [&text](const char *name) {
        if (!text.empty())
            text += ',';
        text += name;
    };
    if (roles & RoleFrontEnd)
        add("FE");
    if (roles & RoleMirror)
        add("MR");
    if (roles & RoleBackEnd)
        add("BE");
    return text;
}

std::string_view toString(PortMode mode)
{
    switch (mode) {
    case PortMode::Target: return "Target";
    case PortMode::Initiator: return "Initiator";
    case PortMode::InitiatorTarget: return "InitiatorTarget";
    case PortMode::Unknown: break;
    }
    return "Unknown";
}

std::string_view toString(PortType type)
{
    switch (type) {
    case PortType::FibreChannel: return "FibreChannel";
    case PortType::iSCSI: return "iSCSI";
    case PortType::Loopback: return "Loopback";
    case PortType::Unknown: break;
    }
    return "Unknown";
}

std::string_view toString(Presence presence)
{
    switch (presence) {
    case Presence::Present: return "Present";
    case Presence::NotPresent: return "Not present";
    case Presence::Unknown: break;
    }
    return "Unknown";
}

std::string ScsiAddress::toString() const
{
    char text[64];
    std::snprintf(text, sizeof text, "%03u|%03u|%03u|%03u", port, bus, target, lun);
    return text;
}

std::string_view toString(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "Active/Optimized";
    case PathState::ActiveUnoptimized: return "Active/Unoptimized";
    case PathState::Standby: return "Standby";
    case PathState::Unavailable: return "Unavailable";
    case PathState::Transitioning: return "Transitioning";
    case PathState::Failed: return "Failed";
    case PathState::Offline: return "Offline";
    case PathState::Unknown: break;
    }
    return "Unknown";
}

std::string_view toShortString(PathState state)
{
    switch (state) {
    case PathState::ActiveOptimized: return "A/O";
    case PathState::ActiveUnoptimized: return "A/NO";
    case PathState::Standby: return "SB";
    case PathState::Unavailable: return "UA";
    case PathState::Transitioning: return "TR";
    case PathState::Failed: return "FAIL";
    case PathState::Offline: return "OFF";
    case PathState::Unknown: break;
    }
    return "?";
}

bool isUsable(PathState state)
{
    return state != PathState::Failed && state != PathState::Unavailable && state != PathState::Offline;
}

std::string_view toString(DeviceClass cls)
{
    switch (cls) {
    case DeviceClass::ScsiAdapter: return "SCSIAdapter";
    case DeviceClass::Net: return "Net";
    case DeviceClass::Unknown: break;
    }
    return "Unknown";
}

std::string_view toShortString(LoadBalancePolicy policy)
{
    switch (policy) {
    case LoadBalancePolicy::FailOverOnly: return "FOO";
    case LoadBalancePolicy::RoundRobin: return "RR";
    case LoadBalancePolicy::RoundRobinWithSubset: return "RRWS";
    case LoadBalancePolicy::LeastQueueDepth: return "LQD";
    case LoadBalancePolicy::WeightedPaths: return "WP";
    case LoadBalancePolicy::LeastBlocks: return "LB";
    case LoadBalancePolicy::VendorSpecific: return "VS";
    case LoadBalancePolicy::Unknown: break;
    }
    return "?";
}

std::string_view toString(LoadBalancePolicy policy)
{
    switch (policy) {
    case LoadBalancePolicy::FailOverOnly: return "Fail Over Only";
    case LoadBalancePolicy::RoundRobin: return "Round Robin";
    case LoadBalancePolicy::RoundRobinWithSubset: return "Round Robin with Subset";
    case LoadBalancePolicy::LeastQueueDepth: return "Least Queue Depth";
    case LoadBalancePolicy::WeightedPaths: return "Weighted Paths";
    case LoadBalancePolicy::LeastBlocks: return "Least Blocks";
    case LoadBalancePolicy::VendorSpecific: return "Vendor Specific";
    case LoadBalancePolicy::Unknown: break;
    }
    return "Unknown";
}

std::string_view toString(AluaSupport alua)
{
    switch (alua) {
    case AluaSupport::NotSupported: return "ALUA Not Supported";
    case AluaSupport::ImplicitOnly: return "Implicit Only";
    case AluaSupport::ExplicitOnly: return "Explicit Only";
    case AluaSupport::ImplicitAndExplicit: return "Implicit and Explicit";
    case AluaSupport::Unknown: break;
    }
    return "Unknown";
}

std::string formatPathId(std::uint64_t pathId)
{
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(pathId));
    return text;
}

} // namespace pathlens
