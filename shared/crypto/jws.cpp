#include "shared/crypto/jws.hpp"

#include "shared/crypto/digest.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>

namespace craftmark::crypto {
namespace {

constexpr std::size_t coordinate_bytes = 32; // P-256

std::string der_to_raw(std::string const& der) {
    auto const* p = reinterpret_cast<unsigned char const*>(der.data());
    openssl_ptr<ECDSA_SIG, ECDSA_SIG_free> sig(
        d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig) throw crypto_error(openssl_error("d2i_ECDSA_SIG"));
    std::string raw(2 * coordinate_bytes, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, coordinate_bytes) < 0 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + coordinate_bytes, coordinate_bytes) < 0)
        throw crypto_error(openssl_error("BN_bn2binpad"));
    return raw;
}

std::optional<std::string> raw_to_der(std::string const& raw) {
    if (raw.size() != 2 * coordinate_bytes) return std::nullopt;
    auto const* in = reinterpret_cast<unsigned char const*>(raw.data());
    openssl_ptr<ECDSA_SIG, ECDSA_SIG_free> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(in, coordinate_bytes, nullptr);
    BIGNUM* s = BN_bin2bn(in + coordinate_bytes, coordinate_bytes, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    std::string der(static_cast<std::size_t>(length), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

} // namespace

std::string
es256_sign_compact(std::string const& header_json, std::string const& payload_json, EVP_PKEY* key) {
    std::string input = base64url_encode(header_json) + "." + base64url_encode(payload_json);
    openssl_ptr<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<unsigned char const*>(input.data()), input.size()) != 1)
        throw crypto_error(openssl_error("EVP_DigestSign"));
    std::string der(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                       reinterpret_cast<unsigned char const*>(input.data()), input.size()) != 1)
        throw crypto_error(openssl_error("EVP_DigestSign"));
    der.resize(length);
    return input + "." + base64url_encode(der_to_raw(der));
}

std::optional<std::string> es256_verify_compact(std::string_view jws, EVP_PKEY* public_key) {
    auto first = jws.find('.');
    auto last = jws.rfind('.');
    if (first == std::string_view::npos || first == last) return std::nullopt;
    auto header = base64url_decode(jws.substr(0, first));
    auto payload = base64url_decode(jws.substr(first + 1, last - first - 1));
    auto raw = base64url_decode(jws.substr(last + 1));
    if (!header || !payload || !raw) return std::nullopt;
    auto parsed = nlohmann::json::parse(*header, nullptr, false);
    if (!parsed.is_object() || parsed.value("alg", "") != "ES256") return std::nullopt;
    auto der = raw_to_der(*raw);
    if (!der) return std::nullopt;
    std::string_view input = jws.substr(0, last);
    openssl_ptr<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
    bool ok = ctx &&
              EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, public_key) == 1 &&
              EVP_DigestVerify(ctx.get(), reinterpret_cast<unsigned char const*>(der->data()),
                               der->size(), reinterpret_cast<unsigned char const*>(input.data()),
                               input.size()) == 1;
    ERR_clear_error();
    if (!ok) return std::nullopt;
    return payload;
}

std::string es256_public_jwk(EVP_PKEY* key, std::string const& kid) {
    auto coordinate = [&](char const* name) {
        BIGNUM* value = nullptr;
        if (EVP_PKEY_get_bn_param(key, name, &value) != 1)
            throw crypto_error(openssl_error("EVP_PKEY_get_bn_param"));
        unsigned char bytes[coordinate_bytes];
        int n = BN_bn2binpad(value, bytes, coordinate_bytes);
        BN_free(value);
        if (n < 0) throw crypto_error(openssl_error("BN_bn2binpad"));
        return base64url_encode({reinterpret_cast<char const*>(bytes), coordinate_bytes});
    };
    nlohmann::json jwk = {{"kty", "EC"},
                          {"crv", "P-256"},
                          {"x", coordinate(OSSL_PKEY_PARAM_EC_PUB_X)},
                          {"y", coordinate(OSSL_PKEY_PARAM_EC_PUB_Y)},
                          {"kid", kid},
                          {"alg", "ES256"},
                          {"use", "sig"}};
    return jwk.dump();
}

} // namespace craftmark::crypto
