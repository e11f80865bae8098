#include "server/certificates/issuer.hpp"

#include "server/certificates/certificate_batch.hpp"
#include "server/certificates/gate_key.hpp"
#include "server/certificates/pdf.hpp"
#include "server/certificates/verification_pages.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/core/qualification/certificate_status.hpp"
#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "server/store/results.hpp"
#include "shared/credential/canonical_json.hpp"
#include "shared/credential/holder_share.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/credential/status_list.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/crypto/x509.hpp"
#include "shared/util/files.hpp"
#include "shared/util/time_text.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cmath>
#include <cstdio>
#include <set>

namespace craftmark::certificates {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using util::file_kind;

credential::status_list load_list(SQLite::Database& db, long list) {
    SQLite::Statement q(db, "SELECT bits FROM status_lists WHERE id = ?");
    q.bind(1, list);
    if (!q.executeStep()) throw std::runtime_error("no status list " + std::to_string(list));
    auto column = q.getColumn(0);
    return credential::status_list::from_bytes(std::string(
        static_cast<char const*>(column.getBlob()), static_cast<std::size_t>(column.getBytes())));
}

void store_entry(SQLite::Database& db, long list, long index, unsigned size, unsigned value) {
    auto bits = load_list(db, list);
    bits.set_entry(static_cast<std::size_t>(index), size, value);
    SQLite::Statement q(db, "UPDATE status_lists SET bits = ? WHERE id = ?");
    q.bind(1, bits.bytes().data(), static_cast<int>(bits.bytes().size()));
    q.bind(2, list);
    q.exec();
}

/// Why a candidate's results do not earn the qualification's certificate, or "" when they do.
std::string refusal(store::result_row const& row) {
    return row.qualification.value("passed", false) ? ""
                                                    : row.qualification.value("why", "no result");
}

/// Whether the person already holds this qualification's certificate, from any of its sittings.
bool already_issued(SQLite::Database& db,
                    store::qualification const& q,
                    std::string const& sitting_id,
                    store::result_row const& row) {
    SQLite::Statement existing(
        db, row.national_id.empty()
                ? "SELECT sitting_id FROM certificates WHERE kind = 'qualification' AND "
                  "sitting_id = ? AND ticket = ?"
                : "SELECT c.sitting_id FROM certificates c JOIN candidates k ON k.ticket = "
                  "c.ticket WHERE c.kind = 'qualification' AND k.national_id = ?");
    if (row.national_id.empty()) {
        existing.bind(1, sitting_id);
        existing.bind(2, row.ticket);
    } else {
        existing.bind(1, row.national_id);
    }
    while (existing.executeStep())
        if (q.component_of_sitting.count(existing.getColumn(0).getString())) return true;
    return false;
}

// The VC-JWT claims mirror the credential (VC-JWT mapping): iss the issuer, jti the id, nbf
// validFrom, exp validUntil, sub the subject's id. So re-signing with a new key changes no
// claim. A certificate's subject has no id (no national ID, no DID: the holder is named), so a
// certificate's JWT has no sub; a status list's subject is the list.
json jwt_payload(json credential) {
    auto seconds = [&](char const* field) {
        auto at = util::parse_iso8601(credential.at(field).get<std::string>());
        if (!at) throw std::runtime_error(std::string(field) + " is not an ISO 8601 UTC time");
        return *at / 1000;
    };
    auto issuer = credential["issuer"];
    credential["iss"] = issuer.is_object() ? issuer["id"] : issuer;
    credential["jti"] = credential["id"];
    credential["nbf"] = seconds("validFrom");
    if (credential.contains("validUntil")) credential["exp"] = seconds("validUntil");
    if (credential["credentialSubject"].contains("id"))
        credential["sub"] = credential["credentialSubject"]["id"];
    return credential;
}

} // namespace

issuer::issuer(SQLite::Database& db, fs::path data_dir, util::clock const& clock)
    : db_(db), data_dir_(std::move(data_dir)), clock_(clock), pki_(db, data_dir_, clock) {}

void issuer::log_signature(std::string const& subject, std::string const& kid) {
    SQLite::Statement q(db_, "INSERT INTO signing_log (subject, kid, signed_at) VALUES (?, ?, ?)");
    q.bind(1, subject);
    q.bind(2, kid);
    q.bind(3, static_cast<std::int64_t>(clock_.now()));
    q.exec();
}

