#include "server/store/writer.hpp"

#include "server/store/checkpointer.hpp"
#include "server/store/database.hpp"
#include "server/store/statement_cache.hpp"

#include <SQLiteCpp/Database.h>
#include <chrono>
#include <future>
#include <stdexcept>

namespace craftmark::store {
namespace {

std::unique_ptr<SQLite::Database> open_for_writing(std::filesystem::path const& file) {
    auto db = open_database(file);
    // Every save looks up its attempt (the foreign key) and the answers index; with SQLite's
    // default 2 MiB of page cache those pages were read back from the file for each batch (a
    // tenth of the server's CPU under load). Pages are cached as they are used, so an idle or
    // small exam costs nothing more.
    db->exec("PRAGMA cache_size = -65536"); // KiB
    return db;
}

} // namespace

writer::writer(std::filesystem::path const& file, std::size_t max_batch)
    : db_(open_for_writing(file)), statements_(std::make_unique<statement_cache>(*db_)),
      checkpointer_(std::make_unique<checkpointer>(file, *db_)), max_batch_(max_batch),
      thread_([this] { run(); }) {}

void writer::linger(lingering l) {
    std::lock_guard lock(mutex_);
    linger_ = l;
}

writer::~writer() {
    stop();
}

void writer::submit(job work, done on_done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back({std::move(work), std::move(on_done)});
            // A lingering writer needs waking only when its batch is gathered.
            if (queue_.size() == 1 || queue_.size() == linger_.gather) wake_.notify_one();
            return;
        }
    }
    on_done(false);
}

void writer::add_seal(seal s) {
    std::lock_guard lock(mutex_);
    seals_.push_back(std::move(s));
}

bool writer::run_sync(job work) {
    std::promise<bool> result;
    auto future = result.get_future();
    submit(std::move(work), [&result](bool ok) { result.set_value(ok); });
    return future.get();
}

void writer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) return;
        stopping_ = true;
        wake_.notify_one();
    }
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void writer::fail_commits_for_test(bool fail) {
    std::lock_guard lock(mutex_);
    fail_commits_ = fail;
}

std::size_t writer::queue_depth() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::uint64_t writer::batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
}

std::uint64_t writer::jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
}

void writer::run() {
    for (;;) {
        std::deque<entry> batch;
        std::vector<seal> seals;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return; // stopping and drained
            if (last_batch_ > 1 && queue_.size() < linger_.gather)
                wake_.wait_for(lock, linger_.at_most,
                               [this] { return stopping_ || queue_.size() >= linger_.gather; });
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            seals = seals_;
            last_batch_ = batch.size();
        }
        commit_batch(batch, seals);
    }
}

void writer::commit_batch(std::deque<entry>& batch, std::vector<seal> const& seals) {
    std::vector<bool> ok(batch.size(), false);
    bool committed = false;
    // Thousands of batches a second run these: prepared once (the same for the jobs' SQL).
    auto run = [this](char const* sql) { (*statements_)(sql)->exec(); };
    auto started = std::chrono::steady_clock::now();
    for (auto const& s : seals) s.begin();
    try {
        run("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            run("SAVEPOINT job");
            try {
                batch[i].work(*db_);
                run("RELEASE job");
                ok[i] = true;
            } catch (std::exception const&) {
                run("ROLLBACK TO job");
                run("RELEASE job");
            }
        }
        for (auto const& s : seals) s.close(*statements_);
        bool inject_failure;
        {
            std::lock_guard lock(mutex_);
            inject_failure = fail_commits_;
        }
        if (inject_failure) throw std::runtime_error("injected commit failure");
        run("COMMIT");
        committed = true;
        if (observer_)
            observer_(
                batch.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (std::exception const&) {
        try {
            run("ROLLBACK");
        } catch (std::exception const&) {
            // no transaction left to roll back: nothing was written
        }
    }
    {
        std::lock_guard lock(mutex_);
        ++batches_;
        jobs_ += batch.size();
    }
    for (auto const& s : seals)
        if (s.after) s.after(committed);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].on_done(committed && ok[i]);
}

} // namespace craftmark::store
