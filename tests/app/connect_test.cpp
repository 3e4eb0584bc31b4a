#include "app/backendfactory.h"
#include "app/commandline.h"
#include "reportrun.h"
#include "app/reportcommand.h"
#include "model/inventoryservice.h"
#include "platform/lab/labbackend.h"
#include "platform/datacorerest/passwordstore.h"
#include "platform/datacorerest/truststore.h"
#include "rest/httpsserver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using testsupport::HttpsServer;
using testsupport::ReceivedRequest;
using testsupport::TestResponse;

const QByteArray rightPassword = "Corr3ct horse";
const char passwordVariable[] = "PATHLENS_REST_PASSWORD";

using testsupport::CommandRun;

CommandRun runPathlens(const QStringList &arguments)
{
    return testsupport::runReportCommandLine(arguments);
}

QByteArray fixture(const char *name)
{
    QFile file(QDir(QStringLiteral(PATHLENS_TEST_DATA_DIR "/rest")).filePath(QString::fromLatin1(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return file.readAll();
}

/// `pathlens report --connect` against a real HTTPS server on 127.0.0.1
/// serving DataCore's captured answers, the way an admin runs it from cron.
class ConnectCommandTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { QStandardPaths::setTestModeEnabled(true); }

    void SetUp() override
    {
        ASSERT_TRUE(m_settingsDir.isValid());
        // Certificates are trusted in the settings: a fresh folder per test.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings(QStringLiteral("PathLens"), QStringLiteral("PathLens")).clear();
        // No test here may reach the user's keychain.
        m_passwords = std::make_shared<MemoryPasswordStore>();
        setCredentialStores(std::make_shared<SettingsTrustStore>(), m_passwords);
        m_savedPassword = qgetenv(passwordVariable);
        m_hadPassword = qEnvironmentVariableIsSet(passwordVariable);
        qunsetenv(passwordVariable);

        QString why;
        const auto certificate = testsupport::testCertificate(0, &why);
        if (!certificate)
            GTEST_SKIP() << "cannot make a test certificate with openssl: " << why.toStdString();
        m_fingerprint = certificate->fingerprint;
        const QString samples = QStringLiteral(PATHLENS_SAMPLES_DIR "/datacore/");
        const auto ports = testsupport::readSample(samples + QStringLiteral("01-rest-ports-json.txt"));
        const auto servers = testsupport::readSample(samples + QStringLiteral("02-rest-server-json.txt"));
        const auto disks = testsupport::readSample(samples + QStringLiteral("03-rest-physicaldisks-json.txt"));
        if (!ports || !servers || !disks)
            GTEST_SKIP() << "DataCore REST samples not found in " PATHLENS_SAMPLES_DIR "/datacore; "
                            "these tests serve the real captures and need the shared sample folder";

        m_server = std::make_unique<HttpsServer>(*certificate);
        ASSERT_TRUE(m_server->start(&why)) << why.toStdString();
        const QByteArray refusal = fixture("error-401.json");
        const QMap<QByteArray, QByteArray> bodies{
            {"1.0/ports", *ports}, {"2.0/servers", *servers}, {"2.0/physicaldisks", *disks}};
        // DataCore checks the credentials on every request.
        m_server->setHandler([bodies, refusal](const ReceivedRequest &request) {
            if (request.header("Authorization") != "Basic admin " + rightPassword)
                return TestResponse::json(refusal, 401, "Unauthorized");
            const QByteArray resource = request.path.mid(QByteArray("/RestService/rest.svc/").size());
            if (bodies.contains(resource))
                return TestResponse::json(bodies.value(resource));
            return TestResponse::json(R"({"Message":"not found"})", 404, "Not Found");
        });
    }

    void TearDown() override
    {
        setCredentialStores(nullptr, nullptr);
        if (m_hadPassword)
            qputenv(passwordVariable, m_savedPassword);
        else
            qunsetenv(passwordVariable);
    }

    /// One reading (--interval 0): the live source has no per-path counters
    /// to measure, and the tests stay quick.
    QStringList reportArguments(const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("report"), QStringLiteral("--connect"), m_server->hostAndPort(),
                           QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("--interval"),
                           QStringLiteral("0")}
            + extra;
    }

    QString settingsFileText() const
    {
        QSettings settings(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
        settings.sync();
        QFile file(settings.fileName());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }

    QTemporaryDir m_settingsDir;
    std::shared_ptr<MemoryPasswordStore> m_passwords;
    QByteArray m_savedPassword;
    bool m_hadPassword = false;
    QString m_fingerprint;
    std::unique_ptr<HttpsServer> m_server;
};

TEST_F(ConnectCommandTest, ReportOverRestListsTheSamplesPorts)
{
    qputenv(passwordVariable, rightPassword);
    const CommandRun run = runPathlens(reportArguments({QStringLiteral("--trust-fingerprint"), m_fingerprint}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();

    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    EXPECT_EQ(report.value(QStringLiteral("schema")).toString(), QStringLiteral("pathlens-report/1"));
    const QJsonArray servers = report.value(QStringLiteral("servers")).toArray();
    ASSERT_EQ(servers.size(), 1);
    const QJsonObject server = servers.at(0).toObject();
    EXPECT_EQ(server.value(QStringLiteral("name")).toString(), QStringLiteral("ssv1"));
    const QJsonArray ports = server.value(QStringLiteral("ports")).toArray();
    ASSERT_EQ(ports.size(), 1);
    const QJsonObject port = ports.at(0).toObject();
    EXPECT_EQ(port.value(QStringLiteral("name")).toString(), QStringLiteral("ssv1_fe2"));
    EXPECT_EQ(port.value(QStringLiteral("type")).toString(), QStringLiteral("FibreChannel"));
    EXPECT_EQ(port.value(QStringLiteral("pci")).toObject().value(QStringLiteral("bus")).toInt(), 130);
    EXPECT_TRUE(report.value(QStringLiteral("source")).toObject().value(QStringLiteral("backend")).toString().contains(
        QStringLiteral("DataCore REST")))
        << run.out.toStdString();

    // Every request carried the DataCore headers; the certificate is now trusted in the settings.
    const auto requests = m_server->requests();
    ASSERT_FALSE(requests.empty());
    for (const ReceivedRequest &request : requests)
        EXPECT_EQ(request.header("ServerHost"), "127.0.0.1");
    const QString settings = settingsFileText();
    EXPECT_TRUE(settings.contains(m_fingerprint)) << settings.toStdString();
    EXPECT_FALSE(settings.contains(QString::fromUtf8(rightPassword)));
    EXPECT_FALSE(run.out.contains(QString::fromUtf8(rightPassword)));
}

TEST_F(ConnectCommandTest, WrongPasswordExitsOneWithTheServersMessage)
{
    SettingsTrustStore().trust(m_server->hostAndPort().toStdString(), m_fingerprint.toStdString());
    qputenv(passwordVariable, "wrong password");
    const CommandRun run = runPathlens(reportArguments());
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.isEmpty()) << "no report for a server that refused us";
    EXPECT_TRUE(run.err.contains(QStringLiteral("The user name or password is incorrect for server ssv1.")))
        << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QStringLiteral("401")));
    EXPECT_FALSE(run.err.contains(QStringLiteral("wrong password")));
}

TEST_F(ConnectCommandTest, UntrustedCertificateStopsTheReportAndShowsItsFingerprint)
{
    qputenv(passwordVariable, rightPassword);
    const CommandRun run = runPathlens(reportArguments());
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(m_fingerprint)) << run.err.toStdString();
    EXPECT_TRUE(run.err.contains(QStringLiteral("not trusted")));
    EXPECT_TRUE(m_server->requests().empty()); // the password never left
}

