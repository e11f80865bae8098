#pragma once
// Keys, certificates and CRLs built with OpenSSL's X509 API (no openssl command line needed).
#include "shared/crypto/openssl_types.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace craftmark::crypto {

/// A new ECDSA P-256 key.
pkey_ptr make_p256_key();

/// Subject fields in order, e.g. {{"C","CN"},{"O","…"},{"CN","…"}}; values are UTF-8.
using name_fields = std::vector<std::pair<std::string, std::string>>;

/// An unsigned X.509 v3 certificate for `key` with a random positive 128-bit serial, valid from
/// an hour ago for `valid_days`. `issuer` null means self-issued. Add extensions, then sign.
x509_ptr make_certificate(EVP_PKEY* key, name_fields const& subject, X509* issuer, long valid_days);

/// Adds one extension in openssl.cnf syntax, e.g. (NID_key_usage, "critical,keyCertSign").
void add_extension(X509* cert, X509* issuer, int nid, std::string const& value);

/// Signs with SHA-256.
void sign_certificate(X509* cert, EVP_PKEY* issuer_key);

/// A signing certificate's serial number as upper-case hex (the form openssl prints).
std::string serial_hex(X509 const* cert);

/// SHA-256 of the DER certificate as openssl prints it: "AB:CD:…".
std::string fingerprint_sha256(X509* cert);

/// The first URI in the subject alternative name, or "".
std::string san_uri(X509* cert);

/// The subject as one line, UTF-8 ("C=CN, O=…, CN=…").
std::string subject_line(X509* cert);

/// One revoked certificate on a CRL.
struct revoked_entry {
    std::string serial_hex;
    std::int64_t revoked_at_unix = 0;
    std::string reason; // keyCompromise, superseded, cessationOfOperation, unspecified…
};

/// The CRL reason code for a name (keyCompromise, superseded, …); throws
/// std::invalid_argument listing the accepted names.
int crl_reason_code(std::string const& reason);

/// A CRL signed by `ca` with `ca_key`: this update now, next update in `next_update_days`.
x509_crl_ptr make_crl(X509* ca,
                      EVP_PKEY* ca_key,
                      std::vector<revoked_entry> const& revoked,
                      long crl_number,
                      long next_update_days);

std::string to_pem(X509* cert);
std::string to_pem(X509_CRL* crl);
/// Unencrypted PKCS#8 PEM; callers store it owner-only.
std::string private_key_pem(EVP_PKEY* key);

x509_ptr certificate_from_pem(std::string const& pem);
x509_crl_ptr crl_from_pem(std::string const& pem);
pkey_ptr private_key_from_pem(std::string const& pem);

} // namespace craftmark::crypto
