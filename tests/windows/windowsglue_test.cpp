// Smoke tests of the Windows-only glue, the code the Linux build cannot
// compile: WMI through WmiSession, processes through runProcess, newdev bound
// at run time, the system's error texts, the host facts. Built only into
// pathlens-platform-tests.exe; written for Wine (scripts/test.sh) and for a
// real Windows machine alike. Where the two differ (Wine answers a query for
// a missing class with zero rows, Windows with WBEM_E_INVALID_CLASS), the test
// says which one it expects and why.

#include "childmodes.h"

#include "platform/windows/comptr.h"
#include "platform/windows/errortext.h"
#include "platform/windows/processrunner.h"
#include "platform/windows/windowsbackend.h"
#include "platform/windows/winsupport.h"
#include "platform/windows/wmisession.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <windows.h>
#include <tlhelp32.h>
#include <wbemidl.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace pathlens;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kElevate = "run PathLens as administrator (elevated)";

/// An HRESULT from its documented unsigned value (the WBEMSTATUS enum does not fit a long).
HRESULT hresult(std::uint32_t value)
{
    return static_cast<HRESULT>(value);
}

/// Wine's ntdll exports wine_get_version; Windows' does not.
bool underWine()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

std::string thisProgram()
{
    std::wstring path(32768, L'\0');
    const DWORD length = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    path.resize(length);
    return win::toUtf8(path);
}

/// The arguments a child in kEchoArguments mode printed, argv[0] first.
std::vector<std::string> echoedArguments(const std::string &output)
{
    std::vector<std::string> arguments;
    std::size_t start = 0;
    while (start < output.size()) {
        std::size_t end = output.find('\n', start);
        if (end == std::string::npos)
            end = output.size();
        std::string_view line = std::string_view(output).substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.rfind("arg ", 0) == 0) {
            std::string text;
            for (std::size_t i = 4; i + 1 < line.size(); i += 2)
                text += static_cast<char>(std::stoi(std::string(line.substr(i, 2)), nullptr, 16));
            arguments.push_back(std::move(text));
        }
        start = end + 1;
    }
    return arguments;
}

/// Live processes this process started from @p exeName ("pathlens-platform-tests.exe").
int childrenNamed(const std::wstring &exeName)
{
    win::UniqueHandle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (!snapshot.valid())
        return -1;
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    int count = 0;
    for (BOOL more = Process32FirstW(snapshot.get(), &entry); more; more = Process32NextW(snapshot.get(), &entry)) {
        if (entry.th32ParentProcessID == GetCurrentProcessId() && _wcsicmp(entry.szExeFile, exeName.c_str()) == 0)
            ++count;
    }
    return count;
}

/// COM for this thread and the process-wide COM security the probe sets,
/// through the same WindowsBackend::open the probe calls.
class ComSession final
{
public:
    ComSession() : m_backend(WindowsBackend::open()) {}
    const Result<std::unique_ptr<WindowsBackend>> &backend() const { return m_backend; }
    WindowsBackend &windows() { return *m_backend.value(); }

private:
    win::ComScope m_com; // first: it must outlive the backend's COM objects
    Result<std::unique_ptr<WindowsBackend>> m_backend;
};

} // namespace

// ===================================================================== WMI

TEST(GlueWmi, Cimv2AnswersWithRows)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    EXPECT_FALSE(com.windows().computerName().empty());

    auto session = win::WmiSession::connect(L"ROOT\\CIMV2");
    ASSERT_TRUE(session.ok()) << session.error().toString();
    auto rows = session->instances("Win32_OperatingSystem");
    ASSERT_TRUE(rows.ok()) << rows.error().toString();
    ASSERT_EQ(rows->size(), 1u);
    const WmiObject &os = rows->front().object;
    EXPECT_EQ(os.className, "Win32_OperatingSystem");
    auto caption = WmiReader(os).string("Caption");
    ASSERT_TRUE(caption.ok()) << caption.error().toString();
    EXPECT_THAT(*caption, HasSubstr("Windows"));

    // uint64 arrives as decimal digits in a BSTR, uint32 as VT_I4: both read as numbers.
    auto computers = session->instances("Win32_ComputerSystem");
    ASSERT_TRUE(computers.ok()) << computers.error().toString();
    ASSERT_FALSE(computers->empty());
    const WmiReader computer(computers->front().object);
    auto memory = computer.u64("TotalPhysicalMemory");
    ASSERT_TRUE(memory.ok()) << memory.error().toString();
    EXPECT_GT(*memory, 0u);
    auto processors = computer.u32("NumberOfLogicalProcessors");
    ASSERT_TRUE(processors.ok()) << processors.error().toString();
    EXPECT_GT(*processors, 0u);
}

