#pragma once
// The certificate PKI of one issuing body (anchors-credentials §7.3): an offline root CA, signing
// keys it certifies (ECDSA P-256, no extended key usage, SAN URI = issuer id, CRL distribution
// point) and the root's CRL of revoked signing keys.
//
// Files under the data folder:
//   credentials/root/root.key, root.pem    the root: move root.key offline after `pki init`
//   credentials/keys/<kid>.key, <kid>.pem  signing keys (owner-only), used by the issuer
//   public/pki/root.pem, root.crl.pem, trust.pem (root + CRL), signing/<kid>.pem
#include "shared/crypto/openssl_types.hpp"
#include "shared/util/clock.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::certificates {

struct issuer_profile {
    std::string name;                        // the issuing body, e.g. 市职业技能鉴定中心
    std::string organization_identifier;     // e.g. NTRCN-91330100MA2XXXXX (may be empty)
    std::string issuer_id;                   // https://verify.example.cn/issuers/centre-01
    std::string base_url;                    // https://verify.example.cn
    std::string number_prefix = "CM";        // certificate numbers: <prefix><year><6 digits>
    std::string time_zone = "Asia/Shanghai"; // certificates are dated in it (IANA name)
};

struct signing_key_info {
    std::string kid;
    std::string serial;
    util::millis created_at = 0;
    util::millis revoked_at = 0;
    std::string revoke_reason;
};

/// A signing key ready to sign.
struct signer {
    std::string kid;
    crypto::x509_ptr certificate;
    crypto::pkey_ptr key;
};

/// CRLs are valid for a week; the CRL must be refreshed (`craftmark pki crl`) before then.
inline constexpr long crl_validity_days = 7;

class pki {
  public:
    pki(SQLite::Database& db, std::filesystem::path data_dir, util::clock const& clock);

    std::filesystem::path root_key_path() const;
    std::filesystem::path public_dir() const;

    bool initialised() const;
    std::optional<issuer_profile> profile() const;

    /// Creates the root, the first signing key and the CRL; refuses when a PKI exists.
    void init(issuer_profile const& profile, std::string const& actor);
    /// A new signing key certified by the root; the old one stays valid for what it signed.
    std::string rotate(std::filesystem::path const& root_key, std::string const& actor);
    /// Puts a signing key on the CRL (and makes a new current key if it was the current one).
    void revoke_key(std::filesystem::path const& root_key,
                    std::string const& kid,
                    std::string const& reason,
                    std::string const& actor);
    /// Re-signs the CRL with a fresh next-update date.
    void refresh_crl(std::filesystem::path const& root_key);

    std::vector<signing_key_info> keys() const;
    /// The newest key that is not revoked; throws when there is none.
    signer current_signer() const;
    /// root.pem followed by root.crl.pem: what `openssl cms -verify -CAfile` is given.
    std::string trust_pem() const;
    /// Publishes the public keys for JOSE verifiers: `/.well-known/jwks.json` with every key not
    /// revoked, and, when the issuer id is `<base-url>/issuers/<name>`, the issuer's Profile at
    /// that address and each key's JWK at `<issuer id>/keys/<kid>` (the VC-JWTs' `kid`).
    void publish_key_set() const;

  private:
    std::string new_signing_key(crypto::pkey_ptr const& root_key,
                                X509* root,
                                issuer_profile const& profile,
                                std::string const& actor);
    void write_crl(crypto::pkey_ptr const& root_key, X509* root);
    crypto::pkey_ptr load_root_key(std::filesystem::path const& path) const;
    crypto::x509_ptr root_certificate() const;

    SQLite::Database& db_;
    std::filesystem::path data_dir_;
    util::clock const& clock_;
};

} // namespace craftmark::certificates