TEST_F(ConnectCommandTest, AFingerprintThatDoesNotMatchIsNotTrusted)
{
    qputenv(passwordVariable, rightPassword);
    const QString other = QStringLiteral("00") + m_fingerprint.mid(2);
    const CommandRun run = runPathlens(reportArguments({QStringLiteral("--trust-fingerprint"), other}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains(QStringLiteral("not trusted"))) << run.err.toStdString();
    EXPECT_FALSE(settingsFileText().contains(m_fingerprint));
}

TEST_F(ConnectCommandTest, PasswordComesFromTheKeychainWhenTheEnvironmentHasNone)
{
    SettingsTrustStore().trust(m_server->hostAndPort().toStdString(), m_fingerprint.toStdString());
    const CommandRun missing = runPathlens(reportArguments());
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("PATHLENS_REST_PASSWORD"))) << missing.err.toStdString();
    EXPECT_TRUE(m_server->requests().empty());

    m_passwords->write(restPasswordKey("admin", m_server->hostAndPort().toStdString()), rightPassword.toStdString());
    const CommandRun run = runPathlens(reportArguments());
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
}

TEST_F(ConnectCommandTest, ConsoleReadsTheLiveServerOnTheRefreshWorker)
{
    SettingsTrustStore().trust(m_server->hostAndPort().toStdString(), m_fingerprint.toStdString());
    BackendChoice choice;
    choice.rest = RestChoice{};
    choice.rest->host = m_server->hostAndPort();
    choice.rest->user = QStringLiteral("admin");
    choice.rest->password = QString::fromUtf8(rightPassword);
    auto backend = createBackend(choice);
    ASSERT_TRUE(backend) << backend.error().toString();
    EXPECT_TRUE(m_server->requests().empty()); // opening does not touch the network

    InventoryService service(std::move(backend).value());
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.refresh();
    ASSERT_TRUE(finished.wait(15000));
    const SnapshotPtr snapshot = finished.at(0).at(0).value<SnapshotPtr>();
    ASSERT_TRUE(snapshot);
    ASSERT_EQ(snapshot->servers.size(), 1u);
    EXPECT_EQ(snapshot->servers[0].server.name, "ssv1");
    EXPECT_EQ(snapshot->portCount(), 1u);
}

