// Fuzz target: the certificate verifier on untrusted uploads (what /api/verify and
// `craftmark verify` receive). Input: the document, a zero byte, the signature. A throwaway PKI
// made at start-up is the trust anchor; status lists are fuzzed through the GZIP decoder too.
#include "shared/credential/status_list.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/x509.hpp"

#include <cstddef>
#include <cstdint>
#include <openssl/x509v3.h>

namespace {

using namespace craftmark;

crypto::x509_store_ptr make_trust() {
    auto key = crypto::make_p256_key();
    auto root = crypto::make_certificate(key.get(), {{"CN", "fuzz root"}}, nullptr, 30);
    crypto::add_extension(root.get(), nullptr, NID_basic_constraints, "critical,CA:TRUE");
    crypto::add_extension(root.get(), nullptr, NID_key_usage, "critical,keyCertSign,cRLSign");
    crypto::add_extension(root.get(), nullptr, NID_subject_key_identifier, "hash");
    crypto::sign_certificate(root.get(), key.get());
    auto crl = crypto::make_crl(root.get(), key.get(), {}, 1, 7);
    return crypto::trust_store(crypto::to_pem(root.get()) + crypto::to_pem(crl.get()), true);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static auto trust = make_trust();
    std::string_view input(reinterpret_cast<char const*>(data), size);
    auto zero = input.find('\0');
    std::string_view document = input.substr(0, zero);
    std::string_view signature = zero == std::string_view::npos ? "" : input.substr(zero + 1);
    auto bits = credential::status_list::from_gzip(signature);
    (void)bits;
    auto result = credential::verify_certificate(
        document, signature, trust.get(),
        [](credential::status_entry const& e) -> std::optional<bool> { return e.index % 2 == 0; });
    (void)result;
    return 0;
}
