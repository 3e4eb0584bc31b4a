#include "platform/datacorerest/restbackend.h"
#include "platform/datacorerest/restclient.h"
#include "rest/httpsserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThread>

#include <gtest/gtest.h>

#include <optional>

namespace pathlens {
namespace {

using testsupport::HttpsServer;
using testsupport::ReceivedRequest;
using testsupport::TestCertificate;
using testsupport::TestResponse;

const QByteArray restPrefix = "/RestService/rest.svc/";
const std::string password = "s3cret pw";

QByteArray fixture(const char *name)
{
    QFile file(QDir(QStringLiteral(PATHLENS_TEST_DATA_DIR "/rest")).filePath(QString::fromLatin1(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return file.readAll();
}

QString sampleFile(const char *name)
{
    return QDir(QStringLiteral(PATHLENS_SAMPLES_DIR "/datacore")).filePath(QString::fromLatin1(name));
}

class RestClientTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QString why;
        const std::optional<TestCertificate> certificate = testsupport::testCertificate(0, &why);
        if (!certificate)
            GTEST_SKIP() << "cannot make a test certificate with openssl: " << why.toStdString();
        m_certificate = *certificate;
        m_server = std::make_unique<HttpsServer>(m_certificate);
        ASSERT_TRUE(m_server->start(&why)) << why.toStdString();
        m_trust = std::make_shared<MemoryTrustStore>();
    }

    std::string hostKey() const { return m_server->hostAndPort().toStdString(); }

    RestSettings settings() const
    {
        RestSettings out;
        out.host = m_server->hostAndPort().toStdString();
        out.user = "admin";
        out.password = password;
        out.timeout = std::chrono::seconds(5);
        return out;
    }

    std::unique_ptr<DataCoreRestClient> client(const RestSettings &settings)
    {
        return std::make_unique<DataCoreRestClient>(settings, m_trust);
    }

    /// A client for a host whose certificate the admin has trusted already.
    std::unique_ptr<DataCoreRestClient> trustedClient(RestSettings settings)
    {
        m_trust->trust(hostKey(), m_certificate.fingerprint.toStdString());
        return client(settings);
    }
    std::unique_ptr<DataCoreRestClient> trustedClient() { return trustedClient(settings()); }

    void serveFixtures()
    {
        m_server->serve({{"1.0/ports", fixture("ports-with-not-present.json")},
                         {"2.0/servers", fixture("servers-one.json")},
                         {"2.0/physicaldisks", "[]"}});
    }

    TestCertificate m_certificate;
    std::unique_ptr<HttpsServer> m_server;
    std::shared_ptr<MemoryTrustStore> m_trust;
};

// ------------------------------------------------------------------ TLS trust

TEST_F(RestClientTest, FirstContactFailsAsUntrustedWithFingerprintAndSubjectBeforeAnyRequest)
{
    serveFixtures();
    auto rest = client(settings());
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    const RestFailure &failure = rest->lastFailure();
    EXPECT_EQ(failure.kind, RestFailureKind::UntrustedCertificate);
    ASSERT_TRUE(failure.certificate);
    EXPECT_EQ(failure.certificate->fingerprint, m_certificate.fingerprint.toStdString()); // openssl's own spelling
    EXPECT_EQ(failure.certificate->hostKey, hostKey());
    EXPECT_NE(failure.certificate->subject.find("CN=localhost"), std::string::npos);
    EXPECT_FALSE(failure.certificate->validUntil.empty());
    EXPECT_NE(servers.error().message.find(m_certificate.fingerprint.toStdString()), std::string::npos);
    EXPECT_NE(servers.error().message.find("not trusted"), std::string::npos);
    // The handshake stopped before HTTP: no credentials went to an unknown host.
    EXPECT_TRUE(m_server->requests().empty());
    EXPECT_FALSE(m_trust->trustedFingerprint(hostKey()));
}

TEST_F(RestClientTest, AfterTrustTheSameCertificateIsAccepted)
{
    serveFixtures();
    auto rest = client(settings());
    ASSERT_FALSE(rest->servers());
    ASSERT_EQ(rest->lastFailure().kind, RestFailureKind::UntrustedCertificate);
    rest->trust(rest->lastFailure().certificate->hostKey, rest->lastFailure().certificate->fingerprint);

    const auto servers = rest->servers();
    ASSERT_TRUE(servers) << servers.error().toString();
    ASSERT_EQ(servers->size(), 1u);
    EXPECT_EQ(servers->front().name, "ssv1");
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::None);
    EXPECT_EQ(m_trust->trustedFingerprint(hostKey()), m_certificate.fingerprint.toStdString());
}

TEST_F(RestClientTest, ChangedCertificateIsRefusedShowingBothFingerprints)
{
    QString why;
    const auto other = testsupport::testCertificate(1, &why);
    if (!other)
        GTEST_SKIP() << why.toStdString();
    ASSERT_NE(other->fingerprint, m_certificate.fingerprint);
    serveFixtures();
    auto rest = trustedClient();
    ASSERT_TRUE(rest->servers()) << rest->lastFailure().error.toString();

    m_server->setCertificate(*other); // same host and port, new certificate
    m_server->clearRequests();
    const auto ports = rest->ports();
    ASSERT_FALSE(ports);
    const RestFailure &failure = rest->lastFailure();
    EXPECT_EQ(failure.kind, RestFailureKind::CertificateChanged);
    ASSERT_TRUE(failure.certificate);
    EXPECT_EQ(failure.certificate->trustedFingerprint, m_certificate.fingerprint.toStdString());
    EXPECT_EQ(failure.certificate->fingerprint, other->fingerprint.toStdString());
    EXPECT_NE(ports.error().message.find("changed"), std::string::npos);
    EXPECT_NE(ports.error().message.find(m_certificate.fingerprint.toStdString()), std::string::npos);
    EXPECT_NE(ports.error().message.find(other->fingerprint.toStdString()), std::string::npos);
    EXPECT_TRUE(m_server->requests().empty());
    // Nothing was replaced behind the admin's back.
    EXPECT_EQ(m_trust->trustedFingerprint(hostKey()), m_certificate.fingerprint.toStdString());

    // A new client (next start of the program) is refused just the same.
    auto later = client(settings());
    EXPECT_FALSE(later->servers());
    EXPECT_EQ(later->lastFailure().kind, RestFailureKind::CertificateChanged);
}

TEST_F(RestClientTest, CertificateThatVerifiesNeedsNoQuestionButAKnownHostStillMustMatch)
{
    QString why;
    const auto verifiable = testsupport::loopbackCertificate(&why);
    if (!verifiable)
        GTEST_SKIP() << why.toStdString();
    // As if a CA of this computer had signed it.
    const QSslConfiguration before = QSslConfiguration::defaultConfiguration();
    QSslConfiguration withCa = before;
    withCa.addCaCertificate(QSslCertificate(verifiable->certificatePem, QSsl::Pem));
    QSslConfiguration::setDefaultConfiguration(withCa);
    struct Restore {
        QSslConfiguration configuration;
        ~Restore() { QSslConfiguration::setDefaultConfiguration(configuration); }
    } restore{before};

    m_server->setCertificate(*verifiable);
    serveFixtures();
    auto rest = client(settings());
    const auto servers = rest->servers();
    ASSERT_TRUE(servers) << servers.error().toString();
    EXPECT_FALSE(m_trust->trustedFingerprint(hostKey())); // nothing to remember

    // A host trusted with another certificate before is held to that one.
    m_trust->trust(hostKey(), m_certificate.fingerprint.toStdString());
    auto pinned = client(settings());
    EXPECT_FALSE(pinned->servers());
    EXPECT_EQ(pinned->lastFailure().kind, RestFailureKind::CertificateChanged);
    ASSERT_TRUE(pinned->lastFailure().certificate);
    EXPECT_EQ(pinned->lastFailure().certificate->fingerprint, verifiable->fingerprint.toStdString());
}

TEST_F(RestClientTest, FingerprintGivenUpFrontIsTrustedOnFirstUseOnlyWhenItMatches)
{
    serveFixtures();
    RestSettings wrong = settings();
    wrong.expectedFingerprint = std::string(95, 'A').replace(2, 1, ":");
    auto refused = client(wrong);
    EXPECT_FALSE(refused->servers());
    EXPECT_EQ(refused->lastFailure().kind, RestFailureKind::UntrustedCertificate);

    RestSettings right = settings();
    right.expectedFingerprint = m_certificate.fingerprint.toLower().remove(QLatin1Char(':')).toStdString();
    auto accepted = client(right);
    ASSERT_TRUE(accepted->servers()) << accepted->lastFailure().error.toString();
    EXPECT_EQ(m_trust->trustedFingerprint(hostKey()), m_certificate.fingerprint.toStdString());
}

// ------------------------------------------------------------ requests sent

TEST_F(RestClientTest, RequestsCarryServerHostAndTheDataCoreAuthorizationForm)
{
    serveFixtures();
    RestSettings s = settings();
    s.serverHost = "ssv1.example.lan";
    auto rest = trustedClient(s);
    ASSERT_TRUE(rest->servers());
    ASSERT_TRUE(rest->ports());
    ASSERT_TRUE(rest->physicalDisks());

    const std::vector<ReceivedRequest> requests = m_server->requests();
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[0].path, restPrefix + "2.0/servers");
    EXPECT_EQ(requests[1].path, restPrefix + "1.0/ports");
    EXPECT_EQ(requests[2].path, restPrefix + "2.0/physicaldisks");
    for (const ReceivedRequest &request : requests) {
        EXPECT_EQ(request.method, "GET");
        EXPECT_EQ(request.header("ServerHost"), "ssv1.example.lan");
        EXPECT_EQ(request.header("Authorization"), "Basic admin s3cret pw");
        EXPECT_EQ(request.header("Accept"), "application/json");
    }
}

TEST_F(RestClientTest, StandardBasicFormIsBase64AndServerHostDefaultsToTheHostName)
{
    serveFixtures();
    RestSettings s = settings();
    s.authorization = RestAuthorization::StandardBasic;
    auto rest = trustedClient(s);
    ASSERT_TRUE(rest->servers());
    const auto requests = m_server->requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].header("Authorization"), "Basic " + QByteArray("admin:s3cret pw").toBase64());
    EXPECT_EQ(requests[0].header("ServerHost"), "127.0.0.1");
    EXPECT_EQ(rest->serverHost(), "127.0.0.1");
}

