#pragma once
// What reading a bank file in another system's format yields: the items, and each problem with
// its line. Shared by the GIFT, Chinese text layout, workbook, Moodle XML and QTI readers.
#include "server/core/bank/item.hpp"

#include <string>
#include <vector>

namespace craftmark::core {

/// A problem found while reading a bank file, with the line it starts on (a workbook's row).
struct diagnostic {
    int line = 0;
    std::string severity; // "warning" (imported anyway) or "error" (question skipped)
    std::string message;
    std::string column = {}; // a workbook's column, as its heading: "答案 Answer"
    std::string file = {};   // a package's file the line is in: "items/ITEM006.xml"
};

struct bank_import {
    std::vector<item> items;
    std::vector<diagnostic> diagnostics;
};

} // namespace craftmark::core
