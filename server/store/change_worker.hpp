#pragma once
// Changes made from the console (a bank imported, a module revealed), carried out as the CLI
// carries them out: on a connection of their own, in a transaction of their own beside the
// writer's group commits. They run one at a time on this worker's thread, so that no I/O thread
// waits on a password hash or a commit, and the exam's saves keep the writer to themselves.
#include "server/core/bank/bank_desk.hpp"
#include "server/core/competition/reveal_desk.hpp"
#include "shared/util/clock.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace SQLite {
class Database;
}

namespace craftmark::store {

class change_worker final : public core::competition_changes, public core::bank_changes {
  public:
    change_worker(std::filesystem::path db_file, util::clock const& clock);
    /// Finishes the changes already asked for.
    ~change_worker() override;

    void reveal(protocol::event_reveal const& request,
                std::string const& chief,
                std::function<void(std::string refusal)> done) override;
    void draw(protocol::event_draw const& request,
              std::string const& actor,
              std::function<void(std::string refusal)> done) override;
    void put_event(nlohmann::json document,
                   std::string const& actor,
                   std::function<void(std::string refusal, protocol::event_defined)> done) override;
    void freeze(protocol::event_freeze const& request,
                std::string const& actor,
                std::function<void(std::string refusal)> done) override;
    void import_bank(core::bank b,
                     std::vector<core::item_figure> figures,
                     std::string actor,
                     std::function<void(std::string refusal)> done) override;
    void aside(std::function<void()> work) override;
    void banks(std::function<void(std::string refusal, std::vector<core::bank>)> done) override;
    void put_assessment(core::assessment a,
                        std::string actor,
                        std::function<void(std::string refusal)> done) override;

    /// Runs `change` on the worker's thread; its std::invalid_argument is a refusal for the
    /// person, any other failure is said as one. How the other rooms' changes get here.
    void submit(std::function<void(SQLite::Database&)> change,
                std::function<void(std::string refusal)> done);

  private:
    void run();
    SQLite::Database& database(); // on the worker's thread only

    std::filesystem::path db_file_;
    util::clock const& clock_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::unique_ptr<SQLite::Database> db_;
    bool stopping_ = false;
    std::thread thread_; // last: starts once the rest is built
};

} // namespace craftmark::store