// ------------------------------------------------------------- real samples

TEST_F(RestClientTest, SampleCapturesAreReadThroughTheClient)
{
    const auto ports = testsupport::readSample(sampleFile("01-rest-ports-json.txt"));
    const auto servers = testsupport::readSample(sampleFile("02-rest-server-json.txt"));
    const auto disks = testsupport::readSample(sampleFile("03-rest-physicaldisks-json.txt"));
    if (!ports || !servers || !disks)
        GTEST_SKIP() << "DataCore REST samples not found in " PATHLENS_SAMPLES_DIR "/datacore; "
                        "this test needs the shared sample folder beside the project";
    m_server->serve({{"1.0/ports", *ports}, {"2.0/servers", *servers}, {"2.0/physicaldisks", *disks}});
    auto rest = trustedClient();

    const auto serverList = rest->servers();
    ASSERT_TRUE(serverList) << serverList.error().toString();
    ASSERT_EQ(serverList->size(), 1u);
    EXPECT_EQ(serverList->front().id, "4B273A2A-1FE0-41D0-B993-6F7B35672AAF");
    EXPECT_EQ(serverList->front().name, "ssv1");
    EXPECT_EQ(serverList->front().hostName, "ssv1.akf.lan");

    const auto portList = rest->ports();
    ASSERT_TRUE(portList) << portList.error().toString();
    ASSERT_EQ(portList->size(), 1u);
    const DataCorePort &port = portList->front();
    EXPECT_EQ(port.id, "cbf72f07-5c2a-416b-8c1f-0bcb2117fc35");
    EXPECT_EQ(port.alias, "ssv1_fe2");
    EXPECT_EQ(port.serverId, "4B273A2A-1FE0-41D0-B993-6F7B35672AAF");
    EXPECT_EQ(port.type, PortType::FibreChannel);
    ASSERT_TRUE(port.pci);
    EXPECT_EQ(port.pci->bus, 130u);
    EXPECT_EQ(port.driverName, "DataCore QLogic 2X");

    const auto diskList = rest->physicalDisks();
    ASSERT_TRUE(diskList) << diskList.error().toString();
    ASSERT_EQ(diskList->size(), 1u);
    EXPECT_EQ(diskList->front().id, "{574d760e-75f5-46f6-9534-f820a19f6893}");
    EXPECT_EQ(diskList->front().caption, "tier-1-storage");
}