TEST_F(ConnectCommandTest, SwitchingSourcesWhileARequestHangsWaitsForItSafely)
{
    SettingsTrustStore().trust(m_server->hostAndPort().toStdString(), m_fingerprint.toStdString());
    m_server->setHandler([](const ReceivedRequest &) {
        TestResponse response;
        response.delivery = TestResponse::Delivery::Silent;
        return response;
    });
    BackendChoice choice;
    choice.rest = RestChoice{};
    choice.rest->host = m_server->hostAndPort();
    choice.rest->user = QStringLiteral("admin");
    choice.rest->password = QString::fromUtf8(rightPassword);
    choice.rest->timeoutSeconds = 1;
    auto backend = createBackend(choice);
    ASSERT_TRUE(backend);
    InventoryService service(std::move(backend).value());
    service.refresh();
    for (int i = 0; i < 250 && m_server->requests().empty(); ++i)
        QTest::qWait(20);
    ASSERT_FALSE(m_server->requests().empty()); // the worker is inside the call now

    // The switch is queued to the worker; the hanging call finishes (times out) first.
    auto lab = LabBackend::fromFile(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json");
    ASSERT_TRUE(lab);
    QSignalSpy finished(&service, &InventoryService::refreshFinished);
    service.replaceBackend(std::unique_ptr<Backend>(std::move(lab).value()));
    ASSERT_TRUE(finished.wait(15000));
    const SnapshotPtr snapshot = finished.at(0).at(0).value<SnapshotPtr>();
    EXPECT_NE(snapshot->backendDescription.find("Simulated lab"), std::string::npos) << snapshot->backendDescription;
}

TEST_F(ConnectCommandTest, CommandLineKeepsConnectOptionsTogetherAndTakesNoPassword)
{
    EXPECT_EQ(runPathlens({QStringLiteral("report"), QStringLiteral("--connect"), QStringLiteral("ssv1")}).exitCode, 2);
    EXPECT_EQ(runPathlens({QStringLiteral("--user"), QStringLiteral("admin")}).exitCode, 2);
    EXPECT_EQ(runPathlens({QStringLiteral("--connect"), QStringLiteral("ssv1"), QStringLiteral("--lab"),
                           QStringLiteral("x.json")})
                  .exitCode,
              2);
    const CommandRun password = runPathlens(reportArguments({QStringLiteral("--password"), QStringLiteral("x")}));
    EXPECT_EQ(password.exitCode, 2);
    EXPECT_TRUE(password.err.contains(QStringLiteral("password"))) << password.err.toStdString();
    EXPECT_EQ(runPathlens(reportArguments({QStringLiteral("--auth-form"), QStringLiteral("digest")})).exitCode, 2);
    EXPECT_EQ(runPathlens(reportArguments({QStringLiteral("--trust-fingerprint"), QStringLiteral("AB:CD")})).exitCode,
              2);

    const CommandLineOutcome parsed = parseCommandLine(
        {QStringLiteral("pathlens"), QStringLiteral("--connect"), QStringLiteral("ssv1:8443"),
         QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("--server-host"), QStringLiteral("ssv2"),
         QStringLiteral("--auth-form"), QStringLiteral("base64")});
    ASSERT_TRUE(parsed.request);
    ASSERT_TRUE(parsed.request->backend.rest);
    EXPECT_FALSE(parsed.request->report); // the console, which asks for the password
    EXPECT_EQ(parsed.request->backend.rest->host, QStringLiteral("ssv1:8443"));
    EXPECT_EQ(parsed.request->backend.rest->serverHost, QStringLiteral("ssv2"));
    EXPECT_EQ(parsed.request->backend.rest->authorization, RestAuthorization::StandardBasic);
    EXPECT_TRUE(parsed.request->backend.rest->password.isEmpty());
}

} // namespace
} // namespace pathlens
