#pragma once
// Issues, revokes and re-signs certificates, and publishes what verifiers fetch as static files
// under <data>/public (no database lookup per verification):
//   c/<id>/summary.json, summary.jwt         the masked public view, and signed for the page
//   c/<id>/index.html                        the page, with the issuer's key set pinned in it
//   c/<id>/<gate key>/credential.json(.p7s)  the signed record, behind the knowledge gate
//   c/<id>/<gate key>/credential.jwt
//   c/<id>/<gate key>/certificate.pdf     the holder's PDF, signed, embedding credential.json(.p7s)
//   c/<id>/<gate key>/share.sd-jwt        what the holder's share links are made of (SD-JWT)
//   status/<n>.bits.gz(.p7s), status/<n>     status lists (openssl path, VC-JWT path)
#include "server/certificates/pki.hpp"
#include "shared/credential/status_list.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::certificates {

struct issue_report {
    std::vector<std::string> issued; // certificate ids
    int already_issued = 0;
    std::vector<std::string> refused; // "T002: did not pass (48 %)"
};

struct certificate_row {
    std::string id, number, sitting_id, ticket, holder, status, status_reason, kid;
    util::millis issued_at = 0;
    std::string seat; // in the sitting's room, for print runs in seat order
};

/// A person qualified over several venues' sittings (the centre's qualifications): their
/// certificate names the qualification (an occupation at a level), not a sitting.
struct qualified_person {
    std::string national_id, name, romanised_name;
    nlohmann::json assessment; // one of the qualification's assessments (occupation and level)
    std::string criteria;      // core::criteria_text of the qualification's rule
};

/// Called after each certificate with (done, total).
using progress_callback = std::function<void(std::size_t, std::size_t)>;

/// Status lists are re-signed at least this often, so verifiers can tell a current list.
inline constexpr util::millis status_list_max_age = 24 * 3600 * 1000;
/// How long a published status list says it is fresh (its validUntil): twice the age at which
/// the server re-signs it, so a running server's lists never run out, and a verifier can tell
/// a list that stopped being renewed.
inline constexpr util::millis status_list_lifetime = credential::status_list_fresh_seconds * 1000;
static_assert(status_list_lifetime == 2 * status_list_max_age);

class issuer {
  public:
    issuer(SQLite::Database& db, std::filesystem::path data_dir, util::clock const& clock);

    /// Certificates for the passing candidates of a sitting (or one of them). Candidates who did
    /// not pass, or whose results are not final, are listed as refused; already-issued ones are
    /// counted, not issued twice.
    issue_report issue(std::string const& sitting_id,
                       std::optional<std::string> const& ticket,
                       std::string const& actor,
                       progress_callback const& progress = {});

    /// Certificates for people qualified at the centre, one per person and qualification
    /// (recorded under the sitting "centre:<occupation code>/<level>" with the person's national
    /// ID as the ticket); a person who holds it already is counted.
    issue_report issue_qualified(std::vector<qualified_person> const& people,
                                 std::string const& actor,
                                 progress_callback const& progress = {});

    /// Award certificates (Open Badges "Award") for a competition skill's medallists once every
    /// module is revealed, and the skill's level certificate for the medals the event names.
    issue_report issue_awards(std::string const& event_id,
                              std::string const& skill_id,
                              std::string const& actor);

    /// status: "revoked" (final), "suspended", or "active" (unsuspend). Re-signs the lists.
    void set_status(std::string const& id_or_number,
                    std::string const& status,
                    std::string const& reason,
                    std::string const& actor);

    /// New signatures (current key) for every certificate a key signed, e.g. after revoking it;
    /// returns how many. All status lists are re-signed too.
    std::size_t resign_signed_by(std::string const& kid, std::string const& actor);

    /// Re-signs status lists last signed before now − max_age (all lists when max_age is 0).
    std::size_t publish_status_lists(util::millis max_age = 0);

    /// Writes the signed PDF of every published certificate that has none (published before
    /// PDFs were kept with the record); returns how many.
    std::size_t publish_missing_pdfs();

    std::vector<certificate_row> list(std::string const& sitting_id) const;
    /// The folder of a certificate's published record (credential, signatures, PDF).
    std::filesystem::path record(std::string const& id) const;
    /// The canonical signed document of a certificate.
    std::optional<std::string> document(std::string const& id_or_number) const;

    pki& keys() { return pki_; }

  private:
    void publish_certificate(std::string const& id, std::string const& document, signer const& s);
    void publish_status_list(long list, signer const& s);
    void write_pdf(std::filesystem::path const& record, signer const& s);
    std::filesystem::path record(std::string const& id, nlohmann::json const& credential) const;
    /// Lists last signed more than `max_age` ago (all lists when it is 0).
    std::vector<long> status_lists_due(util::millis max_age);
    void log_signature(std::string const& subject, std::string const& kid);

    SQLite::Database& db_;
    std::filesystem::path data_dir_;
    util::clock const& clock_;
    pki pki_;
};

} // namespace craftmark::certificates
