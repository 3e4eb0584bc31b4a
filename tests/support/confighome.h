#pragma once

// Gives a test a configuration folder of its own (XDG_CONFIG_HOME), so saved
// baselines and settings never touch the user's, and tests side by side never
// see each other's. QStandardPaths' test mode is off meanwhile: it ignores
// XDG_CONFIG_HOME.

#include <QByteArray>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

namespace pathlens::testing {

class ConfigHome
{
public:
    ConfigHome()
        : m_testMode(QStandardPaths::isTestModeEnabled())
        , m_had(qEnvironmentVariableIsSet("XDG_CONFIG_HOME"))
        , m_old(qgetenv("XDG_CONFIG_HOME"))
    {
        QStandardPaths::setTestModeEnabled(false);
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.path()));
    }
    ~ConfigHome()
    {
        if (m_had)
            qputenv("XDG_CONFIG_HOME", m_old);
        else
            qunsetenv("XDG_CONFIG_HOME");
        QStandardPaths::setTestModeEnabled(m_testMode);
    }
    ConfigHome(const ConfigHome &) = delete;
    ConfigHome &operator=(const ConfigHome &) = delete;

    bool isValid() const { return m_dir.isValid(); }
    QString path() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
    bool m_testMode;
    bool m_had;
    QByteArray m_old;
};

} // namespace pathlens::testing
