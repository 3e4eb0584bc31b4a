#include "labbackend.h"

#include "labscenario.h"
#include "labstate.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pathlens {

namespace lab {

// The faces of the lab. They only forward: all rules live in LabState, so
// the DataCore, device, MPIO and host views can never disagree. After each
// call the backend saves the state file if the call changed anything.

/// Lets the backend save what a call changed, once the call has returned.
class AfterCall final
{
public:
    explicit AfterCall(LabBackend &backend) : m_backend(backend) {}
    ~AfterCall() { m_backend.persist(); }
    AfterCall(const AfterCall &) = delete;
    AfterCall &operator=(const AfterCall &) = delete;

private:
    LabBackend &m_backend;
};

class LabDataCore final : public DataCoreManagement
{
public:
    LabDataCore(LabBackend &backend, LabState &state) : m_backend(backend), m_state(state) {}

    Result<std::vector<DataCoreServer>> servers() override
    {
        AfterCall saved(m_backend);
        return m_state.servers();
    }
    Result<std::vector<DataCorePort>> ports() override
    {
        AfterCall saved(m_backend);
        return m_state.ports();
    }
    Result<std::vector<BackEndDisk>> physicalDisks() override
    {
        AfterCall saved(m_backend);
        return m_state.physicalDisks();
    }
    ChangeResult deletePort(const std::string &portId) override
    {
        AfterCall saved(m_backend);
        return m_state.deletePort(portId);
    }

private:
    LabBackend &m_backend;
    LabState &m_state;
};

class LabDevices final : public DeviceInventory
{
public:
    LabDevices(LabBackend &backend, LabState &state) : m_backend(backend), m_state(state) {}

    Result<std::vector<Adapter>> adapters(const std::string &host) override
    {
        AfterCall saved(m_backend);
        return m_state.adapters(host);
    }
    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host,
                                                         const std::string &instanceId) override
    {
        AfterCall saved(m_backend);
        return m_state.compatibleDrivers(host, instanceId);
    }
    ChangeResult installDriver(const std::string &host, const std::string &instanceId,
                               const DriverPackage &driver) override
    {
        AfterCall saved(m_backend);
        return m_state.installDriver(host, instanceId, driver);
    }
    ChangeResult rollBackDriver(const std::string &host, const std::string &instanceId) override
    {
        AfterCall saved(m_backend);
        return m_state.rollBackDriver(host, instanceId);
    }

private:
    LabBackend &m_backend;
    LabState &m_state;
};

class LabMpio final : public Mpio
{
public:
    LabMpio(LabBackend &backend, LabState &state) : m_backend(backend), m_state(state) {}

    Result<std::vector<MpioDisk>> disks(const std::string &host) override
    {
        AfterCall saved(m_backend);
        return m_state.disks(host);
    }
    ChangeResult claim(const std::string &host, const ClaimRequest &request) override
    {
        AfterCall saved(m_backend);
        return m_state.claim(host, request);
    }
    ChangeResult setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                           std::optional<std::uint64_t> preferredPath) override
    {
        AfterCall saved(m_backend);
        return m_state.setPolicy(host, mpioDisk, policy, preferredPath);
    }

private:
    LabBackend &m_backend;
    LabState &m_state;
};

class LabHostSystem final : public HostSystem
{
public:
    LabHostSystem(LabBackend &backend, LabState &state) : m_backend(backend), m_state(state) {}

    Result<Elevation> isElevated(const std::string &host) override
    {
        AfterCall saved(m_backend);
        return m_state.isElevated(host);
    }
    Result<MpioFeature> mpioFeatureInstalled(const std::string &host) override
    {
        AfterCall saved(m_backend);
        return m_state.mpioFeatureInstalled(host);
    }
    Result<PendingReboot> rebootPending(const std::string &host) override
    {
        AfterCall saved(m_backend);
        return m_state.rebootPending(host);
    }
    bool restartsOnRequest() const override { return true; }
    ChangeResult restartHost(const std::string &host) override { return m_backend.restartHost(host); }

private:
    LabBackend &m_backend;
    LabState &m_state;
};

} // namespace lab

