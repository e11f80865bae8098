#pragma once
// Base64 in its two alphabets (RFC 4648): base64url for tokens, JWS and binary in protocol
// messages; the standard alphabet for files other systems write (Moodle XML's embedded figures).
#include <optional>
#include <string>
#include <string_view>

namespace craftmark::crypto {

/// Base64url without padding (RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);
/// Decodes base64url with or without padding; nullopt on any other character.
std::optional<std::string> base64url_decode(std::string_view text);

/// Standard base64 with padding (RFC 4648 §4), on one line.
std::string base64_encode(std::string_view bytes);
/// Decodes standard base64, ignoring the line breaks and spaces MIME-style writers put in it;
/// nullopt on any other character or misplaced padding.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace craftmark::crypto
