#pragma once
// A venue's results going up to its centre. Releasing a sitting's results writes one audit
// entry, `results.release`, naming each candidate (national ID, organisation) with their result
// and the assessment it was sat under: the chain carries it to the centre like every other
// entry, and the centre keeps it as the candidate's result there (store/postgres/
// centre_results). A later release of the same sitting (after marking, an appeal or a re-check)
// replaces the earlier one.
#include "shared/util/clock.hpp"

#include <cstddef>
#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct released_results {
    std::size_t released = 0; // candidates with a result, final or not
    std::size_t pending = 0;  // of those, results still waiting for marking
    std::size_t without = 0;  // candidates with no result (absent, or not handed in)
};

/// Throws std::invalid_argument for an unknown sitting, or one with no result yet. `shared`
/// releases them to every organisation of the alliance (a competition's results), not only to
/// each candidate's own.
released_results release_results(SQLite::Database& db,
                                 std::string const& sitting_id,
                                 std::string const& actor,
                                 util::millis at,
                                 bool shared = false);

} // namespace craftmark::store
