#pragma once
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// Parses Moodle GIFT leniently, following Moodle's importer where the format's documentation
/// is silent (first `{` and first `}`, `\n` escapes, type detection order), reporting each
/// problem with its line instead of stopping. Items without an `[id:...]` comment get
/// `<id_prefix>-<n>` ids, n counting questions from 1.
bank_import parse_gift(std::string_view text,
                       std::string const& file_name = {},
                       std::string const& id_prefix = "gift");

/// Writes items as GIFT that Moodle and parse_gift read back to the same items.
std::string write_gift(std::vector<item> const& items);

} // namespace craftmark::core
