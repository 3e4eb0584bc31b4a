#pragma once

// RAII for the COM and OLE automation handles the WMI code holds: interface
// pointers, BSTR, VARIANT, SAFEARRAY, and the per-thread COM apartment.
// Windows only.

#include <windows.h>

#include <oleauto.h>
#include <unknwn.h>

#include <utility>

namespace pathlens::win {

/// Owns one reference to a COM interface.
template <typename T>
class ComPtr final
{
public:
    ComPtr() = default;
    /// Adopts @p pointer without AddRef (as returned by a creating call).
    explicit ComPtr(T *pointer) : m_pointer(pointer) {}
    ComPtr(const ComPtr &other) : m_pointer(other.m_pointer)
    {
        if (m_pointer)
            m_pointer->AddRef();
    }
    ComPtr(ComPtr &&other) noexcept : m_pointer(std::exchange(other.m_pointer, nullptr)) {}
    ComPtr &operator=(ComPtr other) noexcept
    {
        std::swap(m_pointer, other.m_pointer);
        return *this;
    }
    ~ComPtr() { reset(); }

    void reset()
    {
        if (m_pointer)
            std::exchange(m_pointer, nullptr)->Release();
    }
    T *get() const { return m_pointer; }
    T *operator->() const { return m_pointer; }
    explicit operator bool() const { return m_pointer != nullptr; }
    /// For out-parameters: releases what is held and hands out the slot.
    T **put()
    {
        reset();
        return &m_pointer;
    }
    /// For out-parameters typed void** (CoCreateInstance, QueryInterface).
    void **putVoid() { return reinterpret_cast<void **>(put()); }

private:
    T *m_pointer = nullptr;
};

/// Owns a BSTR.
class Bstr final
{
public:
    Bstr() = default;
    explicit Bstr(const wchar_t *text) : m_text(text ? SysAllocString(text) : nullptr) {}
    Bstr(const Bstr &) = delete;
    Bstr &operator=(const Bstr &) = delete;
    Bstr(Bstr &&other) noexcept : m_text(std::exchange(other.m_text, nullptr)) {}
    Bstr &operator=(Bstr &&other) noexcept
    {
        std::swap(m_text, other.m_text);
        return *this;
    }
    ~Bstr() { SysFreeString(m_text); }

    BSTR get() const { return m_text; }
    BSTR *put()
    {
        SysFreeString(std::exchange(m_text, nullptr));
        return &m_text;
    }
    /// Hands ownership to the caller (for a VARIANT that will own it).
    BSTR release() { return std::exchange(m_text, nullptr); }
    /// False also when allocation failed.
    explicit operator bool() const { return m_text != nullptr; }

private:
    BSTR m_text = nullptr;
};

/// Owns a VARIANT and whatever it holds (VariantClear).
class Variant final
{
public:
    Variant() { VariantInit(&m_value); }
    Variant(const Variant &) = delete;
    Variant &operator=(const Variant &) = delete;
    ~Variant() { VariantClear(&m_value); }

    VARIANT *get() { return &m_value; }
    const VARIANT *get() const { return &m_value; }
    VARIANT *operator->() { return &m_value; }
    const VARIANT *operator->() const { return &m_value; }
    /// Clears it for reuse as an out-parameter.
    VARIANT *put()
    {
        VariantClear(&m_value);
        return &m_value;
    }

private:
    VARIANT m_value;
};

/// Owns a SAFEARRAY until it is handed to a VARIANT.
class SafeArray final
{
public:
    explicit SafeArray(SAFEARRAY *array = nullptr) : m_array(array) {}
    SafeArray(const SafeArray &) = delete;
    SafeArray &operator=(const SafeArray &) = delete;
    ~SafeArray()
    {
        if (m_array)
            SafeArrayDestroy(m_array);
    }
    SAFEARRAY *get() const { return m_array; }
    SAFEARRAY *release() { return std::exchange(m_array, nullptr); }

private:
    SAFEARRAY *m_array = nullptr;
};

/// Access to a SAFEARRAY's elements for the scope's lifetime.
class SafeArrayData final
{
public:
    explicit SafeArrayData(SAFEARRAY *array) : m_array(array)
    {
        m_result = SafeArrayAccessData(m_array, &m_data);
    }
    SafeArrayData(const SafeArrayData &) = delete;
    SafeArrayData &operator=(const SafeArrayData &) = delete;
    ~SafeArrayData()
    {
        if (SUCCEEDED(m_result))
            SafeArrayUnaccessData(m_array);
    }
    HRESULT result() const { return m_result; }
    void *data() const { return m_data; }

private:
    SAFEARRAY *m_array = nullptr;
    void *m_data = nullptr;
    HRESULT m_result = E_FAIL;
};

/// COM on the calling thread for the scope's lifetime. A thread that already
/// has an apartment (Qt's GUI thread is single-threaded) keeps it: then
/// RPC_E_CHANGED_MODE is fine and nothing is undone here.
class ComScope final
{
public:
    ComScope()
    {
        m_result = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
        m_owned = SUCCEEDED(m_result); // S_OK and S_FALSE both need CoUninitialize
        if (m_result == RPC_E_CHANGED_MODE)
            m_result = S_OK;
    }
    ComScope(const ComScope &) = delete;
    ComScope &operator=(const ComScope &) = delete;
    ~ComScope()
    {
        if (m_owned)
            CoUninitialize();
    }
    HRESULT result() const { return m_result; }

private:
    HRESULT m_result = E_FAIL;
    bool m_owned = false;
};

} // namespace pathlens::win