TEST(GlueWmi, RootWmiConnects)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    auto session = win::WmiSession::connect(L"ROOT\\WMI");
    EXPECT_TRUE(session.ok()) << session.error().toString();
}

TEST(GlueWmi, MissingClassGivesNoRowsUnderWineAndInvalidClassOnWindows)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    auto session = win::WmiSession::connect(L"ROOT\\WMI");
    ASSERT_TRUE(session.ok()) << session.error().toString();
    auto rows = session->instances("PathLens_NoSuchClass");
    if (underWine()) {
        // Wine 8 answers any class it lacks with an empty result.
        ASSERT_TRUE(rows.ok()) << rows.error().toString();
        EXPECT_TRUE(rows->empty());
    } else {
        ASSERT_FALSE(rows.ok());
        EXPECT_EQ(static_cast<std::uint32_t>(rows.error().code), 0x80041010u); // WBEM_E_INVALID_CLASS
        EXPECT_THAT(rows.error().message, HasSubstr("Multipath I/O feature"));
    }
}

TEST(GlueWmi, MpioReadsWithoutErrorAndWineHasNoDisks)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    WindowsBackend &windows = com.windows();
    auto disks = windows.mpio()->disks(windows.computerName());
    if (!underWine())
        GTEST_SKIP() << "on Windows this depends on the MPIO feature: " << (disks ? "read" : disks.error().toString());
    // Wine has no MPIO classes in root\wmi and answers with zero rows, so the
    // backend sees MPIO without disks rather than MPIO missing.
    ASSERT_TRUE(disks.ok()) << disks.error().toString();
    EXPECT_TRUE(disks->empty());
}

// ============================================================ SetupAPI, newdev

TEST(GlueDevices, AdaptersAreListedWithoutError)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    WindowsBackend &windows = com.windows();
    auto adapters = windows.devices()->adapters(windows.computerName());
    ASSERT_TRUE(adapters.ok()) << adapters.error().toString();
    if (underWine()) {
        EXPECT_TRUE(adapters->empty()) << "Wine's SetupAPI lists no SCSI or network adapters of this kind";
    }
    auto refused = windows.devices()->adapters("some-other-host");
    EXPECT_FALSE(refused.ok());
}

