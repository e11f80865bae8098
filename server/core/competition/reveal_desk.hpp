#pragma once
// event.reveal: the chief judge releases a locked module's results to the board from the console,
// confirming with their password as `craftmark event reveal` asks for it.
#include "server/core/outcome.hpp"
#include "shared/protocol/competition_messages.hpp"

#include <atomic>
#include <functional>

namespace craftmark::core {

/// Where a reveal is carried out: the competition's records, off the exam's I/O threads.
class competition_changes {
  public:
    virtual ~competition_changes() = default;
    /// Reveals `module` of `skill` as `chief` after checking their password and the rules of
    /// module_reveal_refusal; `done` gets "" or the refusal, from any thread.
    virtual void reveal(protocol::event_reveal const& request,
                        std::string const& chief,
                        std::function<void(std::string refusal)> done) = 0;
    /// Draws by the store's secure random source, audited under `actor`.
    virtual void draw(protocol::event_draw const& request,
                      std::string const& actor,
                      std::function<void(std::string refusal)> done) = 0;
    /// Stores the competition `document` defines, as store::add_event checks it (every module's
    /// sitting exists, every competitor has a national ID; no draw yet when it replaces one).
    virtual void
    put_event(nlohmann::json document,
              std::string const& actor,
              std::function<void(std::string refusal, protocol::event_defined)> done) = 0;
    /// Freezes the public board as it stands now, or unfreezes it.
    virtual void freeze(protocol::event_freeze const& request,
                        std::string const& actor,
                        std::function<void(std::string refusal)> done) = 0;
};

class reveal_desk {
  public:
    void set_changes(competition_changes* changes) { changes_ = changes; }
    void reveal(session_context const& ctx, protocol::event_reveal const& request, reply_fn done);

  private:
    std::atomic<competition_changes*> changes_{nullptr};
};

} // namespace craftmark::core