issue_report issuer::issue(std::string const& sitting_id,
                           std::optional<std::string> const& ticket,
                           std::string const& actor,
                           progress_callback const& progress) {
    auto profile = pki_.profile();
    if (!profile)
        throw std::runtime_error("no certificate PKI yet: run `craftmark pki init` first");
    auto a = certified_assessment(db_, sitting_id);
    auto s = pki_.current_signer();
    auto qualification = store::qualification_of(db_, sitting_id);
    auto criteria = core::criteria_text(qualification.rule);
    std::vector<store::result_row> rows;
    for (auto& row : store::sitting_results(db_, sitting_id))
        if (!ticket || row.ticket == *ticket) rows.push_back(std::move(row));
    if (ticket && rows.empty())
        throw std::invalid_argument("candidate " + *ticket + " has no attempt in sitting " +
                                    sitting_id);

    issue_report report;
    store::write_transaction tx(db_);
    certificate_batch batch(db_, *profile, clock_.now());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto const& row = rows[i];
        if (already_issued(db_, qualification, sitting_id, row)) {
            ++report.already_issued;
        } else if (auto why = refusal(row); !why.empty()) {
            report.refused.push_back(row.ticket + ": " + why);
        } else {
            auto f = facts_of(*profile, a, row.name);
            f.holder_romanised = row.romanised_name;
            f.criteria = criteria;
            publish_certificate(
                f.id, batch.record(f, sitting_id, row.ticket, "qualification", s.kid, actor), s);
            report.issued.push_back(f.id);
        }
        if (progress) progress(i + 1, rows.size());
    }
    for (long list : batch.new_lists()) publish_status_list(list, s);
    tx.commit();
    return report;
}

issue_report issuer::issue_qualified(std::vector<qualified_person> const& people,
                                     std::string const& actor,
                                     progress_callback const& progress) {
    auto profile = pki_.profile();
    if (!profile)
        throw std::runtime_error("no certificate PKI yet: run `craftmark-centre certificates "
                                 "init` first");
    auto s = pki_.current_signer();
    issue_report report;
    store::write_transaction tx(db_);
    certificate_batch batch(db_, *profile, clock_.now());
    SQLite::Statement held(db_, "SELECT 1 FROM certificates WHERE sitting_id = ? AND ticket = ? "
                                "AND kind = 'qualification'");
    for (std::size_t i = 0; i < people.size(); ++i) {
        auto const& p = people[i];
        auto a = core::assessment_from_json(p.assessment);
        auto qualification = "centre:" + a.occupation_code + "/" + a.level;
        held.bind(1, qualification);
        held.bind(2, p.national_id);
        bool already = held.executeStep();
        held.reset();
        if (already) {
            ++report.already_issued;
        } else {
            auto f = facts_of(*profile, a, p.name);
            f.holder_romanised = p.romanised_name;
            f.criteria = p.criteria;
            publish_certificate(
                f.id, batch.record(f, qualification, p.national_id, "qualification", s.kid, actor),
                s);
            report.issued.push_back(f.id);
        }
        if (progress) progress(i + 1, people.size());
    }
    for (long list : batch.new_lists()) publish_status_list(list, s);
    tx.commit();
    return report;
}

void issuer::publish_certificate(std::string const& id,
                                 std::string const& document,
                                 signer const& s) {
    auto credential = json::parse(document);
    std::string p7s = crypto::cms_sign_detached(document, s.certificate.get(), s.key.get());
    auto profile = pki_.profile();
    json header = {{"alg", "ES256"}, {"kid", profile->issuer_id + "/keys/" + s.kid}};
    std::string jwt = crypto::es256_sign_compact(
        header.dump(), credential::canonical_json(jwt_payload(credential)), s.key.get());
    log_signature("certificate:" + id, s.kid);

    // The record lives behind the gate key of the name on the ID card; the gate keys of the
    // romanised name and of the number are links to it.
    fs::path dir = data_dir_ / "public" / "c" / id;
    fs::path record = this->record(id, credential);
    fs::create_directories(record);
    auto typed = credential::holder_names_of(credential);
    typed.push_back(credential::number_of(credential));
    for (auto const& text : typed)
        if (fs::path link = dir / gate_key(id, text); !fs::exists(link) && !fs::is_symlink(link))
            fs::create_directory_symlink(record.filename(), link);
    util::write_file_atomically(record / "credential.json", document, file_kind::regenerable);
    util::write_file_atomically(record / "credential.json.p7s", p7s, file_kind::regenerable);
    util::write_file_atomically(record / "credential.jwt", jwt, file_kind::regenerable);
    util::write_file_atomically(
        record / "share.sd-jwt",
        credential::holder_share_sd_jwt(credential, header.dump(), s.key.get()),
        file_kind::regenerable);
    write_pdf(record, s); // it embeds the files just written
    auto summary = credential::public_summary(credential);
    util::write_file_atomically(dir / "summary.json", summary.dump(), file_kind::regenerable);
    // The page shows the summary only from this signed copy (it holds no full name).
    util::write_file_atomically(
        dir / "summary.jwt",
        crypto::es256_sign_compact(header.dump(), credential::canonical_json(summary), s.key.get()),
        file_kind::regenerable);
    publish_certificate_page(data_dir_ / "public", id);
}

