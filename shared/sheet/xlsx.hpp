#pragma once
// .xlsx workbooks: read with libzip and pugixml, written with libxlsxwriter. Reading is bounded
// for files from anyone: the zip's parts are read through a size cap (a zip bomb stops at the
// cap, whatever the directory claims), pugixml never expands DTD entities or fetches external
// ones, and rows, columns and cells have limits; past any of them the file is refused with the
// reason, and nothing is returned.
#include "shared/sheet/table.hpp"

#include <filesystem>
#include <string_view>

namespace craftmark::sheet {

struct read_limits {
    std::size_t part_bytes = 64u << 20;   // one XML part, uncompressed
    std::size_t total_bytes = 256u << 20; // all parts read
    std::size_t rows = 100'000;           // per sheet
    std::size_t columns = 256;
    std::size_t cell_bytes = 32'768; // Excel's own limit on a cell's text is 32,767 characters
};

/// Every worksheet of the workbook, in the order of its tabs, with cell values as text: shared
/// and inline strings as written, numbers in their shortest exact form ("3", "0.1"), booleans as
/// "TRUE"/"FALSE", formulas by their cached value. Throws std::invalid_argument naming what is
/// wrong ("not an .xlsx workbook: …", "sheet 题库 row 14: more than 256 columns").
std::vector<table> read_xlsx(std::string_view bytes, read_limits const& limits = {});

/// Writes the tables as worksheets: the first row bold and frozen, every cell a string (never a
/// formula, whatever it starts with) except in a table's number_columns. Throws
/// std::runtime_error naming the file when it cannot be written.
void write_xlsx(std::vector<table> const& tables, std::filesystem::path const& file);

/// The workbook write_xlsx writes, as bytes (to send rather than keep). libxlsxwriter 1.1.4
/// writes only to files, so it goes through a private temporary file, removed at once.
std::string xlsx_bytes(std::vector<table> const& tables);

} // namespace craftmark::sheet
