#pragma once
// The exam service's in-memory state; private to server/core/exam_*.cpp.
#include "server/core/exam/candidate_ids.hpp"
#include "server/core/exam/exam_service.hpp"
#include "server/core/exam/item_view.hpp"

namespace craftmark::core {

/// A sitting with its assessment and the items its papers draw from, cached on first use.
struct exam_service::sitting_data {
    sitting_record sitting;
    assessment assessment_;
    item_pool pool;
    std::map<std::string, item> items;
    std::map<std::string, item_view_text> views; // of the same items, as candidates see them
    std::map<std::string, int> open_incidents;   // ticket -> open incidents naming it
};

/// An attempt the server is serving, with its current answers (highest seq per item).
struct exam_service::live_attempt {
    attempt_record record;
    candidate_record candidate;
    std::shared_ptr<sitting_data> sitting;
    std::map<std::string, answer_record> answers;
    std::set<std::string> flags;
    std::int64_t last_seq = 0;
    std::map<std::int64_t, upload_record> uploads; // current versions, by upload id
    std::set<std::int64_t> uploads_busy;           // a chunk of it is being written now
    // What the proctor's seat map shows.
    int connections = 0;
    util::millis missing_since = 0; // 0: never connected, or connected now
    bool hand_raised = false;
    std::string terminal_request; // another terminal asked to take over this attempt
    int focus_lost = 0;

    // The paper is kept once, in its compact form (a JSON copy and a set of its items took
    // 23 KB per candidate); papers hold tens of items, so looking one up is a short scan.
    bool on_paper(std::string const& item) const {
        if (record.paper)
            for (auto const& part : record.paper->parts)
                for (auto const& e : part.entries)
                    if (e.item_id == item) return true;
        return false;
    }
    /// The ids this attempt's candidate sees for one of its paper's items.
    candidate_ids ids_of(std::string const& item_id) const {
        return draw_candidate_ids(record.paper.value().seed, sitting->items.at(item_id));
    }
    std::size_t paper_items() const {
        std::size_t n = 0;
        if (record.paper)
            for (auto const& part : record.paper->parts) n += part.entries.size();
        return n;
    }
};

/// How a staff member appears in the audit log.
inline std::string staff_actor(session_context const& ctx) {
    return "staff:" + ctx.staff->username;
}

} // namespace craftmark::core
