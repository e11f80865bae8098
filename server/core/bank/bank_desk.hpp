#pragma once
// bank.import: an administrator hands in a bank file from the console — any format the CLI
// reads, a workbook or a QTI package too, with a zip of its figures — and the server reads it as
// the CLI does, reports every problem with its line, and stores it only when asked and sound.
#include "server/core/aside_work.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/bank_messages.hpp"
#include "shared/protocol/messages.hpp"

#include <atomic>
#include <functional>

namespace craftmark::core {

/// Where an imported bank is stored: off the exam's I/O threads, in a transaction of its own.
class bank_changes : public aside_work {
  public:
    virtual ~bank_changes() = default;
    /// Stores `b` with its figures as `actor` (audited); `done` gets "" or why not, from any
    /// thread.
    virtual void import_bank(bank b,
                             std::vector<item_figure> figures,
                             std::string actor,
                             std::function<void(std::string refusal)> done) = 0;
    /// Every bank stored, with its items.
    virtual void banks(std::function<void(std::string refusal, std::vector<bank>)> done) = 0;
    /// Stores `a` (or replaces the assessment of its id) once a paper can be drawn from the
    /// banks it names, or for a practical once the checkers its tasks name are installed at the
    /// server; refused with the rule that cannot be met.
    virtual void put_assessment(assessment a,
                                std::string actor,
                                std::function<void(std::string refusal)> done) = 0;
};

class bank_desk {
  public:
    void set_changes(bank_changes* changes) { changes_ = changes; }
    void import(session_context const& ctx, protocol::bank_import const& request, reply_fn done);
    /// bank.blueprint: what an assessment's blueprint can draw on.
    void blueprint(session_context const& ctx, protocol::no_fields const&, reply_fn done);
    /// assessment.put: an assessment defined in the console, theory from a blueprint or either
    /// kind from its file (administrators of `*`: an assessment is the whole centre's).
    void define(session_context const& ctx, protocol::assessment_put const& request, reply_fn done);

  private:
    std::atomic<bank_changes*> changes_{nullptr};
};

} // namespace craftmark::core
