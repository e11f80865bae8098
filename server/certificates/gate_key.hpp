#pragma once
// The knowledge gate: a certificate's full record lives under /c/<id>/<key>/, where key is
// SHA-256(id "|" normalised input), once for each of the holder's names and for the number;
// the verification page computes the key from what the employer types (portal.js normalise()).
#include <string>

namespace craftmark::certificates {

/// Normalising applies Unicode NFKC (full-width letters and digits from a Chinese input method
/// become ASCII, compatibility forms fold), removes white space (JavaScript's \s) and
/// upper-cases ASCII letters, exactly as the page does.
std::string gate_key(std::string const& id, std::string const& typed);

} // namespace craftmark::certificates
