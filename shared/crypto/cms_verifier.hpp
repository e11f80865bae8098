#pragma once
// Detached-signature checks against one trust store at the cost of one ECDSA verification.
//
// cms_verify_detached decodes the signing certificate carried in every signature and checks its
// chain again (two more ECDSA verifications and the CRL). With OpenSSL 3.0, decoding a
// certificate alone costs about twice a signature check (its public key goes through the
// provider decoder framework, openssl/openssl#19119). A verification service sees the same few
// signing certificates over and over, so it remembers, per exact certificate bytes, the decoded
// certificate and that its chain verified; the signature over the content is checked every time.
#include "shared/crypto/cms.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

namespace craftmark::crypto {

class cms_verifier {
  public:
    /// `recheck`: how long a chain that verified is trusted before it is checked again (the
    /// signing certificate can expire and the CRL go stale while the store stays loaded; a key
    /// revocation publishes a new trust file, and with it a new verifier).
    explicit cms_verifier(x509_store_ptr trust,
                          std::chrono::seconds recheck = std::chrono::seconds(60));
    ~cms_verifier();

    /// The same result as cms_verify_detached(content, der, store()). Safe from any thread.
    cms_verification verify(std::string_view content, std::string_view der);

    X509_STORE* store() const { return trust_.get(); }
    /// How many signing certificates are remembered (for status pages and tests).
    std::size_t known_signers();

  private:
    struct known_signer;
    std::shared_ptr<known_signer const> known(std::string_view certificate_bytes);
    void remember(std::string_view certificate_bytes, X509* signer);

    x509_store_ptr trust_;
    std::chrono::seconds recheck_;
    std::mutex mutex_;
    // Only signing certificates whose chain verified are kept, and only when a signature
    // carries exactly one certificate, so what strangers send cannot grow this map.
    std::map<std::string, std::shared_ptr<known_signer const>, std::less<>> signers_;
};

} // namespace craftmark::crypto
