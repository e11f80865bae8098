#pragma once
#include "server/core/bank/assessment.hpp"
#include "server/core/exam/ports.hpp"
#include "server/core/marking/marking_scheme.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// Works, marks and marking schemes: the marking room's port, implemented on SQLite by the store.
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

/// The works of a sitting: one per practical task, or per essay on a paper, of every closed
/// attempt, made the first time they are listed. Thread-safe (it keeps no state).
class work_list {
  public:
    work_list(sitting_repository& sittings,
              attempt_repository& attempts,
              marking_repository& marking);

    /// The sitting's works, once those of newly closed attempts exist. Never waits: when it
    /// makes them, `then` runs on the writer's thread once they are durable (with nullopt if
    /// they could not be stored).
    void with_works(std::string const& sitting_id,
                    std::function<void(std::optional<std::vector<work_record>>)> then);
    /// The same, waiting for the write: for the checker's thread only.
    std::vector<work_record> now(std::string const& sitting_id);
    /// The items a theory assessment draws from, by id (none for practical work).
    std::map<std::string, item> items_by_id(assessment const& a);

  private:
    /// The works closed attempts lack.
    std::vector<work_record> missing(std::string const& sitting_id,
                                     std::vector<work_record> const& works);

    sitting_repository& sittings_;
    attempt_repository& attempts_;
    marking_repository& marking_;
};

} // namespace craftmark::core
