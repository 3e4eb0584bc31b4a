#include "app/backendfactory.h"

#include "platform/bundle/bundlebackend.h"
#include "platform/datacorerest/passwordstore.h"
#include "platform/datacorerest/restbackend.h"
#include "platform/datacorerest/restclient.h"
#include "platform/datacorerest/truststore.h"
#include "platform/lab/labbackend.h"

#ifdef _WIN32
#include "platform/windows/windowsbackend.h"
#endif

#include <QFile>
#include <QStringList>

#include <algorithm>
#include <mutex>

namespace pathlens {

namespace {

const char defaultLabResource[] = ":/labs/default-lab.json";
const char passwordVariable[] = "PATHLENS_REST_PASSWORD";

Result<std::unique_ptr<Backend>> openLab(const QString &labFile)
{
    if (!labFile.isEmpty()) {
        auto lab = LabBackend::fromFile(labFile.toStdString());
        if (!lab)
            return lab.error();
        return std::unique_ptr<Backend>(std::move(lab).value());
    }
    // The shipped scenario lives in the resources; the lab itself reads plain text.
    QFile file(QString::fromLatin1(defaultLabResource));
    if (!file.open(QIODevice::ReadOnly))
        return Error{"open lab", "the built-in lab scenario is missing from this build", 0};
    const QByteArray text = file.readAll();
    auto lab = LabBackend::fromText(std::string_view(text.constData(), std::size_t(text.size())), "default-lab.json");
    if (!lab)
        return lab.error();
    return std::unique_ptr<Backend>(std::move(lab).value());
}

RestSettings restSettings(const RestChoice &rest)
{
    RestSettings settings;
    settings.host = rest.host.toStdString();
    settings.serverHost = rest.serverHost.toStdString();
    settings.user = rest.user.toStdString();
    settings.password = rest.password.toStdString();
    settings.authorization = rest.authorization;
    settings.timeout = std::chrono::seconds(std::max(1, rest.timeoutSeconds));
    settings.expectedFingerprint = rest.trustFingerprint.toStdString();
    return settings;
}

Result<std::unique_ptr<Backend>> openRest(const RestChoice &rest)
{
    const Result<RestEndpoint> endpoint = parseRestHost(rest.host.toStdString());
    if (!endpoint)
        return endpoint.error();
    if (rest.user.isEmpty())
        return Error{"DataCore REST", "no user name given", 0};
    if (!rest.trustFingerprint.isEmpty() && normaliseFingerprint(rest.trustFingerprint.toStdString()).empty())
        return Error{"DataCore REST",
                     "\"" + rest.trustFingerprint.toStdString() + "\" is not a SHA-256 fingerprint (32 hex bytes)", 0};
    auto client = std::make_unique<DataCoreRestClient>(restSettings(rest), trustStore());

    std::unique_ptr<Backend> local;
#ifdef _WIN32
    // Composition point for Windows: run on the DataCore server (or any
    // Windows host), the machine's own adapters and MPIO paths join the
    // server group the REST API describes. WindowsBackend is platform/windows.
    if (rest.includeLocalMpio) {
        Result<std::unique_ptr<WindowsBackend>> windows = WindowsBackend::open();
        if (!windows)
            return windows.error();
        local = std::move(windows).value();
    }
#endif
    return std::unique_ptr<Backend>(std::make_unique<DataCoreRestBackend>(std::move(client), std::move(local)));
}

/// The keychain entry's key for a user on the host as typed.
std::string passwordKey(const QString &user, const QString &host)
{
    const Result<RestEndpoint> endpoint = parseRestHost(host.toStdString());
    const std::string hostKey = endpoint ? endpoint->key : host.trimmed().toLower().toStdString();
    return restPasswordKey(user.trimmed().toStdString(), hostKey);
}

QString namesOf(const std::vector<DataCoreServer> &servers)
{
    QStringList names;
    for (const DataCoreServer &server : servers)
        names << QString::fromStdString(server.name.empty() ? server.id : server.name);
    return names.join(QStringLiteral(", "));
}

ConnectionCheck testConnection(const ConnectionSettings &settings)
{
    ConnectionCheck check;
    const BackendChoice choice = backendChoiceFor(settings);
    if (!choice.rest) {
        auto backend = createBackend(choice);
        check.ok = bool(backend);
        check.message = backend
            ? QStringLiteral("Opened: %1.").arg(QString::fromStdString(backend.value()->description()))
            : QString::fromStdString(backend.error().toString());
        return check;
    }
    if (const Result<RestEndpoint> endpoint = parseRestHost(choice.rest->host.toStdString()); !endpoint) {
        check.message = QString::fromStdString(endpoint.error().toString());
        return check;
    }
    // Runs on the dialog's test thread, so the client is made and dropped here.
    DataCoreRestClient client(restSettings(*choice.rest), trustStore());
    const auto servers = client.servers();
    if (servers) {
        check.ok = true;
        const std::size_t count = servers->size();
        check.message = QStringLiteral("Connected to %1: %2 DataCore server%3%4.")
                            .arg(QString::fromStdString(client.endpoint()->key))
                            .arg(count)
                            .arg(count == 1 ? QString() : QStringLiteral("s"))
                            .arg(count == 0 ? QString() : QStringLiteral(" (%1)").arg(namesOf(*servers)));
        return check;
    }
    const RestFailure &failure = client.lastFailure();
    check.message = QString::fromStdString(failure.error.toString());
    if (failure.certificate) {
        check.certificate = failure.kind == RestFailureKind::CertificateChanged
            ? ConnectionCheck::Certificate::Changed
            : ConnectionCheck::Certificate::Untrusted;
        check.hostKey = QString::fromStdString(failure.certificate->hostKey);
        check.fingerprint = QString::fromStdString(failure.certificate->fingerprint);
        check.trustedFingerprint = QString::fromStdString(failure.certificate->trustedFingerprint);
        check.subject = QString::fromStdString(failure.certificate->subject);
        check.issuer = QString::fromStdString(failure.certificate->issuer);
        check.validUntil = QString::fromStdString(failure.certificate->validUntil);
    }
    return check;
}

struct Stores {
    std::mutex mutex;
    std::shared_ptr<TrustStore> trust;
    std::shared_ptr<PasswordStore> passwords;
};

Stores &stores()
{
    static Stores instance;
    return instance;
}

} // namespace

Result<std::unique_ptr<Backend>> createBackend(const BackendChoice &choice)
{
    if (choice.rest)
        return openRest(*choice.rest);
    if (!choice.bundlePath.isEmpty()) {
        auto bundle = BundleBackend::open(choice.bundlePath.toStdString());
        if (!bundle)
            return bundle.error();
        return std::unique_ptr<Backend>(std::move(bundle).value());
    }
    return openLab(choice.labFile);
}

BackendChoice backendChoiceFor(const ConnectionSettings &settings)
{
    BackendChoice choice;
    switch (settings.source) {
    case ConnectionSettings::Source::Lab:
        choice.labFile = settings.path;
        break;
    case ConnectionSettings::Source::Bundle:
        choice.bundlePath = settings.path;
        break;
    case ConnectionSettings::Source::DataCoreRest: {
        RestChoice rest;
        rest.host = settings.host;
        rest.serverHost = settings.serverHost;
        rest.user = settings.user;
        rest.password = settings.password;
        rest.authorization = settings.authorization == ConnectionSettings::Authorization::StandardBasic
            ? RestAuthorization::StandardBasic
            : RestAuthorization::DataCoreLiteral;
        rest.timeoutSeconds = settings.timeoutSeconds;
        rest.includeLocalMpio = settings.includeLocalMpio;
        choice.rest = rest;
        break;
    }
    }
    return choice;
}

ConnectionSettings connectionSettingsFor(const RestChoice &rest)
{
    ConnectionSettings settings;
    settings.source = ConnectionSettings::Source::DataCoreRest;
    settings.host = rest.host;
    settings.serverHost = rest.serverHost;
    settings.user = rest.user;
    settings.password = rest.password;
    settings.authorization = rest.authorization == RestAuthorization::StandardBasic
        ? ConnectionSettings::Authorization::StandardBasic
        : ConnectionSettings::Authorization::DataCoreLiteral;
    settings.timeoutSeconds = rest.timeoutSeconds;
    settings.includeLocalMpio = rest.includeLocalMpio;
    return settings;
}

std::shared_ptr<TrustStore> trustStore()
{
    Stores &s = stores();
    const std::lock_guard lock(s.mutex);
    if (!s.trust)
        s.trust = std::make_shared<SettingsTrustStore>();
    return s.trust;
}

std::shared_ptr<PasswordStore> passwordStore()
{
    Stores &s = stores();
    const std::lock_guard lock(s.mutex);
    if (!s.passwords)
        s.passwords = std::make_shared<KeychainPasswordStore>();
    return s.passwords;
}

void setCredentialStores(std::shared_ptr<TrustStore> trust, std::shared_ptr<PasswordStore> passwords)
{
    Stores &s = stores();
    const std::lock_guard lock(s.mutex);
    s.trust = std::move(trust);
    s.passwords = std::move(passwords);
}

Result<QString> reportPassword(const RestChoice &rest)
{
    const QString fromEnvironment = qEnvironmentVariable(passwordVariable);
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const std::string key = passwordKey(rest.user, rest.host);
    const auto stored = passwordStore()->read(key);
    if (!stored)
        return Error{"password",
                     std::string(passwordVariable) + " is not set and the keychain could not be read: "
                         + stored.error().message,
                     0};
    if (!stored.value())
        return Error{"password",
                     "no password for " + key + ": set " + passwordVariable
                         + ", or connect once in the console (File > Connect) with \"Remember the password\"",
                     0};
    return QString::fromStdString(*stored.value());
}

ConnectServices connectServices()
{
    ConnectServices services;
    services.test = testConnection;
    services.trust = [](const QString &hostKey, const QString &fingerprint) {
        trustStore()->trust(hostKey.toStdString(), fingerprint.toStdString());
    };
    services.storedPassword = [](const QString &user, const QString &host) -> std::optional<QString> {
        const auto stored = passwordStore()->read(passwordKey(user, host));
        if (!stored || !stored.value())
            return std::nullopt; // no keychain means typing it, not failing
        return QString::fromStdString(*stored.value());
    };
    services.keepPassword = [](const ConnectionSettings &settings) -> QString {
        const std::string key = passwordKey(settings.user, settings.host);
        const std::optional<Error> failed = settings.rememberPassword
            ? passwordStore()->write(key, settings.password.toStdString())
            : passwordStore()->remove(key);
        return failed ? QString::fromStdString(failed->message) : QString();
    };
#ifdef _WIN32
    services.localMpioAvailable = true;
#endif
    return services;
}

} // namespace pathlens
