// The Windows HostSystem's rules, on Linux: which registry and service
// findings mean a pending restart, the MPIO feature, administrator rights.

#include "platform/windows/hostsystemdecode.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace pathlens;
using ::testing::HasSubstr;

TEST(WindowsHostSystem, NoSignMeansNoPendingRestart)
{
    RebootEvidence evidence;
    evidence.activeComputerName = "SSV1";
    evidence.pendingComputerName = "ssv1"; // case only: the same name
    evidence.updateExeVolatile = 0;
    const PendingReboot result = pendingRebootFrom(evidence);
    EXPECT_FALSE(result.pending);
    EXPECT_TRUE(result.reasons.empty());
}

TEST(WindowsHostSystem, EachSignOfAPendingRestartIsNamed)
{
    RebootEvidence evidence;
    evidence.componentServicing = true;
    evidence.windowsUpdate = true;
    // Pairs of source and target; an empty target deletes the source.
    evidence.pendingFileRenames = {"\\??\\C:\\Windows\\System32\\drivers\\ql2300i.sys.new",
                                   "\\??\\C:\\Windows\\System32\\drivers\\ql2300i.sys", "\\??\\C:\\Temp\\old.dll"};
    evidence.updateExeVolatile = 1;
    evidence.activeComputerName = "SSV1";
    evidence.pendingComputerName = "SSV1-NEW";
    const PendingReboot result = pendingRebootFrom(evidence);
    ASSERT_TRUE(result.pending);
    ASSERT_EQ(result.reasons.size(), 5u);
    EXPECT_THAT(result.reasons[0], HasSubstr("Component Based Servicing"));
    EXPECT_THAT(result.reasons[1], HasSubstr("Windows Update"));
    EXPECT_THAT(result.reasons[2], HasSubstr("2 file operations wait for the restart"));
    EXPECT_THAT(result.reasons[2], HasSubstr("first: C:\\Windows\\System32\\drivers\\ql2300i.sys.new"));
    EXPECT_THAT(result.reasons[3], HasSubstr("UpdateExeVolatile"));
    EXPECT_THAT(result.reasons[4], HasSubstr("from SSV1 to SSV1-NEW"));
}

TEST(WindowsHostSystem, TheMpioFeatureNeedsTheDriverAndTheMicrosoftDsm)
{
    const MpioFeature installed = mpioFeatureFrom(MpioEvidence{true, true, true});
    EXPECT_TRUE(installed.installed);
    EXPECT_EQ(installed.evidence.size(), 3u);

    const MpioFeature noDsm = mpioFeatureFrom(MpioEvidence{true, false, true});
    EXPECT_FALSE(noDsm.installed);
    EXPECT_THAT(noDsm.evidence[1], HasSubstr("msdsm (Microsoft DSM): missing"));

    // mpclaim.exe alone is no feature; without it the services still are.
    EXPECT_FALSE(mpioFeatureFrom(MpioEvidence{false, false, true}).installed);
    const MpioFeature noTool = mpioFeatureFrom(MpioEvidence{true, true, false});
    EXPECT_TRUE(noTool.installed);
    EXPECT_THAT(noTool.evidence[2], HasSubstr("mpclaim.exe: missing"));
}

TEST(WindowsHostSystem, ElevationSaysWhatToDo)
{
    EXPECT_TRUE(elevationFrom(true).elevated);
    const Elevation limited = elevationFrom(false);
    EXPECT_FALSE(limited.elevated);
    EXPECT_THAT(limited.detail, HasSubstr("Run as administrator"));
}
