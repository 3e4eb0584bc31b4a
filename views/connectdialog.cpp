#include "views/connectdialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace pathlens {

namespace {

// QSettings keys of the last choice. No password key exists, on purpose.
const QString keySource = QStringLiteral("connect/source");
const QString keyLabPath = QStringLiteral("connect/labPath");
const QString keyBundlePath = QStringLiteral("connect/bundlePath");
const QString keyHost = QStringLiteral("connect/host");
const QString keyServerHost = QStringLiteral("connect/serverHost");
const QString keyUser = QStringLiteral("connect/user");
const QString keyRemember = QStringLiteral("connect/rememberPassword");
const QString keyAuthorization = QStringLiteral("connect/authorization");
const QString keyTimeout = QStringLiteral("connect/timeoutSeconds");
const QString keyLocalMpio = QStringLiteral("connect/includeLocalMpio");

enum Page { LabPage, BundlePage, RestPage };

QString sourceName(ConnectionSettings::Source source)
{
    switch (source) {
    case ConnectionSettings::Source::Lab: return QStringLiteral("lab");
    case ConnectionSettings::Source::Bundle: return QStringLiteral("bundle");
    case ConnectionSettings::Source::DataCoreRest: return QStringLiteral("rest");
    }
    return QStringLiteral("rest");
}

ConnectionSettings::Source sourceFromName(const QString &name)
{
    if (name == QLatin1String("lab"))
        return ConnectionSettings::Source::Lab;
    if (name == QLatin1String("bundle"))
        return ConnectionSettings::Source::Bundle;
    return ConnectionSettings::Source::DataCoreRest;
}

QLineEdit *lineEdit(QWidget *parent, const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

} // namespace

ConnectDialog::ConnectDialog(ConnectServices services, QWidget *parent)
    : QDialog(parent)
    , m_services(std::move(services))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect"));

    // ---- source choice
    m_labSource = new QRadioButton(tr("Simulated &lab"), this);
    m_labSource->setObjectName(QStringLiteral("sourceLab"));
    m_bundleSource = new QRadioButton(tr("Support &bundle"), this);
    m_bundleSource->setObjectName(QStringLiteral("sourceBundle"));
    m_restSource = new QRadioButton(tr("Live: DataCore &REST"), this);
    m_restSource->setObjectName(QStringLiteral("sourceRest"));
    auto *sources = new QButtonGroup(this);
    for (QRadioButton *button : {m_labSource, m_bundleSource, m_restSource})
        sources->addButton(button);
    auto *sourceRow = new QHBoxLayout;
    sourceRow->addWidget(m_labSource);
    sourceRow->addWidget(m_bundleSource);
    sourceRow->addWidget(m_restSource);
    sourceRow->addStretch(1);

    m_pages = new QStackedWidget(this);

    // ---- lab page
    auto *labPage = new QWidget(m_pages);
    auto *labForm = new QFormLayout(labPage);
    m_labPath = lineEdit(labPage, QStringLiteral("labPath"), tr("the built-in scenario"));
    auto *labBrowse = new QPushButton(tr("Browse..."), labPage);
    auto *labRow = new QHBoxLayout;
    labRow->addWidget(m_labPath, 1);
    labRow->addWidget(labBrowse);
    labForm->addRow(tr("Scenario file:"), labRow);
    connect(labBrowse, &QPushButton::clicked, this, &ConnectDialog::browseLab);
    m_pages->insertWidget(LabPage, labPage);

    // ---- bundle page
    auto *bundlePage = new QWidget(m_pages);
    auto *bundleForm = new QFormLayout(bundlePage);
    m_bundlePath =
        lineEdit(bundlePage, QStringLiteral("bundlePath"), tr("folder or .zip collected on a DataCore server"));
    auto *folderBrowse = new QPushButton(tr("Folder..."), bundlePage);
    auto *zipBrowse = new QPushButton(tr("Zip..."), bundlePage);
    auto *bundleRow = new QHBoxLayout;
    bundleRow->addWidget(m_bundlePath, 1);
    bundleRow->addWidget(folderBrowse);
    bundleRow->addWidget(zipBrowse);
    bundleForm->addRow(tr("Bundle:"), bundleRow);
    connect(folderBrowse, &QPushButton::clicked, this, [this] { browseBundle(false); });
    connect(zipBrowse, &QPushButton::clicked, this, [this] { browseBundle(true); });
    m_pages->insertWidget(BundlePage, bundlePage);

