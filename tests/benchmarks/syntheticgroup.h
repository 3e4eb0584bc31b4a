#pragma once

// A server group of any size, as the sources would report it after remedy 2,
// for benchmarks. Per server: one dual-port back-end HBA pair (4 PCI
// functions), each function a DataCore BE port matched to its adapter, plus
// one FE and one MR port without disks; per LUN and per BE port `pathsPerPort`
// MPIO paths, alternating between the two array controllers (TPG 1 owns even
// LUNs, TPG 2 odd ones). Every path has counters; a fixed share of paths is
// failed, so reports have findings and every state colour to draw.
//
// The default shape is a full group: 64 servers x 128 LUNs x 4 ports x 4
// paths = 131,072 paths.

#include "model/snapshotbuilder.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace pathlens::synthetic {

struct GroupShape {
    int servers = 64;
    int luns = 128;
    int backEndPorts = 4; ///< at most 4: the HBA functions 175:0.0-1, 176:0.0-1
    int pathsPerPort = 4;
    int failedEvery = 97; ///< every Nth path is Failed (0: none)

    std::size_t pathCount() const
    {
        return std::size_t(servers) * std::size_t(luns) * std::size_t(backEndPorts) * std::size_t(pathsPerPort);
    }
};

inline PciLocation hbaFunction(int port)
{
    return PciLocation{std::uint32_t(175 + port / 2), 0, std::uint32_t(port % 2)};
}

inline SourceData makeGroup(const GroupShape &shape = {})
{
    SourceData data;
    data.backendDescription = "synthetic group";
    const auto taken = std::chrono::system_clock::time_point(std::chrono::seconds(1'718'000'000));
    std::size_t pathNumber = 0;
    for (int s = 0; s < shape.servers; ++s) {
        const std::string name = "SDS" + std::to_string(s + 1);
        DataCoreServer server;
        server.id = "srv-" + std::to_string(s + 1);
        server.name = name;
        server.hostName = "sds" + std::to_string(s + 1) + ".lab.example";
        server.state = "Online";
        server.version = "10.0 PSP 17";
        server.groupId = "synthetic-group";
        data.servers.push_back(server);

        SourceData::HostData host;
        host.host = server.hostName;
        for (int p = 0; p < shape.backEndPorts + 2; ++p) {
            const bool backEnd = p < shape.backEndPorts;
            DataCorePort port;
            port.id = server.id + "-port-" + std::to_string(p + 1);
            port.serverId = server.id;
            port.alias = name + (backEnd ? " BE" : (p == shape.backEndPorts ? " FE" : " MR")) + std::to_string(p + 1);
            port.portName = "50:01:43:80:" + std::to_string(10 + s % 80) + ":00:00:" + std::to_string(10 + p);
            port.roles = backEnd ? RoleBackEnd : (p == shape.backEndPorts ? RoleFrontEnd : RoleMirror);
            port.mode = backEnd ? PortMode::Initiator : PortMode::Target;
            port.type = PortType::FibreChannel;
            port.presence = Presence::Present;
            port.pci = backEnd ? hbaFunction(p) : PciLocation{std::uint32_t(59 + p), 0, 0};
            port.driverName = backEnd ? "QLogic" : "DataCore QLogic 2X";
            data.ports.push_back(port);
            if (backEnd) {
                Adapter adapter;
                adapter.instanceId = "PCI\\VEN_1077&DEV_2261\\" + std::to_string(s) + "&" + std::to_string(p);
                adapter.description = "QLogic QLE2692 port " + std::to_string(p + 1);
                adapter.deviceClass = DeviceClass::ScsiAdapter;
                adapter.pci = hbaFunction(p);
                adapter.driver.provider = "QLogic";
                adapter.driver.version = "9.4.6.20";
                host.adapters.push_back(adapter);
            }
        }
        for (int l = 0; l < shape.luns; ++l) {
            MpioDisk disk;
            disk.number = std::uint32_t(l);
            disk.systemDisk = "Disk " + std::to_string(l + 1);
            char serial[64];
            std::snprintf(serial, sizeof serial, "6006016010%02X80%020d", s, l);
            disk.serial = serial;
            disk.vendor = "DGC";
            disk.product = "VRAID";
            disk.dsm = "Microsoft DSM";
            disk.policy = LoadBalancePolicy::RoundRobinWithSubset;
            disk.alua = AluaSupport::ImplicitOnly;
            const std::uint32_t owner = std::uint32_t(1 + l % 2);
            for (int p = 0; p < shape.backEndPorts; ++p) {
                for (int t = 0; t < shape.pathsPerPort; ++t) {
                    MpioPath path;
                    path.pathId = (std::uint64_t(0x77) << 24) | (std::uint64_t(4 + p) << 16) | std::uint64_t(t);
                    const std::uint32_t tpg = std::uint32_t(1 + t % 2);
                    const PathState good = tpg == owner ? PathState::ActiveOptimized : PathState::ActiveUnoptimized;
                    ++pathNumber;
                    const bool failed = shape.failedEvery > 0 && pathNumber % std::size_t(shape.failedEvery) == 0;
                    path.state = failed ? PathState::Failed : good;
                    path.tpgId = tpg;
                    path.tpgState = good;
                    path.adapterPci = hbaFunction(p);
                    path.adapterName = "QLogic QLE2692 port " + std::to_string(p + 1);
                    path.scsi = ScsiAddress{std::uint32_t(4 + p), 0, std::uint32_t(t), std::uint32_t(l)};
                    const std::uint32_t operations = path.state == PathState::ActiveOptimized ? 100000u + std::uint32_t(l) : 0u;
                    path.counters.reads = operations;
                    path.counters.writes = operations / 3;
                    path.counters.bytesRead = std::uint64_t(operations) * 8192;
                    path.counters.bytesWritten = std::uint64_t(operations / 3) * 8192;
                    path.counters.taken = taken;
                    disk.paths.push_back(path);
                }
            }
            host.mpioDisks.push_back(std::move(disk));
        }
        data.hosts.push_back(std::move(host));
    }
    return data;
}

} // namespace pathlens::synthetic
