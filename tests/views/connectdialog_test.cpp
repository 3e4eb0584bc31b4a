#include "model/inventoryservice.h"
#include "platform/lab/labbackend.h"
#include "views/connectdialog.h"
#include "views/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

namespace pathlens {
namespace {

const QString fingerprintA =
    QStringLiteral("3F:1A:00:9C:22:5B:7E:41:C0:D8:19:6A:2B:4E:77:90:AB:CD:EF:01:23:45:67:89:10:32:54:76:98:BA:DC:FE");
const QString fingerprintB =
    QStringLiteral("77:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE");

template <typename T>
T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}

/// Stands in for the app's services; records what the dialog asked for.
struct FakeServices {
    std::mutex mutex;
    std::vector<ConnectionSettings> tested;
    bool testedOffUiThread = true;
    std::vector<std::pair<QString, QString>> trusted;
    std::vector<ConnectionSettings> kept;
    std::function<ConnectionCheck(int call)> answer; ///< call counts from 0

    ConnectServices services()
    {
        ConnectServices out;
        out.test = [this](const ConnectionSettings &settings) {
            std::lock_guard lock(mutex);
            if (QThread::currentThread() == qApp->thread())
                testedOffUiThread = false;
            tested.push_back(settings);
            return answer(int(tested.size()) - 1);
        };
        out.trust = [this](const QString &host, const QString &fingerprint) {
            trusted.emplace_back(host, fingerprint);
        };
        out.storedPassword = [](const QString &user, const QString &host) -> std::optional<QString> {
            if (user == QLatin1String("admin") && host == QLatin1String("ssv1"))
                return QStringLiteral("from-keychain");
            return std::nullopt;
        };
        out.keepPassword = [this](const ConnectionSettings &settings) {
            kept.push_back(settings);
            return QString();
        };
        return out;
    }
};

ConnectionCheck connected()
{
    ConnectionCheck check;
    check.ok = true;
    check.message = QStringLiteral("Connected to ssv1: 1 DataCore server (ssv1).");
    return check;
}

ConnectionCheck untrusted()
{
    ConnectionCheck check;
    check.message = QStringLiteral("GET 2.0/servers: the certificate of ssv1 is not trusted yet");
    check.certificate = ConnectionCheck::Certificate::Untrusted;
    check.hostKey = QStringLiteral("ssv1");
    check.fingerprint = fingerprintA;
    check.subject = QStringLiteral("CN=ssv1.example.lan");
    check.issuer = QStringLiteral("CN=ssv1.example.lan");
    check.validUntil = QStringLiteral("2034-01-01T00:00:00Z");
    return check;
}

class ConnectDialogTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { QStandardPaths::setTestModeEnabled(true); }

