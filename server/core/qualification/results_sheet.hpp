#pragma once
// A sitting's results as the centre takes them away: a sheet (CSV or Excel) with a row per
// candidate, or JSON. Written by `craftmark results export` and the console's export.
#include "server/core/qualification/qualification.hpp"
#include "shared/sheet/table.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::core {

/// One row per candidate: the sitting's result (sections for theory; tasks and every aspect's
/// mark for practical work, "T1:A1.1") and the qualification result it contributes to.
sheet::table results_table(std::vector<result_row> const& rows);

/// {"sitting", "candidates": [{ticket, name, seat, state, closeReason, startedAt, closedAt,
/// result, qualification}]}
nlohmann::json results_json(std::string const& sitting, std::vector<result_row> const& rows);

} // namespace craftmark::core
