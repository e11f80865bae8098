// Fuzz target: the certificate verifier on untrusted uploads (what /api/verify and
// `craftmark verify` receive). Input: the document, a zero byte, the signature. A throwaway PKI
// made at start-up is the trust anchor; status lists are fuzzed through the GZIP decoder too.
// The server's verifier, which remembers signing certificates, must judge every input exactly
// as the full check does; it has seen a genuine signature of that PKI, and each input is also
// checked against that signature (the path taken when the certificate is remembered).
#include "shared/credential/status_list.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/cms_verifier.hpp"
#include "shared/crypto/x509.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <openssl/x509v3.h>

namespace {

using namespace craftmark;

struct fuzz_pki {
    std::string trust_pem;         // root and CRL
    std::string genuine_signature; // over "{}"
};

fuzz_pki make_pki() {
    auto key = crypto::make_p256_key();
    auto root = crypto::make_certificate(key.get(), {{"CN", "fuzz root"}}, nullptr, 30);
    crypto::add_extension(root.get(), nullptr, NID_basic_constraints, "critical,CA:TRUE");
    crypto::add_extension(root.get(), nullptr, NID_key_usage, "critical,keyCertSign,cRLSign");
    crypto::add_extension(root.get(), nullptr, NID_subject_key_identifier, "hash");
    crypto::sign_certificate(root.get(), key.get());
    auto signing_key = crypto::make_p256_key();
    auto signing =
        crypto::make_certificate(signing_key.get(), {{"CN", "fuzz signing"}}, root.get(), 30);
    crypto::add_extension(signing.get(), root.get(), NID_basic_constraints, "critical,CA:FALSE");
    crypto::add_extension(signing.get(), root.get(), NID_key_usage, "critical,digitalSignature");
    crypto::sign_certificate(signing.get(), key.get());
    auto crl = crypto::make_crl(root.get(), key.get(), {}, 1, 7);
    return {crypto::to_pem(root.get()) + crypto::to_pem(crl.get()),
            crypto::cms_sign_detached("{}", signing.get(), signing_key.get())};
}

/// A verifier that has checked, and so remembers, the genuine signature's certificate.
std::unique_ptr<crypto::cms_verifier> warm_verifier(fuzz_pki const& pki) {
    auto verifier =
        std::make_unique<crypto::cms_verifier>(crypto::trust_store(pki.trust_pem, true));
    if (!verifier->verify("{}", pki.genuine_signature).ok() || verifier->known_signers() != 1)
        std::abort();
    return verifier;
}

void same_verdict(crypto::cms_verifier& verifier, std::string_view content, std::string_view der) {
    auto remembered = verifier.verify(content, der);
    if (remembered.failure != crypto::cms_verify_detached(content, der, verifier.store()).failure)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static auto pki = make_pki();
    static auto verifier_ptr = warm_verifier(pki);
    auto& verifier = *verifier_ptr;
    std::string_view input(reinterpret_cast<char const*>(data), size);
    auto zero = input.find('\0');
    std::string_view document = input.substr(0, zero);
    std::string_view signature = zero == std::string_view::npos ? "" : input.substr(zero + 1);
    auto bits = credential::status_list::from_gzip(signature);
    (void)bits;
    auto result = credential::verify_certificate(
        document, signature, verifier,
        [](credential::status_entry const& e) -> std::optional<unsigned> { return e.index % 3; });
    (void)result;
    same_verdict(verifier, document, signature);
    same_verdict(verifier, document, pki.genuine_signature);
    return 0;
}
