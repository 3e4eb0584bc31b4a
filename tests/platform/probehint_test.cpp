// The "run as administrator" hint: given for codes that mean this process
// lacks rights, never for other failures (a missing WMI class, a missing
// device, a DLL that does not load), where running elevated changes nothing.
// Also built into the Windows test program, so it runs under Wine too.

#include "platform/json/json.h"
#include "platform/windows/errortext.h"
#include "platform/windows/probereport.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace pathlens;

namespace {

constexpr std::string_view kElevate = "run PathLens as administrator (elevated)";

struct Code {
    std::uint32_t value;
    const char *name;
};

const std::vector<Code> kMissingRights = {
    {5, "ERROR_ACCESS_DENIED"},
    {0x80070005, "E_ACCESSDENIED"},
    {0x80041003, "WBEM_E_ACCESS_DENIED"},
    {1314, "ERROR_PRIVILEGE_NOT_HELD"},
    {0x80070522, "HRESULT_FROM_WIN32(ERROR_PRIVILEGE_NOT_HELD)"},
    {740, "ERROR_ELEVATION_REQUIRED"},
    {0x800702E4, "HRESULT_FROM_WIN32(ERROR_ELEVATION_REQUIRED)"},
    {1300, "ERROR_NOT_ALL_ASSIGNED"},
    {0x80041062, "WBEM_E_PRIVILEGE_NOT_HELD"},
    {0xC0000022, "STATUS_ACCESS_DENIED"},
    {0xC0000061, "STATUS_PRIVILEGE_NOT_HELD"},
};

const std::vector<Code> kOtherFailures = {
    {0, "ERROR_SUCCESS"},
    {2, "ERROR_FILE_NOT_FOUND"},
    {0x80070002, "HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)"},
    {0x8007007E, "HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND)"},
    {0x80004005, "E_FAIL"},
    {0x80040154, "REGDB_E_CLASSNOTREG"},
    {0x80041001, "WBEM_E_FAILED"},
    {0x80041010, "WBEM_E_INVALID_CLASS"},
    {0x8004100E, "WBEM_E_INVALID_NAMESPACE"},
    {0x80041069, "WBEM_E_TIMED_OUT"},
    {0xE000020B, "ERROR_NO_SUCH_DEVINST"},
    {0xE0000228, "ERROR_NO_COMPAT_DRIVERS"},
    {0xE0000235, "ERROR_IN_WOW64"},
    {259, "ERROR_NO_MORE_ITEMS"},
    {1460, "ERROR_TIMEOUT"},
    {0xC000000D, "STATUS_INVALID_PARAMETER"},
    // Low word 5 in other facilities is not access denied.
    {0x80040005, "facility ITF, code 5"},
    {0x80090005, "NTE_BAD_DATA"},
    {0x00070005, "facility 7 without the error bit"},
};

} // namespace

TEST(ProbeHint, MissingRightsCodesAdviseElevation)
{
    for (const Code &code : kMissingRights) {
        SCOPED_TRACE(code.name);
        EXPECT_TRUE(meansMissingRights(code.value));
        EXPECT_EQ(errorHint(code.value), kElevate);
        const Error error = code.value < 0x10000 ? win32Error("OpenServiceW mpio", code.value, "Denied.\r\n")
                                                 : hresultError("IWbemServices::ExecQuery MPIO_DISK_INFO",
                                                                code.value, "Denied.\r\n");
        EXPECT_EQ(error.message.rfind("Denied.", 0), 0u) << error.message;
        EXPECT_EQ(error.message.substr(error.message.size() - kElevate.size()), kElevate) << error.message;
    }
}

TEST(ProbeHint, OtherFailuresNeverAdviseElevation)
{
    for (const Code &code : kOtherFailures) {
        SCOPED_TRACE(code.name);
        EXPECT_FALSE(meansMissingRights(code.value));
        EXPECT_EQ(errorHint(code.value).find("administrator"), std::string_view::npos) << errorHint(code.value);
        for (const Error &error : {win32Error("SetupDiOpenDeviceInfoW", code.value, ""),
                                   hresultError("CoCreateInstance WbemLocator", code.value, ""),
                                   hresultError("CoCreateInstance WbemLocator", code.value, "Some text.")}) {
            EXPECT_EQ(error.message.find("administrator"), std::string::npos) << error.message;
            EXPECT_EQ(error.message.find("elevated"), std::string::npos) << error.message;
        }
    }
    // The other hints stay where they were.
    EXPECT_NE(errorHint(0x80041010).find("Multipath I/O feature"), std::string_view::npos);
    EXPECT_NE(errorHint(259).find("no previous driver"), std::string_view::npos);
}

TEST(ProbeHint, ProbeErrorsCarryTheHintOnlyForMissingRights)
{
    ProbeData data;
    data.tool = "pathlens-probe 0.1.0";
    data.host = "SSV1";
    data.failures.push_back({"mpio", hresultError("IWbemServices::ExecQuery MPIO_DISK_INFO", 0x80041003, "")});
    data.failures.push_back({"adapters", win32Error("SetupDiGetClassDevsW", 1314, "A required privilege is "
                                                                                  "not held by the client.")});
    data.failures.push_back({"drivers PCI\\VEN_1077", win32Error("SetupDiOpenDeviceInfoW", 0xE000020B, "")});
    data.failures.push_back({"mpio", hresultError("CoCreateInstance WbemLocator", 0x80040154, "Class not "
                                                                                              "registered")});
    auto parsed = parseJson(renderProbe(data, ProbeOptions{}));
    ASSERT_TRUE(parsed.ok()) << parsed.error().toString();
    const auto &errors = parsed->find("errors")->items();
    ASSERT_EQ(errors.size(), 4u);
    const auto advises = [&](std::size_t i) {
        return errors[i].find("message")->asString().find("as administrator") != std::string::npos;
    };
    EXPECT_TRUE(advises(0)) << errors[0].find("message")->asString();
    EXPECT_TRUE(advises(1)) << errors[1].find("message")->asString();
    EXPECT_FALSE(advises(2)) << errors[2].find("message")->asString();
    EXPECT_FALSE(advises(3)) << errors[3].find("message")->asString();
    EXPECT_EQ(errors[0].find("message")->asString(),
              "WBEM_E_ACCESS_DENIED (0x80041003); run PathLens as administrator (elevated)");
    EXPECT_EQ(probeExitCode(data), kProbeExitPartial);
}
