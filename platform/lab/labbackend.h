#pragma once

// The simulated lab: a whole DataCore server group (servers, ports, HBAs,
// back-end array, MPIO) described by a scenario file and brought to life in
// memory. It is the console's default backend and behaves like the real
// system through every step of handing the back-end to Windows MPIO.

#include "platform/backend.h"
#include "platform/result.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace pathlens {

namespace lab {
class LabState;
class LabDataCore;
class LabDevices;
class LabMpio;
} // namespace lab

class LabBackend final : public Backend
{
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// Loads a scenario from text. `sourceName` names it in messages and in
    /// description(). A malformed scenario is refused as a whole with
    /// "<source>:<line>:<column>: <reason>".
    static Result<std::unique_ptr<LabBackend>> fromText(std::string_view json, std::string sourceName);
    /// Reads a scenario file; a missing or unreadable file is an Error too.
    static Result<std::unique_ptr<LabBackend>> fromFile(const std::string &path);

    ~LabBackend() override;
    LabBackend(const LabBackend &) = delete;
    LabBackend &operator=(const LabBackend &) = delete;

    /// "Simulated lab: default-lab.json"
    std::string description() const override;

    DataCoreManagement *dataCore() override;
    DeviceInventory *devices() override;
    Mpio *mpio() override;

    /// The simulated time source for traffic counters; an empty function
    /// restores the system clock. Counters depend only on the scenario seed
    /// and the times the clock returns, so tests step time explicitly.
    void setClock(Clock clock);
    std::chrono::system_clock::time_point now() const;

private:
    LabBackend(std::unique_ptr<lab::LabState> state, std::string sourceName);

    std::unique_ptr<lab::LabState> m_state;
    std::unique_ptr<lab::LabDataCore> m_dataCore;
    std::unique_ptr<lab::LabDevices> m_devices;
    std::unique_ptr<lab::LabMpio> m_mpio;
    std::string m_sourceName;
};

} // namespace pathlens
