// The OS keychain through QtKeychain, and the app's use of it. CTest runs this
// under a private session bus with a throw-away, unlocked GNOME keyring
// (tests/rest/CMakeLists.txt); run by hand without one, the tests skip.

#include "app/backendfactory.h"
#include "app/commandline.h"
#include "app/reportcommand.h"
#include "platform/datacorerest/passwordstore.h"
#include "platform/datacorerest/truststore.h"
#include "rest/httpsserver.h"
#include "views/connectdialog.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

using testsupport::HttpsServer;
using testsupport::ReceivedRequest;
using testsupport::TestResponse;

const std::string password = "kEy-ch4in secret";

class KeychainTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { QStandardPaths::setTestModeEnabled(true); }

    void SetUp() override
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            GTEST_SKIP() << "no session bus: run through CTest (test rest_keychain), which starts dbus-run-session "
                            "with an unlocked gnome-keyring-daemon";
        ASSERT_TRUE(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings(QStringLiteral("PathLens"), QStringLiteral("PathLens")).clear();
        setCredentialStores(nullptr, nullptr); // the real ones: settings and keychain
    }

    static QString settingsFileText()
    {
        QSettings settings(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
        settings.sync();
        QFile file(settings.fileName());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }

    /// Every file under the settings folder, for a search of the password.
    QByteArray everythingWritten() const
    {
        QByteArray all;
        const QStringList files = QDir(m_settingsDir.path()).entryList(QDir::Files);
        for (const QString &name : files) {
            QFile file(QDir(m_settingsDir.path()).filePath(name));
            if (file.open(QIODevice::ReadOnly))
                all += file.readAll();
        }
        for (const QString &sub : QDir(m_settingsDir.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QDir dir(QDir(m_settingsDir.path()).filePath(sub));
            for (const QString &name : dir.entryList(QDir::Files)) {
                QFile file(dir.filePath(name));
                if (file.open(QIODevice::ReadOnly))
                    all += file.readAll();
            }
        }
        return all;
    }

    QTemporaryDir m_settingsDir;
};

TEST_F(KeychainTest, PasswordRoundTripsThroughTheKeychain)
{
    KeychainPasswordStore store;
    const std::string key = restPasswordKey("admin", "roundtrip.example.lan");
    ASSERT_FALSE(store.remove(key)); // absent is fine

    const auto absent = store.read(key);
    ASSERT_TRUE(absent) << absent.error().toString();
    EXPECT_FALSE(absent.value());

    ASSERT_FALSE(store.write(key, password));
    const auto stored = store.read(key);
    ASSERT_TRUE(stored) << stored.error().toString();
    ASSERT_TRUE(stored.value());
    EXPECT_EQ(*stored.value(), password);

    ASSERT_FALSE(store.write(key, "replaced"));
    EXPECT_EQ(*store.read(key).value(), "replaced");
    // Another user on the same host has an entry of their own.
    EXPECT_FALSE(store.read(restPasswordKey("operator", "roundtrip.example.lan")).value());

    ASSERT_FALSE(store.remove(key));
    EXPECT_FALSE(store.read(key).value());
}

TEST_F(KeychainTest, WorkerThreadsAreServedThroughTheMainThread)
{
    KeychainPasswordStore store;
    const std::string key = restPasswordKey("admin", "threads.example.lan");
    ASSERT_FALSE(store.write(key, password));

    std::optional<Result<std::optional<std::string>>> read;
    QThread *worker = QThread::create([&] { read.emplace(store.read(key)); });
    QEventLoop loop; // the main thread keeps running its events meanwhile
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    ASSERT_TRUE(read);
    ASSERT_TRUE(*read) << read->error().toString();
    ASSERT_TRUE(read->value());
    EXPECT_EQ(*read->value(), password);
    store.remove(key);
}

TEST_F(KeychainTest, ConnectServicesKeepAndForgetThePasswordUnderUserAtHost)
{
    const ConnectServices services = connectServices();
    ConnectionSettings settings;
    settings.host = QStringLiteral("SSV1.Example.Lan:8443");
    settings.user = QStringLiteral("admin");
    settings.password = QString::fromStdString(password);
    settings.rememberPassword = true;
    EXPECT_EQ(services.keepPassword(settings), QString());

    // Keyed as the brief of the keychain says: service "PathLens DataCore REST", "user@host".
    const auto direct = KeychainPasswordStore().read("admin@ssv1.example.lan:8443");
    ASSERT_TRUE(direct && direct.value());
    EXPECT_EQ(*direct.value(), password);
    EXPECT_EQ(services.storedPassword(QStringLiteral("admin"), QStringLiteral("ssv1.example.lan:8443")),
              QString::fromStdString(password));

    settings.rememberPassword = false;
    EXPECT_EQ(services.keepPassword(settings), QString());
    EXPECT_FALSE(services.storedPassword(QStringLiteral("admin"), QStringLiteral("ssv1.example.lan:8443")));
    EXPECT_FALSE(everythingWritten().contains(QByteArray::fromStdString(password)));
}

TEST_F(KeychainTest, ConnectingInTheDialogKeepsThePasswordInTheKeychainAndNowhereElse)
{
    QString why;
    const auto certificate = testsupport::testCertificate(0, &why);
    if (!certificate)
        GTEST_SKIP() << "cannot make a test certificate with openssl: " << why.toStdString();
    QFile serversFile(QStringLiteral(PATHLENS_TEST_DATA_DIR "/rest/servers-one.json"));
    ASSERT_TRUE(serversFile.open(QIODevice::ReadOnly));
    const QByteArray servers = serversFile.readAll();
    HttpsServer server(*certificate);
    ASSERT_TRUE(server.start(&why)) << why.toStdString();
    server.setHandler([servers](const ReceivedRequest &request) {
        if (request.header("Authorization") != "Basic admin " + QByteArray::fromStdString(password))
            return TestResponse::json(R"({"Message":"Logon failure."})", 401, "Unauthorized");
        return TestResponse::json(servers);
    });

    ConnectDialog dialog(connectServices());
    ConnectionSettings settings;
    settings.host = server.hostAndPort();
    settings.user = QStringLiteral("admin");
    settings.password = QString::fromStdString(password);
    settings.rememberPassword = true;
    dialog.setSettings(settings);
    dialog.show();
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();

    // First contact: the dialog asks about the certificate; the admin trusts it.
    QMessageBox *prompt = nullptr;
    for (int i = 0; i < 500 && !prompt; ++i) {
        prompt = dialog.findChild<QMessageBox *>(QStringLiteral("certificatePrompt"));
        if (!prompt)
            QTest::qWait(20);
    }
    ASSERT_NE(prompt, nullptr) << dialog.statusText().toStdString();
    EXPECT_TRUE(prompt->text().contains(certificate->fingerprint)) << prompt->text().toStdString();
    prompt->findChild<QPushButton *>(QStringLiteral("trustButton"))->click();
    ASSERT_TRUE(accepted.wait(10000)) << dialog.statusText().toStdString();

    const std::string key = restPasswordKey("admin", server.hostAndPort().toStdString());
    const auto kept = KeychainPasswordStore().read(key);
    ASSERT_TRUE(kept) << kept.error().toString();
    ASSERT_TRUE(kept.value());
    EXPECT_EQ(*kept.value(), password);

    const QString settingsText = settingsFileText();
    EXPECT_TRUE(settingsText.contains(certificate->fingerprint)) << settingsText.toStdString(); // trusted
    EXPECT_TRUE(settingsText.contains(QStringLiteral("user=admin")));
    EXPECT_FALSE(everythingWritten().contains(QByteArray::fromStdString(password)))
        << "the password was written to the settings folder";

    // The headless report finds the same password in the keychain.
    qunsetenv("PATHLENS_REST_PASSWORD");
    const CommandLineOutcome outcome =
        parseCommandLine({QStringLiteral("pathlens"), QStringLiteral("report"), QStringLiteral("--connect"),
                          server.hostAndPort(), QStringLiteral("--user"), QStringLiteral("admin")});
    ASSERT_TRUE(outcome.request);
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    EXPECT_EQ(runReportCommand(*outcome.request, outStream, errStream), 0) << err.toStdString();
    EXPECT_TRUE(out.contains(QStringLiteral("\"ssv1\""))) << out.toStdString();

    KeychainPasswordStore().remove(key);
}

} // namespace
} // namespace pathlens
