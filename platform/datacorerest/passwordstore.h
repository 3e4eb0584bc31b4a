#pragma once

// Where the DataCore REST password is kept between sessions: the operating
// system's keychain (Secret Service / GNOME Keyring / KWallet on Linux,
// Credential Manager on Windows, Keychain on macOS) through QtKeychain. Never
// the settings file, never a log: a keychain that cannot be reached is an
// error, not a reason to fall back to plain text.

#include "platform/result.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace pathlens {

/// The keychain service name PathLens stores its REST passwords under.
inline constexpr char kRestKeychainService[] = "PathLens DataCore REST";

/// The keychain key for a user on a REST host: "user@host" (host as typed,
/// lower case, see RestEndpoint::key).
std::string restPasswordKey(const std::string &user, const std::string &hostKey);

class PasswordStore
{
public:
    virtual ~PasswordStore() = default;

    /// The stored password, nullopt when there is none; an Error when the
    /// store itself failed (no keychain, access refused).
    virtual Result<std::optional<std::string>> read(const std::string &key) = 0;
    /// Stores or replaces the password; nullopt on success.
    virtual std::optional<Error> write(const std::string &key, const std::string &password) = 0;
    /// Removes the password; removing one that is not there succeeds.
    virtual std::optional<Error> remove(const std::string &key) = 0;
};

/// The OS keychain, service kRestKeychainService.
///
/// Threads: QtKeychain runs its jobs one after another on the thread that
/// started the first one, so every job is run on the application's main
/// thread. Called there, a call waits in a local event loop; called from
/// another thread, it hands the job to the main thread and blocks until it is
/// done, which needs the main thread's event loop to be running.
class KeychainPasswordStore final : public PasswordStore
{
public:
    Result<std::optional<std::string>> read(const std::string &key) override;
    std::optional<Error> write(const std::string &key, const std::string &password) override;
    std::optional<Error> remove(const std::string &key) override;
};

/// In memory only (tests). Safe to share between threads.
class MemoryPasswordStore final : public PasswordStore
{
public:
    Result<std::optional<std::string>> read(const std::string &key) override;
    std::optional<Error> write(const std::string &key, const std::string &password) override;
    std::optional<Error> remove(const std::string &key) override;

private:
    std::mutex m_mutex;
    std::map<std::string, std::string> m_passwords;
};

} // namespace pathlens
