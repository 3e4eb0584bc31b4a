#include "platform/datacorerest/passwordstore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QThread>

#include <optional>

namespace pathlens {

namespace {

const QString keychainService = QString::fromLatin1(kRestKeychainService);

Error keychainError(const char *operation, const QKeychain::Job &job)
{
    const QString reason = job.errorString().isEmpty() ? QStringLiteral("the keychain failed") : job.errorString();
    return Error{std::string("keychain: ") + operation, reason.toStdString(), long(job.error())};
}

/// Runs fn on the application's main thread and returns its value; see the
/// class comment for why.
template <typename Value, typename Function>
Value onMainThread(Function fn, Value noApplication)
{
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        return noApplication;
    if (QThread::currentThread() == app->thread())
        return fn();
    std::optional<Value> out;
    QMetaObject::invokeMethod(app, [&] { out.emplace(fn()); }, Qt::BlockingQueuedConnection);
    return out ? std::move(*out) : std::move(noApplication);
}

void runJob(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start(); // queued: finished cannot arrive before exec()
    // No user input meanwhile: this may run on the UI thread.
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

const Error noApplication{"keychain", "the keychain needs a running application object", 0};

} // namespace

std::string restPasswordKey(const std::string &user, const std::string &hostKey)
{
    return user + "@" + hostKey;
}

Result<std::optional<std::string>> KeychainPasswordStore::read(const std::string &key)
{
    return onMainThread<Result<std::optional<std::string>>>(
        [&]() -> Result<std::optional<std::string>> {
            QKeychain::ReadPasswordJob job(keychainService);
            job.setKey(QString::fromStdString(key));
            job.setInsecureFallback(false); // never plain text
            runJob(job);
            if (job.error() == QKeychain::EntryNotFound)
                return std::optional<std::string>();
            if (job.error() != QKeychain::NoError)
                return keychainError("read password", job);
            return std::optional<std::string>(job.textData().toStdString());
        },
        noApplication);
}

std::optional<Error> KeychainPasswordStore::write(const std::string &key, const std::string &password)
{
    return onMainThread<std::optional<Error>>(
        [&]() -> std::optional<Error> {
            QKeychain::WritePasswordJob job(keychainService);
            job.setKey(QString::fromStdString(key));
            job.setInsecureFallback(false);
            job.setTextData(QString::fromStdString(password));
            runJob(job);
            if (job.error() != QKeychain::NoError)
                return keychainError("store password", job);
            return std::nullopt;
        },
        noApplication);
}

std::optional<Error> KeychainPasswordStore::remove(const std::string &key)
{
    return onMainThread<std::optional<Error>>(
        [&]() -> std::optional<Error> {
            QKeychain::DeletePasswordJob job(keychainService);
            job.setKey(QString::fromStdString(key));
            job.setInsecureFallback(false);
            runJob(job);
            if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
                return keychainError("remove password", job);
            return std::nullopt;
        },
        noApplication);
}

Result<std::optional<std::string>> MemoryPasswordStore::read(const std::string &key)
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_passwords.find(key);
    if (found == m_passwords.end())
        return std::optional<std::string>();
    return std::optional<std::string>(found->second);
}

std::optional<Error> MemoryPasswordStore::write(const std::string &key, const std::string &password)
{
    const std::lock_guard lock(m_mutex);
    m_passwords[key] = password;
    return std::nullopt;
}

std::optional<Error> MemoryPasswordStore::remove(const std::string &key)
{
    const std::lock_guard lock(m_mutex);
    m_passwords.erase(key);
    return std::nullopt;
}

} // namespace pathlens
