#include "wmisession.h"

#include "winsupport.h"

#include <cstdint>
#include <string>

namespace pathlens::win {
namespace {

/// Embedded objects nest two or three levels in MPIO classes; a bound keeps
/// a malformed provider answer from recursing without end.
constexpr int kMaxDepth = 8;

/// 30 s per enumeration step: the MPIO providers answer in milliseconds, a
/// hung one must not hang the refresh worker for ever.
constexpr long kNextTimeoutMs = 30'000;

HRESULT setBlanket(IUnknown *proxy)
{
    return CoSetProxyBlanket(proxy, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, nullptr, RPC_C_AUTHN_LEVEL_CALL,
                             RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
}

Result<WmiValue> fromElement(VARTYPE type, const void *element, int depth);

Result<WmiValue> fromUnknown(IUnknown *unknown, int depth)
{
    if (!unknown)
        return WmiValue::null();
    ComPtr<IWbemClassObject> object;
    const HRESULT hr = unknown->QueryInterface(IID_IWbemClassObject, object.putVoid());
    if (FAILED(hr))
        return hresultFailure("IUnknown::QueryInterface IWbemClassObject", hr);
    auto converted = fromClassObject(object.get(), depth + 1);
    if (!converted)
        return converted.error();
    return WmiValue::object(std::move(converted.value()));
}

Result<WmiValue> fromElement(VARTYPE type, const void *element, int depth)
{
    switch (type) {
    case VT_EMPTY:
    case VT_NULL: return WmiValue::null();
    case VT_BOOL: return WmiValue::boolean(*static_cast<const VARIANT_BOOL *>(element) != VARIANT_FALSE);
    case VT_I1: return WmiValue::signedInt(*static_cast<const signed char *>(element), 8);
    case VT_UI1: return WmiValue::unsignedInt(*static_cast<const unsigned char *>(element), 8);
    case VT_I2: return WmiValue::signedInt(*static_cast<const SHORT *>(element), 16);
    case VT_UI2: return WmiValue::unsignedInt(*static_cast<const USHORT *>(element), 16);
    case VT_I4:
    case VT_INT: return WmiValue::signedInt(*static_cast<const LONG *>(element), 32);
    case VT_UI4:
    case VT_UINT: return WmiValue::unsignedInt(*static_cast<const ULONG *>(element), 32);
    case VT_I8: return WmiValue::signedInt(*static_cast<const LONGLONG *>(element), 64);
    case VT_UI8: return WmiValue::unsignedInt(*static_cast<const ULONGLONG *>(element), 64);
    case VT_R4: return WmiValue::real(*static_cast<const float *>(element));
    case VT_R8: return WmiValue::real(*static_cast<const double *>(element));
    case VT_BSTR: {
        const BSTR text = *static_cast<const BSTR *>(element);
        return WmiValue::string(text ? toUtf8(std::wstring_view(text, SysStringLen(text))) : std::string());
    }
    case VT_UNKNOWN: return fromUnknown(*static_cast<IUnknown *const *>(element), depth);
    case VT_VARIANT: return fromVariant(*static_cast<const VARIANT *>(element), depth + 1);
    default:
        return Error{"WMI value", "unsupported VARIANT type " + std::to_string(type), 0};
    }
}

Result<WmiValue> fromSafeArray(SAFEARRAY *array, VARTYPE declared, int depth)
{
    if (!array)
        return WmiValue::array({});
    if (SafeArrayGetDim(array) != 1)
        return Error{"WMI value", "multi-dimensional arrays are not used by WMI properties", 0};
    VARTYPE type = declared;
    if (FAILED(SafeArrayGetVartype(array, &type)))
        type = declared;
    LONG lower = 0;
    LONG upper = -1;
    if (FAILED(SafeArrayGetLBound(array, 1, &lower)) || FAILED(SafeArrayGetUBound(array, 1, &upper)))
        return Error{"SafeArrayGetLBound", "cannot read the array bounds", 0};
    const UINT elementSize = SafeArrayGetElemsize(array);
    SafeArrayData data(array);
    if (FAILED(data.result()))
        return hresultFailure("SafeArrayAccessData", data.result());
    std::vector<WmiValue> items;
    const auto *bytes = static_cast<const unsigned char *>(data.data());
    for (LONG i = 0; i <= upper - lower; ++i) {
        auto item = fromElement(type, bytes + static_cast<std::size_t>(i) * elementSize, depth);
        if (!item)
            return item.error();
        items.push_back(std::move(item.value()));
    }
    return WmiValue::array(std::move(items));
}

std::string propertyText(IWbemClassObject *object, const wchar_t *name)
{
    Variant value;
    if (FAILED(object->Get(name, 0, value.get(), nullptr, nullptr)) || V_VT(value.get()) != VT_BSTR)
        return {};
    return toUtf8(std::wstring_view(V_BSTR(value.get()), SysStringLen(V_BSTR(value.get()))));
}

/// A BSTR holding decimal digits: how WMI takes uint64 and sint64.
template <typename T>
HRESULT putDecimal(VARIANT *target, T value)
{
    Bstr text(std::to_wstring(value).c_str());
    if (!text)
        return E_OUTOFMEMORY;
    V_VT(target) = VT_BSTR;
    V_BSTR(target) = text.release();
    return S_OK;
}

Result<ComPtr<IWbemClassObject>> spawn(IWbemServices *services, const WmiObject &object, int depth);

bool isZero(const WmiValue &value)
{
    if (value.isNull())
        return true;
    if (const auto *number = value.asUInt())
        return number->value == 0;
    if (const auto *number = value.asInt())
        return number->value == 0;
    if (const bool *flag = value.asBool())
        return !*flag;
    return false;
}

/// WmiValue -> VARIANT in the forms IWbemClassObject::Put takes for CIM types.
Result<bool> toVariant(IWbemServices *services, const WmiValue &value, VARIANT *target, int depth)
{
    VariantInit(target);
    switch (value.kind()) {
    case WmiValue::Kind::Null: V_VT(target) = VT_NULL; return true;
    case WmiValue::Kind::Bool:
        V_VT(target) = VT_BOOL;
        V_BOOL(target) = *value.asBool() ? VARIANT_TRUE : VARIANT_FALSE;
        return true;
    case WmiValue::Kind::Int: {
        const auto &number = *value.asInt();
        if (number.bits >= 64) {
            if (FAILED(putDecimal(target, number.value)))
                return Error{"WMI value", "out of memory", 0};
        } else if (number.bits <= 16) {
            V_VT(target) = VT_I2;
            V_I2(target) = static_cast<SHORT>(number.value);
        } else {
            V_VT(target) = VT_I4;
            V_I4(target) = static_cast<LONG>(number.value);
        }
        return true;
    }
    case WmiValue::Kind::UInt: {
        const auto &number = *value.asUInt();
        if (number.bits >= 64) {
            if (FAILED(putDecimal(target, number.value)))
                return Error{"WMI value", "out of memory", 0};
        } else if (number.bits <= 8) {
            V_VT(target) = VT_UI1;
            V_UI1(target) = static_cast<BYTE>(number.value);
        } else {
            // uint16 and uint32 travel as VT_I4 (the uint32 bit pattern).
            V_VT(target) = VT_I4;
            V_I4(target) = static_cast<LONG>(static_cast<std::uint32_t>(number.value));
        }
        return true;
    }
    case WmiValue::Kind::Real:
        V_VT(target) = VT_R8;
        V_R8(target) = *value.asReal();
        return true;
    case WmiValue::Kind::String: {
        Bstr text(toWide(*value.asString()).c_str());
        if (!text)
            return Error{"WMI value", "out of memory", 0};
        V_VT(target) = VT_BSTR;
        V_BSTR(target) = text.release();
        return true;
    }
    case WmiValue::Kind::Object: {
        auto instance = spawn(services, *value.asObject(), depth + 1);
        if (!instance)
            return instance.error();
        IUnknown *unknown = instance->get();
        unknown->AddRef(); // the VARIANT owns this reference
        V_VT(target) = VT_UNKNOWN;
        V_UNKNOWN(target) = unknown;
        return true;
    }
    case WmiValue::Kind::Array: {
        const std::vector<WmiValue> &items = *value.asArray();
        // MPIO method parameters only carry arrays of embedded objects.
        SafeArray array(SafeArrayCreateVector(VT_UNKNOWN, 0, static_cast<ULONG>(items.size())));
        if (!array.get())
            return Error{"SafeArrayCreateVector", "out of memory", 0};
        for (LONG i = 0; i < static_cast<LONG>(items.size()); ++i) {
            const WmiObject *object = items[static_cast<std::size_t>(i)].asObject();
            if (!object)
                return Error{"WMI value", "only arrays of embedded objects can be sent", 0};
            auto instance = spawn(services, *object, depth + 1);
            if (!instance)
                return instance.error();
            // SafeArrayPutElement takes its own reference for VT_UNKNOWN.
            const HRESULT hr = SafeArrayPutElement(array.get(), &i, instance->get());
            if (FAILED(hr))
                return hresultFailure("SafeArrayPutElement", hr);
        }
        V_VT(target) = VT_ARRAY | VT_UNKNOWN;
        V_ARRAY(target) = array.release();
        return true;
    }
    }
    return Error{"WMI value", "unknown value kind", 0};
}

/// A new instance of the object's class with its properties put.
Result<ComPtr<IWbemClassObject>> spawn(IWbemServices *services, const WmiObject &object, int depth)
{
    if (depth > kMaxDepth)
        return Error{"WMI value", "objects nested too deeply", 0};
    const std::wstring className = toWide(object.className);
    Bstr classBstr(className.c_str());
    ComPtr<IWbemClassObject> definition;
    HRESULT hr = services->GetObject(classBstr.get(), 0, nullptr, definition.put(), nullptr);
    if (FAILED(hr))
        return hresultFailure("IWbemServices::GetObject " + object.className, hr);
    ComPtr<IWbemClassObject> instance;
    hr = definition->SpawnInstance(0, instance.put());
    if (FAILED(hr))
        return hresultFailure("IWbemClassObject::SpawnInstance " + object.className, hr);
    for (const auto &[name, value] : object.properties) {
        Variant variant;
        auto converted = toVariant(services, value, variant.get(), depth);
        if (!converted)
            return converted.error();
        hr = instance->Put(toWide(name).c_str(), 0, variant.get(), 0);
        // A zero for a property this class version does not define (the
        // Reserved fields) changes nothing: leave it out rather than fail.
        if (hr == static_cast<HRESULT>(WBEM_E_NOT_FOUND) && isZero(value))
            continue;
        if (FAILED(hr))
            return hresultFailure("IWbemClassObject::Put " + object.className + '.' + name, hr);
    }
    return instance;
}

} // namespace

Result<WmiValue> fromVariant(const VARIANT &value, int depth)
{
    if (depth > kMaxDepth)
        return Error{"WMI value", "objects nested too deeply", 0};
    const VARTYPE type = V_VT(&value);
    if (type & VT_ARRAY)
        return fromSafeArray(V_ARRAY(&value), static_cast<VARTYPE>(type & ~VT_ARRAY), depth);
    if (type & VT_BYREF)
        return Error{"WMI value", "by-reference VARIANTs are not used by WMI properties", 0};
    // Every scalar member of the VARIANT union starts at the same address.
    return fromElement(type, &V_UI1(&value), depth);
}

Result<WmiObject> fromClassObject(IWbemClassObject *object, int depth)
{
    if (depth > kMaxDepth)
        return Error{"WMI value", "objects nested too deeply", 0};
    WmiObject out;
    out.className = propertyText(object, L"__CLASS");
    HRESULT hr = object->BeginEnumeration(WBEM_FLAG_NONSYSTEM_ONLY);
    if (FAILED(hr))
        return hresultFailure("IWbemClassObject::BeginEnumeration " + out.className, hr);
    while (true) {
        Bstr name;
        Variant value;
        CIMTYPE cimType = 0;
        hr = object->Next(0, name.put(), value.get(), &cimType, nullptr);
        if (hr == WBEM_S_NO_MORE_DATA)
            break;
        if (FAILED(hr)) {
            object->EndEnumeration();
            return hresultFailure("IWbemClassObject::Next " + out.className, hr);
        }
        const std::string propertyName = name ? toUtf8(std::wstring_view(name.get(), SysStringLen(name.get())))
                                              : std::string();
        auto converted = fromVariant(*value.get(), depth);
        if (!converted) {
            object->EndEnumeration();
            Error error = converted.error();
            error.message = out.className + '.' + propertyName + ": " + error.message;
            return error;
        }
        out.set(propertyName, std::move(converted.value()));
    }
    object->EndEnumeration();
    return out;
}

Result<WmiSession> WmiSession::connect(const wchar_t *wmiNamespace)
{
    ComPtr<IWbemLocator> locator;
    HRESULT hr = CoCreateInstance(CLSID_WbemLocator, nullptr, CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                                  locator.putVoid());
    if (FAILED(hr))
        return hresultFailure("CoCreateInstance WbemLocator", hr);
    ComPtr<IWbemServices> services;
    Bstr name(wmiNamespace);
    hr = locator->ConnectServer(name.get(), nullptr, nullptr, nullptr, 0, nullptr, nullptr, services.put());
    if (FAILED(hr))
        return hresultFailure("IWbemLocator::ConnectServer " + toUtf8(wmiNamespace), hr);
    hr = setBlanket(services.get());
    if (FAILED(hr))
        return hresultFailure("CoSetProxyBlanket", hr);
    return WmiSession(std::move(services));
}

Result<std::vector<WmiInstance>> WmiSession::instances(std::string_view className) const
{
    const std::string name(className);
    const std::wstring query = L"SELECT * FROM " + toWide(className);
    Bstr language(L"WQL");
    Bstr text(query.c_str());
    ComPtr<IEnumWbemClassObject> enumerator;
    HRESULT hr = m_services->ExecQuery(language.get(), text.get(),
                                       WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, nullptr,
                                       enumerator.put());
    if (FAILED(hr))
        return hresultFailure("IWbemServices::ExecQuery " + name, hr);
    // The enumerator is a proxy of its own and needs the blanket too; an
    // in-process one has no proxy to set, which is fine.
    hr = setBlanket(enumerator.get());
    if (FAILED(hr) && hr != E_NOINTERFACE)
        return hresultFailure("CoSetProxyBlanket " + name, hr);

    std::vector<WmiInstance> out;
    while (true) {
        ComPtr<IWbemClassObject> object;
        ULONG returned = 0;
        hr = enumerator->Next(kNextTimeoutMs, 1, object.put(), &returned);
        if (hr == WBEM_S_TIMEDOUT)
            return Error{"IEnumWbemClassObject::Next " + name, "WMI did not answer within 30 seconds", 0};
        if (FAILED(hr))
            return hresultFailure("IEnumWbemClassObject::Next " + name, hr);
        if (returned == 0)
            break;
        auto converted = fromClassObject(object.get());
        if (!converted)
            return converted.error();
        out.push_back(WmiInstance{std::move(converted.value()), propertyText(object.get(), L"__PATH")});
    }
    return out;
}

Result<WmiObject> WmiSession::execMethod(std::string_view className, const std::string &objectPath,
                                         std::string_view method,
                                         const std::vector<std::pair<std::string, WmiValue>> &inParameters) const
{
    const std::string what = std::string(className) + '.' + std::string(method);
    Bstr classBstr(toWide(className).c_str());
    ComPtr<IWbemClassObject> definition;
    HRESULT hr = m_services->GetObject(classBstr.get(), 0, nullptr, definition.put(), nullptr);
    if (FAILED(hr))
        return hresultFailure("IWbemServices::GetObject " + std::string(className), hr);
    const std::wstring methodName = toWide(method);
    ComPtr<IWbemClassObject> signature;
    hr = definition->GetMethod(methodName.c_str(), 0, signature.put(), nullptr);
    if (FAILED(hr))
        return hresultFailure("IWbemClassObject::GetMethod " + what, hr);
    ComPtr<IWbemClassObject> in;
    if (signature) {
        hr = signature->SpawnInstance(0, in.put());
        if (FAILED(hr))
            return hresultFailure("IWbemClassObject::SpawnInstance " + what, hr);
        for (const auto &[name, value] : inParameters) {
            Variant variant;
            auto converted = toVariant(m_services.get(), value, variant.get(), 0);
            if (!converted)
                return converted.error();
            hr = in->Put(toWide(name).c_str(), 0, variant.get(), 0);
            if (FAILED(hr))
                return hresultFailure("IWbemClassObject::Put " + what + ' ' + name, hr);
        }
    }
    Bstr path(toWide(objectPath).c_str());
    Bstr methodBstr(methodName.c_str());
    ComPtr<IWbemClassObject> out;
    hr = m_services->ExecMethod(path.get(), methodBstr.get(), 0, nullptr, in.get(), out.put(), nullptr);
    if (FAILED(hr))
        return hresultFailure("IWbemServices::ExecMethod " + what, hr);
    if (!out)
        return WmiObject{};
    return fromClassObject(out.get());
}

} // namespace pathlens::win
