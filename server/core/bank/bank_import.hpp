#pragma once
// What reading a bank file in another system's format yields: the items, and each problem with
// its line. Shared by the GIFT, Chinese text layout, workbook, Moodle XML and QTI readers.
#include "server/core/bank/item.hpp"

#include <functional>
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

/// A file a bank carries inside itself for one item (Moodle XML's base64 <file> elements).
struct attached_file {
    std::string item_id;
    std::string name; // as the item's media names it
    std::string bytes;
};

struct bank_import {
    std::vector<item> items;
    std::vector<diagnostic> diagnostics;
    std::vector<attached_file> attached = {};
};

/// The files beside a bank or in its package, by their path from its root ("items/ITEM001.xml",
/// "images/circuit.png"): a content package's items, a bank's figures.
struct package_files {
    std::function<bool(std::string const& path)> has;
    /// Throws std::invalid_argument naming the file when it cannot be read.
    std::function<std::string(std::string const& path)> read;
};

} // namespace craftmark::core
