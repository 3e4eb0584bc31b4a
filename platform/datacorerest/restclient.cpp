#include "platform/datacorerest/restclient.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace pathlens {

namespace {

std::string fingerprintOf(const QSslCertificate &certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256);
    return formatFingerprint(std::string_view(digest.constData(), std::size_t(digest.size())));
}

std::string distinguishedName(const QSslCertificate &certificate, bool issuer)
{
    // Most significant part first is how admins read it: CN, then O, OU, ...
    static const std::pair<QSslCertificate::SubjectInfo, const char *> parts[] = {
        {QSslCertificate::CommonName, "CN"},
        {QSslCertificate::Organization, "O"},
        {QSslCertificate::OrganizationalUnitName, "OU"},
        {QSslCertificate::LocalityName, "L"},
        {QSslCertificate::StateOrProvinceName, "ST"},
        {QSslCertificate::CountryName, "C"},
    };
    QStringList out;
    for (const auto &[info, label] : parts) {
        const QStringList values = issuer ? certificate.issuerInfo(info) : certificate.subjectInfo(info);
        for (const QString &value : values)
            out << QString::fromLatin1(label) + QLatin1Char('=') + value;
    }
    if (out.isEmpty())
        return (issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName()).toStdString();
    return out.join(QStringLiteral(", ")).toStdString();
}

CertificateDetails detailsOf(const QSslCertificate &certificate, const std::string &hostKey)
{
    CertificateDetails details;
    details.hostKey = hostKey;
    details.fingerprint = fingerprintOf(certificate);
    details.subject = distinguishedName(certificate, false);
    details.issuer = distinguishedName(certificate, true);
    details.validFrom = certificate.effectiveDate().toUTC().toString(Qt::ISODate).toStdString();
    details.validUntil = certificate.expiryDate().toUTC().toString(Qt::ISODate).toStdString();
    return details;
}

std::string httpReason(int status, const QByteArray &reasonPhrase)
{
    if (!reasonPhrase.trimmed().isEmpty())
        return reasonPhrase.trimmed().toStdString();
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "HTTP error";
    }
}

/// "15 s", "0.5 s".
std::string secondsText(std::chrono::milliseconds duration)
{
    const long long ms = duration.count();
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + " s";
    return QString::number(double(ms) / 1000.0, 'g', 3).toStdString() + " s";
}

} // namespace

class DataCoreRestClient::Impl
{
public:
    Impl(RestSettings settingsIn, std::shared_ptr<TrustStore> trustIn)
        : m_settings(std::move(settingsIn))
        , m_trustStore(trustIn ? std::move(trustIn) : std::make_shared<MemoryTrustStore>())
    {
        Result<RestEndpoint> parsed = parseRestHost(m_settings.host);
        if (parsed)
            m_endpoint = std::move(parsed).value();
        else
            m_endpointError = parsed.error();
    }

    ~Impl() { stopNetworkThread(); }

    struct Reply {
        int status = 0;
        QByteArray body;
    };

    /// One request. The caller's thread blocks (running none of its own
    /// events) while the request runs on the network thread. Sets `m_failure`.
    std::optional<Reply> send(QByteArray verb, const std::string &path)
    {
        startNetworkThread();
        std::optional<Reply> reply;
        QMetaObject::invokeMethod(
            m_context, [&] { reply = sendHere(verb, path); }, Qt::BlockingQueuedConnection);
        return reply;
    }

    void record(RestFailureKind kind, std::string operation, std::string message, long code = 0)
    {
        m_failure = RestFailure{kind, Error{std::move(operation), std::move(message), code}, std::nullopt};
    }

    template <typename T>
    Result<T> fail(RestFailureKind kind, std::string operation, std::string message)
    {
        record(kind, std::move(operation), std::move(message));
        return m_failure.error;
    }

    std::string operationName(const QByteArray &verb, const std::string &path) const
    {
        return verb.toStdString() + " " + path;
    }

    std::string serverHostValue() const
    {
        if (!m_settings.serverHost.empty())
            return m_settings.serverHost;
        return m_endpoint ? m_endpoint->hostName : std::string();
    }

    RestSettings m_settings;
    std::shared_ptr<TrustStore> m_trustStore;
    std::optional<RestEndpoint> m_endpoint;
    Error m_endpointError;
    RestFailure m_failure;
    std::vector<std::string> m_warnings;

private:
    /// The request itself, on the network thread, waited for in a local event
    /// loop; nothing else posts to that thread, so waiting cannot re-enter.
    std::optional<Reply> sendHere(QByteArray verb, const std::string &path);
    QNetworkAccessManager &manager();
    void startNetworkThread();
    void stopNetworkThread();

    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr;               ///< lives on m_thread
    QNetworkAccessManager *m_manager = nullptr; ///< child of m_context, made on m_thread
};

