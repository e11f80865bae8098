#pragma once
#include "server/core/marking/work_check.hpp"
#include "server/core/marking/work_list.hpp"
#include "shared/util/clock.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

namespace craftmark::core {

/// Runs the automatic checks of practical work on a thread of its own: a checker may run for
/// seconds, and nothing a session waits for should wait for it. Its results are entered as the
/// checker's marks, like an examiner's.
class work_checker {
  public:
    work_checker(sitting_repository& sittings,
                 upload_repository& uploads,
                 marking_repository& marking,
                 work_list& works,
                 util::clock const& clock,
                 checker_runner run_checker,
                 std::filesystem::path scratch);
    /// Lets a running check finish; its marks still reach the writer.
    ~work_checker();

    /// An attempt closed: make its works and check them (in the background).
    void attempt_closed(std::int64_t attempt_id, std::string const& sitting_id);
    /// Waits until every queued check has run (tests, shutdown).
    void wait_idle();

  private:
    void run_checks();
    void check_attempt(std::int64_t attempt_id, std::string const& sitting_id);

    sitting_repository& sittings_;
    upload_repository& uploads_;
    marking_repository& marking_;
    work_list& works_;
    util::clock const& clock_;
    checker_runner run_checker_;
    std::filesystem::path scratch_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<std::int64_t, std::string>> pending_checks_;
    bool checking_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace craftmark::core
