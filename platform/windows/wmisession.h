#pragma once

// A connection to a WMI namespace of the local computer, and the conversion
// between IWbemClassObject/VARIANT and the portable WmiObject/WmiValue.
// Windows only. The calling thread must hold a win::ComScope.

#include "comptr.h"
#include "wmivalue.h"

#include "platform/result.h"

#include <wbemidl.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pathlens::win {

/// One instance as a plain object, and its WMI object path (__PATH) for
/// calling its methods.
struct WmiInstance {
    WmiObject object;
    std::string path;
};

class WmiSession final
{
public:
    /// CoCreateInstance(CLSID_WbemLocator), ConnectServer(@p wmiNamespace),
    /// CoSetProxyBlanket (impersonate: the MPIO providers need the caller's token).
    static Result<WmiSession> connect(const wchar_t *wmiNamespace = L"ROOT\\WMI");

    /// SELECT * FROM @p className. Errors name "IWbemServices::ExecQuery <class>".
    Result<std::vector<WmiInstance>> instances(std::string_view className) const;

    /// Calls @p method on the instance at @p objectPath. The in-parameters are
    /// put into a fresh instance of the method's in-signature; embedded
    /// objects among them are spawned from their classes. Returns the
    /// out-parameters.
    Result<WmiObject> execMethod(std::string_view className, const std::string &objectPath, std::string_view method,
                                 const std::vector<std::pair<std::string, WmiValue>> &inParameters) const;

private:
    explicit WmiSession(ComPtr<IWbemServices> services) : m_services(std::move(services)) {}

    ComPtr<IWbemServices> m_services;
};

/// VARIANT -> WmiValue (integers keep their VARIANT width; arrays and
/// embedded objects recursively, to a bounded depth).
Result<WmiValue> fromVariant(const VARIANT &value, int depth = 0);
/// IWbemClassObject -> WmiObject (non-system properties and __CLASS).
Result<WmiObject> fromClassObject(IWbemClassObject *object, int depth = 0);

} // namespace pathlens::win
