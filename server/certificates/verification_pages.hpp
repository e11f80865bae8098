#pragma once
// The certificate page as a static file beside each published certificate, with the issuer's
// key set pinned in it: public/c/<id>/index.html, and the script and style it loads under
// public/assets/. The page checks every JWT it shows against the pinned keys, so the published
// folder can be hosted on any web server and an edited copy shows as invalid.
#include <filesystem>
#include <string>

namespace craftmark::certificates {

/// certificate.html with `key_set` (a JWK set) inside it.
std::string pinned_certificate_page(std::string const& key_set);

/// Writes the page of certificate `id` with the key set in public/pki/jwks.json.
void publish_certificate_page(std::filesystem::path const& public_dir, std::string const& id);

/// Writes the assets and every certificate's page again (after the key set changed).
void publish_verification_pages(std::filesystem::path const& public_dir);

} // namespace craftmark::certificates