void issuer::publish_status_list(long list, signer const& s) {
    auto bits = load_list(db_, list);
    SQLite::Statement purpose_of(db_, "SELECT purpose FROM status_lists WHERE id = ?");
    purpose_of.bind(1, list);
    purpose_of.executeStep();
    std::string purpose = purpose_of.getColumn(0).getString();
    auto profile = pki_.profile();
    std::string gz = bits.gzip();
    std::string url = profile->base_url + "/status/" + std::to_string(list);
    util::millis now = clock_.now();
    json vc = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
               {"id", url},
               {"type", {"VerifiableCredential", "BitstringStatusListCredential"}},
               {"issuer", profile->issuer_id},
               {"validFrom", util::iso8601(now)},
               {"validUntil", util::iso8601(now + status_list_lifetime)},
               {"credentialSubject",
                {{"id", url + "#list"},
                 {"type", "BitstringStatusList"},
                 {"statusPurpose", purpose},
                 {"encodedList", "u" + crypto::base64url_encode(gz)}}}};
    json header = {{"alg", "ES256"}, {"kid", profile->issuer_id + "/keys/" + s.kid}};
    fs::path dir = data_dir_ / "public" / "status";
    fs::create_directories(dir);
    std::string name = std::to_string(list);
    util::write_file_atomically(dir / (name + ".bits.gz"), gz, file_kind::regenerable);
    util::write_file_atomically(dir / (name + ".bits.gz.p7s"),
                                crypto::cms_sign_detached(gz, s.certificate.get(), s.key.get()),
                                file_kind::regenerable);
    util::write_file_atomically(
        dir / name,
        crypto::es256_sign_compact(header.dump(), credential::canonical_json(jwt_payload(vc)),
                                   s.key.get()),
        file_kind::regenerable);
    SQLite::Statement q(db_, "UPDATE status_lists SET signed_at = ? WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(now));
    q.bind(2, list);
    q.exec();
    log_signature("status:" + name, s.kid);
}

std::vector<long> issuer::status_lists_due(util::millis max_age) {
    std::vector<long> due;
    SQLite::Statement q(db_,
                        "SELECT id FROM status_lists WHERE ? = 0 OR signed_at < ? ORDER BY id");
    q.bind(1, static_cast<std::int64_t>(max_age));
    q.bind(2, static_cast<std::int64_t>(clock_.now() - max_age));
    while (q.executeStep()) due.push_back(q.getColumn(0).getInt());
    return due;
}

std::size_t issuer::publish_status_lists(util::millis max_age) {
    auto due = status_lists_due(max_age);
    if (due.empty()) return 0;
    auto s = pki_.current_signer();
    store::write_transaction tx(db_);
    for (long list : due) publish_status_list(list, s);
    tx.commit();
    return due.size();
}

