#include "server/centre/package_seal.hpp"

#include "shared/crypto/cms.hpp"
#include "shared/crypto/envelope.hpp"

namespace craftmark::centre {
namespace {

signed_letter seal(std::string const& format,
                   std::string const& venue,
                   std::string const& about,
                   std::string const& contents,
                   X509* venue_certificate,
                   venue_authority::signer const& centre) {
    auto text =
        core::letter_text({format, venue, about, crypto::cms_encrypt(contents, venue_certificate)});
    return {text, crypto::cms_sign_detached(text, centre.certificate.get(), centre.key.get())};
}

/// What `read` makes of its text; a text it refuses refuses the letter.
template <class Read> auto read_or_refuse(Read read, std::string_view text) {
    try {
        return read(text);
    } catch (std::invalid_argument const& e) {
        throw letter_refused(e.what());
    }
}

/// The letter's contents, once its signature, its venue and its envelope are all right.
std::string open(signed_letter const& letter, char const* format, venue_identity const& venue) {
    auto parsed = read_or_refuse(
        [format](std::string_view text) { return core::parse_letter(text, format); }, letter.text);
    if (letter.seal.empty()) throw letter_refused("it has no signature (FILE.p7s beside it)");
    auto trust = crypto::trust_store(venue.ca_pem, false);
    auto check = crypto::cms_verify_detached(letter.text, letter.seal, trust.get());
    if (check.failure == crypto::cms_failure::content_changed)
        throw letter_refused("it was changed after the centre signed it");
    if (!check.ok())
        throw letter_refused("it is not signed by this venue's centre (" + check.detail + ")");
    if (common_name(check.signer.get()) != package_signer_name)
        throw letter_refused("it is signed by " + common_name(check.signer.get()) +
                             ", not by the centre");
    if (parsed.venue != venue.venue_id)
        throw letter_refused("it is for venue " + parsed.venue + ", and this is venue " +
                             venue.venue_id);
    auto contents = crypto::cms_decrypt(parsed.sealed, venue.certificate.get(), venue.key.get());
    if (!contents) throw letter_refused("this venue's key does not open it");
    return *contents;
}

} // namespace

signed_letter seal_package(core::venue_package const& package,
                           std::string const& about,
                           X509* venue_certificate,
                           venue_authority::signer const& centre) {
    return seal(core::venue_package_format, package.venue, about,
                core::package_contents_text(package), venue_certificate, centre);
}

core::venue_package open_package(signed_letter const& letter, venue_identity const& venue) {
    auto package = read_or_refuse(core::parse_package_contents,
                                  open(letter, core::venue_package_format, venue));
    if (package.venue != venue.venue_id)
        throw letter_refused("the package inside is for venue " + package.venue);
    return package;
}

signed_letter seal_paper_key(core::paper_key const& key,
                             X509* venue_certificate,
                             venue_authority::signer const& centre) {
    return seal(core::paper_key_format, key.venue, "the paper key of sitting " + key.sitting,
                core::paper_key_text(key), venue_certificate, centre);
}

core::paper_key open_paper_key(signed_letter const& letter, venue_identity const& venue) {
    auto key = read_or_refuse(core::parse_paper_key, open(letter, core::paper_key_format, venue));
    if (key.venue != venue.venue_id)
        throw letter_refused("the key inside is for venue " + key.venue);
    return key;
}

} // namespace craftmark::centre