void DataCoreRestClient::Impl::startNetworkThread()
{
    if (m_thread)
        return;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("DataCore REST"));
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    m_thread->start();
}

void DataCoreRestClient::Impl::stopNetworkThread()
{
    if (!m_thread)
        return;
    // Objects of a thread are deleted on it.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_context;
            m_context = nullptr;
            m_manager = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

QNetworkAccessManager &DataCoreRestClient::Impl::manager()
{
    if (!m_manager) {
        m_manager = new QNetworkAccessManager(m_context);
        // Credentials go in our own headers; a redirect must not carry them elsewhere.
        m_manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return *m_manager;
}

std::optional<DataCoreRestClient::Impl::Reply> DataCoreRestClient::Impl::sendHere(QByteArray verb,
                                                                                 const std::string &path)
{
    const std::string operation = operationName(verb, path);
    m_failure = RestFailure{};
    if (!m_endpoint) {
        record(RestFailureKind::InvalidSettings, operation, m_endpointError.message);
        return std::nullopt;
    }
    if (m_settings.user.empty()) {
        record(RestFailureKind::InvalidSettings, operation, "no user name given");
        return std::nullopt;
    }

    const QUrl url(QString::fromStdString(m_endpoint->baseUrl + path));
    QNetworkRequest request(url);
    request.setRawHeader("ServerHost", QByteArray::fromStdString(serverHostValue()));
    request.setRawHeader("Authorization", QByteArray::fromStdString(restAuthorizationHeader(
                                              m_settings.authorization, m_settings.user, m_settings.password)));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("PathLens"));
    request.setTransferTimeout(int(std::max<long long>(1, m_settings.timeout.count())));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);

    const std::string hostKey = m_endpoint->key;
    const std::optional<std::string> trusted = m_trustStore->trustedFingerprint(hostKey);
    std::optional<RestFailure> certificateFailure;
    bool timedOut = false;

    QNetworkAccessManager &network = manager();
    // Declared after everything its handlers capture, so it goes first.
    const std::unique_ptr<QNetworkReply> owner(verb == "DELETE" ? network.deleteResource(request)
                                                                : network.get(request));
    QNetworkReply *reply = owner.get();

    const auto peerCertificate = [reply](const QList<QSslError> &errors) {
        QSslCertificate certificate = reply->sslConfiguration().peerCertificate();
        for (const QSslError &error : errors)
            if (certificate.isNull() && !error.certificate().isNull())
                certificate = error.certificate();
        return certificate;
    };
    const auto refuseChanged = [&](const QSslCertificate &certificate) {
        CertificateDetails details = detailsOf(certificate, hostKey);
        details.trustedFingerprint = *trusted;
        certificateFailure = RestFailure{
            RestFailureKind::CertificateChanged,
            Error{operation,
                  "the certificate of " + hostKey + " has changed and is refused. Trusted: SHA-256 "
                      + details.trustedFingerprint + "; now shown: SHA-256 " + details.fingerprint + " (subject "
                      + details.subject + "). If the server got a new certificate on purpose, compare the new "
                        "fingerprint with the one on the server before trusting it.",
                  0},
            details};
    };

    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&](const QList<QSslError> &errors) {
        const QSslCertificate certificate = peerCertificate(errors);
        if (certificate.isNull())
            return; // nothing to judge: the handshake fails with Qt's own reason
        const std::string fingerprint = fingerprintOf(certificate);
        if (trusted) {
            if (*trusted == fingerprint) {
                reply->ignoreSslErrors(errors); // exactly the certificate the admin trusted
                return;
            }
            refuseChanged(certificate);
            return;
        }
        const std::string &expected = m_settings.expectedFingerprint;
        if (!expected.empty() && normaliseFingerprint(expected) == fingerprint) {
            m_trustStore->trust(hostKey, fingerprint);
            reply->ignoreSslErrors(errors);
            return;
        }
        CertificateDetails details = detailsOf(certificate, hostKey);
        QStringList reasons;
        for (const QSslError &error : errors)
            reasons << error.errorString();
        reasons.removeDuplicates();
        certificateFailure = RestFailure{
            RestFailureKind::UntrustedCertificate,
            Error{operation,
                  "the certificate of " + hostKey + " is not trusted yet ("
                      + reasons.join(QStringLiteral("; ")).toStdString()
                      + "). SHA-256 fingerprint " + details.fingerprint + ", subject " + details.subject
                      + ". Compare the fingerprint with the one on the server, then trust it to connect.",
                  0},
            details};
    });
    // A certificate that verifies against the system's CAs raises no sslErrors;
    // for a host with a trusted fingerprint it must still be that one.
    QObject::connect(reply, &QNetworkReply::encrypted, reply, [&] {
        const QSslCertificate certificate = reply->sslConfiguration().peerCertificate();
        if (trusted && !certificate.isNull() && fingerprintOf(certificate) != *trusted) {
            refuseChanged(certificate);
            reply->abort();
        }
    });

    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The transfer timeout watches for silence; this one bounds a trickle.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, reply, [&] {
        timedOut = true;
        reply->abort();
    });
    deadline.start(std::chrono::milliseconds(std::max<long long>(2, 2 * m_settings.timeout.count())));
    if (!reply->isFinished())
        loop.exec();
    deadline.stop();

    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QNetworkReply::NetworkError error = reply->error();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const std::string where = url.toString(QUrl::RemoveUserInfo).toStdString();

    if (certificateFailure) {
        m_failure = std::move(*certificateFailure);
        return std::nullopt;
    }
    // Only the timeouts cancel a reply here (the certificate checks that abort
    // one were handled above), and Qt's transfer timeout reports a cancel.
    if (timedOut || error == QNetworkReply::TimeoutError || error == QNetworkReply::OperationCanceledError) {
        const std::string waited = timedOut ? "no complete answer within " + secondsText(2 * m_settings.timeout)
                                            : "nothing arrived for " + secondsText(m_settings.timeout);
        record(RestFailureKind::Timeout, operation,
               "timed out waiting for " + where + ": " + waited
                   + "; the server or the network is slow, or the REST service does not respond");
        return std::nullopt;
    }

    // Keep-alive connections from before a trust change must not slip through.
    if (trusted && error == QNetworkReply::NoError) {
        const QSslCertificate certificate = reply->sslConfiguration().peerCertificate();
        if (!certificate.isNull() && fingerprintOf(certificate) != *trusted) {
            refuseChanged(certificate);
            m_failure = std::move(*certificateFailure);
            return std::nullopt;
        }
    }

    if (status >= 300) {
        const std::string reason =
            httpReason(status, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
        const std::string serverMessage =
            restServerMessage(std::string_view(body.constData(), std::size_t(body.size())));
        const std::string said = serverMessage.empty() ? std::string() : ": " + serverMessage;
        const std::string statusText = std::to_string(status) + " " + reason;
        if (status == 401 || status == 403) {
            record(RestFailureKind::Unauthorized, operation,
                   "the server refused the credentials of user \"" + m_settings.user + "\" (" + statusText + ")" + said,
                   status);
        } else if (status < 400) {
            const QByteArray location = reply->rawHeader("Location");
            record(RestFailureKind::HttpStatus, operation,
                   "the server redirects (" + statusText + ")"
                       + (location.isEmpty() ? std::string() : " to " + location.toStdString())
                       + "; PathLens does not send credentials on to another address",
                   status);
        } else {
            record(RestFailureKind::HttpStatus, operation, "the server answered " + statusText + said, status);
        }
        return std::nullopt;
    }

    if (error != QNetworkReply::NoError) {
        const std::string reason = reply->errorString().toStdString();
        if (status != 0 && error == QNetworkReply::RemoteHostClosedError)
            record(RestFailureKind::Truncated, operation,
                   "the server closed the connection before the whole answer arrived ("
                       + std::to_string(body.size()) + " bytes received); nothing of it was used");
        else if (error == QNetworkReply::SslHandshakeFailedError)
            record(RestFailureKind::Network, operation, "the TLS handshake with " + hostKey + " failed: " + reason);
        else
            record(RestFailureKind::Network, operation, "cannot reach " + where + ": " + reason);
        return std::nullopt;
    }

    // Qt reports a body cut short as an error; this also catches one it let
    // through. Content-Length counts the encoded bytes, so only for identity.
    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
    const QByteArray encoding = reply->rawHeader("Content-Encoding").trimmed().toLower();
    if (length.isValid() && (encoding.isEmpty() || encoding == "identity") && length.toLongLong() != body.size()) {
        record(RestFailureKind::Truncated, operation,
               "the answer is incomplete (" + std::to_string(body.size()) + " of "
                   + std::to_string(length.toLongLong()) + " bytes); nothing of it was used");
        return std::nullopt;
    }
    return Reply{status, body};
}

