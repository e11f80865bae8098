#pragma once
// A spreadsheet as the importers and exports see it: named sheets of rows of text cells. Reading
// and writing .xlsx is shared/sheet/xlsx.hpp; the bank and roster rooms map rows to their models
// with no file format in sight.
#include <string>
#include <vector>

namespace craftmark::sheet {

struct row {
    int number = 0;                 // as the spreadsheet shows it, from 1
    std::vector<std::string> cells; // column A first; an empty string for an empty cell
};

struct table {
    std::string name;
    std::vector<row> rows;                   // the rows that hold something, in order
    std::vector<std::size_t> number_columns; // written as numbers, not text (exports only)

    /// A row's cell, "" when the row is shorter.
    static std::string const& cell(row const& r, std::size_t column) {
        static std::string const none;
        return column < r.cells.size() ? r.cells[column] : none;
    }
};

/// "A", "B", …, "Z", "AA": the column's name as a spreadsheet shows it.
inline std::string column_name(std::size_t column) {
    std::string name;
    for (++column; column > 0; column = (column - 1) / 26)
        name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
    return name;
}

} // namespace craftmark::sheet
