#include "server/centre/venue_authority.hpp"

#include "server/core/centre/outbox_segment.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/dev_pki.hpp"
#include "shared/crypto/x509.hpp"

#include <fstream>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sstream>
#include <stdexcept>

namespace craftmark::centre {
namespace {

constexpr char ca_key_file[] = "venue-ca.key";
constexpr char ca_certificate_file[] = "venue-ca.pem";
constexpr char tls_key_file[] = "centre-tls.key";
constexpr char tls_certificate_file[] = "centre-tls.pem";
constexpr char packages_key_file[] = "centre-packages.key";
constexpr char packages_certificate_file[] = "centre-packages.pem";

std::string read_file(std::filesystem::path const& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_owner_only(std::filesystem::path const& p, std::string const& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + p.string());
    std::filesystem::permissions(p, std::filesystem::perms::owner_read |
                                        std::filesystem::perms::owner_write);
}

/// Every PEM block of one kind ("CERTIFICATE", "PRIVATE KEY") in `pem`, in order.
std::vector<std::string> pem_blocks(std::string const& pem, std::string const& kind) {
    std::vector<std::string> blocks;
    std::string begin = "-----BEGIN " + kind + "-----", end = "-----END " + kind + "-----";
    for (auto at = pem.find(begin); at != std::string::npos; at = pem.find(begin, at + 1)) {
        auto stop = pem.find(end, at);
        if (stop == std::string::npos) break;
        blocks.push_back(pem.substr(at, stop + end.size() - at) + "\n");
    }
    return blocks;
}

} // namespace

venue_authority::venue_authority(std::filesystem::path dir) : dir_(std::move(dir)) {}

bool venue_authority::exists() const {
    return std::filesystem::exists(dir_ / ca_certificate_file);
}

void venue_authority::create(std::string const& centre_name) {
    if (exists()) throw std::logic_error("the venue authority exists already in " + dir_.string());
    std::filesystem::create_directories(dir_);
    auto key = crypto::make_p256_key();
    auto ca = crypto::make_certificate(key.get(), {{"O", centre_name}, {"CN", centre_name}},
                                       nullptr, 3650);
    crypto::add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    crypto::add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    crypto::add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    crypto::sign_certificate(ca.get(), key.get());
    write_owner_only(dir_ / ca_key_file, crypto::private_key_pem(key.get()));
    write_owner_only(dir_ / ca_certificate_file, crypto::to_pem(ca.get()));
}

std::string venue_authority::ca_pem() const {
    return read_file(dir_ / ca_certificate_file);
}

/// A key and its certificate from the CA: an end entity (not a CA) for `extended_usage`, valid
/// for `days`, with `more` extensions (nid, value) besides.
venue_authority::signer
venue_authority::issue_leaf(crypto::name_fields const& subject,
                            std::string const& extended_usage,
                            long days,
                            std::vector<std::pair<int, std::string>> const& more) const {
    auto ca = crypto::certificate_from_pem(ca_pem());
    auto ca_key = crypto::private_key_from_pem(read_file(dir_ / ca_key_file));
    auto key = crypto::make_p256_key();
    auto cert = crypto::make_certificate(key.get(), subject, ca.get(), days);
    crypto::add_extension(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    crypto::add_extension(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    crypto::add_extension(cert.get(), ca.get(), NID_ext_key_usage, extended_usage);
    for (auto const& [nid, value] : more) crypto::add_extension(cert.get(), ca.get(), nid, value);
    crypto::sign_certificate(cert.get(), ca_key.get());
    return {std::move(cert), std::move(key)};
}

venue_authority::issued venue_authority::issue(std::string const& venue_id,
                                               std::string const& venue_name) const {
    core::check_venue_id(venue_id);
    // clientAuth for the upload's TLS, emailProtection because CMS checks S/MIME signing.
    auto leaf = issue_leaf({{"O", venue_name}, {"CN", venue_id}}, "clientAuth,emailProtection",
                           5 * 365, {{NID_authority_key_identifier, "keyid"}});
    auto certificate = crypto::to_pem(leaf.certificate.get());
    return {certificate, crypto::private_key_pem(leaf.key.get()) + certificate + ca_pem()};
}

void venue_authority::issue_centre_tls(std::vector<std::string> const& hosts) const {
    auto ca = crypto::certificate_from_pem(ca_pem());
    auto leaf = issue_leaf({{"CN", common_name(ca.get())}}, "serverAuth", 825,
                           {{NID_subject_alt_name, crypto::subject_alt_names(hosts)}});
    write_owner_only(dir_ / tls_key_file, crypto::private_key_pem(leaf.key.get()));
    write_owner_only(dir_ / tls_certificate_file,
                     crypto::to_pem(leaf.certificate.get()) + ca_pem());
}

venue_authority::signer venue_authority::package_signer() const {
    if (!std::filesystem::exists(dir_ / packages_certificate_file)) {
        auto ca = crypto::certificate_from_pem(ca_pem());
        auto leaf =
            issue_leaf({{"O", common_name(ca.get())}, {"CN", package_signer_name}},
                       "emailProtection", 5 * 365, {{NID_authority_key_identifier, "keyid"}});
        write_owner_only(dir_ / packages_key_file, crypto::private_key_pem(leaf.key.get()));
        write_owner_only(dir_ / packages_certificate_file, crypto::to_pem(leaf.certificate.get()));
    }
    return {crypto::certificate_from_pem(read_file(dir_ / packages_certificate_file)),
            crypto::private_key_from_pem(read_file(dir_ / packages_key_file))};
}

std::filesystem::path venue_authority::ca_path() const {
    return dir_ / ca_certificate_file;
}

std::filesystem::path venue_authority::tls_certificate_path() const {
    return dir_ / tls_certificate_file;
}

std::filesystem::path venue_authority::tls_key_path() const {
    return dir_ / tls_key_file;
}

venue_identity read_venue_file(std::string const& pem) {
    auto keys = pem_blocks(pem, "PRIVATE KEY");
    auto certificates = pem_blocks(pem, "CERTIFICATE");
    if (keys.size() != 1 || certificates.size() != 2)
        throw std::invalid_argument("not a venue file: it must hold one private key and two "
                                    "certificates (the venue's, then the centre's)");
    venue_identity id;
    try {
        id.key = crypto::private_key_from_pem(keys[0]);
        id.certificate = crypto::certificate_from_pem(certificates[0]);
    } catch (std::exception const& e) {
        throw std::invalid_argument(std::string("not a venue file: ") + e.what());
    }
    id.ca_pem = certificates[1];
    if (X509_check_private_key(id.certificate.get(), id.key.get()) != 1)
        throw std::invalid_argument("not a venue file: the key does not belong to the certificate");
    auto trust = crypto::trust_store(id.ca_pem, false);
    crypto::openssl_ptr<X509_STORE_CTX, X509_STORE_CTX_free> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), trust.get(), id.certificate.get(), nullptr) != 1)
        throw std::runtime_error("X509_STORE_CTX_init failed");
    if (X509_verify_cert(ctx.get()) != 1)
        throw std::invalid_argument(
            std::string("not a venue file: the venue's certificate is not the centre's (") +
            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())) + ")");
    id.venue_id = common_name(id.certificate.get());
    core::check_venue_id(id.venue_id);
    return id;
}

std::string common_name(X509* certificate) {
    X509_NAME* name = X509_get_subject_name(certificate);
    int at = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
    if (at < 0) return "";
    ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    unsigned char* utf8 = nullptr;
    int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0) return "";
    std::string cn(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return cn;
}

} // namespace craftmark::centre
