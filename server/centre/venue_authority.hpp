#pragma once
// The centre's authority over venue identities. It is a CA of its own, apart from the
// certificate issuer's root (which signs what employers check): it certifies one key per venue,
// and that key signs the venue's outbox segments — and, over the network, is its TLS client
// certificate. A venue joins with one file the centre gives it (on a USB stick or by hand):
// its key, its certificate and the centre's CA.
#include "shared/crypto/openssl_types.hpp"
#include "shared/crypto/x509.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace craftmark::centre {

/// What a venue holds to speak for itself.
struct venue_identity {
    std::string venue_id; // its certificate's common name
    crypto::x509_ptr certificate;
    crypto::pkey_ptr key;
    std::string ca_pem; // the centre's venue CA
};

class venue_authority {
  public:
    /// Keeps its key and certificate in `dir` (the centre's data folder's `venues/`).
    explicit venue_authority(std::filesystem::path dir);

    bool exists() const;
    /// Creates the CA (ECDSA P-256, ten years); refuses when one exists.
    void create(std::string const& centre_name);
    std::string ca_pem() const;

    struct issued {
        std::string certificate; // PEM, for the centre's register of venues
        std::string venue_file;  // the venue's key, certificate and the CA: `read_venue_file`
    };
    /// A venue's key and certificate (five years; client authentication and signing).
    /// `venue_id` must pass core::check_venue_id.
    issued issue(std::string const& venue_id, std::string const& venue_name) const;

    /// The centre's own TLS certificate for the venues' uploads, certified by the same CA, so
    /// that a venue trusts its centre with the CA it joined with and nothing else. Names
    /// localhost, 127.0.0.1, ::1 and `hosts`; replaces an earlier one.
    void issue_centre_tls(std::vector<std::string> const& hosts) const;
    /// The key and certificate that sign what the centre sends venues (packages, paper keys):
    /// made on first use, certified by the same CA under `package_signer_name`, which no venue
    /// id can be (it holds spaces), so a venue never takes another venue's word for the centre's.
    struct signer {
        crypto::x509_ptr certificate;
        crypto::pkey_ptr key;
    };
    signer package_signer() const;
    std::filesystem::path ca_path() const;
    std::filesystem::path tls_certificate_path() const;
    std::filesystem::path tls_key_path() const;

  private:
    signer issue_leaf(crypto::name_fields const& subject,
                      std::string const& extended_usage,
                      long days,
                      std::vector<std::pair<int, std::string>> const& more) const;

    std::filesystem::path dir_;
};

inline constexpr char package_signer_name[] = "Craftmark centre packages";

/// Reads a joining file; throws std::invalid_argument when a part is missing, the key does not
/// belong to the certificate, or the certificate is not the CA's.
venue_identity read_venue_file(std::string const& pem);

/// The common name of a certificate's subject ("" when it has none).
std::string common_name(X509* certificate);

} // namespace craftmark::centre
