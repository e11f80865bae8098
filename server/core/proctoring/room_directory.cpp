#include "server/core/proctoring/room_directory.hpp"

#include "shared/protocol/room_replies.hpp"

#include <algorithm>
#include <map>

namespace craftmark::core {

room_directory::room_directory(sitting_repository& sittings) : sittings_(sittings) {}

void room_directory::list(session_context const& ctx, protocol::no_fields const&, reply_fn done) {
    protocol::room_list reply;
    std::map<std::string, std::string> assessment_titles; // read once per assessment
    for (auto const& s : sittings_.all_sittings()) {
        if (!ctx.staff || !in_scope(*ctx.staff, s)) continue;
        auto title = s.title;
        if (title.empty()) {
            auto [known, fresh] = assessment_titles.try_emplace(s.assessment_id);
            if (fresh)
                if (auto a = sittings_.find_assessment(s.assessment_id)) known->second = a->title;
            title = known->second;
        }
        reply.sittings.push_back({.id = s.id,
                                  .title = title,
                                  .venue = s.venue,
                                  .room = s.room,
                                  .starts_at = s.starts_at});
    }
    // The latest first: today's rooms before last month's.
    std::stable_sort(reply.sittings.begin(), reply.sittings.end(),
                     [](auto const& a, auto const& b) { return a.starts_at > b.starts_at; });
    done(outcome::ok(std::move(reply)));
}

} // namespace craftmark::core
