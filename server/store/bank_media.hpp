#pragma once
// Banks' figures in SQLite: `media` holds each figure once by its SHA-256, `item_media` says
// which item shows it under which name.
#include "server/core/bank/bank_figures.hpp"

#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// Stores a bank's figures, within the caller's transaction (the bank's items are in place).
void add_figures(SQLite::Database& db,
                 std::string const& bank_id,
                 std::vector<core::item_figure> const& figures);

/// Removes the figures no item shows any more (after a bank was replaced).
void drop_unused_figures(SQLite::Database& db);

/// A bank's figures, item by item in the items' order, for exporting it.
std::vector<core::item_figure> bank_figures(SQLite::Database& db, std::string const& bank_id);

/// How many figures the items of an assessment's banks show (0 for an unknown assessment): a
/// paper drawn from them is best sat in the browser.
int assessment_figures(SQLite::Database& db, std::string const& assessment_id);

std::optional<core::figure> find_figure(SQLite::Database& db,
                                        std::string const& bank_id,
                                        std::string const& item_id,
                                        std::string const& name);

} // namespace craftmark::store
