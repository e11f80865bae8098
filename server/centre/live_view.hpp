#pragma once
// `craftmark-centre watch`: the centre's live view of its venues on an exam day — what each has
// sent (sign-ins, answers, submissions), how long ago, and whether anything was refused —
// redrawn every second in a terminal.
#include "server/store/postgres/venue_chains.hpp"

#include <iosfwd>
#include <map>
#include <string>

namespace craftmark::centre {

class live_view {
  public:
    explicit live_view(store::venue_chains& chains) : chains_(chains) {}

    /// Reads what arrived since the last call (only the new entries of each chain) and writes
    /// the table to `out`.
    void refresh(std::ostream& out);

  private:
    struct tally {
        std::int64_t seen = 0; // the chain's entries counted so far
        std::map<std::string, std::int64_t> actions;
    };
    store::venue_chains& chains_;
    std::map<std::pair<std::string, std::string>, tally> tallies_; // by venue and epoch
};

} // namespace craftmark::centre
