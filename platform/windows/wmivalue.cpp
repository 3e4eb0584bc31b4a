#include "wmivalue.h"

#include <charconv>
#include <limits>

namespace pathlens {

WmiValue WmiValue::boolean(bool value)
{
    return WmiValue(Data(std::in_place_type<bool>, value));
}

WmiValue WmiValue::signedInt(std::int64_t value, int bits)
{
    return WmiValue(Data(Int{value, bits}));
}

WmiValue WmiValue::unsignedInt(std::uint64_t value, int bits)
{
    return WmiValue(Data(UInt{value, bits}));
}

WmiValue WmiValue::real(double value)
{
    return WmiValue(Data(std::in_place_type<double>, value));
}

WmiValue WmiValue::string(std::string value)
{
    return WmiValue(Data(std::move(value)));
}

WmiValue WmiValue::object(WmiObject value)
{
    return WmiValue(Data(std::make_shared<const WmiObject>(std::move(value))));
}

WmiValue WmiValue::array(std::vector<WmiValue> items)
{
    return WmiValue(Data(std::move(items)));
}

const WmiObject *WmiValue::asObject() const
{
    const auto *object = std::get_if<std::shared_ptr<const WmiObject>>(&m_data);
    return object ? object->get() : nullptr;
}

std::optional<std::uint64_t> WmiValue::toUnsigned(int bits) const
{
    const std::uint64_t max = bits >= 64 ? std::numeric_limits<std::uint64_t>::max()
                                         : (std::uint64_t(1) << bits) - 1;
    if (const UInt *u = asUInt()) {
        if (u->value <= max)
            return u->value;
        return std::nullopt;
    }
    if (const Int *i = asInt()) {
        if (i->value >= 0)
            return static_cast<std::uint64_t>(i->value) <= max ? std::optional(static_cast<std::uint64_t>(i->value))
                                                               : std::nullopt;
        // WMI hands uint32 out as VT_I4: a negative value of the same width
        // is the unsigned number's bit pattern.
        if (i->bits == bits && (bits >= 64 || i->value >= -(std::int64_t(1) << (bits - 1))))
            return static_cast<std::uint64_t>(i->value) & max;
        return std::nullopt;
    }
    if (const std::string *s = asString()) {
        // uint64 arrives as decimal digits in a BSTR.
        if (s->empty())
            return std::nullopt;
        std::uint64_t value = 0;
        const char *end = s->data() + s->size();
        auto [ptr, ec] = std::from_chars(s->data(), end, value, 10);
        if (ec != std::errc() || ptr != end || value > max)
            return std::nullopt;
        return value;
    }
    return std::nullopt;
}

std::optional<bool> WmiValue::toBool() const
{
    if (const bool *b = asBool())
        return *b;
    if (const UInt *u = asUInt())
        return u->value != 0;
    if (const Int *i = asInt())
        return i->value != 0;
    return std::nullopt;
}

std::string WmiValue::describe() const
{
    switch (kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return *asBool() ? "a boolean true" : "a boolean false";
    case Kind::Int: return "an integer " + std::to_string(asInt()->value);
    case Kind::UInt: return "an integer " + std::to_string(asUInt()->value);
    case Kind::Real: return "a real number";
    case Kind::String: {
        std::string text = *asString();
        if (text.size() > 40)
            text = text.substr(0, 40) + "...";
        return "a string \"" + text + '"';
    }
    case Kind::Object: return "an object " + (asObject()->className.empty() ? std::string("(no class)") : asObject()->className);
    case Kind::Array: return "an array of " + std::to_string(asArray()->size());
    }
    return "a value";
}

bool operator==(const WmiValue &a, const WmiValue &b)
{
    if (a.kind() != b.kind())
        return false;
    if (a.kind() == WmiValue::Kind::Object)
        return *a.asObject() == *b.asObject();
    return a.m_data == b.m_data;
}

const WmiValue *WmiObject::find(std::string_view name) const
{
    auto it = properties.find(name);
    return it == properties.end() ? nullptr : &it->second;
}

WmiObject &WmiObject::set(std::string name, WmiValue value)
{
    properties.insert_or_assign(std::move(name), std::move(value));
    return *this;
}

// ---------------------------------------------------------------- WmiReader

WmiReader::WmiReader(const WmiObject &object, std::string path)
    : m_object(object), m_path(std::move(path)), m_rootClass(object.className)
{
}

std::string WmiReader::fieldPath(std::string_view name) const
{
    std::string text = m_rootClass.empty() ? std::string("(object)") : m_rootClass;
    text += '.';
    if (!m_path.empty()) {
        text += m_path;
        text += '.';
    }
    text += name;
    return text;
}

Error WmiReader::error(std::string_view name, std::string_view message) const
{
    return Error{"WMI " + (m_rootClass.empty() ? std::string("object") : m_rootClass),
                 fieldPath(name) + ": " + std::string(message), 0};
}

Result<std::uint64_t> WmiReader::unsignedValue(std::string_view name, int bits) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return error(name, "missing");
    if (auto number = value->toUnsigned(bits))
        return *number;
    return error(name, "expected an unsigned " + std::to_string(bits) + "-bit integer, found " + value->describe());
}

