#include "server/core/marking/work_checker.hpp"

namespace craftmark::core {

using nlohmann::json;

work_checker::work_checker(sitting_repository& sittings,
                           upload_repository& uploads,
                           marking_repository& marking,
                           work_list& works,
                           util::clock const& clock,
                           checker_runner run_checker,
                           std::filesystem::path scratch)
    : sittings_(sittings), uploads_(uploads), marking_(marking), works_(works), clock_(clock),
      run_checker_(std::move(run_checker)), scratch_(std::move(scratch)),
      thread_([this] { run_checks(); }) {}

work_checker::~work_checker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void work_checker::attempt_closed(std::int64_t attempt_id, std::string const& sitting_id) {
    {
        std::lock_guard lock(mutex_);
        pending_checks_.emplace_back(attempt_id, sitting_id);
    }
    wake_.notify_all();
}

void work_checker::wait_idle() {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return pending_checks_.empty() && !checking_; });
}

void work_checker::run_checks() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !pending_checks_.empty(); });
        if (stopping_) return;
        auto [attempt_id, sitting_id] = pending_checks_.front();
        pending_checks_.pop_front();
        checking_ = true;
        lock.unlock();
        try {
            check_attempt(attempt_id, sitting_id);
        } catch (std::exception const&) {
            // A check that cannot run leaves its aspects to the examiners; nothing is scored.
        }
        lock.lock();
        checking_ = false;
        wake_.notify_all();
    }
}

void work_checker::check_attempt(std::int64_t attempt_id, std::string const& sitting_id) {
    auto a = sittings_.find_assessment(sittings_.find_sitting(sitting_id)->assessment_id);
    for (auto const& w : works_.now(sitting_id)) {
        if (w.attempt_id != attempt_id || w.state != "open") continue;
        auto const* task = a->find_task(w.task);
        if (!task || task->checker_command.empty()) continue;
        std::vector<work_file> files;
        for (auto const& u : uploads_.uploads(attempt_id))
            if (u.complete && u.task == w.task) files.push_back({uploads_.upload_path(u), u.name});
        auto checked = check_work(*task, marking_.find_scheme(task->marking_scheme), files,
                                  run_checker_, scratch_ / w.code);
        auto const& record = checked.record;
        for (auto const& [aspect, entry] : checked.measured) {
            mark_record m{w.id, aspect, "checker", entry, "", clock_.now()};
            audit_event e{
                "checker", "marking.check", w.code, {{"aspect", aspect}, {"entry", entry}}};
            wait_for_write([&](write_done done) { marking_.put_mark(m, e, std::move(done)); });
        }
        wait_for_write(
            [&](write_done done) { marking_.set_checker(w.id, record, std::move(done)); });
    }
}

} // namespace craftmark::core
