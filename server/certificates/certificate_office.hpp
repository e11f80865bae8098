#pragma once
// The console's results and certificates (core::certificate_changes), carried out on the change
// worker's connection with an issuer of their own, as `craftmark cert` carries them out.
#include "server/core/competition/event_desk.hpp"
#include "server/core/qualification/certificate_desk.hpp"
#include "server/store/change_worker.hpp"

#include <filesystem>

namespace craftmark::certificates {

class certificate_office final : public core::certificate_changes, public core::award_signing {
  public:
    certificate_office(store::change_worker& worker,
                       std::filesystem::path data_dir,
                       util::clock const& clock)
        : worker_(worker), data_dir_(std::move(data_dir)), clock_(clock) {}

    void
    results(std::string sitting_id,
            core::sitting_filter may_act,
            std::function<void(std::string refusal, std::vector<core::result_row>)> done) override;
    void issue(
        std::string sitting_id,
        core::sitting_filter may_act,
        std::string actor,
        std::function<void(std::int64_t done, std::int64_t total)> progress,
        std::function<void(std::string refusal, protocol::certificate_issue_report)> done) override;
    void list(std::string sitting_id,
              core::sitting_filter may_act,
              std::function<void(std::string refusal, protocol::certificate_list)> done) override;
    void set_status(protocol::certificate_status_change change,
                    core::sitting_filter may_act,
                    std::string actor,
                    std::function<void(std::string refusal)> done) override;
    void issue_awards(
        protocol::event_awards const& request,
        std::string const& actor,
        std::function<void(std::string refusal, protocol::certificate_issue_report)> done) override;

  private:
    store::change_worker& worker_;
    std::filesystem::path data_dir_;
    util::clock const& clock_;
};

} // namespace craftmark::certificates
