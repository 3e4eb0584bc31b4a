#pragma once

// Small Windows helpers shared by the backend's OS files: handle ownership,
// UTF-16 <-> UTF-8 at the API boundary, and Errors with the system's text.
// Windows only.

#include "platform/result.h"

#include <windows.h>

#include <string>
#include <string_view>
#include <utility>

namespace pathlens::win {

/// Owns a kernel HANDLE (CloseHandle). Both NULL and INVALID_HANDLE_VALUE mean none.
class UniqueHandle final
{
public:
    UniqueHandle() = default;
    explicit UniqueHandle(HANDLE handle) : m_handle(handle) {}
    UniqueHandle(const UniqueHandle &) = delete;
    UniqueHandle &operator=(const UniqueHandle &) = delete;
    UniqueHandle(UniqueHandle &&other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}
    UniqueHandle &operator=(UniqueHandle &&other) noexcept
    {
        std::swap(m_handle, other.m_handle);
        return *this;
    }
    ~UniqueHandle() { reset(); }

    void reset()
    {
        if (valid())
            CloseHandle(m_handle);
        m_handle = nullptr;
    }
    HANDLE get() const { return m_handle; }
    HANDLE *put()
    {
        reset();
        return &m_handle;
    }
    bool valid() const { return m_handle != nullptr && m_handle != INVALID_HANDLE_VALUE; }

private:
    HANDLE m_handle = nullptr;
};

/// Owns a loaded module (FreeLibrary).
class Module final
{
public:
    Module() = default;
    explicit Module(HMODULE module) : m_module(module) {}
    Module(const Module &) = delete;
    Module &operator=(const Module &) = delete;
    Module(Module &&other) noexcept : m_module(std::exchange(other.m_module, nullptr)) {}
    Module &operator=(Module &&other) noexcept
    {
        std::swap(m_module, other.m_module);
        return *this;
    }
    ~Module()
    {
        if (m_module)
            FreeLibrary(m_module);
    }
    HMODULE get() const { return m_module; }
    explicit operator bool() const { return m_module != nullptr; }

private:
    HMODULE m_module = nullptr;
};

/// UTF-16 from the API to UTF-8 (unpaired surrogates become U+FFFD).
std::string toUtf8(std::wstring_view text);
/// Up to the first NUL of a fixed-size buffer such as SP_DRVINFO_DATA_W.Description.
std::string toUtf8(const wchar_t *text, std::size_t capacity);
std::wstring toWide(std::string_view text);

/// The system's text for a Win32 error or HRESULT, UTF-8; "" when it has none.
std::string systemMessage(DWORD code);

/// An Error for GetLastError() after @p operation failed.
Error lastError(std::string operation);
/// An Error for a given Win32 error code.
Error win32Failure(std::string operation, DWORD code);
/// An Error for a failed HRESULT, with WMI's own text where the system has none.
Error hresultFailure(std::string operation, HRESULT result);

/// The NetBIOS computer name and the DNS name (empty when not in a domain
/// or not known).
std::string computerName();
std::string dnsHostName();

} // namespace pathlens::win
