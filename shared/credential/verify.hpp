#pragma once
// Checks a certificate the way an employer's `openssl cms -verify … -crl_check` does, and then
// what openssl cannot: canonical form, issuer id = signing certificate's SAN URI, status bits.
#include "shared/credential/open_badge.hpp"
#include "shared/credential/status_list.hpp"
#include "shared/crypto/openssl_types.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace craftmark::crypto {
class cms_verifier;
}

namespace craftmark::credential {

enum class verdict {
    valid,
    malformed,       // not a certificate document, or the .p7s is not CMS
    tampered,        // the signature does not cover these bytes
    unknown_issuer,  // signed by a key that does not chain to the trusted root
    revoked_key,     // the signing key was revoked
    stale_crl,       // no current CRL to check the signing key against
    invalid_signer,  // expired or unsuitable signing certificate
    issuer_mismatch, // issuer.id differs from the signing certificate's SAN URI
    revoked,         // the certificate's revocation bit is set
    suspended,       // the certificate's suspension bit is set
};

/// Stable words for scripts and the JSON API ("valid", "tampered", …).
char const* verdict_name(verdict v);

struct verification {
    verdict result = verdict::malformed;
    std::string reason; // one line for people
    nlohmann::json credential;
    std::string signer;          // the signing certificate's subject
    std::int64_t signed_at = 0;  // CMS signingTime
    bool status_checked = false; // false when no status list could be consulted
    bool ok() const { return result == verdict::valid; }
};

/// The value of a status entry (a bit, or statusSize bits), nullopt when the list is not
/// available (or its own signature does not verify).
using status_lookup = std::function<std::optional<unsigned>(status_entry const&)>;

/// What a value of `entry` means: valid, revoked or suspended; nullopt for a value its purpose
/// does not define.
std::optional<verdict> status_meaning(status_entry const& entry, unsigned value);

/// A status list as published: its bits and when the issuer signed them.
struct signed_status_list {
    status_list list;
    std::int64_t signed_at = 0; // CMS signingTime, seconds since 1970
};

/// A list from its published bytes (<n>.bits.gz and <n>.bits.gz.p7s); nullopt when the bytes
/// are corrupt or the signature does not verify against `trust`.
std::optional<signed_status_list>
open_status_list(std::string_view gzip, std::string_view signature_der, X509_STORE* trust);

/// Published list `number` from `dir` (<n>.bits.gz and <n>.bits.gz.p7s); nullopt when a file is
/// missing or corrupt, or the signature does not verify against `trust`.
std::optional<status_list>
read_status_list(std::filesystem::path const& dir, long number, X509_STORE* trust);
/// The entry's value in `list`; nullopt when the entry is outside it.
std::optional<unsigned> status_value(status_list const& list, status_entry const& entry);

/// Reads published status lists from a folder (<n>.bits.gz with its <n>.bits.gz.p7s); a list
/// whose signature does not verify against `trust` counts as unavailable.
status_lookup status_files_lookup(std::filesystem::path dir, X509_STORE* trust);

/// Parses a credentialStatus array (or single object) into entries; throws on bad shape.
std::vector<status_entry> status_entries(nlohmann::json const& credential);

verification verify_certificate(std::string_view document,
                                std::string_view signature_der,
                                X509_STORE* trust,
                                status_lookup const& lookup);
/// The same, with the signing certificates already checked remembered (a service's path).
verification verify_certificate(std::string_view document,
                                std::string_view signature_der,
                                crypto::cms_verifier& verifier,
                                status_lookup const& lookup);

} // namespace craftmark::credential
