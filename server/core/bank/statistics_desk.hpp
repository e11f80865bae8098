#pragma once
// stats.sitting: the item statistics of a scored sitting, for the bank's authors and examiners.
#include "server/core/aside_work.hpp"
#include "server/core/bank/item_statistics.hpp"
#include "server/core/exam/ports.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/protocol/statistics_replies.hpp"

#include <atomic>

namespace craftmark::core {

/// Where a sitting's scored papers come from.
class scored_papers_source {
  public:
    virtual ~scored_papers_source() = default;
    /// Every result of the sitting with what each candidate chose (essays once marked).
    virtual scored_sitting scored_papers(std::string const& sitting_id) = 0;
};

/// The statistics as the protocol carries them (and `craftmark stats --format json` prints).
protocol::sitting_statistics statistics_reply(std::string const& sitting_id,
                                              test_statistics const& t);

class statistics_desk {
  public:
    explicit statistics_desk(sitting_repository& sittings) : sittings_(sittings) {}
    /// Reads the papers; until set, stats.sitting is not served.
    void set_source(scored_papers_source* papers) { papers_ = papers; }
    /// Where the papers are read and analysed, off the I/O threads (a sitting of thousands of
    /// papers takes a while); until set, on the thread that asks.
    void set_aside(aside_work* aside) { aside_ = aside; }

    void sitting(session_context const& ctx, protocol::sitting_ref const& request, reply_fn done);

  private:
    sitting_repository& sittings_;
    std::atomic<scored_papers_source*> papers_{nullptr};
    std::atomic<aside_work*> aside_{nullptr};
};

} // namespace craftmark::core
