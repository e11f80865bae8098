#pragma once
#include "server/core/bank/item.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// A problem found while reading a bank file, with the line it starts on.
struct diagnostic {
    int line = 0;
    std::string severity; // "warning" (imported anyway) or "error" (question skipped)
    std::string message;
};

struct gift_import {
    std::vector<item> items;
    std::vector<diagnostic> diagnostics;
};

/// Parses Moodle GIFT leniently, following Moodle's importer where the format's documentation
/// is silent (first `{` and first `}`, `\n` escapes, type detection order), reporting each
/// problem with its line instead of stopping. Items without an `[id:...]` comment get
/// `<id_prefix>-<n>` ids, n counting questions from 1.
gift_import parse_gift(std::string_view text,
                       std::string const& file_name = {},
                       std::string const& id_prefix = "gift");

/// Writes items as GIFT that Moodle and parse_gift read back to the same items.
std::string write_gift(std::vector<item> const& items);

} // namespace craftmark::core
