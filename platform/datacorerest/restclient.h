#pragma once

// DataCore SANsymphony management over its REST API (DataCore REST Support,
// https://HOST/RestService/rest.svc/): GET 1.0/ports, 2.0/servers,
// 2.0/physicaldisks and DELETE 1.0/ports/{id}. Every request carries the
// ServerHost header (the DataCore server whose group is asked) and the
// Authorization header in the form the admin chose. Responses go through the
// same parsers as support bundles (platform/datacore/restparser.h), and only
// once they have arrived complete.
//
// TLS: a certificate that verifies against the system's CAs is accepted. One
// that does not (DataCore installs a self-signed one) is accepted only when
// its SHA-256 fingerprint is the one trusted for that host in the TrustStore.
// On first contact the call fails with RestFailureKind::UntrustedCertificate
// carrying the fingerprint and subject; the caller shows them, and after the
// admin agrees calls trust() and tries again. A host whose certificate
// differs from the trusted one fails with CertificateChanged, showing both
// fingerprints; it is never accepted silently.
//
// THREADS: the calls are synchronous, as DataCoreManagement is. Each blocks
// the calling thread until its reply is complete or the timeout has passed.
// The request itself runs on the client's own network thread, which owns the
// QNetworkAccessManager and waits for the reply in a local QEventLoop; the
// calling thread only waits and runs none of its own events meanwhile, so
// nothing queued to it (a backend switch, a shutdown) can run in the middle of
// a call. Call the client from a worker thread - the inventory service's
// refresh worker, a thread started for a connection test, or the main thread
// of a headless command - never from the UI thread, which it would freeze.
// One call at a time; successive calls may come from different threads.
//
// The password lives in memory only: it is not written anywhere, and no error
// or description contains it.

#include "platform/datacore/restparser.h"
#include "platform/datacorerest/restsupport.h"
#include "platform/datacorerest/truststore.h"
#include "platform/datacoremanagement.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pathlens {

struct RestSettings {
    std::string host;       ///< "ssv1.example.local", "10.0.0.5:8443", "https://ssv1/"; see parseRestHost()
    std::string serverHost; ///< ServerHost header; empty: the host name (without port)
    std::string user;
    std::string password;   ///< memory only
    RestAuthorization authorization = RestAuthorization::DataCoreLiteral;
    /// Longest wait for the next bytes of a reply (QNetworkRequest::setTransferTimeout);
    /// the whole request is also given up after this long plus the same again.
    std::chrono::milliseconds timeout{15000};
    /// A fingerprint the admin compared out of band (command line): a first
    /// certificate with exactly this fingerprint is trusted and remembered
    /// without asking. It never replaces a different trusted certificate.
    std::string expectedFingerprint;
};

enum class RestFailureKind {
    None,
    InvalidSettings,      ///< the host cannot be read, no user
    Network,              ///< no connection, DNS, refused, TLS failure other than trust
    Timeout,
    Unauthorized,         ///< 401/403: the credentials were refused
    HttpStatus,           ///< any other 4xx/5xx
    UntrustedCertificate, ///< first contact with a certificate nobody vouches for
    CertificateChanged,   ///< the host shows another certificate than the trusted one
    Truncated,            ///< the connection closed before the whole body arrived
    BadResponse,          ///< the body is not the JSON expected
    Refused,              ///< the client itself refused (deleting a port that is present)
};

/// The certificate a host showed, for the trust question.
struct CertificateDetails {
    std::string hostKey;            ///< trust-store key, see RestEndpoint::key
    std::string fingerprint;        ///< SHA-256 of the DER form, "AB:CD:..."
    std::string trustedFingerprint; ///< the one trusted so far (CertificateChanged only)
    std::string subject;            ///< "CN=ssv1.example.local, O=DataCore"
    std::string issuer;
    std::string validFrom;          ///< ISO-8601 (UTC)
    std::string validUntil;
};

struct RestFailure {
    RestFailureKind kind = RestFailureKind::None;
    Error error;
    std::optional<CertificateDetails> certificate; ///< UntrustedCertificate, CertificateChanged
};

class DataCoreRestClient final : public DataCoreManagement
{
public:
    /// The trust store may be shared (the dialog trusts, the client checks).
    DataCoreRestClient(RestSettings settings, std::shared_ptr<TrustStore> trustStore);
    ~DataCoreRestClient() override;
    DataCoreRestClient(const DataCoreRestClient &) = delete;
    DataCoreRestClient &operator=(const DataCoreRestClient &) = delete;

    /// GET 2.0/servers.
    Result<std::vector<DataCoreServer>> servers() override;
    /// GET 1.0/ports: every port of the group, host ports and Not present ones included.
    Result<std::vector<DataCorePort>> ports() override;
    /// GET 2.0/physicaldisks.
    Result<std::vector<BackEndDisk>> physicalDisks() override;
    /// DELETE 1.0/ports/{id} (id percent-encoded). Reads 1.0/ports first and
    /// refuses a port that is not listed or not Not present.
    ///
    /// The path: DataCore's REST reference lists a "Delete Port" operation;
    /// its guide addresses one resource as <version>/<resource>/{instanceID}
    /// and removes it with DELETE (URL_Structure_Request_Examples.htm,
    /// Sending_Requests.htm). DataCore's own Proxmox plugin deletes the same
    /// way (DELETE 1.0/virtualdisks/{id}). Version 1.0, where ports and their
    /// ids are read.
    ChangeResult deletePort(const std::string &portId) override;

    /// What the last call ran into; kind None after a success.
    const RestFailure &lastFailure() const;
    /// The parser's warnings for the last successful read ("[3].PortType: ...").
    const std::vector<std::string> &lastWarnings() const;

    /// Trusts a certificate for a host (after the admin compared it).
    void trust(const std::string &hostKey, const std::string &fingerprint);

    /// The host as parsed; nullopt when RestSettings::host cannot be read.
    const std::optional<RestEndpoint> &endpoint() const;
    const std::string &user() const;
    /// The ServerHost header value sent.
    std::string serverHost() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace pathlens
