#include "server/store/change_worker.hpp"

#include "server/store/admin.hpp"
#include "server/store/competitions.hpp"
#include "server/store/database.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::store {

change_worker::change_worker(std::filesystem::path db_file, util::clock const& clock)
    : db_file_(std::move(db_file)), clock_(clock), thread_([this] { run(); }) {}

change_worker::~change_worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

void change_worker::submit(std::function<void(SQLite::Database&)> change,
                           std::function<void(std::string refusal)> done) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back([this, change = std::move(change), done = std::move(done)] {
            try {
                change(database());
                done("");
            } catch (std::invalid_argument const& e) {
                done(e.what());
            } catch (std::exception const& e) {
                done(std::string("the change could not be stored: ") + e.what());
            }
        });
    }
    ready_.notify_one();
}

void change_worker::reveal(protocol::event_reveal const& request,
                           std::string const& chief,
                           std::function<void(std::string refusal)> done) {
    submit(
        [this, request, chief](SQLite::Database& db) {
            reveal_module(db, load_event(db, request.event), request.skill, request.module, chief,
                          request.password, clock_.now());
        },
        std::move(done));
}

void change_worker::import_bank(core::bank b,
                                std::vector<core::item_figure> figures,
                                std::string actor,
                                std::function<void(std::string refusal)> done) {
    submit([b = std::move(b), figures = std::move(figures), actor = std::move(actor)](
               SQLite::Database& db) { store::import_bank(db, b, actor, figures); },
           std::move(done));
}

// Opened on first use: most servers never make such a change.
SQLite::Database& change_worker::database() {
    if (!db_) db_ = open_database(db_file_);
    return *db_;
}

void change_worker::run() {
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