    // ---- REST page
    auto *restPage = new QWidget(m_pages);
    auto *restForm = new QFormLayout(restPage);
    m_host = lineEdit(restPage, QStringLiteral("hostEdit"), tr("ssv1.example.local or ssv1:8443"));
    m_host->setToolTip(tr("The computer DataCore REST Support runs on (HTTPS)."));
    m_serverHost = lineEdit(restPage, QStringLiteral("serverHostEdit"), tr("same as the REST host"));
    m_serverHost->setToolTip(tr("Sent as the ServerHost header: the DataCore server whose group is shown."));
    m_user = lineEdit(restPage, QStringLiteral("userEdit"), tr("e.g. Administrator"));
    m_password = lineEdit(restPage, QStringLiteral("passwordEdit"), QString());
    m_password->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("Remember the password in the system keychain"), restPage);
    m_remember->setObjectName(QStringLiteral("rememberPassword"));
    m_authorization = new QComboBox(restPage);
    m_authorization->setObjectName(QStringLiteral("authorizationCombo"));
    m_authorization->addItem(tr("DataCore form: Basic user password"),
                             int(ConnectionSettings::Authorization::DataCoreLiteral));
    m_authorization->addItem(tr("Standard HTTP Basic (base64)"), int(ConnectionSettings::Authorization::StandardBasic));
    m_authorization->setToolTip(tr("DataCore's REST guide documents the first; use the second if the server "
                                   "refuses it."));
    m_timeout = new QSpinBox(restPage);
    m_timeout->setObjectName(QStringLiteral("timeoutSpin"));
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_localMpio = new QCheckBox(tr("Also read this Windows machine's adapters and MPIO"), restPage);
    m_localMpio->setObjectName(QStringLiteral("localMpio"));
    m_localMpio->setVisible(m_services.localMpioAvailable);
    restForm->addRow(tr("REST &host:"), m_host);
    restForm->addRow(tr("&ServerHost:"), m_serverHost);
    restForm->addRow(tr("&User:"), m_user);
    restForm->addRow(tr("&Password:"), m_password);
    restForm->addRow(QString(), m_remember);
    restForm->addRow(tr("&Authorization:"), m_authorization);
    restForm->addRow(tr("T&imeout:"), m_timeout);
    if (m_services.localMpioAvailable)
        restForm->addRow(QString(), m_localMpio);
    m_pages->insertWidget(RestPage, restPage);

    // ---- test and status
    m_testButton = new QPushButton(tr("&Test Connection"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setMinimumHeight(fontMetrics().height() * 3);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton, 0, Qt::AlignTop);
    testRow->addWidget(m_status, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_connectButton = buttons->button(QDialogButtonBox::Ok);
    m_connectButton->setText(tr("&Connect"));
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(sourceRow);
    layout->addWidget(m_pages);
    layout->addLayout(testRow);
    layout->addWidget(buttons);

    connect(sources, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool checked) {
        if (checked)
            updateSource();
    });
    connect(m_testButton, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    for (QLineEdit *edit : {m_host, m_user})
        connect(edit, &QLineEdit::editingFinished, this, &ConnectDialog::fetchStoredPassword);
    // A password typed by hand is the admin's, not the keychain's.
    connect(m_password, &QLineEdit::textEdited, this, [this] { m_passwordFromKeychain = false; });
    for (QLineEdit *edit : {m_labPath, m_bundlePath, m_host, m_serverHost, m_user, m_password})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::updateButtons);

    setSettings(ConnectionSettings{});
    resize(560, sizeHint().height());
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::setSettings(const ConnectionSettings &settings)
{
    switch (settings.source) {
    case ConnectionSettings::Source::Lab: m_labSource->setChecked(true); break;
    case ConnectionSettings::Source::Bundle: m_bundleSource->setChecked(true); break;
    case ConnectionSettings::Source::DataCoreRest: m_restSource->setChecked(true); break;
    }
    m_labPath->setText(settings.source == ConnectionSettings::Source::Lab ? settings.path : QString());
    m_bundlePath->setText(settings.source == ConnectionSettings::Source::Bundle ? settings.path : QString());
    m_host->setText(settings.host);
    m_serverHost->setText(settings.serverHost);
    m_user->setText(settings.user);
    m_password->setText(settings.password);
    m_passwordFromKeychain = false;
    m_remember->setChecked(settings.rememberPassword);
    m_authorization->setCurrentIndex(m_authorization->findData(int(settings.authorization)));
    m_timeout->setValue(settings.timeoutSeconds);
    m_localMpio->setChecked(settings.includeLocalMpio && m_services.localMpioAvailable);
    if (settings.password.isEmpty())
        fetchStoredPassword();
    updateSource();
}

ConnectionSettings ConnectDialog::settings() const
{
    ConnectionSettings out;
    if (m_labSource->isChecked()) {
        out.source = ConnectionSettings::Source::Lab;
        out.path = m_labPath->text().trimmed();
    } else if (m_bundleSource->isChecked()) {
        out.source = ConnectionSettings::Source::Bundle;
        out.path = m_bundlePath->text().trimmed();
    } else {
        out.source = ConnectionSettings::Source::DataCoreRest;
    }
    out.host = m_host->text().trimmed();
    out.serverHost = m_serverHost->text().trimmed();
    out.user = m_user->text().trimmed();
    out.password = m_password->text(); // blanks may be part of a password
    out.rememberPassword = m_remember->isChecked();
    out.authorization = ConnectionSettings::Authorization(m_authorization->currentData().toInt());
    out.timeoutSeconds = m_timeout->value();
    out.includeLocalMpio = m_services.localMpioAvailable && m_localMpio->isChecked();
    return out;
}

QString ConnectDialog::validationError() const
{
    const ConnectionSettings s = settings();
    switch (s.source) {
    case ConnectionSettings::Source::Lab:
        if (!s.path.isEmpty() && !QFileInfo(s.path).isFile())
            return tr("The scenario file %1 does not exist.").arg(QDir::toNativeSeparators(s.path));
        return {};
    case ConnectionSettings::Source::Bundle:
        if (s.path.isEmpty())
            return tr("Choose the support bundle: a folder or a .zip.");
        if (!QFileInfo::exists(s.path))
            return tr("%1 does not exist.").arg(QDir::toNativeSeparators(s.path));
        return {};
    case ConnectionSettings::Source::DataCoreRest:
        break;
    }
    if (s.host.isEmpty())
        return tr("Enter the REST host: the computer DataCore REST Support runs on.");
    if (s.host.contains(QLatin1Char(' ')))
        return tr("The REST host cannot contain blanks.");
    if (s.host.startsWith(QLatin1String("http://"), Qt::CaseInsensitive))
        return tr("PathLens connects over HTTPS only; enter the host without http://.");
    if (s.serverHost.contains(QLatin1Char(' ')))
        return tr("The ServerHost name cannot contain blanks.");
    if (s.user.isEmpty())
        return tr("Enter the user name.");
    if (s.password.isEmpty())
        return tr("Enter the password.");
    return {};
}

QString ConnectDialog::statusText() const
{
    return m_status->text();
}

// ------------------------------------------------------------ recent choice

ConnectionSettings ConnectDialog::loadRecent()
{
    const QSettings s(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
    ConnectionSettings out;
    out.source = sourceFromName(s.value(keySource).toString());
    out.path = out.source == ConnectionSettings::Source::Lab ? s.value(keyLabPath).toString()
                                                             : s.value(keyBundlePath).toString();
    out.host = s.value(keyHost).toString();
    out.serverHost = s.value(keyServerHost).toString();
    out.user = s.value(keyUser).toString();
    out.rememberPassword = s.value(keyRemember, true).toBool();
    out.authorization = s.value(keyAuthorization).toString() == QLatin1String("base64")
        ? ConnectionSettings::Authorization::StandardBasic
        : ConnectionSettings::Authorization::DataCoreLiteral;
    out.timeoutSeconds = std::clamp(s.value(keyTimeout, 15).toInt(), 1, 600);
    out.includeLocalMpio = s.value(keyLocalMpio, false).toBool();
    return out;
}

void ConnectDialog::saveRecent(const ConnectionSettings &settings)
{
    QSettings s(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
    s.setValue(keySource, sourceName(settings.source));
    if (settings.source == ConnectionSettings::Source::Lab)
        s.setValue(keyLabPath, settings.path);
    if (settings.source == ConnectionSettings::Source::Bundle)
        s.setValue(keyBundlePath, settings.path);
    s.setValue(keyHost, settings.host);
    s.setValue(keyServerHost, settings.serverHost);
    s.setValue(keyUser, settings.user);
    s.setValue(keyRemember, settings.rememberPassword);
    s.setValue(keyAuthorization, settings.authorization == ConnectionSettings::Authorization::StandardBasic
                                     ? QStringLiteral("base64")
                                     : QStringLiteral("literal"));
    s.setValue(keyTimeout, settings.timeoutSeconds);
    s.setValue(keyLocalMpio, settings.includeLocalMpio);
    s.sync();
}

// ------------------------------------------------------------- certificates

QString ConnectDialog::untrustedCertificateText(const ConnectionCheck &check)
{
    return tr("%1 shows a certificate that no certificate authority on this computer vouches for. DataCore "
              "installs such a self-signed certificate by default.\n\n"
              "Subject: %2\nIssuer: %3\nValid until: %4\nSHA-256 fingerprint:\n%5\n\n"
              "Compare the fingerprint with the certificate on the server (for example in the Windows certificate "
              "store of the REST server). Trust it only if they are the same; PathLens will then accept this "
              "certificate, and only this one, from %1.")
        .arg(check.hostKey, check.subject, check.issuer.isEmpty() ? tr("unknown") : check.issuer,
             check.validUntil.isEmpty() ? tr("unknown") : check.validUntil, check.fingerprint);
}

QString ConnectDialog::changedCertificateText(const ConnectionCheck &check)
{
    return tr("The certificate of %1 has changed, so PathLens refused the connection.\n\n"
              "Trusted so far (SHA-256):\n%2\n\nShown now (SHA-256):\n%3\nSubject: %4\n\n"
              "This happens when the server got a new certificate, and also when someone intercepts the "
              "connection. Trust the new certificate only if you know it was replaced and its fingerprint is "
              "the one on the server.")
        .arg(check.hostKey, check.trustedFingerprint, check.fingerprint, check.subject);
}

void ConnectDialog::askAboutCertificate(const ConnectionCheck &check, bool acceptOnSuccess)
{
    const bool changed = check.certificate == ConnectionCheck::Certificate::Changed;
    auto *box = new QMessageBox(changed ? QMessageBox::Warning : QMessageBox::Question,
                                changed ? tr("Certificate Changed") : tr("Trust This Certificate?"),
                                changed ? changedCertificateText(check) : untrustedCertificateText(check),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("certificatePrompt"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse); // fingerprints get copied and compared
    QPushButton *trustButton =
        box->addButton(changed ? tr("Trust the New Certificate") : tr("Trust and Connect"), QMessageBox::AcceptRole);
    trustButton->setObjectName(QStringLiteral("trustButton"));
    QPushButton *cancel = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(cancel); // a stray Enter must not trust anything
    box->setEscapeButton(cancel);
    connect(box, &QMessageBox::finished, this, [this, box, trustButton, check, acceptOnSuccess] {
        if (box->clickedButton() != trustButton) {
            showStatus(check.message, true);
            return;
        }
        if (m_services.trust)
            m_services.trust(check.hostKey, check.fingerprint);
        startTest(acceptOnSuccess);
    });
    box->open();
}

// -------------------------------------------------------------------- test

void ConnectDialog::testConnection()
{
    startTest(false);
}

void ConnectDialog::accept()
{
    if (m_testing)
        return;
    if (const QString problem = validationError(); !problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    if (m_restSource->isChecked() && m_services.test) {
        startTest(true); // closes once the server answered
        return;
    }
    finishAccept();
}

void ConnectDialog::startTest(bool acceptOnSuccess)
{
    if (m_testing)
        return;
    if (const QString problem = validationError(); !problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    if (!m_services.test) {
        showStatus(tr("Testing is not available here."), true);
        return;
    }
    const ConnectionSettings current = settings();
    m_testing = true;
    updateButtons();
    showStatus(tr("Connecting to %1...").arg(current.host), false);

    // The test waits for the network: on a thread of its own. The result comes
    // back through the queued finished signal; a dialog closed meanwhile just
    // drops it.
    auto result = std::make_shared<ConnectionCheck>();
    QThread *worker = QThread::create([test = m_services.test, current, result] { *result = test(current); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, result, acceptOnSuccess] {
        m_testing = false;
        updateButtons();
        onTestDone(*result, acceptOnSuccess);
    });
    worker->start();
}

void ConnectDialog::onTestDone(const ConnectionCheck &check, bool acceptOnSuccess)
{
    if (check.ok) {
        showStatus(check.message, false);
        emit testFinished(true);
        if (acceptOnSuccess)
            finishAccept();
        return;
    }
    showStatus(check.message, true);
    emit testFinished(false);
    if (check.certificate != ConnectionCheck::Certificate::Accepted && !check.fingerprint.isEmpty())
        askAboutCertificate(check, acceptOnSuccess);
}

void ConnectDialog::finishAccept()
{
    const ConnectionSettings chosen = settings();
    if (chosen.source == ConnectionSettings::Source::DataCoreRest && m_services.keepPassword) {
        const QString problem = m_services.keepPassword(chosen);
        if (!problem.isEmpty())
            QMessageBox::warning(this, tr("Password Not Kept"),
                                 tr("The connection works, but the password could not be %1 the system keychain:\n\n%2")
                                     .arg(chosen.rememberPassword ? tr("stored in") : tr("removed from"), problem));
    }
    saveRecent(chosen);
    QDialog::accept();
}

void ConnectDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_connectOnShow) {
        m_connectOnShow = false;
        QTimer::singleShot(0, this, &ConnectDialog::accept);
    }
}

// -------------------------------------------------------------------- fields

void ConnectDialog::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setProperty("problem", problem);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

void ConnectDialog::updateSource()
{
    if (m_labSource->isChecked())
        m_pages->setCurrentIndex(LabPage);
    else if (m_bundleSource->isChecked())
        m_pages->setCurrentIndex(BundlePage);
    else
        m_pages->setCurrentIndex(RestPage);
    m_status->clear();
    updateButtons();
}

void ConnectDialog::updateButtons()
{
    const bool rest = m_restSource->isChecked();
    m_testButton->setVisible(rest);
    m_testButton->setEnabled(rest && !m_testing && bool(m_services.test));
    m_connectButton->setEnabled(!m_testing);
    for (QWidget *field : {static_cast<QWidget *>(m_pages), static_cast<QWidget *>(m_labSource),
                           static_cast<QWidget *>(m_bundleSource), static_cast<QWidget *>(m_restSource)})
        field->setEnabled(!m_testing);
}

void ConnectDialog::fetchStoredPassword()
{
    if (!m_services.storedPassword)
        return;
    if (!m_password->text().isEmpty() && !m_passwordFromKeychain)
        return; // typed by the admin
    const QString host = m_host->text().trimmed();
    const QString user = m_user->text().trimmed();
    std::optional<QString> stored;
    if (!host.isEmpty() && !user.isEmpty())
        stored = m_services.storedPassword(user, host);
    m_password->setText(stored.value_or(QString()));
    m_passwordFromKeychain = stored.has_value();
}

void ConnectDialog::browseLab()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Lab Scenario"), m_labPath->text(),
                                                      tr("Lab scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_labPath->setText(path);
}

void ConnectDialog::browseBundle(bool archive)
{
    const QString path = archive
        ? QFileDialog::getOpenFileName(this, tr("Open Support Bundle Archive"), m_bundlePath->text(),
                                       tr("Support bundles (*.zip);;All files (*)"))
        : QFileDialog::getExistingDirectory(this, tr("Open Support Bundle Folder"), m_bundlePath->text());
    if (!path.isEmpty())
        m_bundlePath->setText(path);
}

} // namespace pathlens
