#pragma once
// The sittings the centre sends its venues (core/centre/venue_package.hpp), on PostgreSQL:
// each with its roster, its sealed paper and the key that opens it, and when that key was
// first given out.
#include "server/core/centre/venue_package.hpp"
#include "server/store/postgres/pg.hpp"

#include <optional>
#include <string>
#include <vector>

namespace craftmark::store {

struct centre_sitting_summary {
    std::string id, venue;
    std::int64_t starts_at = 0;
    std::int64_t candidates = 0;
    std::string key_released_at; // ISO 8601, "" while the key has not been given out
};

class centre_sittings {
  public:
    explicit centre_sittings(pg::connection& db) : db_(db) {}

    /// Stores a sitting for its venue (`s.sitting.venue`) with its roster, in one transaction.
    /// Refuses (std::invalid_argument) an id that exists, a venue that does not, or a ticket
    /// twice in the roster.
    void add(core::packaged_sitting const& s, std::string const& paper_key);
    /// Every sitting of a venue, as its package holds them.
    std::vector<core::packaged_sitting> of_venue(std::string const& venue);
    std::optional<core::packaged_sitting> find(std::string const& id);
    /// The sitting's paper key; records the first time it was given out.
    std::string release_key(std::string const& id);
    std::vector<centre_sitting_summary> list();

  private:
    pg::connection& db_;
};

} // namespace craftmark::store
