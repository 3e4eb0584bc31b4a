#include "rest/httpsserver.h"

#include <QFile>
#include <QHostAddress>
#include <QMetaObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QThread>

#include <map>

namespace pathlens::testsupport {

namespace {

const char bufferProperty[] = "pathlensRequestBuffer";

std::optional<TestCertificate> makeCertificate(QString *whyNot, const QStringList &extra = {})
{
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *whyNot = QStringLiteral("no temporary folder");
        return std::nullopt;
    }
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    const QString cert = dir.filePath(QStringLiteral("cert.pem"));
    const QStringList arguments = QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                                              QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                              QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                                              QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                              QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert}
        + extra;
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), arguments);
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        *whyNot = QStringLiteral("openssl req failed (is the openssl package installed?): %1")
                      .arg(QString::fromLocal8Bit(openssl.readAllStandardError()) + openssl.errorString());
        return std::nullopt;
    }
    // The fingerprint as openssl prints it, so the client's format is checked
    // against an independent tool.
    QProcess fingerprint;
    fingerprint.start(QStringLiteral("openssl"), {QStringLiteral("x509"), QStringLiteral("-in"), cert,
                                                  QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                                                  QStringLiteral("-sha256")});
    if (!fingerprint.waitForFinished(30000) || fingerprint.exitCode() != 0) {
        *whyNot = QStringLiteral("openssl x509 -fingerprint failed");
        return std::nullopt;
    }
    const QString printed = QString::fromLatin1(fingerprint.readAllStandardOutput()).trimmed();
    TestCertificate out;
    out.fingerprint = printed.mid(printed.indexOf(QLatin1Char('=')) + 1).toUpper();
    QFile keyFile(key);
    QFile certFile(cert);
    if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
        *whyNot = QStringLiteral("openssl wrote no certificate");
        return std::nullopt;
    }
    out.keyPem = keyFile.readAll();
    out.certificatePem = certFile.readAll();
    return out;
}

QSslConfiguration serverConfiguration(const TestCertificate &certificate)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(QSslCertificate(certificate.certificatePem, QSsl::Pem));
    configuration.setPrivateKey(QSslKey(certificate.keyPem, QSsl::Rsa, QSsl::Pem));
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

QByteArray responseBytes(const TestResponse &response)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + response.reason + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    const qsizetype declared = response.delivery == TestResponse::Delivery::Truncated ? response.body.size() + 4096
                                                                                     : response.body.size();
    out += "Content-Length: " + QByteArray::number(declared) + "\r\n";
    for (const auto &[name, value] : response.extraHeaders)
        out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += response.body;
    return out;
}

} // namespace

std::optional<TestCertificate> testCertificate(int index, QString *whyNot)
{
    static std::mutex mutex;
    static std::map<int, std::optional<TestCertificate>> made;
    static QString failure;
    const std::lock_guard lock(mutex);
    auto found = made.find(index);
    if (found == made.end())
        found = made.emplace(index, makeCertificate(&failure)).first;
    if (!found->second && whyNot)
        *whyNot = failure;
    return found->second;
}

