#include "app/displaycheck.h"

#include <gtest/gtest.h>

#include <QMap>
#include <QStringList>

namespace pathlens {
namespace {

auto environmentOf(QMap<QString, QString> values)
{
    return [values](const char *name) { return values.value(QString::fromLatin1(name)); };
}

TEST(DisplayCheck, NoDisplayAtAllIsOneSentenceWithTheWayOut)
{
    const auto problem = missingDisplay(environmentOf({}), {QStringLiteral("pathlens")});
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    EXPECT_FALSE(problem);
#else
    ASSERT_TRUE(problem);
    EXPECT_TRUE(problem->contains(QLatin1String("DISPLAY and WAYLAND_DISPLAY are unset")));
    EXPECT_TRUE(problem->contains(QLatin1String("xvfb-run pathlens")));
    EXPECT_TRUE(problem->contains(QLatin1String("package xvfb")));
    EXPECT_TRUE(problem->endsWith(QLatin1Char('.')));
    EXPECT_FALSE(problem->contains(QLatin1Char('\n')));
#endif
}

TEST(DisplayCheck, AnX11OrWaylandDisplayOrAChosenPlatformIsEnough)
{
    EXPECT_FALSE(missingDisplay(environmentOf({{"DISPLAY", ":0"}}), {}));
    EXPECT_FALSE(missingDisplay(environmentOf({{"WAYLAND_DISPLAY", "wayland-0"}}), {}));
    EXPECT_FALSE(missingDisplay(environmentOf({{"QT_QPA_PLATFORM", "offscreen"}}), {}));
    EXPECT_FALSE(missingDisplay(environmentOf({}), {QStringLiteral("pathlens"), QStringLiteral("-platform"),
                                                    QStringLiteral("offscreen")}));
}

TEST(DisplayCheck, AnUnreachableDisplayKeepsQtsFirstLineAndTheWayOut)
{
    const QString text = unreachableDisplay(QStringLiteral(
        "This application failed to start because no Qt platform plugin could be initialized. Reinstalling the "
        "application may fix this problem.\nAvailable: xcb"));
    EXPECT_TRUE(text.contains(QLatin1String("no Qt platform plugin could be initialized")));
    EXPECT_FALSE(text.contains(QLatin1String("Available")));
    EXPECT_FALSE(text.contains(QLatin1String("Reinstalling")));
    EXPECT_TRUE(text.contains(QLatin1String("xvfb-run")));
}

} // namespace
} // namespace pathlens
