#include "server/certificates/pki.hpp"

#include "server/certificates/time_zone.hpp"
#include "server/certificates/verification_pages.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/crypto/x509.hpp"
#include "shared/util/files.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <openssl/x509v3.h>

namespace craftmark::certificates {
namespace {

namespace fs = std::filesystem;

void make_private_dir(fs::path const& dir) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all);
}

std::string year_of(util::millis at) {
    std::time_t t = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return std::to_string(1900 + tm.tm_year);
}

} // namespace

pki::pki(SQLite::Database& db, fs::path data_dir, util::clock const& clock)
    : db_(db), data_dir_(std::move(data_dir)), clock_(clock) {}

fs::path pki::root_key_path() const {
    return data_dir_ / "credentials" / "root" / "root.key";
}
fs::path pki::public_dir() const {
    return data_dir_ / "public" / "pki";
}

bool pki::initialised() const {
    return profile().has_value();
}

std::optional<issuer_profile> pki::profile() const {
    SQLite::Statement q(db_, "SELECT name, organization_identifier, issuer_id, base_url, "
                             "number_prefix, time_zone FROM issuer");
    if (!q.executeStep()) return std::nullopt;
    return issuer_profile{q.getColumn(0).getString(), q.getColumn(1).getString(),
                          q.getColumn(2).getString(), q.getColumn(3).getString(),
                          q.getColumn(4).getString(), q.getColumn(5).getString()};
}

