#pragma once
// The candidates of a sitting as a centre's clerk brings them: a roster from Excel, saved as CSV
// or kept as a worksheet. Columns by their header (Chinese or English, any order) or, without
// one, ticket,name,national_id[,seat[,organisation[,romanised_name]]]. An accommodations column
// (合理便利) lists each candidate's, separated by commas or 、.
#include "server/core/records.hpp"
#include "shared/sheet/table.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace craftmark::core {

/// Why `id` cannot be a resident identity card number (GB 11643: 17 digits and a check
/// character, 0–9 or X), or "" when it is one or is some other document's number (a passport,
/// a Hong Kong or Macao permit) that has no checksum to test.
std::string resident_id_problem(std::string_view id);

/// The accommodations a roster can give a candidate, by their names in it ("大字" or
/// "large_text"): large text and high contrast in the browser exam. Extra time is the
/// proctor's, during the sitting.
inline constexpr std::pair<std::string_view, std::string_view> accommodation_names[] = {
    {"大字", "large_text"}, {"高对比", "high_contrast"}};

/// A roster read row by row: the candidates of the sound rows (with the row each came from),
/// and one problem per row in error.
struct roster_reading {
    struct problem {
        int row = 0;
        std::string message; // "row 14: 身份证号 …: the check digit should be 7"
    };
    std::vector<candidate_record> candidates;
    std::vector<int> rows; // candidates[i] is on row rows[i]
    std::vector<problem> problems;
};
roster_reading read_roster_rows(std::vector<sheet::row> const& rows, std::string_view unit);

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

/// 110101199003091234 → 110101********1234: the region and the last four kept, as registers
/// and the centre's lists print it.
std::string mask_national_id(std::string const& id);

/// The candidates of a roster file's bytes: an .xlsx workbook (its first sheet, or the one
/// named) or CSV in `encoding` (text::as_utf8's names; "auto" guesses UTF-8 or GBK). What
/// `craftmark sitting register` and `craftmark-centre sitting add` both read.
std::vector<candidate_record> read_roster_file(std::string const& bytes,
                                               std::string const& file_name,
                                               std::string const& encoding = "auto",
                                               std::string const& sheet_name = "");

} // namespace craftmark::core
