#include "shared/sheet/csv.hpp"

#include <string_view>

namespace craftmark::sheet {

std::string csv_field(std::string const& s) {
    // A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or return first) is
    // written as text, with the apostrophe prefix spreadsheets themselves use.
    bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
    std::string text = formula ? "'" + s : s;
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_text(table const& t) {
    std::string out = csv_byte_order_mark;
    for (auto const& row : t.rows) {
        for (std::size_t c = 0; c < row.cells.size(); ++c)
            out += (c ? "," : "") + csv_field(row.cells[c]);
        out += '\n';
    }
    return out;
}

} // namespace craftmark::sheet