std::optional<TestCertificate> loopbackCertificate(QString *whyNot)
{
    static std::mutex mutex;
    static std::optional<std::optional<TestCertificate>> made;
    static QString failure;
    const std::lock_guard lock(mutex);
    if (!made)
        made = makeCertificate(&failure, {QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!*made && whyNot)
        *whyNot = failure;
    return *made;
}

TestResponse TestResponse::json(QByteArray body, int status, QByteArray reason)
{
    TestResponse response;
    response.body = std::move(body);
    response.status = status;
    response.reason = std::move(reason);
    return response;
}

HttpsServer::HttpsServer(const TestCertificate &certificate)
    : m_thread(std::make_unique<QThread>())
    , m_certificate(certificate)
{
    m_thread->setObjectName(QStringLiteral("https test server"));
    setHandler({});
}

HttpsServer::~HttpsServer()
{
    if (m_context) {
        QMetaObject::invokeMethod(m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
        m_context = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
}

bool HttpsServer::start(QString *whyNot)
{
    m_thread->start();
    m_context = new QObject;
    m_context->moveToThread(m_thread.get());
    bool listening = false;
    QString reason;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            m_server = new QSslServer(m_context);
            m_server->setSslConfiguration(serverConfiguration(m_certificate));
            QObject::connect(m_server, &QTcpServer::pendingConnectionAvailable, m_context, [this] {
                while (QTcpSocket *next = m_server->nextPendingConnection()) {
                    auto *socket = static_cast<QSslSocket *>(next);
                    socket->setParent(m_context);
                    QObject::connect(socket, &QSslSocket::readyRead, m_context,
                                     [this, socket] { handleReadable(socket); });
                    QObject::connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
                    if (socket->bytesAvailable() > 0)
                        handleReadable(socket);
                }
            });
            listening = m_server->listen(QHostAddress::LocalHost, 0);
            if (listening)
                m_port = m_server->serverPort();
            else
                reason = m_server->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!listening && whyNot)
        *whyNot = reason;
    return listening;
}

QString HttpsServer::hostAndPort() const
{
    return QStringLiteral("127.0.0.1:%1").arg(m_port);
}

void HttpsServer::setHandler(Handler handler)
{
    if (!handler) {
        handler = [](const ReceivedRequest &request) {
            return TestResponse::json(R"({"Message":"No resource )" + request.path + R"("})", 404, "Not Found");
        };
    }
    const std::lock_guard lock(m_mutex);
    m_handler = std::move(handler);
}

void HttpsServer::serve(const QMap<QByteArray, QByteArray> &bodiesByResource)
{
    setHandler([bodiesByResource](const ReceivedRequest &request) {
        const QByteArray prefix = "/RestService/rest.svc/";
        if (request.method == "GET" && request.path.startsWith(prefix)) {
            const QByteArray resource = request.path.mid(prefix.size());
            if (bodiesByResource.contains(resource))
                return TestResponse::json(bodiesByResource.value(resource));
        }
        return TestResponse::json(R"({"Message":"No resource )" + request.path + R"("})", 404, "Not Found");
    });
}

void HttpsServer::setCertificate(const TestCertificate &certificate)
{
    QMetaObject::invokeMethod(
        m_context, [this, certificate] { m_server->setSslConfiguration(serverConfiguration(certificate)); },
        Qt::BlockingQueuedConnection);
}

std::vector<ReceivedRequest> HttpsServer::requests() const
{
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

void HttpsServer::clearRequests()
{
    const std::lock_guard lock(m_mutex);
    m_requests.clear();
}

void HttpsServer::handleReadable(QSslSocket *socket)
{
    QByteArray buffer = socket->property(bufferProperty).toByteArray() + socket->readAll();
    socket->setProperty(bufferProperty, buffer);
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;

    ReceivedRequest request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype bodyLength = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + bodyLength)
        return; // the body is still on its way
    socket->setProperty(bufferProperty, QByteArray());
    // One request per connection: whatever else arrives is not read.
    QObject::disconnect(socket, &QSslSocket::readyRead, m_context, nullptr);

    Handler handler;
    {
        const std::lock_guard lock(m_mutex);
        m_requests.push_back(request);
        handler = m_handler;
    }
    const TestResponse response = handler(request);
    if (response.delivery == TestResponse::Delivery::Silent)
        return; // the socket stays open and quiet
    const QByteArray bytes = responseBytes(response);
    if (response.delivery == TestResponse::Delivery::Stalled) {
        socket->write(bytes.left(bytes.size() - response.body.size() / 2));
        return;
    }
    socket->write(bytes);
    socket->disconnectFromHost(); // after the write buffer is flushed
}

std::optional<QByteArray> readSample(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray text = file.readAll();
    qsizetype pos = 0;
    while (text.mid(pos, 2) == "# ") {
        const qsizetype newline = text.indexOf('\n', pos);
        pos = newline < 0 ? text.size() : newline + 1;
    }
    return text.mid(pos);
}

} // namespace pathlens::testsupport
