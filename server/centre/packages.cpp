#include "server/centre/packages.hpp"

#include "shared/crypto/x509.hpp"
#include "shared/util/time_text.hpp"

namespace craftmark::centre {

signed_letter package_for(store::centre_sittings& sittings,
                          venue_authority const& authority,
                          store::venue_row const& venue,
                          util::millis now) {
    core::venue_package package{venue.id, util::iso8601(now), sittings.of_venue(venue.id),
                                venue.name};
    std::string about;
    for (auto const& s : package.sittings)
        about += (about.empty() ? "" : ", ") + s.sitting.id + " (" +
                 util::iso8601(s.sitting.starts_at) + ")";
    auto certificate = crypto::certificate_from_pem(venue.certificate);
    return seal_package(package, about.empty() ? "no sittings" : "sittings " + about,
                        certificate.get(), authority.package_signer());
}

signed_letter paper_key_for(store::centre_sittings& sittings,
                            venue_authority const& authority,
                            store::venue_row const& venue,
                            std::string const& sitting,
                            util::millis now,
                            util::millis early) {
    auto s = sittings.find(sitting);
    if (!s || s->sitting.venue != venue.id)
        throw std::invalid_argument("venue " + venue.id + " has no sitting " + sitting);
    auto from = s->sitting.starts_at - early;
    if (now < from)
        throw key_not_yet("the paper key of sitting " + sitting + " is given from " +
                              util::iso8601(from) + " (its start" +
                              (early ? ", less the time allowed to carry it" : "") + "), in " +
                              std::to_string((from - now + 59'999) / 60'000) + " minutes",
                          from);
    auto certificate = crypto::certificate_from_pem(venue.certificate);
    return seal_paper_key({venue.id, sitting, sittings.release_key(sitting)}, certificate.get(),
                          authority.package_signer());
}

} // namespace craftmark::centre
