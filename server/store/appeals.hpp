#pragma once
// Appeals against a practical result: recorded, marked a second time by other examiners (works
// of the next round, under new codes), and decided with the outcome on the record.
#include "server/core/records.hpp"

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct appeal_record {
    std::int64_t id = 0;
    std::string sitting_id, ticket, reason, opened_by;
    util::millis opened_at = 0;
    nlohmann::json before; // the practical result appealed against
    std::string state;     // open | decided
    nlohmann::json after;  // the result after the second marking (decided)
    std::string outcome;   // changed | unchanged (decided)
    std::string note, decided_by;
    util::millis decided_at = 0;
};

/// Records an appeal against `ticket`'s locked practical result in `sitting_id` and opens the
/// second marking: one new work per task, the automatic check's outcome carried over. Refuses
/// (std::invalid_argument) when the result is not final or an appeal is already open.
appeal_record open_appeal(SQLite::Database& db,
                          std::string const& sitting_id,
                          std::string const& ticket,
                          std::string const& reason,
                          std::string const& actor);

std::vector<appeal_record> appeals(SQLite::Database& db, std::string const& sitting_id);

/// Closes an appeal once its second marking is locked: the result after it, and whether it
/// changed. Refuses while any work of the second marking is open.
appeal_record decide_appeal(SQLite::Database& db,
                            std::int64_t appeal_id,
                            std::string const& note,
                            std::string const& actor);

} // namespace craftmark::store
