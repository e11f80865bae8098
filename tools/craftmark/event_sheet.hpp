#pragma once
// A competition's results as files: a table for CSV and Excel, and a printable HTML results sheet
// with a page per skill.
#include "shared/sheet/table.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace craftmark::cli {

/// One row per competitor, skill and module, from a staff board (store::event_board).
sheet::table results_table(nlohmann::json const& board);

/// A self-contained HTML page (no scripts, no requests) to print: a table per skill, the
/// medals, the tie-breaks that decided, and a line for the chief judge's signature.
std::string results_sheet(nlohmann::json const& board);

} // namespace craftmark::cli
