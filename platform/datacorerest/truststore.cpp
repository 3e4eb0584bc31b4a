#include "platform/datacorerest/truststore.h"

#include <QSettings>
#include <QString>

#include <memory>

namespace pathlens {

namespace {

std::unique_ptr<QSettings> openSettings(const std::string &iniFile)
{
    if (iniFile.empty())
        return std::make_unique<QSettings>(QStringLiteral("PathLens"), QStringLiteral("PathLens"));
    return std::make_unique<QSettings>(QString::fromStdString(iniFile), QSettings::IniFormat);
}

// A host key has no '/', but QSettings would read one as a group separator.
QString settingsKey(const std::string &hostKey)
{
    QString key = QString::fromStdString(hostKey);
    key.replace(QLatin1Char('/'), QLatin1Char('_'));
    return QStringLiteral("trustedCertificates/") + key;
}

} // namespace

std::optional<std::string> MemoryTrustStore::trustedFingerprint(const std::string &hostKey) const
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_fingerprints.find(hostKey);
    if (found == m_fingerprints.end())
        return std::nullopt;
    return found->second;
}

void MemoryTrustStore::trust(const std::string &hostKey, const std::string &fingerprint)
{
    const std::lock_guard lock(m_mutex);
    m_fingerprints[hostKey] = fingerprint;
}

void MemoryTrustStore::forget(const std::string &hostKey)
{
    const std::lock_guard lock(m_mutex);
    m_fingerprints.erase(hostKey);
}

SettingsTrustStore::SettingsTrustStore() = default;

SettingsTrustStore::SettingsTrustStore(std::string iniFile) : m_iniFile(std::move(iniFile)) {}

std::optional<std::string> SettingsTrustStore::trustedFingerprint(const std::string &hostKey) const
{
    const auto settings = openSettings(m_iniFile);
    const QString value = settings->value(settingsKey(hostKey)).toString();
    if (value.isEmpty())
        return std::nullopt;
    return value.toStdString();
}

void SettingsTrustStore::trust(const std::string &hostKey, const std::string &fingerprint)
{
    const auto settings = openSettings(m_iniFile);
    settings->setValue(settingsKey(hostKey), QString::fromStdString(fingerprint));
    settings->sync();
}

void SettingsTrustStore::forget(const std::string &hostKey)
{
    const auto settings = openSettings(m_iniFile);
    settings->remove(settingsKey(hostKey));
    settings->sync();
}

} // namespace pathlens
