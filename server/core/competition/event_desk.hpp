#pragma once
// A competition's steps from the console (administrators of the whole centre, as a competition
// is the centre's): its definition, the draws of numbers and workstations, the public board's
// freeze, and the award certificates of a skill's medallists once its modules are revealed.
#include "server/core/competition/reveal_desk.hpp"
#include "server/core/qualification/certificate_desk.hpp"

#include <atomic>

namespace craftmark::core {

/// Where award certificates are signed (with the centre's keys, off the I/O threads).
class award_signing {
  public:
    virtual ~award_signing() = default;
    virtual void issue_awards(
        protocol::event_awards const& request,
        std::string const& actor,
        std::function<void(std::string refusal, protocol::certificate_issue_report)> done) = 0;
};

class event_desk {
  public:
    void set_changes(competition_changes* changes) { changes_ = changes; }
    void set_signing(award_signing* signing) { signing_ = signing; }
    void draw(session_context const& ctx, protocol::event_draw const& request, reply_fn done);
    void freeze(session_context const& ctx, protocol::event_freeze const& request, reply_fn done);
    void awards(session_context const& ctx, protocol::event_awards const& request, reply_fn done);
    /// event.put: a competition defined from its document.
    void put(session_context const& ctx, protocol::event_put const& request, reply_fn done);

  private:
    std::atomic<competition_changes*> changes_{nullptr};
    std::atomic<award_signing*> signing_{nullptr};
};

} // namespace craftmark::core
