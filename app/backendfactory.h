#pragma once

#include "platform/backend.h"
#include "platform/datacorerest/restsupport.h"
#include "platform/result.h"
#include "views/connectdialog.h"

#include <QString>

#include <memory>
#include <optional>

namespace pathlens {

class PasswordStore;
class TrustStore;

/// A live DataCore server through its REST API.
struct RestChoice {
    QString host;       ///< REST host as typed: "ssv1", "ssv1:8443"
    QString serverHost; ///< ServerHost header; empty: the REST host's name
    QString user;
    QString password;   ///< memory only; from the keychain, the dialog or PATHLENS_REST_PASSWORD
    RestAuthorization authorization = RestAuthorization::DataCoreLiteral;
    int timeoutSeconds = 15;
    QString trustFingerprint; ///< --trust-fingerprint: trust this certificate on first use
    bool includeLocalMpio = false; ///< Windows: join this machine's devices and MPIO
};

/// Where the console reads its picture from. Only this file knows the concrete
/// backends; everything else sees the platform interfaces.
struct BackendChoice {
    QString labFile;    ///< empty: the lab scenario shipped in the resources
    QString bundlePath; ///< a support bundle (folder or .zip); wins over the lab when set
    std::optional<RestChoice> rest; ///< a live DataCore server; wins over both when set
};

/// Builds the backend. A REST backend is created without touching the
/// network; its first call (on the model's worker) connects.
Result<std::unique_ptr<Backend>> createBackend(const BackendChoice &choice);

/// The connect dialog's choice as a backend choice, and back (for --connect).
BackendChoice backendChoiceFor(const ConnectionSettings &settings);
ConnectionSettings connectionSettingsFor(const RestChoice &rest);

/// The stores live connections use: certificates trusted in the settings
/// ("trustedCertificates/<host>"), passwords in the OS keychain. Tests may
/// swap them; nullptr restores the defaults.
std::shared_ptr<TrustStore> trustStore();
std::shared_ptr<PasswordStore> passwordStore();
void setCredentialStores(std::shared_ptr<TrustStore> trust, std::shared_ptr<PasswordStore> passwords);

/// The password for `pathlens report --connect`: PATHLENS_REST_PASSWORD when
/// set, else the keychain's entry for user@host. Never the command line.
Result<QString> reportPassword(const RestChoice &rest);

/// Services for the connect dialog: a connection test with the real client
/// (2.0/servers), trust in the settings, passwords in the keychain.
ConnectServices connectServices();

} // namespace pathlens
