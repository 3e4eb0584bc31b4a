#pragma once

// The offline backend: a support bundle captured on one DataCore server
// (docs/bundle.md), opened from its folder or from a .zip of it. Everything is
// read and joined once, in open(); afterwards the backend only answers from
// memory. The bundle is read-only: every change operation returns an Error.
//
// What the bundle lacks stays absent: a part that is missing or unreadable is
// listed in missingParts() with the reason, the interfaces it would feed are
// nullptr when nothing of it is there, and no value is made up to fill a gap.

#include "bundleparts.h"

#include "platform/backend.h"
#include "platform/result.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pathlens {

namespace bundle {
struct BundleData;
class BundleDataCore;
class BundleDevices;
class BundleMpio;
} // namespace bundle

class BundleBackend final : public Backend
{
public:
    /// Opens a bundle folder or a zip of it. Fails only when nothing usable can
    /// be read: the path does not exist, the zip is damaged, or manifest.json
    /// names another format or an unsupported version.
    static Result<std::unique_ptr<BundleBackend>> open(const std::string &path);

    ~BundleBackend() override;
    BundleBackend(const BundleBackend &) = delete;
    BundleBackend &operator=(const BundleBackend &) = delete;

    /// "Support bundle: SSV1, collected 2024-06-08T21:13:20Z (ssv1-bundle.zip)"
    std::string description() const override;

    /// nullptr when the bundle holds no usable datacore/*.json.
    DataCoreManagement *dataCore() override;
    /// nullptr without a usable windows/adapters.json.
    DeviceInventory *devices() override;
    /// nullptr without any recognised mpclaim output.
    Mpio *mpio() override;

    /// "datacore/ports.json: missing", "mpclaim/disk-1.txt: line 7: line not understood: ...".
    std::vector<std::string> missingParts() const override;
    /// The bundle's host, unless a DataCore server of the bundle already names it.
    std::vector<std::string> hosts() const override;

    /// The path given to open().
    const std::string &path() const;
    /// The computer the bundle was collected on (manifest host, else the
    /// collector's own files, else the only DataCore server); empty when unknown.
    const std::string &host() const;
    /// Empty when manifest.json is missing or unreadable.
    const std::optional<BundleManifest> &manifest() const;
    /// True when Mpio and DeviceInventory answer for this host name: the
    /// bundle's host or its FQDN (case-insensitive, short name against FQDN
    /// allowed), or the HostName of the DataCore server that is that host.
    bool acceptsHost(std::string_view host) const;
    /// All windows/msdsm-perf-<t>.json samples, oldest first. The newest fills
    /// MpioPath::counters; two or more give rates.
    std::vector<CounterSample> counterSamples() const;

private:
    explicit BundleBackend(std::unique_ptr<bundle::BundleData> data);

    std::unique_ptr<bundle::BundleData> m_data;
    std::unique_ptr<bundle::BundleDataCore> m_dataCore;
    std::unique_ptr<bundle::BundleDevices> m_devices;
    std::unique_ptr<bundle::BundleMpio> m_mpio;
};

} // namespace pathlens