Result<std::uint64_t> WmiReader::u64(std::string_view name) const
{
    return unsignedValue(name, 64);
}

Result<std::uint32_t> WmiReader::u32(std::string_view name) const
{
    auto value = unsignedValue(name, 32);
    if (!value)
        return value.error();
    return static_cast<std::uint32_t>(*value);
}

Result<std::uint32_t> WmiReader::u16(std::string_view name) const
{
    auto value = unsignedValue(name, 16);
    if (!value)
        return value.error();
    return static_cast<std::uint32_t>(*value);
}

Result<std::uint32_t> WmiReader::u8(std::string_view name) const
{
    auto value = unsignedValue(name, 8);
    if (!value)
        return value.error();
    return static_cast<std::uint32_t>(*value);
}

Result<std::string> WmiReader::string(std::string_view name) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return error(name, "missing");
    if (const std::string *text = value->asString())
        return *text;
    return error(name, "expected a string, found " + value->describe());
}

Result<bool> WmiReader::flag(std::string_view name) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return error(name, "missing");
    if (auto flag = value->toBool())
        return *flag;
    return error(name, "expected a boolean or an integer, found " + value->describe());
}

Result<std::optional<std::uint64_t>> WmiReader::optionalUnsigned(std::string_view name, int bits) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return std::optional<std::uint64_t>();
    if (auto number = value->toUnsigned(bits))
        return std::optional<std::uint64_t>(*number);
    return error(name, "expected an unsigned " + std::to_string(bits) + "-bit integer, found " + value->describe());
}

Result<std::optional<bool>> WmiReader::optionalFlag(std::string_view name) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return std::optional<bool>();
    if (auto flag = value->toBool())
        return std::optional<bool>(*flag);
    return error(name, "expected a boolean or an integer, found " + value->describe());
}

Result<std::string> WmiReader::optionalString(std::string_view name) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return std::string();
    if (const std::string *text = value->asString())
        return *text;
    return error(name, "expected a string, found " + value->describe());
}

Result<WmiReader> WmiReader::child(std::string_view name) const
{
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return error(name, "missing");
    const WmiObject *object = value->asObject();
    if (!object)
        return error(name, "expected an embedded object, found " + value->describe());
    WmiReader reader(*object, m_path.empty() ? std::string(name) : m_path + '.' + std::string(name));
    reader.m_rootClass = m_rootClass;
    return reader;
}

Result<std::vector<WmiReader>> WmiReader::children(std::string_view name) const
{
    std::vector<WmiReader> readers;
    const WmiValue *value = m_object.find(name);
    if (!value || value->isNull())
        return readers;
    // A single embedded object where an array was declared: read as a list of one.
    if (const WmiObject *object = value->asObject()) {
        WmiReader reader(*object, (m_path.empty() ? std::string(name) : m_path + '.' + std::string(name)) + "[0]");
        reader.m_rootClass = m_rootClass;
        readers.push_back(reader);
        return readers;
    }
    const std::vector<WmiValue> *items = value->asArray();
    if (!items)
        return error(name, "expected an array of embedded objects, found " + value->describe());
    readers.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string itemName = std::string(name) + '[' + std::to_string(i) + ']';
        const WmiObject *object = (*items)[i].asObject();
        if (!object)
            return error(itemName, "expected an embedded object, found " + (*items)[i].describe());
        WmiReader reader(*object, m_path.empty() ? itemName : m_path + '.' + itemName);
        reader.m_rootClass = m_rootClass;
        readers.push_back(reader);
    }
    return readers;
}

} // namespace pathlens