void pki::init(issuer_profile const& p, std::string const& actor) {
    if (initialised())
        throw std::runtime_error(
            "a certificate PKI already exists; use `pki rotate` for a new key");
    if (p.name.empty() || p.issuer_id.rfind("https://", 0) != 0 ||
        p.base_url.rfind("https://", 0) != 0)
        throw std::invalid_argument(
            "an issuing body needs a name, and https:// URLs for its issuer id "
            "and the verification site");
    if (!is_time_zone(p.time_zone))
        throw std::invalid_argument("unknown time zone \"" + p.time_zone +
                                    "\": give an IANA name such as Asia/Shanghai");
    // X.509 names allow 64 characters for O= (RFC 5280 ub-organization-name).
    auto characters = std::count_if(p.name.begin(), p.name.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    if (characters > 64)
        throw std::invalid_argument(
            "the issuing body's name has " + std::to_string(characters) +
            " characters; certificates allow 64 (use --name with a shorter form)");
    make_private_dir(data_dir_ / "credentials" / "root");
    make_private_dir(data_dir_ / "credentials" / "keys");
    fs::create_directories(public_dir() / "signing");

    auto root_key = crypto::make_p256_key();
    auto root = crypto::make_certificate(root_key.get(),
                                         {{"C", "CN"}, {"O", p.name}, {"CN", "Credential Root CA"}},
                                         nullptr, 20 * 365);
    crypto::add_extension(root.get(), nullptr, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    crypto::add_extension(root.get(), nullptr, NID_key_usage, "critical,keyCertSign,cRLSign");
    crypto::add_extension(root.get(), nullptr, NID_subject_key_identifier, "hash");
    crypto::sign_certificate(root.get(), root_key.get());
    util::write_file_atomically(root_key_path(), crypto::private_key_pem(root_key.get()),
                                util::file_kind::secret);
    util::write_file_atomically(root_key_path().parent_path() / "root.pem",
                                crypto::to_pem(root.get()));
    util::write_file_atomically(public_dir() / "root.pem", crypto::to_pem(root.get()));

    store::write_transaction tx(db_);
    SQLite::Statement q(db_,
                        "INSERT INTO issuer (only_row, name, organization_identifier, issuer_id, "
                        "base_url, number_prefix, time_zone) VALUES (1, ?, ?, ?, ?, ?, ?)");
    q.bind(1, p.name);
    q.bind(2, p.organization_identifier);
    q.bind(3, p.issuer_id);
    q.bind(4, p.base_url);
    q.bind(5, p.number_prefix);
    q.bind(6, p.time_zone);
    q.exec();
    store::append_audit(
        db_,
        {actor,
         "pki.init",
         p.issuer_id,
         {{"name", p.name}, {"root_sha256", crypto::sha256_hex(crypto::to_pem(root.get()))}}},
        clock_.now());
    new_signing_key(root_key, root.get(), p, actor);
    write_crl(root_key, root.get());
    tx.commit();
    publish_key_set();
}

std::string pki::new_signing_key(crypto::pkey_ptr const& root_key,
                                 X509* root,
                                 issuer_profile const& p,
                                 std::string const& actor) {
    std::string year = year_of(clock_.now());
    SQLite::Statement count(db_, "SELECT COUNT(*) FROM signing_keys WHERE kid LIKE ?");
    count.bind(1, year + "-%");
    count.executeStep();
    std::string kid = year + "-" + std::to_string(count.getColumn(0).getInt() + 1);

    auto key = crypto::make_p256_key();
    crypto::name_fields subject = {{"C", "CN"}};
    if (!p.organization_identifier.empty())
        subject.emplace_back("organizationIdentifier", p.organization_identifier);
    subject.emplace_back("O", p.name);
    subject.emplace_back("CN", "Credential Signing Key " + kid);
    // Long validity: `openssl cms -verify` checks the chain at today's date, so a signing
    // certificate must outlive what it signs; a key is retired by rotation, not by expiry.
    auto cert = crypto::make_certificate(key.get(), subject, root, 10 * 365);
    crypto::add_extension(cert.get(), root, NID_basic_constraints, "critical,CA:FALSE");
    crypto::add_extension(cert.get(), root, NID_key_usage,
                          "critical,digitalSignature,nonRepudiation");
    crypto::add_extension(cert.get(), root, NID_subject_key_identifier, "hash");
    crypto::add_extension(cert.get(), root, NID_authority_key_identifier, "keyid:always");
    crypto::add_extension(cert.get(), root, NID_subject_alt_name, "URI:" + p.issuer_id);
    crypto::add_extension(cert.get(), root, NID_crl_distribution_points,
                          "URI:" + p.base_url + "/pki/root.crl.pem");
    crypto::sign_certificate(cert.get(), root_key.get());

    auto keys = data_dir_ / "credentials" / "keys";
    util::write_file_atomically(keys / (kid + ".key"), crypto::private_key_pem(key.get()),
                                util::file_kind::secret);
    util::write_file_atomically(keys / (kid + ".pem"), crypto::to_pem(cert.get()));
    util::write_file_atomically(public_dir() / "signing" / (kid + ".pem"),
                                crypto::to_pem(cert.get()));
    SQLite::Statement q(db_, "INSERT INTO signing_keys (kid, serial, certificate, created_at) "
                             "VALUES (?, ?, ?, ?)");
    q.bind(1, kid);
    q.bind(2, crypto::serial_hex(cert.get()));
    q.bind(3, crypto::to_pem(cert.get()));
    q.bind(4, static_cast<std::int64_t>(clock_.now()));
    q.exec();
    store::append_audit(db_, {actor, "pki.key", kid, {{"serial", crypto::serial_hex(cert.get())}}},
                        clock_.now());
    return kid;
}

void pki::write_crl(crypto::pkey_ptr const& root_key, X509* root) {
    std::vector<crypto::revoked_entry> revoked;
    SQLite::Statement q(db_, "SELECT serial, revoked_at, revoke_reason FROM signing_keys "
                             "WHERE revoked_at > 0 ORDER BY kid");
    while (q.executeStep())
        revoked.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64() / 1000,
                           q.getColumn(2).getString()});
    db_.exec("UPDATE issuer SET crl_number = crl_number + 1");
    long number = db_.execAndGet("SELECT crl_number FROM issuer").getInt();
    auto crl = crypto::make_crl(root, root_key.get(), revoked, number, crl_validity_days);
    std::string root_pem = crypto::to_pem(root);
    std::string crl_pem = crypto::to_pem(crl.get());
    util::write_file_atomically(public_dir() / "root.crl.pem", crl_pem);
    util::write_file_atomically(public_dir() / "trust.pem", root_pem + crl_pem);
}

crypto::pkey_ptr pki::load_root_key(fs::path const& path) const {
    if (!fs::exists(path))
        throw std::runtime_error("the root key is not at " + path.string() +
                                 " (bring it from offline storage, or pass --root-key)");
    auto key = crypto::private_key_from_pem(util::read_file(path));
    auto root = root_certificate();
    if (X509_check_private_key(root.get(), key.get()) != 1)
        throw std::runtime_error(path.string() + " is not the key of this PKI's root");
    return key;
}

crypto::x509_ptr pki::root_certificate() const {
    return crypto::certificate_from_pem(util::read_file(public_dir() / "root.pem"));
}

std::string pki::rotate(fs::path const& root_key_file, std::string const& actor) {
    auto p = profile();
    if (!p) throw std::runtime_error("no certificate PKI yet: run `craftmark pki init` first");
    auto root_key = load_root_key(root_key_file);
    auto root = root_certificate();
    store::write_transaction tx(db_);
    std::string kid = new_signing_key(root_key, root.get(), *p, actor);
    tx.commit();
    publish_key_set();
    return kid;
}

