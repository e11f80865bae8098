#include "server/store/results_release.hpp"

#include "server/core/qualification/qualification.hpp"
#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/results.hpp"

#include <SQLiteCpp/Database.h>
#include <map>

namespace craftmark::store {

using nlohmann::json;

released_results release_results(SQLite::Database& db,
                                 std::string const& sitting_id,
                                 std::string const& actor,
                                 util::millis at,
                                 bool shared) {
    auto sitting = find_sitting(db, sitting_id);
    if (!sitting) throw std::invalid_argument("no sitting " + sitting_id);
    auto assessment = find_assessment(db, sitting->assessment_id);
    std::map<std::string, std::string> organisation_of;
    for (auto const& c : sitting_candidates(db, sitting_id))
        organisation_of[c.ticket] = c.organisation;
    released_results counts;
    json people = json::array();
    for (auto const& r : sitting_own_results(db, sitting_id)) {
        if (!r.result.is_object()) {
            ++counts.without;
            continue;
        }
        // The summary the centre combines; the item-by-item detail stays at the venue.
        json result = json::object();
        for (auto key : {"total", "max", "percent", "passMark", "passed", "pendingItems"})
            if (r.result.contains(key)) result[key] = r.result[key];
        bool final = r.result.value("pendingItems", 0) == 0;
        counts.pending += final ? 0 : 1;
        ++counts.released;
        people.push_back({{"ticket", r.ticket},
                          {"national_id", r.national_id},
                          {"name", r.name},
                          {"romanised_name", r.romanised_name},
                          {"organisation", organisation_of[r.ticket]},
                          {"closed_at", r.closed_at},
                          {"final", final},
                          {"result", result}});
    }
    if (people.empty())
        throw std::invalid_argument("sitting " + sitting_id + " has no results yet");
    write_transaction tx(db);
    append_audit(db,
                 {actor,
                  "results.release",
                  sitting_id,
                  {{"sitting", sitting_id},
                   {"shared", shared},
                   {"component", core::component_of(*assessment)},
                   {"assessment", core::assessment_to_json(*assessment)},
                   {"results", people}}},
                 at);
    tx.commit();
    return counts;
}

} // namespace craftmark::store
