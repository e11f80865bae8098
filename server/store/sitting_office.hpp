#pragma once
// The console's sittings and registrations (core::sitting_changes), carried out on the change
// worker's connection as the CLI carries them out.
#include "server/core/exam/sitting_desk.hpp"
#include "server/store/change_worker.hpp"

namespace craftmark::store {

class sitting_office final : public core::sitting_changes {
  public:
    explicit sitting_office(change_worker& worker) : worker_(worker) {}

    void aside(std::function<void()> work) override { worker_.aside(std::move(work)); }
    void assessments(
        std::function<void(std::string refusal, std::vector<core::assessment>)> done) override;
    void create_sitting(core::sitting_record s,
                        std::string actor,
                        std::function<void(std::string refusal, int figures)> done) override;
    void register_candidates(std::string sitting_id,
                             std::vector<core::candidate_record> people,
                             std::string actor,
                             bool dry_run,
                             core::sitting_filter may_act,
                             std::function<void(std::string refusal,
                                                core::sitting_record,
                                                std::vector<std::string> taken)> done) override;

  private:
    change_worker& worker_;
};

/// The sitting `id`, when it exists and `may_act` on it; otherwise std::invalid_argument saying
/// which.
core::sitting_record
sitting_in_scope(SQLite::Database& db, std::string const& id, core::sitting_filter const& may_act);

} // namespace craftmark::store
