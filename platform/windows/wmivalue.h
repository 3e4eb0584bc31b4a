#pragma once

// A WMI object as plain data: the property bag IWbemClassObject hands out,
// with values mirroring the VARIANT kinds WMI uses. The Windows side converts
// VARIANTs into this (and back, for method parameters); everything that
// interprets MPIO classes works on it, so it is tested without Windows.
//
// How WMI delivers CIM types (and so what the decoders must accept):
// uint8 as VT_UI1, uint16/uint32/sint32 as VT_I4 (a uint32 above 2^31 arrives
// negative), uint64/sint64 as VT_BSTR holding decimal digits, boolean as
// VT_BOOL, embedded objects as VT_UNKNOWN, arrays as SAFEARRAYs.

#include "platform/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pathlens {

struct WmiObject;

class WmiValue final
{
public:
    enum class Kind { Null, Bool, Int, UInt, Real, String, Object, Array };

    /// A signed integer and the width of the VARIANT it came in (8, 16, 32, 64).
    struct Int {
        std::int64_t value = 0;
        int bits = 32;
        friend bool operator==(const Int &, const Int &) = default;
    };
    /// An unsigned integer and the width of the VARIANT it came in.
    struct UInt {
        std::uint64_t value = 0;
        int bits = 32;
        friend bool operator==(const UInt &, const UInt &) = default;
    };

    WmiValue() = default;

    static WmiValue null() { return {}; }
    static WmiValue boolean(bool value);
    static WmiValue signedInt(std::int64_t value, int bits = 32);
    static WmiValue unsignedInt(std::uint64_t value, int bits = 32);
    static WmiValue real(double value);
    static WmiValue string(std::string value);
    static WmiValue object(WmiObject value);
    static WmiValue array(std::vector<WmiValue> items);

    Kind kind() const { return static_cast<Kind>(m_data.index()); }
    bool isNull() const { return kind() == Kind::Null; }

    /// Null for other kinds.
    const bool *asBool() const { return std::get_if<bool>(&m_data); }
    const Int *asInt() const { return std::get_if<Int>(&m_data); }
    const UInt *asUInt() const { return std::get_if<UInt>(&m_data); }
    const double *asReal() const { return std::get_if<double>(&m_data); }
    const std::string *asString() const { return std::get_if<std::string>(&m_data); }
    const WmiObject *asObject() const;
    const std::vector<WmiValue> *asArray() const { return std::get_if<std::vector<WmiValue>>(&m_data); }

    /// The value as an unsigned number of at most @p bits bits, the ways WMI
    /// delivers one: an unsigned VARIANT, a signed VARIANT whose bit pattern is
    /// the number (VT_I4 for uint32), or decimal digits in a string (uint64).
    /// Empty when it is none of those or does not fit.
    std::optional<std::uint64_t> toUnsigned(int bits) const;
    /// A boolean: VT_BOOL, or an integer where non-zero is true (MPIO flags are uint32).
    std::optional<bool> toBool() const;

    /// "a string \"abc\"", "an integer 5", "an object MPIO_DSM_Path_V2" for messages.
    std::string describe() const;

    friend bool operator==(const WmiValue &, const WmiValue &);

private:
    // Alternatives in Kind order, so index() is the kind. Objects sit behind a
    // pointer because WmiObject holds WmiValues.
    using Data = std::variant<std::monostate, bool, Int, UInt, double, std::string,
                              std::shared_ptr<const WmiObject>, std::vector<WmiValue>>;
    explicit WmiValue(Data data) : m_data(std::move(data)) {}

    Data m_data;
};

/// One WMI object: its class and its non-system properties by name.
struct WmiObject {
    std::string className;
    std::map<std::string, WmiValue, std::less<>> properties;

    /// The property, or nullptr when the object has none of that name.
    const WmiValue *find(std::string_view name) const;
    WmiObject &set(std::string name, WmiValue value);

    friend bool operator==(const WmiObject &, const WmiObject &) = default;
};

/// Typed reads of one object's properties. Every failure names the class, the
/// property path ("PdoInformation[2].PathIdentifier") and what was found, so a
/// message points at the exact field.
class WmiReader final
{
public:
    WmiReader(const WmiObject &object, std::string path = {});

    const WmiObject &object() const { return m_object; }
    const std::string &path() const { return m_path; }

    /// Required values: an Error when missing, null or of the wrong kind.
    Result<std::uint64_t> u64(std::string_view name) const;
    Result<std::uint32_t> u32(std::string_view name) const;
    Result<std::uint32_t> u16(std::string_view name) const;
    Result<std::uint32_t> u8(std::string_view name) const;
    Result<std::string> string(std::string_view name) const;
    Result<bool> flag(std::string_view name) const;

    /// Optional values: empty when missing or null, an Error only for a wrong kind.
    Result<std::optional<std::uint64_t>> optionalUnsigned(std::string_view name, int bits) const;
    Result<std::optional<bool>> optionalFlag(std::string_view name) const;
    /// Missing or null gives "".
    Result<std::string> optionalString(std::string_view name) const;

    /// An embedded object (required).
    Result<WmiReader> child(std::string_view name) const;
    /// An array of embedded objects; missing or null gives an empty list.
    Result<std::vector<WmiReader>> children(std::string_view name) const;

    /// An Error about @p name of this object: "<Class>.<path>.<name>: <message>".
    Error error(std::string_view name, std::string_view message) const;

private:
    std::string fieldPath(std::string_view name) const;
    Result<std::uint64_t> unsignedValue(std::string_view name, int bits) const;

    const WmiObject &m_object;
    std::string m_path; ///< where this object sits in the top-level one, "" for the top
    std::string m_rootClass;
};

} // namespace pathlens
