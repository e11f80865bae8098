#include "server/store/competition_worker.hpp"

#include "server/store/competitions.hpp"
#include "server/store/database.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::store {

competition_worker::competition_worker(std::filesystem::path db_file, util::clock const& clock)
    : db_file_(std::move(db_file)), clock_(clock), thread_([this] { run(); }) {}

competition_worker::~competition_worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

void competition_worker::reveal(protocol::event_reveal const& request,
                                std::string const& chief,
                                std::function<void(std::string refusal)> done) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back([this, request, chief, done = std::move(done)] {
            // The store's refusals are sentences for the person (std::invalid_argument); a
            // database failure is one too, said as such.
            try {
                auto& db = database();
                auto event = load_event(db, request.event);
                reveal_module(db, event, request.skill, request.module, chief, request.password,
                              clock_.now());
                done("");
            } catch (std::invalid_argument const& e) {
                done(e.what());
            } catch (std::exception const& e) {
                done(std::string("the reveal could not be stored: ") + e.what());
            }
        });
    }
    ready_.notify_one();
}

// Opened on first use: most servers never reveal anything.
SQLite::Database& competition_worker::database() {
    if (!db_) db_ = open_database(db_file_);
    return *db_;
}

void competition_worker::run() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return; // stopping, and nothing left to do
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

} // namespace craftmark::store