void issuer::set_status(std::string const& id_or_number,
                        std::string const& status,
                        std::string const& reason,
                        std::string const& actor) {
    if (reason.empty()) throw std::invalid_argument("give a reason (it goes on the record)");
    auto s = pki_.current_signer();
    store::write_transaction tx(db_);
    SQLite::Statement q(db_, "SELECT id, status, message_list, message_index, revocation_list, "
                             "revocation_index, suspension_list, suspension_index FROM "
                             "certificates WHERE id = ? OR number = ?");
    q.bind(1, id_or_number);
    q.bind(2, id_or_number);
    if (!q.executeStep()) throw std::invalid_argument("no certificate \"" + id_or_number + "\"");
    std::string id = q.getColumn(0).getString(), current = q.getColumn(1).getString();
    auto change = core::certificate_status_change(id, current, status);
    std::vector<long> changed_lists;
    if (!q.isColumnNull(2)) { // one two-bit entry: 0 valid, 1 suspended, 2 revoked
        long list = q.getColumn(2).getInt(), index = q.getColumn(3).getInt();
        store_entry(db_, list, index, credential::status_message_bits,
                    change.revoked     ? 2
                    : change.suspended ? 1
                                       : 0);
        changed_lists = {list};
    } else { // issued before: a revocation bit and a suspension bit
        long revocation_list = q.getColumn(4).getInt(), revocation_index = q.getColumn(5).getInt();
        long suspension_list = q.getColumn(6).getInt(), suspension_index = q.getColumn(7).getInt();
        if (change.revoked) store_entry(db_, revocation_list, revocation_index, 1, 1);
        store_entry(db_, suspension_list, suspension_index, 1, change.suspended);
        changed_lists = {revocation_list, suspension_list};
    }
    q.reset();
    SQLite::Statement update(db_,
                             "UPDATE certificates SET status = ?, status_reason = ? WHERE id = ?");
    update.bind(1, status);
    update.bind(2, reason);
    update.bind(3, id);
    update.exec();
    store::append_audit(db_, {actor, change.action, id, {{"reason", reason}}}, clock_.now());
    for (long list : changed_lists) publish_status_list(list, s);
    tx.commit();
}

std::size_t issuer::resign_signed_by(std::string const& kid, std::string const& actor) {
    auto s = pki_.current_signer();
    std::vector<std::pair<std::string, std::string>> signed_by;
    SQLite::Statement q(db_,
                        "SELECT id, document FROM certificates WHERE kid = ? ORDER BY issued_at");
    q.bind(1, kid);
    while (q.executeStep())
        signed_by.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    store::write_transaction tx(db_);
    for (auto const& [id, document] : signed_by) {
        publish_certificate(id, document, s);
        SQLite::Statement update(db_, "UPDATE certificates SET kid = ? WHERE id = ?");
        update.bind(1, s.kid);
        update.bind(2, id);
        update.exec();
    }
    store::append_audit(
        db_, {actor, "certificate.resign", kid, {{"count", signed_by.size()}, {"new_key", s.kid}}},
        clock_.now());
    for (long list : status_lists_due(0)) publish_status_list(list, s);
    tx.commit();
    return signed_by.size();
}

std::vector<certificate_row> issuer::list(std::string const& sitting_id) const {
    SQLite::Statement q(
        db_, "SELECT c.id, c.number, c.sitting_id, c.ticket, IFNULL(k.name, ''), c.status, "
             "c.status_reason, c.kid, c.issued_at, IFNULL(k.seat, '') FROM certificates c "
             "LEFT JOIN candidates k ON k.ticket = c.ticket AND k.sitting_id = c.sitting_id "
             "WHERE ? = '' OR c.sitting_id = ? ORDER BY c.number");
    q.bind(1, sitting_id);
    q.bind(2, sitting_id);
    std::vector<certificate_row> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       q.getColumn(4).getString(), q.getColumn(5).getString(),
                       q.getColumn(6).getString(), q.getColumn(7).getString(),
                       q.getColumn(8).getInt64(), q.getColumn(9).getString()});
    return out;
}

fs::path issuer::record(std::string const& id, json const& credential) const {
    return data_dir_ / "public" / "c" / id / gate_key(id, credential::holder_name_of(credential));
}

fs::path issuer::record(std::string const& id) const {
    auto text = document(id);
    if (!text) throw std::invalid_argument("no certificate \"" + id + "\"");
    return record(id, json::parse(*text));
}

std::size_t issuer::publish_missing_pdfs() {
    std::vector<std::string> ids;
    SQLite::Statement q(db_, "SELECT id FROM certificates ORDER BY number");
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    std::size_t written = 0;
    std::optional<signer> s;
    for (auto const& id : ids) {
        fs::path dir = record(id);
        if (fs::exists(dir / "certificate.pdf") || !fs::exists(dir / "credential.json")) continue;
        if (!s) s = pki_.current_signer();
        write_pdf(dir, *s);
        ++written;
    }
    return written;
}

void issuer::write_pdf(fs::path const& record, signer const& s) {
    util::write_file_atomically(
        record / "certificate.pdf",
        render_certificate_pdf(printable_from_record(record),
                               {s.certificate.get(), s.key.get(), pki_.profile()->name}),
        file_kind::regenerable);
}

std::optional<std::string> issuer::document(std::string const& id_or_number) const {
    SQLite::Statement q(db_, "SELECT document FROM certificates WHERE id = ? OR number = ?");
    q.bind(1, id_or_number);
    q.bind(2, id_or_number);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

} // namespace craftmark::certificates