DataCoreRestClient::DataCoreRestClient(RestSettings settings, std::shared_ptr<TrustStore> trustStore)
    : m_impl(std::make_unique<Impl>(std::move(settings), std::move(trustStore)))
{
}

DataCoreRestClient::~DataCoreRestClient() = default;

namespace {

template <typename Parse>
std::vector<std::string> warningTexts(const Parse &parse)
{
    std::vector<std::string> out;
    out.reserve(parse.warnings.size());
    for (const DataCoreWarning &warning : parse.warnings)
        out.push_back(warning.toString());
    return out;
}

} // namespace

Result<std::vector<DataCoreServer>> DataCoreRestClient::servers()
{
    const std::string path = "2.0/servers";
    const auto reply = m_impl->send("GET", path);
    if (!reply)
        return m_impl->m_failure.error;
    Result<DataCoreServersParse> parsed =
        parseServersJson(std::string_view(reply->body.constData(), std::size_t(reply->body.size())));
    if (!parsed)
        return m_impl->fail<std::vector<DataCoreServer>>(RestFailureKind::BadResponse, "GET " + path,
                                                         "the answer is not the server list DataCore sends: "
                                                             + parsed.error().message);
    m_impl->m_warnings = warningTexts(parsed.value());
    return std::move(parsed).value().servers;
}

