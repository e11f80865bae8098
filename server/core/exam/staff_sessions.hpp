#pragma once
#include "shared/util/clock.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// Signed-in staff: each sign-in opens a session with a token, which a console whose connection
/// dropped presents again (auth.staff_resume) instead of the password. A session ends after
/// `idle` without a request from it, at sign-out, or when its account signs out everywhere.
/// Kept in memory only: after a restart every console asks for the password again, which is
/// the safe side (a session outliving the process would need its secret on disk).
class staff_sessions {
  public:
    staff_sessions(util::clock const& clock, std::chrono::seconds idle);

    struct opened {
        std::string token; // given to the client once
        std::string id;    // what the server keeps and logs: the token's SHA-256
    };
    opened open(std::string const& username);
    /// The session of `token`, renewed, with its account; nothing once it has ended.
    struct resumed {
        std::string id;
        std::string username;
    };
    std::optional<resumed> resume(std::string const& token);
    /// A request on session `id`: false (and the session forgotten) once it has ended.
    bool touch(std::string const& id);
    /// How long session `id` lives without another request; zero once it has ended.
    std::chrono::milliseconds left(std::string const& id);
    void end(std::string const& id);
    /// Ends every session of `username` (sign-out everywhere).
    void end_all(std::string const& username);

    std::chrono::seconds idle() const { return idle_; }

  private:
    struct session {
        std::string username;
        util::millis last_request = 0;
    };
    bool expired(session const& s) const;
    /// Under the lock: the session, or null (and forgotten) if it has expired.
    session* live(std::string const& id);

    util::clock const& clock_;
    std::chrono::seconds idle_;
    std::mutex mutex_;
    std::map<std::string, session> by_id_;
};

} // namespace craftmark::core