    void SetUp() override
    {
        ASSERT_TRUE(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings(QStringLiteral("PathLens"), QStringLiteral("PathLens")).clear();
        m_fake.answer = [](int) { return connected(); };
    }

    /// A dialog with the live fields filled.
    std::unique_ptr<ConnectDialog> filledDialog()
    {
        auto dialog = std::make_unique<ConnectDialog>(m_fake.services());
        ConnectionSettings settings;
        settings.host = QStringLiteral("ssv1");
        settings.serverHost = QStringLiteral("ssv1.example.lan");
        settings.user = QStringLiteral("operator");
        settings.password = QStringLiteral("typed secret");
        dialog->setSettings(settings);
        return dialog;
    }

    /// The certificate question once it is open.
    static QMessageBox *waitForPrompt(QWidget *dialog)
    {
        for (int i = 0; i < 250; ++i) {
            auto *box = dialog->findChild<QMessageBox *>(QStringLiteral("certificatePrompt"));
            if (box && box->isVisible())
                return box;
            QTest::qWait(20);
        }
        return nullptr;
    }

    QString settingsFileText() const
    {
        QSettings settings(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
        settings.sync();
        QFile file(settings.fileName());
        EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << settings.fileName().toStdString();
        return QString::fromUtf8(file.readAll());
    }

    QTemporaryDir m_settingsDir;
    FakeServices m_fake;
};

TEST_F(ConnectDialogTest, FieldsStartOnTheLiveSourceWithAHiddenPassword)
{
    ConnectDialog dialog(m_fake.services());
    EXPECT_TRUE(child<QRadioButton>(&dialog, "sourceRest")->isChecked());
    EXPECT_EQ(child<QLineEdit>(&dialog, "passwordEdit")->echoMode(), QLineEdit::Password);
    EXPECT_TRUE(child<QCheckBox>(&dialog, "rememberPassword")->isChecked());
    EXPECT_EQ(child<QSpinBox>(&dialog, "timeoutSpin")->value(), 15);
    EXPECT_EQ(child<QComboBox>(&dialog, "authorizationCombo")->count(), 2);
    // Only Windows can add its own MPIO.
    EXPECT_FALSE(child<QCheckBox>(&dialog, "localMpio")->isVisibleTo(&dialog));
    EXPECT_FALSE(dialog.settings().includeLocalMpio);
}

TEST_F(ConnectDialogTest, ValidationNamesWhatIsMissing)
{
    ConnectDialog dialog(m_fake.services());
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("REST host")));
    child<QLineEdit>(&dialog, "hostEdit")->setText(QStringLiteral("http://ssv1"));
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("HTTPS")));
    child<QLineEdit>(&dialog, "hostEdit")->setText(QStringLiteral("ssv1:8443"));
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("user")));
    child<QLineEdit>(&dialog, "userEdit")->setText(QStringLiteral("operator"));
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("password")));
    child<QLineEdit>(&dialog, "passwordEdit")->setText(QStringLiteral("pw"));
    EXPECT_EQ(dialog.validationError(), QString());

    child<QRadioButton>(&dialog, "sourceBundle")->setChecked(true);
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("support bundle")));
    child<QLineEdit>(&dialog, "bundlePath")->setText(QStringLiteral("/no/such/bundle.zip"));
    EXPECT_TRUE(dialog.validationError().contains(QStringLiteral("does not exist")));

    child<QRadioButton>(&dialog, "sourceLab")->setChecked(true);
    EXPECT_EQ(dialog.validationError(), QString()); // empty: the built-in scenario
    child<QLineEdit>(&dialog, "labPath")->setText(QStringLiteral("/no/such/lab.json"));
    EXPECT_FALSE(dialog.validationError().isEmpty());

    // Connect with a problem only says so; nothing is tested or closed.
    dialog.accept();
    EXPECT_EQ(dialog.result(), QDialog::Rejected);
    EXPECT_TRUE(m_fake.tested.empty());
    EXPECT_FALSE(dialog.statusText().isEmpty());
}

