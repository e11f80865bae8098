#pragma once
// The seal on an outbox segment: a detached CMS signature by the venue's key over the segment's
// exact bytes, what `openssl cms -sign -binary` makes. A centre accepts a segment only under the
// seal of the venue it names, made with the certificate it registered for that venue; anyone can
// check it with `openssl cms -verify -binary -CAfile venue-ca.pem`.
#include "server/centre/venue_authority.hpp"

#include <string>
#include <string_view>

namespace craftmark::centre {

/// DER bytes of the seal.
std::string seal_segment(std::string_view segment_text, venue_identity const& venue);

/// Why the seal is not accepted, or "" when it is. `registered_certificate` is the PEM the
/// centre keeps for the venue the segment names.
std::string seal_refusal(std::string_view segment_text,
                         std::string_view seal,
                         std::string const& ca_pem,
                         std::string const& registered_certificate);

} // namespace craftmark::centre
