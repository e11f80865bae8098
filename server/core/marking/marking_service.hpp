#pragma once
#include "server/core/marking/marking.hpp"
#include "server/core/marking/work_check.hpp"
#include "server/core/outcome.hpp"
#include "server/core/repositories.hpp"
#include "shared/protocol/marking_messages.hpp"

#include <condition_variable>
#include <deque>
#include <thread>

namespace craftmark::core {

class marking_repository {
  public:
    virtual ~marking_repository() = default;
    virtual std::optional<marking_scheme> find_scheme(std::string const& id) = 0;
    virtual std::vector<work_record> works(std::string const& sitting_id) = 0;
    /// Stores works that do not exist yet (same attempt and task: kept as they are).
    virtual void add_works(std::vector<work_record> const& works, write_done done) = 0;
    virtual std::vector<mark_record> marks(std::int64_t work_id) = 0;
    virtual void put_mark(mark_record const& m, audit_event e, write_done done) = 0;
    virtual void
    set_checker(std::int64_t work_id, nlohmann::json const& outcome, write_done done) = 0;
    virtual void lock_work(work_record const& w, audit_event e, write_done done) = 0;
};

/// A random code for a work, which is all examiners know it by.
std::string new_work_code();

/// Waits for an asynchronous durable write; true when it was stored. Only for threads that are
/// not serving sessions (the checker's own, the CLI).
bool wait_for_write(std::function<void(write_done)> const& write);

/// Marking of practical work: the queue of works by code, the marking form, judges' entries,
/// reconciliation and the chief examiner's lock; and the automatic checks, run on a thread of
/// their own when an attempt closes. Thread-safe.
class marking_service {
  public:
    marking_service(sitting_repository& sittings,
                    attempt_repository& attempts,
                    upload_repository& uploads,
                    marking_repository& marking,
                    util::clock const& clock,
                    checker_runner run_checker,
                    std::filesystem::path scratch);
    ~marking_service();

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
    /// The sitting's works, once those of newly closed attempts exist. Never waits: making
    /// them, `then` runs on the writer's thread once they are durable (null if they could not
    /// be stored).
    void with_works(std::string const& sitting_id,
                    std::function<void(std::optional<std::vector<work_record>>)> then);
    /// The works closed attempts lack: a work per practical task, or per essay on the paper.
    std::vector<work_record> missing_works(std::string const& sitting_id,
                                           std::vector<work_record> const& works);
    /// The same, waiting for the write: the checker's thread only.
    std::vector<work_record> works_now(std::string const& sitting_id);
    void list_queue(context const& c, reply_fn done);
    void show_work(context const& c, reply_fn done);
    void enter_mark(context const& c, protocol::marking_enter const& request, reply_fn done);
    void lock_work(context const& c, reply_fn done);
    void send_file(context const& c, std::string const& name, std::int64_t offset, reply_fn done);
    /// The items a theory assessment draws from, by id (none for practical work).
    std::map<std::string, item> items_by_id(assessment const& a);
    task_marks marks_of(std::int64_t work_id);
    /// Whether `user` marked an earlier round of `w` (a second marking is by other examiners).
    bool marked_before(work_record const& w,
                       std::vector<work_record> const& works,
                       std::string const& user);
    void run_checks();
    void check_attempt(std::int64_t attempt_id, std::string const& sitting_id);

    sitting_repository& sittings_;
    attempt_repository& attempts_;
    upload_repository& uploads_;
    marking_repository& marking_;
    util::clock const& clock_;
    checker_runner run_checker_;
    std::filesystem::path scratch_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::int64_t, std::string>> pending_checks_;
    bool checking_ = false;
    bool stopping_ = false;
    std::thread checker_thread_;
};

} // namespace craftmark::core
