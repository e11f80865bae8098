#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

class checkpointer;
class statement_cache;

/// The one writer of the database, with group commit: callers queue jobs, the writer thread
/// runs every queued job in one transaction (each inside its own savepoint, so one failing job
/// does not take the others with it), commits with synchronous=FULL, and only then tells each
/// caller whether its job is durable. Throughput comes from many jobs sharing one fsync.
class writer {
  public:
    /// A job runs on the writer thread inside the batch transaction; throwing fails only it.
    using job = std::function<void(SQLite::Database&)>;
    /// Called on the writer thread after the batch committed (true) or failed (false).
    using done = std::function<void(bool durable)>;

    /// For a record that covers a batch as a whole. Both run on the writer thread: `begin`
    /// before the batch's first job, `seal` after its last job and before COMMIT, inside the
    /// transaction (throwing rolls the whole batch back).
    struct seal {
        std::function<void()> begin;
        std::function<void(statement_cache&)> close;
        /// After the COMMIT (true) or the ROLLBACK (false); optional.
        std::function<void(bool committed)> after = {};
    };

    explicit writer(std::filesystem::path const& file, std::size_t max_batch = 512);

    /// How long a busy writer waits for more jobs before it commits the ones it has, like
    /// PostgreSQL's commit_delay: only after a batch of more than one job (others are writing
    /// now), and no longer than until `gather` jobs are queued. Each commit has a fixed cost (an
    /// fdatasync and SQLite's commit) that more jobs then share. Zero turns it off.
    struct lingering {
        std::chrono::microseconds at_most{1000};
        std::size_t gather = 64;
    };
    void linger(lingering l);
    ~writer();

    void submit(job work, done on_done);

    /// Adds a seal to every following batch.
    void add_seal(seal s);

    /// Told on the writer thread after each committed batch: its jobs and how long it took
    /// from BEGIN to the durable COMMIT (for /metrics). Set before the first submit.
    using commit_observer = std::function<void(std::size_t jobs, double seconds)>;
    void observe_commits(commit_observer observer) { observer_ = std::move(observer); }
    /// Jobs waiting for the writer thread.
    std::size_t queue_depth() const;

    /// Runs `work` and waits until it is durable; for start-up and tools, not for sessions.
    bool run_sync(job work);

    /// Finishes every queued job, then stops the thread. Later submits fail at once.
    void stop();

    /// For tests: makes every following commit fail, as a full disk would.
    void fail_commits_for_test(bool fail);

    /// Prepared statements on the writer's connection: for jobs, which run on its thread.
    statement_cache& statements() { return *statements_; }

    std::uint64_t batches() const;
    std::uint64_t jobs() const;

  private:
    struct entry {
        job work;
        done on_done;
    };
    void run();
    void commit_batch(std::deque<entry>& batch, std::vector<seal> const& seals);

    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<statement_cache> statements_;
    std::unique_ptr<checkpointer> checkpointer_;
    std::size_t max_batch_;
    lingering linger_;
    std::size_t last_batch_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<entry> queue_;
    std::vector<seal> seals_;
    commit_observer observer_;
    bool stopping_ = false;
    bool fail_commits_ = false;
    std::uint64_t batches_ = 0;
    std::uint64_t jobs_ = 0;
    std::thread thread_;
};

} // namespace craftmark::store
