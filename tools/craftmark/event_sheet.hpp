#pragma once
// A competition's results as files: CSV for spreadsheets, and a printable HTML results sheet
// with a page per skill.
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace craftmark::cli {

/// One row per competitor and skill, from a staff board (store::event_board).
std::string results_csv(nlohmann::json const& board);

/// A self-contained HTML page (no scripts, no requests) to print: a table per skill, the
/// medals, the tie-breaks that decided, and a line for the chief judge's signature.
std::string results_sheet(nlohmann::json const& board);

} // namespace craftmark::cli