TEST(GlueNewdev, DiInstallDeviceAndDiRollbackDriverBindAtRunTime)
{
    // As setupapidevices.cpp binds them: System32 only, by name.
    win::Module newdev(LoadLibraryExW(L"newdev.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
    ASSERT_TRUE(newdev) << win::lastError("LoadLibraryExW newdev.dll").toString();
    EXPECT_NE(GetProcAddress(newdev.get(), "DiInstallDevice"), nullptr);
    EXPECT_NE(GetProcAddress(newdev.get(), "DiRollbackDriver"), nullptr);
    EXPECT_EQ(GetProcAddress(newdev.get(), "PathLensNoSuchExport"), nullptr);
}

TEST(GlueNewdev, ChangesOnAMissingDeviceFailAfterTheBinding)
{
    // A device that does not exist: the calls get past loading and binding
    // newdev and stop at opening the device, so nothing is changed.
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    WindowsBackend &windows = com.windows();
    const std::string missing = "PCI\\VEN_FFFF&DEV_FFFF\\PATHLENS-NO-SUCH-DEVICE";
    DriverPackage driver;
    driver.description = "QLogic Fibre Channel Adapter";
    driver.provider = "QLogic";
    driver.version = "9.4.5.20";
    driver.infName = "oem1.inf";
    const ChangeResult installed = windows.devices()->installDriver(windows.computerName(), missing, driver);
    ASSERT_FALSE(installed.ok());
    EXPECT_THAT(installed.error().operation, Not(HasSubstr("newdev.dll"))) << installed.error().toString();
    EXPECT_THAT(installed.error().message, Not(HasSubstr("administrator"))) << installed.error().toString();
    const ChangeResult rolledBack = windows.devices()->rollBackDriver(windows.computerName(), missing);
    ASSERT_FALSE(rolledBack.ok());
    EXPECT_THAT(rolledBack.error().operation, Not(HasSubstr("newdev.dll"))) << rolledBack.error().toString();
}

// ============================================================== error texts

TEST(GlueErrorText, SystemTextsOfWin32Codes)
{
    const std::string denied = win::systemMessage(ERROR_ACCESS_DENIED);
    ASSERT_FALSE(denied.empty());
    const Error access = win::win32Failure("OpenSCManagerW", ERROR_ACCESS_DENIED);
    EXPECT_EQ(access.message, cleanSystemMessage(denied) + "; " + std::string(kElevate));
    EXPECT_EQ(access.code, 5);

    const Error privilege = win::win32Failure("AdjustTokenPrivileges", ERROR_PRIVILEGE_NOT_HELD);
    EXPECT_FALSE(win::systemMessage(ERROR_PRIVILEGE_NOT_HELD).empty());
    EXPECT_THAT(privilege.message, HasSubstr(kElevate));

    const Error noMore = win::win32Failure("DiRollbackDriver", ERROR_NO_MORE_ITEMS);
    EXPECT_FALSE(win::systemMessage(ERROR_NO_MORE_ITEMS).empty());
    EXPECT_THAT(noMore.message, HasSubstr("no previous driver recorded"));
    EXPECT_THAT(noMore.message, Not(HasSubstr("administrator")));
    // One line, no trailing line end, whatever FormatMessageW returned.
    EXPECT_EQ(noMore.message.find('\n'), std::string::npos);
    EXPECT_EQ(noMore.message.find('\r'), std::string::npos);
}

TEST(GlueErrorText, HresultAndWmiCodes)
{
    const Error denied = win::hresultFailure("CoCreateInstance WbemLocator", E_ACCESSDENIED);
    EXPECT_THAT(denied.message, HasSubstr("(0x80070005)"));
    EXPECT_THAT(denied.message, HasSubstr(kElevate));
    EXPECT_THAT(denied.message, Not(StartsWith("HRESULT"))) << "the system has a text for E_ACCESSDENIED";

    // WMI's codes: the system table (or wmiutils.dll) text, else the WBEM_E_* name.
    const Error invalidClass = win::hresultFailure("IWbemServices::ExecQuery MPIO_DISK_INFO", hresult(WBEM_E_INVALID_CLASS));
    EXPECT_THAT(invalidClass.message, HasSubstr("0x80041010"));
    EXPECT_THAT(invalidClass.message, HasSubstr("Multipath I/O feature"));
    EXPECT_THAT(invalidClass.message, Not(HasSubstr("administrator")));
    const Error wmiDenied = win::hresultFailure("IWbemServices::ExecQuery MPIO_DISK_INFO", hresult(WBEM_E_ACCESS_DENIED));
    EXPECT_THAT(wmiDenied.message, HasSubstr("0x80041003"));
    EXPECT_THAT(wmiDenied.message, HasSubstr(kElevate));

    const Error failed = win::hresultFailure("IWbemServices::ExecMethod", E_FAIL);
    EXPECT_THAT(failed.message, HasSubstr("0x80004005"));
    EXPECT_THAT(failed.message, Not(HasSubstr("administrator")));
}

// ============================================================ process runner

TEST(GlueProcess, HostileArgumentsArriveUnchanged)
{
    const std::string self = thisProgram();
    const std::vector<std::string> hostile = {
        "plain",
        "two words",
        "",
        "say \"hi\"",
        "\"",
        "\"\"",
        "trailing\\",
        "trailing blank \\",
        "C:\\Program Files\\DataCore\\",
        "\\\\server\\share\\",
        "a\\\\\"b",
        "\\\\\\\"",
        "\\",
        "tab\there",
        " leading and trailing ",
        "%PATH% & | < > ^ !",
        "IBM     2145            ",
        "Ger\xc3\xa4t \xe6\x97\xa5\xe6\x9c\xac",
        "-d",
    };
    std::vector<std::string> arguments = {std::string(wintest::kEchoArguments)};
    arguments.insert(arguments.end(), hostile.begin(), hostile.end());
    auto run = win::runProcess(self, arguments, std::chrono::seconds(30));
    ASSERT_TRUE(run.ok()) << run.error().toString();
    EXPECT_EQ(run->exitCode, 0u) << run->output;
    const std::vector<std::string> echoed = echoedArguments(run->output);
    ASSERT_EQ(echoed.size(), arguments.size() + 1) << run->output;
    EXPECT_EQ(echoed[0], self);
    for (std::size_t i = 0; i < arguments.size(); ++i)
        EXPECT_EQ(echoed[i + 1], arguments[i]) << "argument " << i;
}

TEST(GlueProcess, ProgramPathWithBlanks)
{
    const fs::path folder =
        fs::temp_directory_path() / ("PathLens glue test " + std::to_string(GetCurrentProcessId()));
    const fs::path copy = folder / "child program.exe";
    std::error_code ec;
    fs::create_directories(folder, ec);
    ASSERT_FALSE(ec) << ec.message();
    fs::copy_file(thisProgram(), copy, fs::copy_options::overwrite_existing, ec);
    ASSERT_FALSE(ec) << ec.message();
    const std::string program = win::toUtf8(copy.wstring());
    auto run = win::runProcess(program, {std::string(wintest::kEchoArguments), "x y"}, std::chrono::seconds(30));
    fs::remove_all(folder, ec);
    ASSERT_TRUE(run.ok()) << run.error().toString();
    const std::vector<std::string> echoed = echoedArguments(run->output);
    ASSERT_EQ(echoed.size(), 3u) << run->output;
    EXPECT_EQ(echoed[0], program);
    EXPECT_EQ(echoed[2], "x y");
}

TEST(GlueProcess, ExitCodeAndBothStreams)
{
    auto run = win::runProcess(thisProgram(), {std::string(wintest::kExit), "3010"}, std::chrono::seconds(30));
    ASSERT_TRUE(run.ok()) << run.error().toString();
    EXPECT_EQ(run->exitCode, 3010u); // mpclaim's "restart needed"
    EXPECT_THAT(run->output, HasSubstr("out\n"));
    EXPECT_THAT(run->output, HasSubstr("err\n"));
}

TEST(GlueProcess, OutputLargerThanThePipeDoesNotBlock)
{
    constexpr std::size_t kBytes = 4 * 1024 * 1024;
    auto run = win::runProcess(thisProgram(), {std::string(wintest::kFlood), std::to_string(kBytes)},
                               std::chrono::seconds(60));
    ASSERT_TRUE(run.ok()) << run.error().toString();
    EXPECT_EQ(run->exitCode, 0u);
    EXPECT_EQ(run->output.size(), kBytes);
}

TEST(GlueProcess, TimeoutEndsAHangingChild)
{
    const std::string self = thisProgram();
    const std::wstring exeName = fs::path(win::toWide(self)).filename().wstring();
    ASSERT_EQ(childrenNamed(exeName), 0);
    const auto started = std::chrono::steady_clock::now();
    auto run = win::runProcess(self, {std::string(wintest::kHang)}, std::chrono::milliseconds(1500));
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(run.ok()) << "the child sleeps for two minutes, yet it finished";
    EXPECT_THAT(run.error().toString(), HasSubstr("did not finish within 1 seconds; ended"));
    EXPECT_GE(took, std::chrono::milliseconds(1400));
    EXPECT_LT(took, std::chrono::seconds(20)); // not the child's two minutes
    EXPECT_EQ(childrenNamed(exeName), 0) << "the hanging child is still running";
}

TEST(GlueProcess, SystemProgramThroughCmd)
{
    auto cmd = win::systemProgram("cmd.exe");
    ASSERT_TRUE(cmd.ok()) << cmd.error().toString();
    EXPECT_THAT(*cmd, HasSubstr("\\cmd.exe"));
    auto run = win::runProcess(*cmd, {"/c", "echo", "pathlens-ok"}, std::chrono::seconds(30));
    ASSERT_TRUE(run.ok()) << run.error().toString();
    EXPECT_EQ(run->exitCode, 0u);
    EXPECT_THAT(run->output, HasSubstr("pathlens-ok"));
    auto failing = win::runProcess(*cmd, {"/c", "exit", "7"}, std::chrono::seconds(30));
    ASSERT_TRUE(failing.ok()) << failing.error().toString();
    EXPECT_EQ(failing->exitCode, 7u);
}

TEST(GlueProcess, MissingProgramIsAnError)
{
    auto run = win::runProcess("C:\\PathLens\\no-such-program.exe", {"-s", "-d"}, std::chrono::seconds(5));
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().operation, "CreateProcessW C:\\PathLens\\no-such-program.exe");
    EXPECT_TRUE(run.error().code == ERROR_FILE_NOT_FOUND || run.error().code == ERROR_PATH_NOT_FOUND)
        << run.error().toString();
    EXPECT_THAT(run.error().message, Not(HasSubstr("administrator")));
}

// ================================================================ host system

TEST(GlueHostSystem, AnswersForThisComputer)
{
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    WindowsBackend &windows = com.windows();
    HostSystem *host = windows.hostSystem();
    ASSERT_NE(host, nullptr);
    auto elevated = host->isElevated(windows.computerName());
    ASSERT_TRUE(elevated.ok()) << elevated.error().toString();
    EXPECT_FALSE(elevated->detail.empty());
    auto feature = host->mpioFeatureInstalled(windows.computerName());
    ASSERT_TRUE(feature.ok()) << feature.error().toString();
    EXPECT_FALSE(feature->evidence.empty());
    if (underWine()) {
        EXPECT_FALSE(feature->installed) << "Wine has no mpio/msdsm services";
    }
    auto reboot = host->rebootPending(windows.computerName());
    EXPECT_TRUE(reboot.ok()) << reboot.error().toString();
}

// ============================================== WMI disabled (second CTest run)

// CTest runs this group alone with WINEDLLOVERRIDES=wbemprox=d: WMI's provider
// DLL is not loaded, so every WMI call must end in an Error, not a crash.
TEST(GlueWithoutWmi, ConnectAndMpioFailWithAnError)
{
    const char *overrides = std::getenv("WINEDLLOVERRIDES");
    if (!underWine() || !overrides || std::string_view(overrides).find("wbemprox=d") == std::string_view::npos)
        GTEST_SKIP() << "needs Wine with WINEDLLOVERRIDES=wbemprox=d (the CTest windows_glue_without_wmi)";
    ComSession com;
    ASSERT_TRUE(com.backend().ok()) << com.backend().error().toString();
    auto session = win::WmiSession::connect(L"ROOT\\WMI");
    ASSERT_FALSE(session.ok());
    EXPECT_EQ(session.error().operation, "CoCreateInstance WbemLocator");
    EXPECT_NE(session.error().code, 0);
    WindowsBackend &windows = com.windows();
    auto disks = windows.mpio()->disks(windows.computerName());
    ASSERT_FALSE(disks.ok());
    EXPECT_FALSE(disks.error().message.empty());
    // The device inventory does not need WMI.
    EXPECT_TRUE(windows.devices()->adapters(windows.computerName()).ok());
}
