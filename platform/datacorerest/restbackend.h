#pragma once

// The live source: DataCore management from the REST client, optionally
// joined with another backend that reads this machine's devices and MPIO
// (on Windows, the local WindowsBackend). Without one, devices() and mpio()
// are nullptr and the UI says those parts are not part of the source.

#include "platform/backend.h"
#include "platform/datacorerest/restclient.h"

#include <memory>
#include <string>
#include <vector>

namespace pathlens {

class DataCoreRestBackend final : public Backend
{
public:
    /// `local`, when given, supplies devices(), mpio() and hosts().
    explicit DataCoreRestBackend(std::unique_ptr<DataCoreRestClient> client, std::unique_ptr<Backend> local = nullptr);
    ~DataCoreRestBackend() override;

    /// "DataCore REST: admin@ssv1.example.local (ServerHost ssv1)"
    std::string description() const override;

    DataCoreManagement *dataCore() override;
    DeviceInventory *devices() override;
    Mpio *mpio() override;
    /// The local computer's, with a local backend; a remote server cannot tell.
    HostSystem *hostSystem() override;
    std::vector<std::string> hosts() const override;
    std::vector<std::string> missingParts() const override;

    DataCoreRestClient &client() { return *m_client; }

private:
    std::unique_ptr<DataCoreRestClient> m_client;
    std::unique_ptr<Backend> m_local;
};

} // namespace pathlens
