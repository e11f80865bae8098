#include "server/core/proctoring/roster.hpp"

#include "shared/sheet/xlsx.hpp"
#include "shared/text/text_encoding.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace craftmark::core {
namespace {

// Excel's CSV is simple enough that a library would add more than it saves: fields separated by
// commas, quoted when they hold one, quotes doubled, no line breaks inside a roster's fields.
std::vector<std::string> split_csv_line(std::string const& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                field += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(field);
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    fields.push_back(field);
    return fields;
}

std::string trim(std::string const& f) {
    auto b = f.find_first_not_of(" \t");
    auto e = f.find_last_not_of(" \t");
    return b == std::string::npos ? "" : f.substr(b, e - b + 1);
}

/// "准考证号", "ticket", "准考证号 Ticket", "Ticket（准考证号）": the header's first word, in
/// lower case.
std::string header_key(std::string const& cell) {
    auto text = trim(cell);
    auto end = std::min({text.find(' '), text.find('('), text.find("（")});
    auto key = text.substr(0, end);
    for (auto& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

/// Where each field is in a roster's rows: by its header (English or Chinese, any order), or
/// ticket,name,national_id,seat,organisation,romanised_name without one.
struct roster_columns {
    int ticket = 0, name = 1, national_id = 2, seat = 3, organisation = 4, romanised_name = 5,
        accommodations = 6;

    /// The columns a header names; nullopt when `fields` is not a header.
    static std::optional<roster_columns> from_header(std::vector<std::string> const& fields,
                                                     std::string const& where) {
        static std::map<std::string, int roster_columns::*> const names = {
            {"ticket", &roster_columns::ticket},
            {"准考证号", &roster_columns::ticket},
            {"name", &roster_columns::name},
            {"姓名", &roster_columns::name},
            {"national_id", &roster_columns::national_id},
            {"身份证号", &roster_columns::national_id},
            {"身份证号码", &roster_columns::national_id},
            {"seat", &roster_columns::seat},
            {"座位号", &roster_columns::seat},
            {"organisation", &roster_columns::organisation},
            {"单位", &roster_columns::organisation},
            {"romanised_name", &roster_columns::romanised_name},
            {"姓名拼音", &roster_columns::romanised_name},
            {"accommodations", &roster_columns::accommodations},
            {"合理便利", &roster_columns::accommodations},
        };
        if (fields.empty() || !names.count(header_key(fields[0]))) return std::nullopt;
        // A column the header does not name keeps its usual place if that lies beyond the
        // header's columns (old files: a header of four names over rows of five fields).
        roster_columns c;
        int width = static_cast<int>(fields.size());
        for (auto const& [name, column] : names)
            if (c.*column < width) c.*column = -1;
        for (int i = 0; i < width; ++i) {
            auto const& field = fields[static_cast<std::size_t>(i)];
            auto known = names.find(header_key(field));
            if (known == names.end())
                throw std::invalid_argument(where + ": unknown column \"" + field +
                                            "\" (known: ticket 准考证号, name 姓名, national_id "
                                            "身份证号, seat 座位号, organisation 单位, "
                                            "romanised_name 姓名拼音, accommodations 合理便利)");
            c.*(known->second) = i;
        }
        if (c.ticket < 0 || c.name < 0 || c.national_id < 0)
            throw std::invalid_argument(where + ": the header needs ticket, name and national_id");
        return c;
    }

    std::string field(std::vector<std::string> const& fields, int roster_columns::*column) const {
        int at = this->*column;
        return at >= 0 && at < static_cast<int>(fields.size())
                   ? trim(fields[static_cast<std::size_t>(at)])
                   : "";
    }
};

/// Fills `r.accommodations` from a cell ("大字、高对比", "large_text, high_contrast"); returns
/// the problem with it, or "".
std::string read_accommodations(std::string const& cell, candidate_record& r) {
    std::string text = cell;
    for (std::string_view separator : {"、", "，", ";", "；"})
        for (auto at = text.find(separator); at != std::string::npos; at = text.find(separator))
            text.replace(at, separator.size(), ",");
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        part = trim(part);
        if (part.empty()) continue;
        auto known =
            std::find_if(std::begin(accommodation_names), std::end(accommodation_names),
                         [&](auto const& a) { return a.first == part || a.second == part; });
        if (known == std::end(accommodation_names))
            return "\"" + part + "\" is none of 大字 large_text, 高对比 high_contrast";
        if (std::find(r.accommodations.begin(), r.accommodations.end(), known->second) ==
            r.accommodations.end())
            r.accommodations.emplace_back(known->second);
    }
    return {};
}

} // namespace

std::string resident_id_problem(std::string_view id) {
    if (id.size() != 18 || id.substr(0, 17).find_first_not_of("0123456789") != std::string::npos)
        return {};
    // GB 11643-1999: the weights 2^(17-i) mod 11, the check character indexed by the sum mod 11.
    static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr std::string_view checks = "10X98765432";
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * weights[i];
    char expected = checks[static_cast<std::size_t>(sum % 11)];
    char given = id[17] == 'x' ? 'X' : id[17];
    if (given == expected) return {};
    return "the check digit should be " + std::string(1, expected) + ", not " +
           std::string(1, id[17]) +
           " (a mistyped digit, or a number Excel rounded: " + "keep the column as text)";
}

roster_reading read_roster_rows(std::vector<sheet::row> const& rows, std::string_view unit) {
    roster_reading out;
    roster_columns columns;
    std::map<std::string, int> row_of_ticket;
    for (auto const& row : rows) {
        auto where = std::string(unit) + " " + std::to_string(row.number);
        auto problem = [&](std::string message) {
            out.problems.push_back({row.number, where + ": " + std::move(message)});
        };
        auto const& fields = row.cells;
        if (std::all_of(fields.begin(), fields.end(),
                        [](auto const& f) { return trim(f).empty(); }))
            continue;
        if (&row == &rows.front())
            if (auto header = roster_columns::from_header(fields, where)) {
                columns = *header;
                continue;
            }
        using c = roster_columns;
        candidate_record r;
        r.ticket = columns.field(fields, &c::ticket);
        r.name = columns.field(fields, &c::name);
        r.national_id = columns.field(fields, &c::national_id);
        r.seat = columns.field(fields, &c::seat);
        r.organisation = columns.field(fields, &c::organisation);
        r.romanised_name = columns.field(fields, &c::romanised_name);
        if (auto why = read_accommodations(columns.field(fields, &c::accommodations), r);
            !why.empty()) {
            problem("合理便利 accommodations: " + why);
            continue;
        }
        if (r.ticket.empty() || r.name.empty() || r.national_id.empty()) {
            problem("expected ticket,name,national_id[,seat[,organisation[,romanised_name]]]");
            continue;
        }
        if (auto why = resident_id_problem(r.national_id); !why.empty()) {
            problem("身份证号 national_id " + r.national_id + ": " + why);
            continue;
        }
        if (auto [first, fresh] = row_of_ticket.emplace(r.ticket, row.number); !fresh) {
            problem("准考证号 ticket " + r.ticket + " is also on " + std::string(unit) + " " +
                    std::to_string(first->second));
            continue;
        }
        out.candidates.push_back(std::move(r));
        out.rows.push_back(row.number);
    }
    return out;
}

std::vector<candidate_record> read_roster(std::vector<sheet::row> const& rows,
                                          std::string_view unit) {
    auto read = read_roster_rows(rows, unit);
    if (!read.problems.empty()) {
        std::string report;
        for (auto const& p : read.problems) report += (report.empty() ? "" : "\n") + p.message;
        throw std::invalid_argument(report);
    }
    if (read.candidates.empty()) throw std::invalid_argument("no candidates in the file");
    return std::move(read.candidates);
}

std::vector<sheet::row> roster_csv_rows(std::string const& text) {
    std::vector<sheet::row> rows;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
        rows.push_back({number, split_csv_line(line)});
    }
    return rows;
}

std::vector<candidate_record> read_roster_csv(std::string const& text) {
    return read_roster(roster_csv_rows(text), "line");
}

std::string mask_national_id(std::string const& id) {
    if (id.size() < 10) return std::string(id.size(), '*');
    return id.substr(0, 6) + std::string(id.size() - 10, '*') + id.substr(id.size() - 4);
}

std::vector<candidate_record> read_roster_file(std::string const& bytes,
                                               std::string const& file_name,
                                               std::string const& encoding,
                                               std::string const& sheet_name) {
    bool workbook = file_name.ends_with(".xlsx") || bytes.rfind("PK\x03\x04", 0) == 0;
    if (!workbook) return read_roster_csv(text::as_utf8(bytes, encoding));
    for (auto const& t : sheet::read_xlsx(bytes))
        if (sheet_name.empty() || t.name == sheet_name) return read_roster(t.rows, "row");
    throw std::runtime_error(file_name + " has no sheet " + sheet_name);
}

} // namespace craftmark::core