Result<std::vector<DataCorePort>> DataCoreRestClient::ports()
{
    const std::string path = "1.0/ports";
    const auto reply = m_impl->send("GET", path);
    if (!reply)
        return m_impl->m_failure.error;
    Result<DataCorePortsParse> parsed =
        parsePortsJson(std::string_view(reply->body.constData(), std::size_t(reply->body.size())));
    if (!parsed)
        return m_impl->fail<std::vector<DataCorePort>>(RestFailureKind::BadResponse, "GET " + path,
                                                       "the answer is not the port list DataCore sends: "
                                                           + parsed.error().message);
    m_impl->m_warnings = warningTexts(parsed.value());
    return std::move(parsed).value().ports;
}

Result<std::vector<BackEndDisk>> DataCoreRestClient::physicalDisks()
{
    const std::string path = "2.0/physicaldisks";
    const auto reply = m_impl->send("GET", path);
    if (!reply)
        return m_impl->m_failure.error;
    Result<DataCorePhysicalDisksParse> parsed =
        parsePhysicalDisksJson(std::string_view(reply->body.constData(), std::size_t(reply->body.size())));
    if (!parsed)
        return m_impl->fail<std::vector<BackEndDisk>>(RestFailureKind::BadResponse, "GET " + path,
                                                      "the answer is not the physical disk list DataCore sends: "
                                                          + parsed.error().message);
    m_impl->m_warnings = warningTexts(parsed.value());
    return std::move(parsed).value().disks;
}

ChangeResult DataCoreRestClient::deletePort(const std::string &portId)
{
    const std::string operation = "delete port";
    // The interface promises only Not present ports go; check against the
    // server's current list rather than trusting the caller's snapshot.
    Result<std::vector<DataCorePort>> current = ports();
    if (!current)
        return current.error();
    const auto &list = current.value();
    const auto port = std::find_if(list.begin(), list.end(), [&](const DataCorePort &p) { return p.id == portId; });
    if (port == list.end())
        return m_impl->fail<Change>(RestFailureKind::Refused, operation,
                                    "the server lists no port with id \"" + portId + "\"");
    const std::string name = port->alias.empty() ? portId : port->alias;
    if (port->presence != Presence::NotPresent)
        return m_impl->fail<Change>(RestFailureKind::Refused, operation,
                                    "port \"" + name + "\" is " + std::string(toString(port->presence))
                                        + "; only Not present ports can be removed");

    const QByteArray encoded = QUrl::toPercentEncoding(QString::fromStdString(portId));
    const auto reply = m_impl->send("DELETE", "1.0/ports/" + encoded.toStdString());
    if (!reply)
        return m_impl->m_failure.error;
    m_impl->m_warnings.clear();
    return Change{false, "removed Not present port \"" + name + "\" (" + portId + ") from the DataCore configuration"};
}

const RestFailure &DataCoreRestClient::lastFailure() const
{
    return m_impl->m_failure;
}

const std::vector<std::string> &DataCoreRestClient::lastWarnings() const
{
    return m_impl->m_warnings;
}

void DataCoreRestClient::trust(const std::string &hostKey, const std::string &fingerprint)
{
    m_impl->m_trustStore->trust(hostKey, fingerprint);
}

const std::optional<RestEndpoint> &DataCoreRestClient::endpoint() const
{
    return m_impl->m_endpoint;
}

const std::string &DataCoreRestClient::user() const
{
    return m_impl->m_settings.user;
}

std::string DataCoreRestClient::serverHost() const
{
    return m_impl->serverHostValue();
}

} // namespace pathlens
