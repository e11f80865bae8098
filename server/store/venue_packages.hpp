#pragma once
// A venue's side of the centre's packages (core/centre/venue_package.hpp): the sittings,
// rosters and sealed papers it received, and each paper opened by its key at the start.
#include "server/core/centre/venue_package.hpp"
#include "shared/util/clock.hpp"

#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct received_sitting {
    std::string id;
    std::size_t candidates = 0;
    bool held_already = false; // the same package (or this sitting in it) was received before
};

/// Stores a package's sittings with their rosters and sealed papers, all or none, with one
/// audit entry. A sitting received before with the same paper is left as it is; a sitting id,
/// an assessment or a ticket this venue holds otherwise refuses the package
/// (std::invalid_argument), and nothing is stored.
std::vector<received_sitting> receive_package(SQLite::Database& db,
                                              core::venue_package const& package,
                                              std::string const& actor,
                                              util::millis at);

struct packaged_sitting_status {
    std::string id, title;
    util::millis starts_at = 0, received_at = 0;
    std::optional<util::millis> opened_at;
    std::size_t candidates = 0;
};

/// The sittings that came in packages, by start.
std::vector<packaged_sitting_status> packaged_sittings(SQLite::Database& db);

struct opened_paper {
    std::size_t banks = 0, items = 0;
    bool opened_before = false;
};

/// Opens a sitting's sealed paper with its key: stores its banks, checks that its assessment
/// can be drawn from them, and lets its candidates sign in, in one transaction with its audit
/// entry. Throws std::invalid_argument, changing nothing, when the sitting has no sealed paper
/// or `key` does not open it (another sitting's, another venue's, or a changed box).
opened_paper open_paper(SQLite::Database& db,
                        std::string const& venue_id,
                        core::paper_key const& key,
                        std::string const& actor,
                        util::millis at);

} // namespace craftmark::store