// ------------------------------------------------------------------ failures

TEST_F(RestClientTest, BadCredentialsGiveAClearErrorWithTheServersMessage)
{
    const QByteArray body = fixture("error-401.json");
    m_server->setHandler([body](const ReceivedRequest &) {
        TestResponse response = TestResponse::json(body, 401, "Unauthorized");
        response.extraHeaders = {{"WWW-Authenticate", "Basic realm=\"DataCore\""}};
        return response;
    });
    auto rest = trustedClient();
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Unauthorized);
    EXPECT_EQ(servers.error().code, 401);
    EXPECT_EQ(servers.error().operation, "GET 2.0/servers");
    const std::string &message = servers.error().message;
    EXPECT_NE(message.find("refused the credentials of user \"admin\""), std::string::npos) << message;
    EXPECT_NE(message.find("The user name or password is incorrect for server ssv1."), std::string::npos) << message;
    EXPECT_EQ(servers.error().toString().find(password), std::string::npos) << "the password leaked into the error";
    EXPECT_EQ(m_server->requests().size(), 1u); // asked once, no retry loop against the lock-out
}

TEST_F(RestClientTest, ServerErrorCarriesDataCoresErrorMessage)
{
    const QByteArray body = fixture("error-500.json");
    m_server->setHandler(
        [body](const ReceivedRequest &) { return TestResponse::json(body, 500, "Internal Server Error"); });
    auto rest = trustedClient();
    const auto ports = rest->ports();
    ASSERT_FALSE(ports);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::HttpStatus);
    EXPECT_EQ(ports.error().code, 500);
    EXPECT_EQ(ports.error().message,
              "the server answered 500 Internal Server Error: Cannot connect to server group: ServerHost 'ssv9' is "
              "not a DataCore Server.");
}

