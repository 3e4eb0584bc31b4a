#pragma once

// Certificates the admin chose to trust, one per REST host (trust on first
// use). DataCore's REST service usually runs with a self-signed certificate,
// which no CA vouches for; once the admin has compared its fingerprint, the
// same certificate is accepted from then on, and a different one is refused
// until the admin decides again.

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace pathlens {

class TrustStore
{
public:
    virtual ~TrustStore() = default;

    /// The trusted SHA-256 fingerprint ("AB:CD:...") for a host key (see
    /// RestEndpoint::key), or nullopt when the host is not known yet.
    virtual std::optional<std::string> trustedFingerprint(const std::string &hostKey) const = 0;
    /// Trusts the certificate with this fingerprint for the host, replacing
    /// any earlier one. Only after the admin agreed.
    virtual void trust(const std::string &hostKey, const std::string &fingerprint) = 0;
    /// Forgets the host: its next certificate is asked about again.
    virtual void forget(const std::string &hostKey) = 0;
};

/// Kept in memory only (tests, one-off commands). Safe to share between threads.
class MemoryTrustStore final : public TrustStore
{
public:
    std::optional<std::string> trustedFingerprint(const std::string &hostKey) const override;
    void trust(const std::string &hostKey, const std::string &fingerprint) override;
    void forget(const std::string &hostKey) override;

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::string> m_fingerprints;
};

/// Kept in the application's settings: QSettings("PathLens", "PathLens"),
/// key "trustedCertificates/<host key>". Each call opens the settings anew, so
/// the store may be shared between threads.
class SettingsTrustStore final : public TrustStore
{
public:
    /// The user's PathLens settings.
    SettingsTrustStore();
    /// An INI file of its own (tests).
    explicit SettingsTrustStore(std::string iniFile);

    std::optional<std::string> trustedFingerprint(const std::string &hostKey) const override;
    void trust(const std::string &hostKey, const std::string &fingerprint) override;
    void forget(const std::string &hostKey) override;

private:
    std::string m_iniFile; ///< empty: the user's settings
};

} // namespace pathlens
