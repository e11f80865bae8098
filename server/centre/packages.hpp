#pragma once
// What the centre sends a venue, as letters signed and sealed for it (package_seal.hpp): the
// package of its sittings, and a sitting's paper key — the key only from the sitting's start.
// One path for the file carried on a USB stick and the answer to the venue's request online.
#include "server/centre/package_seal.hpp"
#include "server/store/postgres/centre_sittings.hpp"
#include "server/store/postgres/venue_chains.hpp"
#include "shared/util/clock.hpp"

#include <stdexcept>
#include <string>

namespace craftmark::centre {

/// A paper key asked for before its time; says when it will be given.
struct key_not_yet : std::runtime_error {
    key_not_yet(std::string const& message, util::millis given_from)
        : std::runtime_error(message), from(given_from) {}
    util::millis from;
};

/// The package of every sitting the centre holds for `venue`.
signed_letter package_for(store::centre_sittings& sittings,
                          venue_authority const& authority,
                          store::venue_row const& venue,
                          util::millis now);

/// The paper key of `sitting`, a sitting of `venue`, sealed for it. Throws key_not_yet before
/// the sitting's start less `early` (a key carried by hand to a venue without a link must
/// leave before the start), std::invalid_argument when the venue has no such sitting.
signed_letter paper_key_for(store::centre_sittings& sittings,
                            venue_authority const& authority,
                            store::venue_row const& venue,
                            std::string const& sitting,
                            util::millis now,
                            util::millis early = 0);

} // namespace craftmark::centre