TEST_F(RestClientTest, ServerErrorWithoutJsonFallsBackToTheStatusText)
{
    m_server->setHandler([](const ReceivedRequest &) {
        TestResponse response;
        response.status = 503;
        response.reason = "Service Unavailable";
        response.contentType = "text/html";
        response.body = "<html><body>The service is unavailable.</body></html>";
        return response;
    });
    auto rest = trustedClient();
    const auto disks = rest->physicalDisks();
    ASSERT_FALSE(disks);
    EXPECT_EQ(disks.error().message, "the server answered 503 Service Unavailable");
}

TEST_F(RestClientTest, SlowServerTimesOut)
{
    m_server->setHandler([](const ReceivedRequest &) {
        TestResponse response;
        response.delivery = TestResponse::Delivery::Silent;
        return response;
    });
    RestSettings s = settings();
    s.timeout = std::chrono::milliseconds(400);
    auto rest = trustedClient(s);
    QElapsedTimer clock;
    clock.start();
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Timeout) << servers.error().toString();
    EXPECT_NE(servers.error().message.find("0.4 s"), std::string::npos) << servers.error().message;
    EXPECT_LT(clock.elapsed(), 4000);
}

TEST_F(RestClientTest, AnswerThatStallsAfterItsHeadersTimesOut)
{
    const QByteArray body = fixture("ports-with-not-present.json");
    m_server->setHandler([body](const ReceivedRequest &) {
        TestResponse response = TestResponse::json(body);
        response.delivery = TestResponse::Delivery::Stalled;
        return response;
    });
    RestSettings s = settings();
    s.timeout = std::chrono::milliseconds(400);
    auto rest = trustedClient(s);
    const auto ports = rest->ports();
    ASSERT_FALSE(ports);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Timeout) << ports.error().toString();
}

