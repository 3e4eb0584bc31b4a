#include "platform/datacorerest/restbackend.h"

namespace pathlens {

DataCoreRestBackend::DataCoreRestBackend(std::unique_ptr<DataCoreRestClient> client, std::unique_ptr<Backend> local)
    : m_client(std::move(client))
    , m_local(std::move(local))
{
}

DataCoreRestBackend::~DataCoreRestBackend() = default;

std::string DataCoreRestBackend::description() const
{
    const auto &endpoint = m_client->endpoint();
    std::string text = "DataCore REST: " + m_client->user() + "@" + (endpoint ? endpoint->key : std::string("?"));
    const std::string serverHost = m_client->serverHost();
    if (endpoint && serverHost != endpoint->hostName)
        text += " (ServerHost " + serverHost + ")";
    if (m_local)
        text += " + " + m_local->description();
    return text;
}

DataCoreManagement *DataCoreRestBackend::dataCore()
{
    return m_client.get();
}

DeviceInventory *DataCoreRestBackend::devices()
{
    return m_local ? m_local->devices() : nullptr;
}

Mpio *DataCoreRestBackend::mpio()
{
    return m_local ? m_local->mpio() : nullptr;
}

HostSystem *DataCoreRestBackend::hostSystem()
{
    return m_local ? m_local->hostSystem() : nullptr;
}

std::vector<std::string> DataCoreRestBackend::hosts() const
{
    return m_local ? m_local->hosts() : std::vector<std::string>{};
}

std::vector<std::string> DataCoreRestBackend::missingParts() const
{
    // The model already says which parts this source lacks (devices, MPIO).
    return m_local ? m_local->missingParts() : std::vector<std::string>{};
}

} // namespace pathlens
