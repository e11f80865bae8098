#pragma once
// Results as exports and certificates need them: each candidate's result in the sitting, and the
// qualification result their components (theory and practical, perhaps sat apart) combine into.
#include "server/core/qualification/qualification.hpp"

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// The qualification a sitting counts towards: every assessment with the sitting's occupation
/// code and level (the sitting's own first), the sittings of each, and its combination rule.
struct qualification {
    std::vector<core::assessment> assessments;
    std::map<std::string, std::string> component_of_sitting; // sitting id → theory | practical
    core::combination_rule rule;
};
qualification qualification_of(SQLite::Database& db, std::string const& sitting_id);

using core::result_row;
std::vector<result_row> sitting_results(SQLite::Database& db, std::string const& sitting_id);
/// The same rows without the qualification (null): what the scoreboard rebuilds every second
/// and a reveal checks, which need only the sitting's own results.
std::vector<result_row> sitting_own_results(SQLite::Database& db, std::string const& sitting_id);

} // namespace craftmark::store
