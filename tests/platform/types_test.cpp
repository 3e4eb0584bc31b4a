#include "platform/types.h"

#include <gtest/gtest.h>

namespace pathlens {
namespace {

TEST(PciLocation, PrintsDecimalAndLspciHex)
{
    const PciLocation pci{130, 0, 1};
    EXPECT_EQ(pci.toString(), "130:0.1");
    EXPECT_EQ(pci.toHexString(), "82:00.1");
}

TEST(Roles, PrintInFixedOrder)
{
    EXPECT_EQ(rolesToString(RoleBackEnd | RoleFrontEnd), "FE,BE");
    EXPECT_EQ(rolesToString(RoleFrontEnd | RoleMirror), "FE,MR");
    EXPECT_EQ(rolesToString(RoleNone), "");
}

TEST(ScsiAddress, PrintsLikeMpclaim)
{
    EXPECT_EQ((ScsiAddress{4, 0, 11, 1}).toString(), "004|000|011|001");
}

TEST(PathId, PrintsSixteenHexDigits)
{
    EXPECT_EQ(formatPathId(1996685312u), "0000000077030000");
}

TEST(PathState, UsableExcludesFailedAndUnavailable)
{
    EXPECT_TRUE(isUsable(PathState::Standby));
    EXPECT_TRUE(isUsable(PathState::ActiveUnoptimized));
    EXPECT_FALSE(isUsable(PathState::Unavailable));
    EXPECT_FALSE(isUsable(PathState::Failed));
}

} // namespace
} // namespace pathlens
