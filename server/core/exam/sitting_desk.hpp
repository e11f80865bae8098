#pragma once
// The sittings an administrator makes from the console: the assessments to choose from, a
// sitting scheduled in a room, and its candidates registered from the clerk's roster file with
// a report per row before anyone is registered.
#include "server/core/aside_work.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/centre_messages.hpp"
#include "shared/protocol/messages.hpp"

#include <atomic>
#include <functional>
#include <vector>

namespace craftmark::core {

/// Whether the account asking may act on a sitting (its scopes name it).
using sitting_filter = std::function<bool(sitting_record const&)>;
/// The sittings staff `ctx` may act on: those its scopes name.
sitting_filter scope_of(session_context const& ctx);

/// Where sittings and registrations are stored: off the exam's I/O threads, each in a
/// transaction of its own with its audit entry. `done` runs on any thread, with "" or why not.
class sitting_changes : public aside_work {
  public:
    virtual ~sitting_changes() = default;
    virtual void
    assessments(std::function<void(std::string refusal, std::vector<assessment>)> done) = 0;
    /// Stores `s` (refused when its id is taken or its assessment unknown); `done` also gets
    /// how many figures its banks show.
    virtual void create_sitting(sitting_record s,
                                std::string actor,
                                std::function<void(std::string refusal, int figures)> done) = 0;
    /// The sitting (refused when unknown or not `may_act`) and which of `people`'s tickets are
    /// registered already; registers `people` only when not `dry_run` and none is.
    virtual void register_candidates(
        std::string sitting_id,
        std::vector<candidate_record> people,
        std::string actor,
        bool dry_run,
        sitting_filter may_act,
        std::function<void(std::string refusal, sitting_record, std::vector<std::string> taken)>
            done) = 0;
};

class sitting_desk {
  public:
    void set_changes(sitting_changes* changes) { changes_ = changes; }
    void assessments(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    void create(session_context const& ctx, protocol::sitting_create const& request, reply_fn done);
    void register_roster(session_context const& ctx,
                         protocol::roster_import const& request,
                         reply_fn done);

  private:
    std::atomic<sitting_changes*> changes_{nullptr};
};

} // namespace craftmark::core