void pki::revoke_key(fs::path const& root_key_file,
                     std::string const& kid,
                     std::string const& reason,
                     std::string const& actor) {
    auto p = profile();
    if (!p) throw std::runtime_error("no certificate PKI yet: run `craftmark pki init` first");
    auto root_key = load_root_key(root_key_file);
    auto root = root_certificate();
    crypto::crl_reason_code(reason); // refuse an unknown reason before anything changes
    store::write_transaction tx(db_);
    SQLite::Statement q(db_, "UPDATE signing_keys SET revoked_at = ?, revoke_reason = ? "
                             "WHERE kid = ? AND revoked_at = 0");
    q.bind(1, static_cast<std::int64_t>(clock_.now()));
    q.bind(2, reason);
    q.bind(3, kid);
    if (q.exec() != 1)
        throw std::invalid_argument("no signing key \"" + kid + "\" that is not already revoked");
    store::append_audit(db_, {actor, "pki.revoke_key", kid, {{"reason", reason}}}, clock_.now());
    bool usable_key_left =
        db_.execAndGet("SELECT COUNT(*) FROM signing_keys WHERE revoked_at = 0").getInt() > 0;
    if (!usable_key_left) new_signing_key(root_key, root.get(), *p, actor);
    write_crl(root_key, root.get());
    tx.commit();
    publish_key_set();
}

void pki::refresh_crl(fs::path const& root_key_file) {
    auto root_key = load_root_key(root_key_file);
    auto root = root_certificate();
    store::write_transaction tx(db_);
    write_crl(root_key, root.get());
    tx.commit();
}

std::vector<signing_key_info> pki::keys() const {
    SQLite::Statement q(db_, "SELECT kid, serial, created_at, revoked_at, revoke_reason "
                             "FROM signing_keys ORDER BY created_at, kid");
    std::vector<signing_key_info> out;
    while (q.executeStep())
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                       q.getColumn(2).getInt64(), q.getColumn(3).getInt64(),
                       q.getColumn(4).getString()});
    return out;
}

signer pki::current_signer() const {
    SQLite::Statement q(db_, "SELECT kid FROM signing_keys WHERE revoked_at = 0 "
                             "ORDER BY created_at DESC, kid DESC LIMIT 1");
    if (!q.executeStep())
        throw std::runtime_error(
            "no usable signing key: run `craftmark pki init` (or `pki rotate`)");
    std::string kid = q.getColumn(0).getString();
    auto keys = data_dir_ / "credentials" / "keys";
    return {kid, crypto::certificate_from_pem(util::read_file(keys / (kid + ".pem"))),
            crypto::private_key_from_pem(util::read_file(keys / (kid + ".key")))};
}

void pki::publish_key_set() const {
    auto p = profile();
    if (!p) return;
    // Only an issuer id under the verification site can be served by it; one elsewhere (the
    // issuing body's own site) must serve its Profile there.
    std::string issuers = p->base_url + "/issuers/";
    std::string name = p->issuer_id.starts_with(issuers) ? p->issuer_id.substr(issuers.size()) : "";
    bool served_here =
        !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789._-") == std::string::npos;
    fs::path issuer_dir = data_dir_ / "public" / "issuers" / name;
    if (served_here) {
        fs::remove_all(issuer_dir / "keys"); // revoked keys' files go
        fs::create_directories(issuer_dir / "keys");
    }
    nlohmann::json key_set = {{"keys", nlohmann::json::array()}};
    SQLite::Statement q(db_, "SELECT kid, certificate FROM signing_keys WHERE revoked_at = 0 "
                             "ORDER BY created_at, kid");
    while (q.executeStep()) {
        std::string kid = q.getColumn(0).getString();
        auto certificate = crypto::certificate_from_pem(q.getColumn(1).getString());
        std::string jwk = crypto::es256_public_jwk(X509_get0_pubkey(certificate.get()),
                                                   p->issuer_id + "/keys/" + kid);
        key_set["keys"].push_back(nlohmann::json::parse(jwk));
        if (served_here)
            util::write_file_atomically(issuer_dir / "keys" / (kid + ".json"), jwk,
                                        util::file_kind::regenerable);
    }
    util::write_file_atomically(public_dir() / "jwks.json", key_set.dump(),
                                util::file_kind::regenerable);
    publish_verification_pages(data_dir_ / "public"); // they pin the key set
    if (served_here) {
        nlohmann::json issuer = {{"@context",
                                  {"https://www.w3.org/ns/credentials/v2",
                                   "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
                                 {"id", p->issuer_id},
                                 {"type", {"Profile"}},
                                 {"name", p->name},
                                 {"url", p->base_url}};
        util::write_file_atomically(issuer_dir / "profile.json", issuer.dump(),
                                    util::file_kind::regenerable);
    }
}

std::string pki::trust_pem() const {
    return util::read_file(public_dir() / "trust.pem");
}

} // namespace craftmark::certificates