namespace {

// Scenario files are a few hundred kilobytes; anything far bigger is not one.
constexpr std::streamoff kMaxScenarioBytes = 64 * 1024 * 1024;

std::string baseName(const std::string &path)
{
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

LabBackend::LabBackend(std::unique_ptr<lab::LabState> state, std::string sourceName)
    : m_state(std::move(state))
    , m_dataCore(std::make_unique<lab::LabDataCore>(*this, *m_state))
    , m_devices(std::make_unique<lab::LabDevices>(*this, *m_state))
    , m_mpio(std::make_unique<lab::LabMpio>(*this, *m_state))
    , m_hostSystem(std::make_unique<lab::LabHostSystem>(*this, *m_state))
    , m_sourceName(std::move(sourceName))
{
}

LabBackend::~LabBackend() = default;

Result<std::unique_ptr<LabBackend>> LabBackend::fromText(std::string_view json, std::string sourceName)
{
    Result<lab::Scenario> scenario = lab::loadScenario(json, sourceName);
    if (!scenario)
        return scenario.error();
    auto state = std::make_unique<lab::LabState>(std::move(scenario).value());
    return std::unique_ptr<LabBackend>(new LabBackend(std::move(state), std::move(sourceName)));
}

Result<std::unique_ptr<LabBackend>> LabBackend::fromFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        const int error = errno;
        return Error{"lab: open scenario", "cannot open \"" + path + "\": " + std::strerror(error), error};
    }
    file.seekg(0, std::ios::end);
    const std::streamoff size = file.tellg();
    if (size > kMaxScenarioBytes)
        return Error{"lab: open scenario", "\"" + path + "\" is too large to be a lab scenario", 0};
    file.seekg(0, std::ios::beg);
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad() || (size > 0 && !text))
        return Error{"lab: open scenario", "cannot read \"" + path + "\"", 0};
    return fromText(text.str(), path);
}

std::string LabBackend::description() const
{
    return "Simulated lab: " + baseName(m_sourceName);
}

DataCoreManagement *LabBackend::dataCore()
{
    return m_dataCore.get();
}

DeviceInventory *LabBackend::devices()
{
    return m_devices.get();
}

Mpio *LabBackend::mpio()
{
    return m_mpio.get();
}

HostSystem *LabBackend::hostSystem()
{
    return m_hostSystem.get();
}

std::vector<std::string> LabBackend::missingParts() const
{
    if (m_stateError)
        return {"lab state: " + m_stateError->toString()};
    return {};
}

void LabBackend::setClock(Clock clock)
{
    m_state->setClock(std::move(clock));
}

LabBackend::Clock LabBackend::clock() const
{
    return m_state->clock();
}

ChangeResult LabBackend::restartHost(const std::string &host)
{
    ChangeResult result = m_state->restartHost(host);
    persist();
    return result;
}

std::string LabBackend::stateJson() const
{
    return m_state->stateJson(baseName(m_sourceName));
}

std::optional<Error> LabBackend::useStateFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (file) {
        std::ostringstream text;
        text << file.rdbuf();
        if (file.bad())
            return Error{"lab: load state", "cannot read \"" + path + "\"", 0};
        if (auto error = m_state->applyState(text.str(), path))
            return error;
        m_stateFile = path;
        return std::nullopt;
    }
    m_stateFile = path;
    m_state->takeChanged();
    if (auto error = writeStateFile())
        return error;
    return std::nullopt;
}

void LabBackend::persist()
{
    if (m_stateFile.empty() || !m_state->takeChanged())
        return;
    m_stateError = writeStateFile();
}

std::optional<Error> LabBackend::writeStateFile() const
{
    // Beside the target, then renamed over it: a process killed mid-write
    // leaves the previous state whole.
    const std::string temporary = m_stateFile + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        const std::string text = stateJson();
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            const int error = errno;
            return Error{"lab: save state", "cannot write \"" + temporary + "\": " + std::strerror(error), error};
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, m_stateFile, error);
    if (error) {
        // Some systems refuse to rename over an existing file.
        std::filesystem::remove(m_stateFile, error);
        std::filesystem::rename(temporary, m_stateFile, error);
    }
    if (error)
        return Error{"lab: save state", "cannot replace \"" + m_stateFile + "\": " + error.message(), error.value()};
    return std::nullopt;
}

std::chrono::system_clock::time_point LabBackend::now() const
{
    return m_state->now();
}

} // namespace pathlens
