#pragma once
// Bank files in XML (Moodle XML, QTI), read with pugixml: how a file from anyone is loaded, and
// on which line a node is, for diagnostics.
#include "server/core/bank/bank_import.hpp"

#include <optional>
#include <pugixml.hpp>
#include <string_view>

namespace craftmark::core {

/// The line (from 1) of a byte offset in `source`; offsets outside it count as its ends.
int line_at(std::string_view source, std::ptrdiff_t offset);

/// `text` as a UTF-8 document. pugixml expands no DTD entity and fetches nothing, so a hostile
/// file stays inert text. When it is not well-formed: nothing, and an error naming the line
/// (and `file`, when given) added to `out`.
std::optional<pugi::xml_document>
load_xml(std::string_view text, std::string const& file, bank_import& out);

} // namespace craftmark::core
