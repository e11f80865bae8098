#pragma once
// A sitting's scored papers as item statistics read them (core::analyse).
#include "server/core/bank/item_statistics.hpp"

#include <map>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

using core::scored_sitting;

/// Every result of the sitting (essays as marked; still pending ones left out) with what each
/// candidate chose. Throws std::invalid_argument for an unknown sitting.
scored_sitting scored_papers(SQLite::Database& db, std::string const& sitting_id);

} // namespace craftmark::store
