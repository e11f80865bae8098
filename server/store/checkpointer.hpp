#pragma once
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;
namespace SQLite {
class Database;
}

namespace craftmark::store {

/// Copies the writer's WAL back into the database on a thread and connection of its own.
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 pages, and every
/// save queued behind that commit waited for it: about 4 MB written and an fsync of the
/// database, several times a second at 8,000 saves a second. A PASSIVE checkpoint here never
/// blocks the writer, which goes on appending to the WAL meanwhile; SQLite starts the WAL
/// from the beginning again once a checkpoint has caught up with it.
class checkpointer {
  public:
    /// Takes over `writer`'s checkpoints (its WAL hook): from now on a checkpoint is asked for
    /// once the WAL holds `pages`, and run inline, as before, if it ever holds `pages` × 16
    /// (this thread cannot keep up; the WAL must not grow without end).
    checkpointer(std::filesystem::path const& file, SQLite::Database& writer, int pages = 1000);
    ~checkpointer();

    /// Checkpoints this thread has run that copied pages back into the database.
    std::uint64_t passes() const;

  private:
    static int on_commit(void* self, sqlite3* db, char const* name, int pages);
    void run();

    std::unique_ptr<SQLite::Database> db_;
    int pages_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool stopping_ = false;
    std::uint64_t passes_ = 0;
    std::thread thread_;
};

} // namespace craftmark::store
