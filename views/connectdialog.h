#pragma once

// File > Connect: choose the source of the picture - the simulated lab, a
// support bundle, or a live DataCore server through its REST API - and, for
// the live one, test the connection (off the UI thread), answer the
// trust-on-first-use question about its certificate and keep the password in
// the OS keychain. The dialog builds no backend: it hands back settings, and
// the app-provided ConnectServices do the platform work.

#include <QDialog>
#include <QString>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;

namespace pathlens {

/// What the admin chose. The password is held in memory only; the dialog
/// saves everything else (ConnectDialog::saveRecent) and leaves the password
/// to the keychain.
struct ConnectionSettings {
    enum class Source { Lab, Bundle, DataCoreRest };
    enum class Authorization {
        DataCoreLiteral, ///< "Basic user password", as DataCore documents it
        StandardBasic,   ///< base64, RFC 7617
    };

    Source source = Source::DataCoreRest;
    QString path;       ///< Lab: scenario file (empty: the built-in one). Bundle: folder or .zip.
    QString host;       ///< REST host: "ssv1.example.local", "10.0.0.5:8443"
    QString serverHost; ///< ServerHost header; empty: the REST host's name
    QString user;
    QString password;
    bool rememberPassword = true;
    Authorization authorization = Authorization::DataCoreLiteral;
    int timeoutSeconds = 15;
    bool includeLocalMpio = false; ///< Windows: also this machine's devices and MPIO

    friend bool operator==(const ConnectionSettings &, const ConnectionSettings &) = default;
};

/// A connection test's outcome in words, plus the certificate when that is
/// what stopped it.
struct ConnectionCheck {
    enum class Certificate { Accepted, Untrusted, Changed };

    bool ok = false;
    QString message; ///< "Connected to ssv1: 2 DataCore servers (ssv1, ssv2)." or the error
    Certificate certificate = Certificate::Accepted;
    QString hostKey;            ///< the host the certificate is trusted for
    QString fingerprint;        ///< SHA-256 the server showed, "AB:CD:..."
    QString trustedFingerprint; ///< Changed: the one trusted before
    QString subject;
    QString issuer;
    QString validUntil;
};

/// The platform work the dialog needs, supplied by the app. Any may be empty.
struct ConnectServices {
    /// Runs on a worker thread, never on the UI thread.
    std::function<ConnectionCheck(const ConnectionSettings &)> test;
    /// UI thread, after the admin agreed: trust this certificate for the host.
    std::function<void(const QString &hostKey, const QString &fingerprint)> trust;
    /// UI thread: the password kept for this user on this host, if any.
    std::function<std::optional<QString>(const QString &user, const QString &host)> storedPassword;
    /// UI thread, on Connect: keep the password (rememberPassword) or forget
    /// it. Returns why that failed, empty on success.
    std::function<QString(const ConnectionSettings &)> keepPassword;
    /// This machine can add its own devices and MPIO (Windows).
    bool localMpioAvailable = false;
};

class ConnectDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(ConnectServices services, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    /// Fills the fields. Without a password, the one kept for user and host
    /// is fetched.
    void setSettings(const ConnectionSettings &settings);
    ConnectionSettings settings() const;
    /// Why the current fields cannot be used, empty when they can.
    QString validationError() const;

    /// Connects as soon as the dialog is shown and closes on success (the
    /// command line named the host and the keychain had the password).
    void setConnectOnShow(bool on) { m_connectOnShow = on; }
    bool isTesting() const { return m_testing; }
    /// The last test's result text.
    QString statusText() const;

    /// The last choice (everything but the password) from and to the
    /// settings, group "connect".
    static ConnectionSettings loadRecent();
    static void saveRecent(const ConnectionSettings &settings);

    /// The trust question for a first-seen certificate.
    static QString untrustedCertificateText(const ConnectionCheck &check);
    /// The refusal of a certificate that differs from the trusted one.
    static QString changedCertificateText(const ConnectionCheck &check);

public Q_SLOTS:
    /// Tests the live connection without closing the dialog.
    void testConnection();
    /// Connect: for a live source, tests first and closes only on success.
    void accept() override;

Q_SIGNALS:
    /// A test (or the test part of Connect) finished.
    void testFinished(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void startTest(bool acceptOnSuccess);
    void onTestDone(const ConnectionCheck &check, bool acceptOnSuccess);
    void askAboutCertificate(const ConnectionCheck &check, bool acceptOnSuccess);
    void finishAccept();
    void showStatus(const QString &text, bool problem);
    void updateSource();
    void updateButtons();
    void fetchStoredPassword();
    void browseLab();
    void browseBundle(bool archive);

    ConnectServices m_services;
    bool m_connectOnShow = false;
    bool m_testing = false;
    bool m_passwordFromKeychain = false; ///< refetched when host or user change

    QRadioButton *m_labSource = nullptr;
    QRadioButton *m_bundleSource = nullptr;
    QRadioButton *m_restSource = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_labPath = nullptr;
    QLineEdit *m_bundlePath = nullptr;
    QLineEdit *m_host = nullptr;
    QLineEdit *m_serverHost = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QCheckBox *m_remember = nullptr;
    QComboBox *m_authorization = nullptr;
    QSpinBox *m_timeout = nullptr;
    QCheckBox *m_localMpio = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_connectButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace pathlens
