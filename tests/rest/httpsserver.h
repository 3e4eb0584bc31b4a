#pragma once

// A real HTTPS server on 127.0.0.1 for the REST client tests: QSslServer on a
// thread of its own, speaking just enough HTTP/1.1 (one request per
// connection, then close) to answer as DataCore's REST service would, or to
// misbehave on purpose (stay silent, close early).

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QSslServer;
class QSslSocket;
class QObject;
class QThread;

namespace pathlens::testsupport {

/// A self-signed certificate made by `openssl req -x509` for this test run.
struct TestCertificate {
    QByteArray certificatePem;
    QByteArray keyPem;
    QString fingerprint; ///< SHA-256 as `openssl x509 -fingerprint -sha256` prints it ("AB:CD:...")
};

/// Certificate number `index` (0, 1, ...), made once per process with openssl
/// (CN=localhost, RSA 2048, 2 days). nullopt with the reason when openssl
/// cannot be run.
std::optional<TestCertificate> testCertificate(int index, QString *whyNot = nullptr);
/// A certificate that names 127.0.0.1 (subjectAltName), so it verifies once
/// it is added as a CA: for the path where no trust question arises.
std::optional<TestCertificate> loopbackCertificate(QString *whyNot = nullptr);

struct ReceivedRequest {
    QByteArray method;
    QByteArray path;                     ///< "/RestService/rest.svc/1.0/ports"
    QMap<QByteArray, QByteArray> headers; ///< names in lower case
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct TestResponse {
    enum class Delivery {
        Complete,  ///< status, headers and the whole body, then close
        Truncated, ///< Content-Length larger than the body, body, then close
        Silent,    ///< read the request, never answer (the client must time out)
        Stalled,   ///< status, headers and half the body, then silence with the connection open
    };
    int status = 200;
    QByteArray reason = "OK";
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    Delivery delivery = Delivery::Complete;

    static TestResponse json(QByteArray body, int status = 200, QByteArray reason = "OK");
};

class HttpsServer final
{
public:
    using Handler = std::function<TestResponse(const ReceivedRequest &)>;

    explicit HttpsServer(const TestCertificate &certificate);
    ~HttpsServer();
    HttpsServer(const HttpsServer &) = delete;
    HttpsServer &operator=(const HttpsServer &) = delete;

    /// Listens on 127.0.0.1 and a free port; false with the reason on failure.
    bool start(QString *whyNot = nullptr);
    quint16 port() const { return m_port; }
    /// "127.0.0.1:PORT", as typed into the REST host field.
    QString hostAndPort() const;

    /// Answers every request (called on the server's thread). Default: 404
    /// with a DataCore-style JSON message.
    void setHandler(Handler handler);
    /// Serves `body` for GET on /RestService/rest.svc/<resource>, 404 otherwise.
    void serve(const QMap<QByteArray, QByteArray> &bodiesByResource);
    /// The certificate shown to connections from now on.
    void setCertificate(const TestCertificate &certificate);

    /// Requests that arrived complete, in order.
    std::vector<ReceivedRequest> requests() const;
    void clearRequests();

private:
    void handleReadable(QSslSocket *socket);

    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr; ///< lives on m_thread; parent of the server and sockets
    QSslServer *m_server = nullptr;
    TestCertificate m_certificate;
    quint16 m_port = 0;

    mutable std::mutex m_mutex;
    Handler m_handler;
    std::vector<ReceivedRequest> m_requests;
};

/// The REST body of a sample capture: the file without its leading "# " lines.
/// nullopt when the file is absent.
std::optional<QByteArray> readSample(const QString &path);

} // namespace pathlens::testsupport
