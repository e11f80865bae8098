#include "server/centre/segment_seal.hpp"

#include "shared/crypto/cms.hpp"
#include "shared/crypto/x509.hpp"

namespace craftmark::centre {

std::string seal_segment(std::string_view segment_text, venue_identity const& venue) {
    return crypto::cms_sign_detached(segment_text, venue.certificate.get(), venue.key.get());
}

std::string seal_refusal(std::string_view segment_text,
                         std::string_view seal,
                         std::string const& ca_pem,
                         std::string const& registered_certificate) {
    auto trust = crypto::trust_store(ca_pem, false);
    auto check = crypto::cms_verify_detached(segment_text, seal, trust.get());
    switch (check.failure) {
    case crypto::cms_failure::none: break;
    case crypto::cms_failure::malformed: return "the seal is not a CMS signature";
    case crypto::cms_failure::content_changed: return "the segment was changed after it was sealed";
    default: return "the seal is not by a venue of this centre (" + check.detail + ")";
    }
    auto registered = crypto::certificate_from_pem(registered_certificate);
    if (crypto::fingerprint_sha256(check.signer.get()) !=
        crypto::fingerprint_sha256(registered.get()))
        return "the seal is by " + common_name(check.signer.get()) +
               ", not by the certificate registered for this venue";
    return "";
}

} // namespace craftmark::centre
