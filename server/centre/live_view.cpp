#include "server/centre/live_view.hpp"

#include <iomanip>
#include <ostream>

namespace craftmark::centre {

void live_view::refresh(std::ostream& out) {
    std::map<std::string, std::string> names;
    for (auto const& v : chains_.venues()) names[v.id] = v.name;
    auto refused = chains_.refusal_counts(); // counted by the database, not read out each second

    // The name comes last: Chinese names are twice as wide as their characters on a terminal,
    // and nothing after them needs to line up.
    out << std::left << std::setw(14) << "venue" << std::setw(10) << "epoch" << std::right
        << std::setw(10) << "entries" << std::setw(10) << "sign-ins" << std::setw(10) << "answers"
        << std::setw(11) << "submitted" << std::setw(9) << "refused"
        << "  " << std::left << std::setw(22) << "last received (UTC)"
        << "name\n";
    for (auto const& c : chains_.chains()) {
        auto& t = tallies_[{c.venue, c.epoch}];
        if (c.head_seq > t.seen) {
            for (auto const& [action, n] : chains_.actions_after(c.venue, c.epoch, t.seen))
                t.actions[action] += n;
            t.seen = c.head_seq;
        }
        out << std::left << std::setw(14) << c.venue << std::setw(10) << c.epoch.substr(0, 8)
            << std::right << std::setw(10) << c.head_seq << std::setw(10)
            << t.actions["auth.sign_in"] << std::setw(10) << t.actions["answer.save"]
            << std::setw(11) << t.actions["attempt.close"] << std::setw(9) << refused[c.venue]
            << "  " << std::left << std::setw(22)
            << (c.last_received.empty() ? "never" : c.last_received) << names[c.venue] << "\n";
    }
}

} // namespace craftmark::centre