TEST_F(ConnectDialogTest, EachSourceChoiceProducesItsRequest)
{
    QTemporaryDir bundleDir;
    ConnectDialog dialog(m_fake.services());

    child<QRadioButton>(&dialog, "sourceBundle")->setChecked(true);
    child<QLineEdit>(&dialog, "bundlePath")->setText(bundleDir.path());
    MainWindow::SourceRequest request = MainWindow::requestFor(dialog.settings());
    EXPECT_EQ(request.kind, MainWindow::SourceKind::BundleFolder);
    EXPECT_EQ(request.path, bundleDir.path());
    child<QLineEdit>(&dialog, "bundlePath")->setText(bundleDir.filePath(QStringLiteral("ssv1-bundle.zip")));
    EXPECT_EQ(MainWindow::requestFor(dialog.settings()).kind, MainWindow::SourceKind::BundleArchive);

    child<QRadioButton>(&dialog, "sourceLab")->setChecked(true);
    child<QLineEdit>(&dialog, "labPath")
        ->setText(QStringLiteral(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json"));
    request = MainWindow::requestFor(dialog.settings());
    EXPECT_EQ(request.kind, MainWindow::SourceKind::LabScenario);
    EXPECT_TRUE(request.path.endsWith(QStringLiteral("default-lab.json")));

    child<QRadioButton>(&dialog, "sourceRest")->setChecked(true);
    child<QLineEdit>(&dialog, "hostEdit")->setText(QStringLiteral(" ssv1:8443 "));
    child<QLineEdit>(&dialog, "serverHostEdit")->setText(QStringLiteral("ssv2"));
    child<QLineEdit>(&dialog, "userEdit")->setText(QStringLiteral("operator"));
    child<QLineEdit>(&dialog, "passwordEdit")->setText(QStringLiteral(" pw with blanks "));
    child<QCheckBox>(&dialog, "rememberPassword")->setChecked(false);
    child<QComboBox>(&dialog, "authorizationCombo")->setCurrentIndex(1);
    child<QSpinBox>(&dialog, "timeoutSpin")->setValue(40);
    request = MainWindow::requestFor(dialog.settings());
    EXPECT_EQ(request.kind, MainWindow::SourceKind::DataCoreRest);
    EXPECT_EQ(request.connection.source, ConnectionSettings::Source::DataCoreRest);
    EXPECT_EQ(request.connection.host, QStringLiteral("ssv1:8443"));
    EXPECT_EQ(request.connection.serverHost, QStringLiteral("ssv2"));
    EXPECT_EQ(request.connection.user, QStringLiteral("operator"));
    EXPECT_EQ(request.connection.password, QStringLiteral(" pw with blanks ")); // kept exactly
    EXPECT_FALSE(request.connection.rememberPassword);
    EXPECT_EQ(request.connection.authorization, ConnectionSettings::Authorization::StandardBasic);
    EXPECT_EQ(request.connection.timeoutSeconds, 40);
}

TEST_F(ConnectDialogTest, KeptPasswordIsFilledInForThatUserAndHostOnly)
{
    ConnectDialog dialog(m_fake.services());
    ConnectionSettings settings;
    settings.host = QStringLiteral("ssv1");
    settings.user = QStringLiteral("admin");
    dialog.setSettings(settings);
    EXPECT_EQ(dialog.settings().password, QStringLiteral("from-keychain"));

    // Another user: the kept password is not theirs.
    auto *user = child<QLineEdit>(&dialog, "userEdit");
    user->setText(QStringLiteral("operator"));
    emit user->editingFinished();
    EXPECT_EQ(dialog.settings().password, QString());

    // A password typed by hand stays when the fields change.
    auto *password = child<QLineEdit>(&dialog, "passwordEdit");
    password->setText(QStringLiteral("typed"));
    emit password->textEdited(QStringLiteral("typed"));
    user->setText(QStringLiteral("admin"));
    emit user->editingFinished();
    EXPECT_EQ(dialog.settings().password, QStringLiteral("typed"));
}

TEST_F(ConnectDialogTest, TestConnectionRunsOffTheUiThreadAndShowsTheOutcome)
{
    auto dialog = filledDialog();
    QSignalSpy finished(dialog.get(), &ConnectDialog::testFinished);
    dialog->testConnection();
    EXPECT_TRUE(dialog->isTesting());
    EXPECT_FALSE(child<QPushButton>(dialog.get(), "testButton")->isEnabled());
    ASSERT_TRUE(finished.wait(5000));
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_FALSE(dialog->isTesting());
    EXPECT_TRUE(m_fake.testedOffUiThread);
    ASSERT_EQ(m_fake.tested.size(), 1u);
    EXPECT_EQ(m_fake.tested[0].host, QStringLiteral("ssv1"));
    EXPECT_EQ(m_fake.tested[0].password, QStringLiteral("typed secret"));
    EXPECT_TRUE(dialog->statusText().contains(QStringLiteral("Connected to ssv1")));
    EXPECT_EQ(dialog->result(), QDialog::Rejected); // a test does not close the dialog
    EXPECT_TRUE(m_fake.kept.empty());
}

TEST_F(ConnectDialogTest, ConnectTestsFirstThenKeepsThePasswordAndNeverWritesItToSettings)
{
    auto dialog = filledDialog();
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    dialog->accept();
    ASSERT_TRUE(accepted.wait(5000));
    EXPECT_EQ(m_fake.tested.size(), 1u);
    ASSERT_EQ(m_fake.kept.size(), 1u);
    EXPECT_TRUE(m_fake.kept[0].rememberPassword);
    EXPECT_EQ(m_fake.kept[0].password, QStringLiteral("typed secret"));

    const ConnectionSettings recent = ConnectDialog::loadRecent();
    EXPECT_EQ(recent.host, QStringLiteral("ssv1"));
    EXPECT_EQ(recent.serverHost, QStringLiteral("ssv1.example.lan"));
    EXPECT_EQ(recent.user, QStringLiteral("operator"));
    EXPECT_EQ(recent.password, QString());
    const QString file = settingsFileText();
    EXPECT_TRUE(file.contains(QStringLiteral("operator")));
    EXPECT_FALSE(file.contains(QStringLiteral("typed secret"))) << file.toStdString();
    const QRegularExpression passwordKey(QStringLiteral("^password="), QRegularExpression::MultilineOption
                                                                           | QRegularExpression::CaseInsensitiveOption);
    EXPECT_FALSE(file.contains(passwordKey)) << file.toStdString();
}

TEST_F(ConnectDialogTest, FirstSeenCertificateIsAskedAboutWithItsFingerprintAndTrustedOnYes)
{
    m_fake.answer = [](int call) { return call == 0 ? untrusted() : connected(); };
    auto dialog = filledDialog();
    dialog->show();
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    dialog->accept();

    QMessageBox *prompt = waitForPrompt(dialog.get());
    ASSERT_NE(prompt, nullptr);
    EXPECT_TRUE(prompt->text().contains(fingerprintA)) << prompt->text().toStdString();
    EXPECT_TRUE(prompt->text().contains(QStringLiteral("CN=ssv1.example.lan")));
    EXPECT_TRUE(prompt->text().contains(QStringLiteral("SHA-256")));
    EXPECT_EQ(prompt->defaultButton(), prompt->button(QMessageBox::Cancel)); // Enter does not trust
    EXPECT_TRUE(m_fake.trusted.empty());
    child<QPushButton>(prompt, "trustButton")->click();

    ASSERT_TRUE(accepted.wait(5000));
    ASSERT_EQ(m_fake.trusted.size(), 1u);
    EXPECT_EQ(m_fake.trusted[0].first, QStringLiteral("ssv1"));
    EXPECT_EQ(m_fake.trusted[0].second, fingerprintA);
    EXPECT_EQ(m_fake.tested.size(), 2u); // asked again after trusting
    EXPECT_EQ(m_fake.kept.size(), 1u);
}

TEST_F(ConnectDialogTest, ChangedCertificateShowsBothFingerprintsAndCancelTrustsNothing)
{
    m_fake.answer = [](int) {
        ConnectionCheck check = untrusted();
        check.certificate = ConnectionCheck::Certificate::Changed;
        check.trustedFingerprint = fingerprintA;
        check.fingerprint = fingerprintB;
        check.message = QStringLiteral("GET 2.0/servers: the certificate of ssv1 has changed and is refused");
        return check;
    };
    auto dialog = filledDialog();
    dialog->show();
    dialog->accept();
    QMessageBox *prompt = waitForPrompt(dialog.get());
    ASSERT_NE(prompt, nullptr);
    EXPECT_EQ(prompt->icon(), QMessageBox::Warning);
    EXPECT_TRUE(prompt->text().contains(fingerprintA));
    EXPECT_TRUE(prompt->text().contains(fingerprintB));
    EXPECT_TRUE(prompt->text().contains(QStringLiteral("has changed")));
    prompt->button(QMessageBox::Cancel)->click();
    QTest::qWait(50);
    EXPECT_TRUE(m_fake.trusted.empty());
    EXPECT_EQ(m_fake.tested.size(), 1u);
    EXPECT_TRUE(dialog->isVisible()); // not connected, still open
    EXPECT_TRUE(dialog->statusText().contains(QStringLiteral("has changed")));
    EXPECT_TRUE(m_fake.kept.empty());
}

TEST_F(ConnectDialogTest, CertificateTextsCarryTheFingerprints)
{
    const ConnectionCheck check = untrusted();
    const QString question = ConnectDialog::untrustedCertificateText(check);
    EXPECT_TRUE(question.contains(fingerprintA));
    EXPECT_TRUE(question.contains(QStringLiteral("ssv1")));
    EXPECT_TRUE(question.contains(QStringLiteral("2034-01-01")));
    ConnectionCheck changed = check;
    changed.trustedFingerprint = fingerprintA;
    changed.fingerprint = fingerprintB;
    const QString refusal = ConnectDialog::changedCertificateText(changed);
    EXPECT_LT(refusal.indexOf(fingerprintA), refusal.indexOf(fingerprintB)); // old first, then new
}

TEST_F(ConnectDialogTest, ConnectOnShowConnectsWithoutAClick)
{
    auto dialog = filledDialog();
    dialog->setConnectOnShow(true);
    QSignalSpy accepted(dialog.get(), &QDialog::accepted);
    dialog->show();
    ASSERT_TRUE(accepted.wait(5000));
    EXPECT_EQ(m_fake.tested.size(), 1u);
}

TEST_F(ConnectDialogTest, FileConnectOpensTheChosenServerThroughTheAppsOpener)
{
    auto lab = LabBackend::fromFile(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json");
    ASSERT_TRUE(lab) << lab.error().toString();
    InventoryService service(std::unique_ptr<Backend>(std::move(lab).value()));
    MainWindow window(service);
    EXPECT_FALSE(window.connectAction()->isEnabled()); // nothing to open with yet
    EXPECT_EQ(window.connectAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));

    std::mutex mutex;
    std::optional<MainWindow::SourceRequest> received;
    window.setSourceOpener([&](const MainWindow::SourceRequest &request) -> Result<std::unique_ptr<Backend>> {
        {
            std::lock_guard lock(mutex);
            received = request;
        }
        auto next = LabBackend::fromFile(PATHLENS_SOURCE_DIR "/resources/labs/default-lab.json");
        if (!next)
            return next.error();
        return std::unique_ptr<Backend>(std::move(next).value());
    });
    window.setConnectServices(m_fake.services());
    EXPECT_TRUE(window.connectAction()->isEnabled());

    window.connectAction()->trigger();
    auto *dialog = window.findChild<ConnectDialog *>(QStringLiteral("connectDialog"));
    ASSERT_NE(dialog, nullptr);
    child<QLineEdit>(dialog, "hostEdit")->setText(QStringLiteral("ssv1"));
    child<QLineEdit>(dialog, "userEdit")->setText(QStringLiteral("operator"));
    child<QLineEdit>(dialog, "passwordEdit")->setText(QStringLiteral("pw"));
    QSignalSpy changed(&service, &InventoryService::backendChanged);
    dialog->accept();
    ASSERT_TRUE(changed.wait(5000));

    std::lock_guard lock(mutex);
    ASSERT_TRUE(received);
    EXPECT_EQ(received->kind, MainWindow::SourceKind::DataCoreRest);
    EXPECT_EQ(received->connection.host, QStringLiteral("ssv1"));
    EXPECT_EQ(received->connection.user, QStringLiteral("operator"));
    EXPECT_EQ(received->connection.password, QStringLiteral("pw"));

    // The next time the dialog starts from this choice, without the password.
    ConnectDialog *again = window.showConnectDialog();
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->settings().host, QStringLiteral("ssv1"));
    EXPECT_EQ(again->settings().user, QStringLiteral("operator"));
    EXPECT_EQ(again->settings().password, QString());
    again->reject();
}

} // namespace
} // namespace pathlens
