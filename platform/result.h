#pragma once

#include <string>
#include <utility>
#include <variant>

namespace pathlens {

/// What went wrong in a platform call: the operation or API that failed, the
/// system's own words, and its numeric code where it has one.
struct Error {
    std::string operation; ///< e.g. "SetupDiGetClassDevsW", "GET 1.0/ports", "lab: install driver"
    std::string message;   ///< plain sentence for the user
    long code = 0;         ///< OS / HTTP / internal code, 0 when none

    std::string toString() const
    {
        std::string text = operation.empty() ? message : operation + ": " + message;
        if (code != 0)
            text += " (code " + std::to_string(code) + ")";
        return text;
    }
    friend bool operator==(const Error &, const Error &) = default;
};

/// A value or the error that prevented it. No exceptions cross the platform seam.
template <typename T>
class Result final
{
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Outcome of an operation that changes the system.
struct Change {
    bool rebootRequired = false; ///< the change takes full effect only after a restart
    std::string detail;          ///< what was done, in words, for journals and logs
};

using ChangeResult = Result<Change>;

} // namespace pathlens
