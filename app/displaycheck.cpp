#include "app/displaycheck.h"

#include <QStringList>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace pathlens {

namespace {

const char *const kWayOut =
    "run it on a virtual display with \"xvfb-run pathlens\" (Debian package xvfb), or use "
    "\"pathlens report\" and \"pathlens check\", which need none";

bool namesPlatform(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("-platform") || argument == QLatin1String("--platform")
            || argument.startsWith(QLatin1String("-platform=")) || argument.startsWith(QLatin1String("--platform=")))
            return true;
    }
    return false;
}

QtMessageHandler g_previousHandler = nullptr;
std::vector<std::pair<QtMsgType, QString>> *g_heldMessages = nullptr;

void holdOrAbortCleanly(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtFatalMsg) {
        // Qt aborts after a fatal message; a missing display is no crash.
        const QByteArray text = ("pathlens: " + unreachableDisplay(message) + '\n').toLocal8Bit();
        std::fputs(text.constData(), stderr);
        std::fflush(stderr);
        std::_Exit(1);
    }
    if (g_heldMessages) {
        g_heldMessages->emplace_back(type, message);
        return;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

} // namespace

std::optional<QString> missingDisplay(const std::function<QString(const char *)> &environment,
                                      const QStringList &arguments)
{
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    Q_UNUSED(environment);
    Q_UNUSED(arguments);
    return std::nullopt;
#else
    if (!environment("QT_QPA_PLATFORM").isEmpty() || namesPlatform(arguments))
        return std::nullopt; // the user chose the platform; Qt will say if it fails
    if (!environment("DISPLAY").isEmpty() || !environment("WAYLAND_DISPLAY").isEmpty())
        return std::nullopt;
    return QStringLiteral("there is no display to open the console on (DISPLAY and WAYLAND_DISPLAY are unset); ")
        + QLatin1String(kWayOut) + QLatin1Char('.');
#endif
}

QString unreachableDisplay(const QString &qtMessage)
{
    // Qt's first sentence says what failed; its advice to reinstall does not apply.
    QString first = qtMessage.section(QLatin1Char('\n'), 0, 0).trimmed();
    first = first.section(QLatin1String(". "), 0, 0);
    if (first.endsWith(QLatin1Char('.')))
        first.chop(1);
    const QString display = qEnvironmentVariable("DISPLAY");
    const QString where = display.isEmpty() ? QString() : QStringLiteral(" on display \"%1\"").arg(display);
    return QStringLiteral("the console could not open a window%1 (%2); ").arg(where, first) + QLatin1String(kWayOut)
        + QLatin1Char('.');
}

void constructGuiOrExit(const std::function<void()> &construct)
{
    std::vector<std::pair<QtMsgType, QString>> held;
    g_heldMessages = &held;
    g_previousHandler = qInstallMessageHandler(holdOrAbortCleanly);
    construct();
    qInstallMessageHandler(g_previousHandler);
    g_heldMessages = nullptr;
    // The window opened: what Qt said on the way is still worth seeing.
    const QMessageLogContext context;
    for (const auto &[type, message] : held) {
        if (g_previousHandler)
            g_previousHandler(type, context, message);
        else
            std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
    }
}

} // namespace pathlens
