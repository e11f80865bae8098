#pragma once
// Item statistics as files: tables for CSV and Excel, JSON, and a self-contained HTML report
// with its plots drawn as inline SVG (no scripts, no requests), for the bank's authors.
#include "server/core/bank/item_statistics.hpp"
#include "shared/sheet/table.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace craftmark::cli {

/// One row per item, its options' shares in one cell ("A* 50 %, B 25 %": * marks the key).
sheet::table item_table(core::test_statistics const& t);
/// One row per option of each choice and true/false item: the distractor analysis.
sheet::table option_table(core::test_statistics const& t);
/// One row per knowledge point, then per difficulty.
sheet::table group_table(core::test_statistics const& t);

nlohmann::json statistics_json(std::string const& sitting, core::test_statistics const& t);

std::string statistics_text(std::string const& sitting, core::test_statistics const& t);

std::string statistics_html(std::string const& sitting, core::test_statistics const& t);

} // namespace craftmark::cli
