#include "server/store/checkpointer.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

namespace craftmark::store {

checkpointer::checkpointer(std::filesystem::path const& file, SQLite::Database& writer, int pages)
    : db_(std::make_unique<SQLite::Database>(file.string(), SQLite::OPEN_READWRITE)), pages_(pages),
      thread_([this] { run(); }) {
    db_->setBusyTimeout(10'000);
    // A connection opens the WAL when it first reads. Until then a checkpoint on it finds no
    // WAL, copies nothing and reports success, and the writer's WAL grew to the inline mark.
    db_->exec("SELECT count(*) FROM sqlite_schema");
    // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
    sqlite3_wal_hook(writer.getHandle(), &checkpointer::on_commit, this);
}

checkpointer::~checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_one();
    }
    thread_.join();
}

// On the writer's thread, after each commit, with the pages the WAL now holds.
int checkpointer::on_commit(void* self, sqlite3* db, char const* name, int pages) {
    auto& c = *static_cast<checkpointer*>(self);
    if (pages >= c.pages_ * 16)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    else if (pages >= c.pages_) {
        std::lock_guard lock(c.mutex_);
        c.wanted_ = true;
        c.wake_.notify_one();
    }
    return SQLITE_OK;
}

std::uint64_t checkpointer::passes() const {
    std::lock_guard lock(mutex_);
    return passes_;
}

void checkpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || wanted_; });
        if (stopping_) return;
        wanted_ = false;
        lock.unlock();
        // Busy or failed: the next commit over the mark asks again.
        int in_wal = 0, copied = 0;
        sqlite3_wal_checkpoint_v2(db_->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_wal,
                                  &copied);
        lock.lock();
        if (copied > 0) ++passes_;
    }
}

} // namespace craftmark::store
