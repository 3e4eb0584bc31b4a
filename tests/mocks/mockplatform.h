#pragma once

#include "platform/backend.h"

#include <gmock/gmock.h>

namespace pathlens::testing {

class MockDataCoreManagement : public DataCoreManagement
{
public:
    MOCK_METHOD(Result<std::vector<DataCoreServer>>, servers, (), (override));
    MOCK_METHOD(Result<std::vector<DataCorePort>>, ports, (), (override));
    MOCK_METHOD(Result<std::vector<BackEndDisk>>, physicalDisks, (), (override));
    MOCK_METHOD(ChangeResult, deletePort, (const std::string &portId), (override));
};

class MockDeviceInventory : public DeviceInventory
{
public:
    MOCK_METHOD(Result<std::vector<Adapter>>, adapters, (const std::string &host), (override));
    MOCK_METHOD(Result<std::vector<DriverPackage>>, compatibleDrivers,
                (const std::string &host, const std::string &instanceId), (override));
    MOCK_METHOD(ChangeResult, installDriver,
                (const std::string &host, const std::string &instanceId, const DriverPackage &driver), (override));
    MOCK_METHOD(ChangeResult, rollBackDriver, (const std::string &host, const std::string &instanceId), (override));
};

class MockMpio : public Mpio
{
public:
    MOCK_METHOD(Result<std::vector<MpioDisk>>, disks, (const std::string &host), (override));
    MOCK_METHOD(ChangeResult, claim, (const std::string &host, const ClaimRequest &request), (override));
    MOCK_METHOD(ChangeResult, setPolicy,
                (const std::string &host, std::uint32_t mpioDisk, LoadBalancePolicy policy,
                 std::optional<std::uint64_t> preferredPath),
                (override));
};

/// A backend made of the three mocks; any part can be switched off to test a
/// missing source.
class MockBackend : public Backend
{
public:
    std::string description() const override { return "Mock backend"; }
    DataCoreManagement *dataCore() override { return m_hasDataCore ? &dataCoreMock : nullptr; }
    DeviceInventory *devices() override { return m_hasDevices ? &devicesMock : nullptr; }
    Mpio *mpio() override { return m_hasMpio ? &mpioMock : nullptr; }

    void setParts(bool dataCore, bool devices, bool mpio)
    {
        m_hasDataCore = dataCore;
        m_hasDevices = devices;
        m_hasMpio = mpio;
    }

    ::testing::NiceMock<MockDataCoreManagement> dataCoreMock;
    ::testing::NiceMock<MockDeviceInventory> devicesMock;
    ::testing::NiceMock<MockMpio> mpioMock;

private:
    bool m_hasDataCore = true;
    bool m_hasDevices = true;
    bool m_hasMpio = true;
};

} // namespace pathlens::testing
