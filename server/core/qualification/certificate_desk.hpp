#pragma once
// After the sitting, from the console (administrators): its results taken away as a sheet, and
// its certificates issued with progress, listed, revoked, suspended and reinstated.
#include "server/core/exam/sitting_desk.hpp"
#include "server/core/qualification/qualification.hpp"
#include "shared/protocol/centre_messages.hpp"
#include "shared/protocol/messages.hpp"

#include <atomic>
#include <functional>

namespace craftmark::core {

/// Where results are read and certificates signed: off the exam's I/O threads, on a database
/// connection of their own. Each refuses a sitting unknown or not `may_act`; `done` runs on any
/// thread with "" or why not.
class certificate_changes {
  public:
    virtual ~certificate_changes() = default;
    virtual void
    results(std::string sitting_id,
            sitting_filter may_act,
            std::function<void(std::string refusal, std::vector<result_row>)> done) = 0;
    /// Signs the passing candidates' certificates, calling `progress` after each.
    virtual void
    issue(std::string sitting_id,
          sitting_filter may_act,
          std::string actor,
          std::function<void(std::int64_t done, std::int64_t total)> progress,
          std::function<void(std::string refusal, protocol::certificate_issue_report)> done) = 0;
    virtual void
    list(std::string sitting_id,
         sitting_filter may_act,
         std::function<void(std::string refusal, protocol::certificate_list)> done) = 0;
    /// The certificate's sitting must be `may_act` too.
    virtual void set_status(protocol::certificate_status_change change,
                            sitting_filter may_act,
                            std::string actor,
                            std::function<void(std::string refusal)> done) = 0;
};

class certificate_desk {
  public:
    void set_changes(certificate_changes* changes) { changes_ = changes; }
    void export_results(session_context const& ctx,
                        protocol::results_export const& request,
                        reply_fn done);
    void
    issue(session_context const& ctx, protocol::certificate_issue const& request, reply_fn done);
    void list(session_context const& ctx, protocol::sitting_ref const& request, reply_fn done);
    void set_status(session_context const& ctx,
                    protocol::certificate_status_change const& request,
                    reply_fn done);

  private:
    std::atomic<certificate_changes*> changes_{nullptr};
};

} // namespace craftmark::core
