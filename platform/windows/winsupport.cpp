#include "winsupport.h"

#include "errortext.h"
#include "unicode.h"

#include <vector>

namespace pathlens::win {

std::string toUtf8(std::wstring_view text)
{
    // wchar_t is UTF-16 on Windows; copy into char16_t for the portable converter.
    return utf16ToUtf8(std::u16string(text.begin(), text.end()));
}

std::string toUtf8(const wchar_t *text, std::size_t capacity)
{
    if (!text)
        return {};
    std::size_t length = 0;
    while (length < capacity && text[length] != L'\0')
        ++length;
    return toUtf8(std::wstring_view(text, length));
}

std::wstring toWide(std::string_view text)
{
    const std::u16string utf16 = utf8ToUtf16(text);
    return std::wstring(utf16.begin(), utf16.end());
}

namespace {

std::string formatMessage(DWORD code, HMODULE module)
{
    wchar_t *buffer = nullptr;
    const DWORD flags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS |
                        (module ? FORMAT_MESSAGE_FROM_HMODULE : FORMAT_MESSAGE_FROM_SYSTEM);
    const DWORD length = FormatMessageW(flags, module, code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
                                        reinterpret_cast<wchar_t *>(&buffer), 0, nullptr);
    std::string text;
    if (length > 0 && buffer)
        text = toUtf8(std::wstring_view(buffer, length));
    if (buffer)
        LocalFree(buffer);
    return text;
}

} // namespace

std::string systemMessage(DWORD code)
{
    return formatMessage(code, nullptr);
}

Error lastError(std::string operation)
{
    return win32Failure(std::move(operation), GetLastError());
}

Error win32Failure(std::string operation, DWORD code)
{
    return win32Error(std::move(operation), code, systemMessage(code));
}

Error hresultFailure(std::string operation, HRESULT result)
{
    const auto code = static_cast<DWORD>(result);
    std::string text = systemMessage(code);
    if (text.empty() && (code & 0xFFFF0000u) == 0x80040000u) {
        // WMI's texts live in wmiutils.dll, not in the system table.
        Module wmiutils(LoadLibraryExW(L"wmiutils.dll", nullptr,
                                       LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_SEARCH_SYSTEM32));
        if (wmiutils)
            text = formatMessage(code, wmiutils.get());
    }
    return hresultError(std::move(operation), code, text);
}

namespace {

std::string nameOfKind(COMPUTER_NAME_FORMAT kind)
{
    DWORD size = 0;
    GetComputerNameExW(kind, nullptr, &size);
    if (size == 0)
        return {};
    std::vector<wchar_t> buffer(size + 1, L'\0');
    if (!GetComputerNameExW(kind, buffer.data(), &size))
        return {};
    return toUtf8(std::wstring_view(buffer.data(), size));
}

} // namespace

std::string computerName()
{
    return nameOfKind(ComputerNameNetBIOS);
}

std::string dnsHostName()
{
    const std::string name = nameOfKind(ComputerNameDnsFullyQualified);
    // Outside a domain the "FQDN" is the bare host name: report none.
    return name.find('.') == std::string::npos ? std::string() : name;
}

} // namespace pathlens::win
