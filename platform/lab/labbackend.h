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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

namespace lab {
class LabState;
class LabDataCore;
class LabDevices;
class LabMpio;
class LabHostSystem;
class AfterCall;
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
    /// Per server, from the scenario's `system` and `mpio` objects; a change
    /// that asks for a restart leaves one pending until restartHost().
    HostSystem *hostSystem() override;
    /// A state file that could not be written, in words.
    std::vector<std::string> missingParts() const override;

    /// The simulated time source for traffic counters; an empty function
    /// restores the system clock. Counters depend only on the scenario seed
    /// and the times the clock returns, so tests step time explicitly.
    void setClock(Clock clock);
    /// The clock set with setClock (empty: the system clock).
    Clock clock() const;
    std::chrono::system_clock::time_point now() const;

    /// Restarts a simulated server: drivers and claims that waited for the
    /// restart take effect, and no restart is pending any more.
    ChangeResult restartHost(const std::string &host);

    /// Keeps the lab's changes in @p path, so another process carries on
    /// with the same lab: an existing file is loaded over the scenario (and
    /// refused, changing nothing, when it is malformed or was saved for
    /// another scenario); otherwise the current state is written there. From
    /// then on every change is saved at once (written beside the file, then
    /// renamed over it, so a killed process leaves the previous state whole).
    std::optional<Error> useStateFile(const std::string &path);
    /// The state as useStateFile() writes it.
    std::string stateJson() const;
    /// The last failure to save the state file, if the latest save failed.
    std::optional<Error> stateFileError() const { return m_stateError; }

private:
    friend class lab::AfterCall;

    LabBackend(std::unique_ptr<lab::LabState> state, std::string sourceName);
    /// Saves the state file after a call that changed something.
    void persist();
    std::optional<Error> writeStateFile() const;

    std::unique_ptr<lab::LabState> m_state;
    std::unique_ptr<lab::LabDataCore> m_dataCore;
    std::unique_ptr<lab::LabDevices> m_devices;
    std::unique_ptr<lab::LabMpio> m_mpio;
    std::unique_ptr<lab::LabHostSystem> m_hostSystem;
    std::string m_sourceName;
    std::string m_stateFile;
    std::optional<Error> m_stateError;
};

} // namespace pathlens
