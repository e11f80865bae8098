#pragma once
// The candidates of a sitting as a centre's clerk brings them: a roster from Excel, saved as CSV
// or kept as a worksheet. Columns by their header (Chinese or English, any order) or, without
// one, ticket,name,national_id[,seat[,organisation[,romanised_name]]].
#include "server/core/records.hpp"
#include "shared/sheet/table.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// Why `id` cannot be a resident identity card number (GB 11643: 17 digits and a check
/// character, 0–9 or X), or "" when it is one or is some other document's number (a passport,
/// a Hong Kong or Macao permit) that has no checksum to test.
std::string resident_id_problem(std::string_view id);

/// The candidates in a roster's rows. Every row in error is reported, one line each ("row 14:
/// 身份证号 110101199001011234 …: the check digit should be 7"), in the std::invalid_argument
/// thrown; `unit` names a row in them ("line" for CSV, "row" for a worksheet).
std::vector<candidate_record> read_roster(std::vector<sheet::row> const& rows,
                                          std::string_view unit);

/// The rows of a roster CSV (UTF-8, a byte-order mark allowed; quoted fields as Excel writes
/// them), numbered by line.
std::vector<sheet::row> roster_csv_rows(std::string const& text);

/// read_roster over a CSV's lines.
std::vector<candidate_record> read_roster_csv(std::string const& text);

} // namespace craftmark::core
