#include "bundlebackend.h"

#include "bundledata.h"

#include <algorithm>

namespace pathlens {

namespace bundle {
namespace {

constexpr std::string_view kReadOnly = "a support bundle is read-only";

Error readOnly(std::string operation)
{
    return Error{std::move(operation), std::string(kReadOnly), 0};
}

template <typename T>
Result<std::vector<T>> answer(const Part<T> &part)
{
    if (part.items)
        return *part.items;
    return Error{"support bundle", part.absentReason, 0};
}

} // namespace

class BundleDataCore final : public DataCoreManagement
{
public:
    explicit BundleDataCore(const BundleData &data) : m_data(data) {}

    Result<std::vector<DataCoreServer>> servers() override { return answer(m_data.servers); }
    Result<std::vector<DataCorePort>> ports() override { return answer(m_data.ports); }
    Result<std::vector<BackEndDisk>> physicalDisks() override { return answer(m_data.physicalDisks); }
    ChangeResult deletePort(const std::string &) override { return readOnly("delete port"); }

private:
    const BundleData &m_data;
};

class BundleDevices final : public DeviceInventory
{
public:
    explicit BundleDevices(const BundleData &data) : m_data(data) {}

    Result<std::vector<Adapter>> adapters(const std::string &host) override
    {
        if (auto refused = m_data.checkHost(host))
            return *refused;
        std::vector<Adapter> out;
        out.reserve(m_data.adapters.size());
        for (const BundleAdapter &entry : m_data.adapters)
            out.push_back(entry.adapter);
        return out;
    }

    Result<std::vector<DriverPackage>> compatibleDrivers(const std::string &host,
                                                         const std::string &instanceId) override
    {
        if (auto refused = m_data.checkHost(host))
            return *refused;
        const BundleAdapter *adapter = find(instanceId);
        if (!adapter)
            return Error{"support bundle", "the bundle has no adapter " + instanceId, 0};
        if (!adapter->compatibleDrivers)
            return Error{"support bundle", "the bundle did not capture the compatible drivers of " + instanceId, 0};
        return *adapter->compatibleDrivers;
    }

    ChangeResult installDriver(const std::string &, const std::string &, const DriverPackage &) override
    {
        return readOnly("install driver");
    }
    ChangeResult rollBackDriver(const std::string &, const std::string &) override
    {
        return readOnly("roll back driver");
    }

private:
    const BundleAdapter *find(const std::string &instanceId) const
    {
        // Windows instance ids are case-insensitive.
        const auto same = [&](const BundleAdapter &entry) {
            const std::string &id = entry.adapter.instanceId;
            return id.size() == instanceId.size()
                && std::equal(id.begin(), id.end(), instanceId.begin(), [](char a, char b) {
                       const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
                       return lower(a) == lower(b);
                   });
        };
        const auto it = std::find_if(m_data.adapters.begin(), m_data.adapters.end(), same);
        return it == m_data.adapters.end() ? nullptr : &*it;
    }

    const BundleData &m_data;
};

class BundleMpio final : public Mpio
{
public:
    explicit BundleMpio(const BundleData &data) : m_data(data) {}

    Result<std::vector<MpioDisk>> disks(const std::string &host) override
    {
        if (auto refused = m_data.checkHost(host))
            return *refused;
        return m_data.disks;
    }
    ChangeResult claim(const std::string &, const ClaimRequest &) override { return readOnly("MPIO claim"); }
    ChangeResult setPolicy(const std::string &, std::uint32_t, LoadBalancePolicy, std::optional<std::uint64_t>) override
    {
        return readOnly("set load-balance policy");
    }

private:
    const BundleData &m_data;
};

} // namespace bundle

BundleBackend::BundleBackend(std::unique_ptr<bundle::BundleData> data) : m_data(std::move(data))
{
    if (m_data->hasDataCore)
        m_dataCore = std::make_unique<bundle::BundleDataCore>(*m_data);
    if (m_data->hasDevices)
        m_devices = std::make_unique<bundle::BundleDevices>(*m_data);
    if (m_data->hasMpio)
        m_mpio = std::make_unique<bundle::BundleMpio>(*m_data);
}

BundleBackend::~BundleBackend() = default;

Result<std::unique_ptr<BundleBackend>> BundleBackend::open(const std::string &path)
{
    Result<std::unique_ptr<bundle::BundleData>> data = bundle::loadBundle(path);
    if (!data)
        return data.error();
    return std::unique_ptr<BundleBackend>(new BundleBackend(std::move(data).value()));
}

std::string BundleBackend::description() const
{
    std::string text = "Support bundle: " + (m_data->host.empty() ? std::string("unknown host") : m_data->host);
    if (m_data->manifest && !m_data->manifest->collected.empty())
        text += ", collected " + m_data->manifest->collected;
    return text + " (" + m_data->sourceName + ')';
}

DataCoreManagement *BundleBackend::dataCore()
{
    return m_dataCore.get();
}

DeviceInventory *BundleBackend::devices()
{
    return m_devices.get();
}

Mpio *BundleBackend::mpio()
{
    return m_mpio.get();
}

std::vector<std::string> BundleBackend::missingParts() const
{
    return m_data->missing;
}

const std::string &BundleBackend::path() const
{
    return m_data->path;
}

std::vector<std::string> BundleBackend::hosts() const
{
    if (m_data->host.empty())
        return {};
    if (m_data->servers.items) {
        for (const DataCoreServer &server : *m_data->servers.items) {
            if (acceptsHost(server.hostName))
                return {};
        }
    }
    return {m_data->host};
}

const std::string &BundleBackend::host() const
{
    return m_data->host;
}

const std::optional<BundleManifest> &BundleBackend::manifest() const
{
    return m_data->manifest;
}

bool BundleBackend::acceptsHost(std::string_view host) const
{
    return !m_data->checkHost(host).has_value();
}

std::vector<CounterSample> BundleBackend::counterSamples() const
{
    return m_data->samples;
}

} // namespace pathlens
