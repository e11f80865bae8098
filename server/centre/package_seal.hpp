#pragma once
// The centre's letters to a venue (core/centre/venue_package.hpp) sealed and opened: signed by
// the centre's package signer, encrypted to the venue's certificate. A venue opens only what
// the centre signed for it; anything else is refused with a reason and changes nothing.
#include "server/centre/venue_authority.hpp"
#include "server/core/centre/venue_package.hpp"

#include <stdexcept>
#include <string>

namespace craftmark::centre {

/// A letter's text and its detached CMS signature (FILE and FILE.p7s on a USB stick).
struct signed_letter {
    std::string text;
    std::string seal;
};

/// Why a venue refuses a letter.
struct letter_refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

signed_letter seal_package(core::venue_package const& package,
                           std::string const& about,
                           X509* venue_certificate,
                           venue_authority::signer const& centre);
/// The package for `venue`; throws letter_refused when the signature is not the centre's, the
/// package is for another venue, or this venue's key does not open it.
core::venue_package open_package(signed_letter const& letter, venue_identity const& venue);

signed_letter seal_paper_key(core::paper_key const& key,
                             X509* venue_certificate,
                             venue_authority::signer const& centre);
core::paper_key open_paper_key(signed_letter const& letter, venue_identity const& venue);

} // namespace craftmark::centre
