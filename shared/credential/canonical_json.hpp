#pragma once
// The canonical JSON form of signed documents (RFC 8785, JCS). nlohmann's dump() produces exactly
// the JCS bytes when the document keeps to a subset: ASCII object keys (so byte order equals JCS's
// UTF-16 order) and integers within ±2^53 (no floating point; scores travel as strings). Rather
// than a second serializer, documents are checked against that subset.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace craftmark::credential {

/// The single-line canonical text of `document`; throws std::invalid_argument naming the first
/// value outside the subset.
std::string canonical_json(nlohmann::json const& document);

/// True when `text` parses and re-serialises to exactly the same bytes.
bool is_canonical_json(std::string_view text);
/// The same for a `text` already parsed into `parsed`.
bool is_canonical_json(std::string_view text, nlohmann::json const& parsed);

} // namespace craftmark::credential
