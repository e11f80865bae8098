#pragma once
// The centre's own records from the console: its staff accounts and scopes (staff.list,
// staff.put) and the verdict on its audit log (audit.verify). Only an administrator of the whole
// centre (scope *) sees them: an account scoped to a venue could otherwise grant itself more.
#include "server/core/exam/ports.hpp"
#include "server/core/exam/staff_sessions.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/centre_messages.hpp"
#include "shared/protocol/messages.hpp"

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace craftmark::core {

/// Where the accounts and the audit log are read and written: off the I/O threads (a password
/// is hashed with scrypt, the whole log is walked). `done` runs on any thread, with "" or why not.
class centre_records {
  public:
    virtual ~centre_records() = default;
    virtual void
    staff(std::function<void(std::string refusal, std::vector<staff_record>)> done) = 0;
    /// Creates or changes `account`; without a password an existing account keeps its own.
    virtual void put_staff(staff_record account,
                           std::optional<std::string> password,
                           std::string actor,
                           std::function<void(std::string refusal)> done) = 0;
    virtual void
    verify_audit(std::function<void(std::string refusal, protocol::audit_verdict)> done) = 0;
};

class centre_desk {
  public:
    centre_desk(staff_sessions& sessions, notifier& notify)
        : sessions_(sessions), notify_(notify) {}
    void set_records(centre_records* records) { records_ = records; }
    void list_staff(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void put_staff(session_context const& ctx, protocol::staff_put const& request, reply_fn done);
    void verify_audit(session_context const& ctx, protocol::no_fields const&, reply_fn done);

  private:
    /// The records, when `ctx` may see them; otherwise `done` has the refusal and it is null.
    centre_records* records_for(session_context const& ctx, reply_fn& done) const;

    staff_sessions& sessions_;
    notifier& notify_;
    std::atomic<centre_records*> records_{nullptr};
};

} // namespace craftmark::core
