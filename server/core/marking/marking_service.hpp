#pragma once
#include "server/core/exam/ports.hpp"
#include "server/core/marking/marking.hpp"
#include "server/core/marking/work_checker.hpp"
#include "server/core/marking/work_list.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/marking_messages.hpp"
#include "shared/protocol/marking_replies.hpp"

namespace craftmark::core {

/// Marking of practical work: the queue of works by code, the marking form, judges' entries,
/// reconciliation and the chief examiner's lock; the automatic checks run by its work_checker
/// when an attempt closes. Thread-safe.
class marking_service {
  public:
    marking_service(sitting_repository& sittings,
                    attempt_repository& attempts,
                    upload_repository& uploads,
                    marking_repository& marking,
                    util::clock const& clock,
                    checker_runner run_checker,
                    std::filesystem::path scratch);

    // marking.* messages (the role was checked by the dispatcher). Works are named by code
    // only: no reply to an examiner names a candidate.
    void queue(session_context const& ctx, protocol::sitting_ref const& request, reply_fn done);
    void work(session_context const& ctx, protocol::work_ref const& request, reply_fn done);
    void enter(session_context const& ctx, protocol::marking_enter const& request, reply_fn done);
    void lock(session_context const& ctx, protocol::work_ref const& request, reply_fn done);
    void file(session_context const& ctx, protocol::marking_file const& request, reply_fn done);

    /// An attempt closed: make its works and run their checks (in the background).
    void attempt_closed(std::int64_t attempt_id, std::string const& sitting_id);

    /// Waits until every queued check has run (tests, shutdown).
    void wait_idle();

    /// The practical result of an attempt once all its works are locked: total per task,
    /// weighted percent and pass; null while any is open.
    nlohmann::json practical_result(std::string const& sitting_id, std::int64_t attempt_id);

    /// A closed attempt's result as marking has left it: the practical result (null while
    /// marking is open), or the paper's with its locked essays.
    nlohmann::json current_result(attempt_record const& attempt, assessment const& a);

  private:
    struct context;
    using then_fn = std::function<void(context const&, reply_fn)>;
    /// Resolves the sitting for staff `ctx` (and, with a `code`, the work and its marking
    /// scheme), then runs `then`; or answers `done` with the refusal.
    void prepare(session_context const& ctx,
                 std::string const& sitting_id,
                 std::string const& code,
                 reply_fn done,
                 then_fn then);
    void list_queue(context const& c, reply_fn done);
    void show_work(context const& c, reply_fn done);
    void enter_mark(context const& c, protocol::marking_enter const& request, reply_fn done);
    void lock_work(context const& c, reply_fn done);
    void send_file(context const& c, std::string const& name, std::int64_t offset, reply_fn done);
    task_marks marks_of(std::int64_t work_id);
    /// Whether `user` marked an earlier round of `w` (a second marking is by other examiners).
    bool marked_before(work_record const& w,
                       std::vector<work_record> const& works,
                       std::string const& user);

    sitting_repository& sittings_;
    attempt_repository& attempts_;
    upload_repository& uploads_;
    marking_repository& marking_;
    util::clock const& clock_;
    work_list works_;
    work_checker checker_; // last: its thread stops first
};

} // namespace craftmark::core