TEST_F(RestClientTest, TruncatedAnswerIsAnErrorAndNothingIsParsed)
{
    const QByteArray body = fixture("ports-with-not-present.json");
    m_server->setHandler([body](const ReceivedRequest &) {
        TestResponse response = TestResponse::json(body);
        response.delivery = TestResponse::Delivery::Truncated;
        return response;
    });
    auto rest = trustedClient();
    const auto ports = rest->ports();
    ASSERT_FALSE(ports);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Truncated) << ports.error().toString();
    EXPECT_NE(ports.error().message.find("nothing of it was used"), std::string::npos);
}

TEST_F(RestClientTest, CompressedAnswerIsReadWhole)
{
    // IIS compresses dynamic content where that is switched on.
    QProcess gzip;
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
    gzip.write(fixture("servers-one.json"));
    gzip.closeWriteChannel();
    if (!gzip.waitForFinished(10000) || gzip.exitCode() != 0)
        GTEST_SKIP() << "gzip is not available to compress the test answer";
    const QByteArray compressed = gzip.readAllStandardOutput();
    m_server->setHandler([compressed](const ReceivedRequest &) {
        TestResponse response = TestResponse::json(compressed);
        response.extraHeaders = {{"Content-Encoding", "gzip"}};
        return response;
    });
    auto rest = trustedClient();
    const auto servers = rest->servers();
    ASSERT_TRUE(servers) << servers.error().toString();
    ASSERT_EQ(servers->size(), 1u);
    EXPECT_EQ(servers->front().name, "ssv1");
}

TEST_F(RestClientTest, AnswerThatIsNotDataCoreJsonIsABadResponse)
{
    m_server->setHandler([](const ReceivedRequest &) { return TestResponse::json(R"([{"Id": 7}])"); });
    auto rest = trustedClient();
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::BadResponse);
    EXPECT_NE(servers.error().message.find("[0]."), std::string::npos) << servers.error().message;
}

TEST_F(RestClientTest, RedirectsAreNotFollowedWithCredentials)
{
    m_server->setHandler([](const ReceivedRequest &) {
        TestResponse response = TestResponse::json("", 302, "Found");
        response.extraHeaders = {{"Location", "https://elsewhere.example/"}};
        return response;
    });
    auto rest = trustedClient();
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::HttpStatus);
    EXPECT_NE(servers.error().message.find("elsewhere.example"), std::string::npos);
    EXPECT_EQ(m_server->requests().size(), 1u);
}

TEST_F(RestClientTest, NoServerListeningIsANetworkError)
{
    RestSettings s = settings();
    const quint16 port = m_server->port();
    m_server.reset(); // the port is free again
    s.host = "127.0.0.1:" + std::to_string(port);
    auto rest = client(s);
    const auto servers = rest->servers();
    ASSERT_FALSE(servers);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Network);
    EXPECT_NE(servers.error().message.find("cannot reach https://127.0.0.1:"), std::string::npos)
        << servers.error().message;
}

TEST_F(RestClientTest, InvalidSettingsAreRefusedWithoutNetwork)
{
    RestSettings s = settings();
    s.host = "http://ssv1";
    auto plain = client(s);
    EXPECT_FALSE(plain->endpoint());
    EXPECT_FALSE(plain->servers());
    EXPECT_EQ(plain->lastFailure().kind, RestFailureKind::InvalidSettings);

    RestSettings noUser = settings();
    noUser.user.clear();
    auto anonymous = client(noUser);
    EXPECT_FALSE(anonymous->ports());
    EXPECT_EQ(anonymous->lastFailure().kind, RestFailureKind::InvalidSettings);
    EXPECT_TRUE(m_server->requests().empty());
}

// -------------------------------------------------------------------- delete

