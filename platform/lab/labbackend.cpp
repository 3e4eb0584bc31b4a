#include "labbackend.h"

#include "labscenario.h"
#include "labstate.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace pathlens {

namespace lab {

// The three faces of the lab. They only forward: all rules live in LabState,
// so the DataCore, device and MPIO views can never disagree.

class LabDataCore final : public DataCoreManagement
{
public:
    explicit LabDataCore(LabState &state) : m_state(state) {}

    Result<std::vector<DataCoreServer>> servers() override { return m_state.servers(); }
    Result<std::vector<DataCorePort>> ports() override { return m_state.ports(); }
    Result<std::vector<BackEndDisk>> physicalDisks() override { return m_state.physicalDisks(); }
    ChangeResult deletePort(const std::string &portId) override { return m_state.deletePort(portId); }

private:
    LabState &m_state;
};

class LabDevices final : public DeviceInventory
{
public:
    explicit LabDevices(LabState &state) : m_state(state) {}

    Result<std::vector<Adapter>> adapters(const std::string &host) override { return m_state.adapters(host); }
    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host,
                                                         const std::string &instanceId) override
    {
        return m_state.compatibleDrivers(host, instanceId);
    }
    ChangeResult installDriver(const std::string &host, const std::string &instanceId,
                               const DriverPackage &driver) override
    {
        return m_state.installDriver(host, instanceId, driver);
    }
    ChangeResult rollBackDriver(const std::string &host, const std::string &instanceId) override
    {
        return m_state.rollBackDriver(host, instanceId);
    }

private:
    LabState &m_state;
};

class LabMpio final : public Mpio
{
public:
    explicit LabMpio(LabState &state) : m_state(state) {}

    Result<std::vector<MpioDisk>> disks(const std::string &host) override { return m_state.disks(host); }
    ChangeResult claim(const std::string &host, const ClaimRequest &request) override
    {
        return m_state.claim(host, request);
    }
    ChangeResult setPolicy(const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                           std::optional<std::uint64_t> preferredPath) override
    {
        return m_state.setPolicy(host, mpioDisk, policy, preferredPath);
    }

private:
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
    , m_dataCore(std::make_unique<lab::LabDataCore>(*m_state))
    , m_devices(std::make_unique<lab::LabDevices>(*m_state))
    , m_mpio(std::make_unique<lab::LabMpio>(*m_state))
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

void LabBackend::setClock(Clock clock)
{
    m_state->setClock(std::move(clock));
}

std::chrono::system_clock::time_point LabBackend::now() const
{
    return m_state->now();
}

} // namespace pathlens
