#pragma once
// Tables as CSV that a spreadsheet opens correctly. Written by hand: a field's quoting is a few
// lines, and no Debian CSV library guards against cells a spreadsheet would run as formulas.
#include "shared/sheet/table.hpp"

#include <string>

namespace craftmark::sheet {

/// What every CSV file starts with: Excel reads a file as UTF-8 only after this byte-order
/// mark (without it, Chinese names open as garbage).
inline constexpr char const* csv_byte_order_mark = "\xEF\xBB\xBF";

/// A CSV field, quoted when it holds a comma, a quote or a new line; a cell a spreadsheet
/// would run as a formula is written as text.
std::string csv_field(std::string const& s);

/// The byte-order mark, then each row.
std::string csv_text(table const& t);

} // namespace craftmark::sheet