TEST_F(RestClientTest, DeletePortSendsDeleteForTheNotPresentPortWithItsIdEncoded)
{
    const QByteArray ports = fixture("ports-with-not-present.json");
    m_server->setHandler([ports](const ReceivedRequest &request) {
        if (request.method == "GET" && request.path == restPrefix + "1.0/ports")
            return TestResponse::json(ports);
        if (request.method == "DELETE")
            return TestResponse::json("", 204, "No Content");
        return TestResponse::json(R"({"Message":"unexpected"})", 400, "Bad Request");
    });
    auto rest = trustedClient();
    const ChangeResult removed = rest->deletePort("{9f0c4d2e-7a51-4c1e-9d0b-2f6e8a3c5b71}");
    ASSERT_TRUE(removed) << removed.error().toString();
    EXPECT_FALSE(removed->rebootRequired);
    EXPECT_NE(removed->detail.find("ssv1_fe1_old"), std::string::npos);

    const auto requests = m_server->requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].method, "DELETE");
    EXPECT_EQ(requests[1].path, restPrefix + "1.0/ports/%7B9f0c4d2e-7a51-4c1e-9d0b-2f6e8a3c5b71%7D");
    EXPECT_EQ(requests[1].header("ServerHost"), "127.0.0.1");
    EXPECT_EQ(requests[1].header("Authorization"), "Basic admin s3cret pw");
}

TEST_F(RestClientTest, DeletePortRefusesPresentAndUnknownPortsWithoutSendingDelete)
{
    serveFixtures();
    auto rest = trustedClient();
    const ChangeResult present = rest->deletePort("5c6f0e2a-3b7d-4e19-a8c4-71d2f9e0b3a6");
    ASSERT_FALSE(present);
    EXPECT_EQ(rest->lastFailure().kind, RestFailureKind::Refused);
    EXPECT_NE(present.error().message.find("only Not present ports can be removed"), std::string::npos);

    const ChangeResult unknown = rest->deletePort("no-such-port");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("no port with id \"no-such-port\""), std::string::npos);

    for (const ReceivedRequest &request : m_server->requests())
        EXPECT_EQ(request.method, "GET");
}

TEST_F(RestClientTest, DeletePortReportsTheServersRefusal)
{
    const QByteArray ports = fixture("ports-with-not-present.json");
    m_server->setHandler([ports](const ReceivedRequest &request) {
        if (request.method == "DELETE")
            return TestResponse::json(R"({"ErrorMessage":"The port is in use by a connection."})", 409, "Conflict");
        return TestResponse::json(ports);
    });
    auto rest = trustedClient();
    const ChangeResult removed = rest->deletePort("{9f0c4d2e-7a51-4c1e-9d0b-2f6e8a3c5b71}");
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().code, 409);
    EXPECT_NE(removed.error().message.find("The port is in use by a connection."), std::string::npos);
}

// ------------------------------------------------------------------ threads

TEST_F(RestClientTest, ClientMayMoveToAnotherThreadBetweenCalls)
{
    serveFixtures();
    auto rest = trustedClient();
    ASSERT_TRUE(rest->servers()); // this thread

    std::optional<Result<std::vector<DataCorePort>>> fromWorker;
    QThread *worker = QThread::create([&] {
        fromWorker.emplace(rest->ports());
        rest.reset(); // and may be destroyed on another thread than the one that made it
    });
    QEventLoop loop;
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    ASSERT_TRUE(fromWorker);
    ASSERT_TRUE(*fromWorker) << fromWorker->error().toString();
    EXPECT_EQ(fromWorker->value().size(), 2u);
}

// ------------------------------------------------------------------ backend

TEST_F(RestClientTest, BackendOffersDataCoreOnlyAndDescribesTheConnection)
{
    serveFixtures();
    RestSettings s = settings();
    s.serverHost = "ssv1";
    DataCoreRestBackend backend(trustedClient(s));
    EXPECT_EQ(backend.description(), "DataCore REST: admin@" + hostKey() + " (ServerHost ssv1)");
    EXPECT_EQ(backend.description().find(password), std::string::npos);
    ASSERT_NE(backend.dataCore(), nullptr);
    EXPECT_EQ(backend.devices(), nullptr);
    EXPECT_EQ(backend.mpio(), nullptr);
    EXPECT_TRUE(backend.missingParts().empty());
    const auto servers = backend.dataCore()->servers();
    ASSERT_TRUE(servers);
    EXPECT_EQ(servers->size(), 1u);
}

} // namespace
} // namespace pathlens
