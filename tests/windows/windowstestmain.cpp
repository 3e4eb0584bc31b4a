// main() of pathlens-platform-tests.exe: the GoogleTest run, or one of the
// child modes the process tests start it in (childmodes.h).

#include "childmodes.h"

#include <gmock/gmock.h>

#include <windows.h>
#include <shellapi.h>

#include <cstdlib>
#include <string>

namespace pathlens::wintest {
namespace {

void writeOut(DWORD which, const std::string &text)
{
    const HANDLE handle = GetStdHandle(which);
    std::size_t done = 0;
    while (done < text.size()) {
        DWORD written = 0;
        if (!WriteFile(handle, text.data() + done, static_cast<DWORD>(text.size() - done), &written, nullptr) ||
            written == 0)
            return;
        done += written;
    }
}

std::string hexOfUtf8(const wchar_t *text)
{
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    std::string utf8(size > 1 ? static_cast<std::size_t>(size - 1) : 0, '\0');
    if (size > 1)
        WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8.data(), size, nullptr, nullptr);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : utf8) {
        hex += kDigits[c >> 4];
        hex += kDigits[c & 15];
    }
    return hex;
}

int echoArguments()
{
    int count = 0;
    wchar_t **arguments = CommandLineToArgvW(GetCommandLineW(), &count);
    if (!arguments)
        return 90;
    std::string text = "argc " + std::to_string(count) + "\n";
    for (int i = 0; i < count; ++i)
        text += "arg " + hexOfUtf8(arguments[i]) + "\n";
    LocalFree(arguments);
    writeOut(STD_OUTPUT_HANDLE, text);
    return 0;
}

} // namespace

int runChildMode(int argc, char **argv)
{
    if (argc < 2)
        return -1;
    const std::string_view mode = argv[1];
    if (mode == kEchoArguments)
        return echoArguments();
    if (mode == kHang) {
        writeOut(STD_OUTPUT_HANDLE, "hanging\n");
        Sleep(120000);
        return 91;
    }
    if (mode == kExit && argc >= 3) {
        writeOut(STD_OUTPUT_HANDLE, "out\n");
        writeOut(STD_ERROR_HANDLE, "err\n");
        return std::atoi(argv[2]);
    }
    if (mode == kFlood && argc >= 3) {
        const auto bytes = static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10));
        std::string text;
        text.reserve(bytes);
        while (text.size() < bytes)
            text += text.size() % 64 == 63 ? '\n' : 'x';
        writeOut(STD_OUTPUT_HANDLE, text);
        return 0;
    }
    return -1;
}

} // namespace pathlens::wintest

int main(int argc, char **argv)
{
    if (const int code = pathlens::wintest::runChildMode(argc, argv); code >= 0)
        return code;
    testing::InitGoogleMock(&argc, argv);
    return RUN_ALL_TESTS();
}
