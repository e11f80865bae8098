#include "shared/crypto/cms_verifier.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <optional>

namespace craftmark::crypto {
namespace {

// Cached signing certificates beyond this are not remembered (a deployment has a handful of
// signing keys; the bound only matters if something is wrong).
constexpr std::size_t max_known_signers = 64;

// A list that holds certificates owned elsewhere.
void free_list_only(STACK_OF(X509) * s) {
    sk_X509_free(s);
}
using certificate_list = openssl_ptr<STACK_OF(X509), free_list_only>;

struct der_element {
    int tag = 0;
    int tag_class = 0;
    std::string_view whole;    // header and contents
    std::string_view contents; // after the header
};

/// Reads the DER element at the start of `bytes` and moves `bytes` past it; nullopt when it is
/// not a well-formed, definite-length element that fits.
std::optional<der_element> take_element(std::string_view& bytes) {
    auto const* start = reinterpret_cast<unsigned char const*>(bytes.data());
    auto const* p = start;
    long length = 0;
    der_element e;
    int kind = ASN1_get_object(&p, &length, &e.tag, &e.tag_class, static_cast<long>(bytes.size()));
    if (kind & 0x80 || kind == (V_ASN1_CONSTRUCTED | 1)) return std::nullopt; // error, indefinite
    auto header = static_cast<std::size_t>(p - start);
    e.whole = bytes.substr(0, header + static_cast<std::size_t>(length));
    e.contents = e.whole.substr(header);
    bytes.remove_prefix(e.whole.size());
    return e;
}

std::string constructed(int tag, int tag_class, std::string_view contents) {
    auto length = static_cast<int>(contents.size());
    std::string out(static_cast<std::size_t>(ASN1_object_size(1, length, tag)), '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    ASN1_put_object(&p, 1, length, tag, tag_class);
    auto header = static_cast<std::size_t>(p - reinterpret_cast<unsigned char*>(out.data()));
    out.replace(header, contents.size(), contents);
    return out;
}

struct split_signature {
    std::string without_certificates; // the same ContentInfo, its SignedData minus [0]
    std::string_view certificates;    // the contents of SignedData's certificates [0] field
};

/// ContentInfo { contentType, [0] EXPLICIT SignedData { version, digestAlgorithms,
/// encapContentInfo, certificates [0] IMPLICIT OPTIONAL, crls [1] OPTIONAL, signerInfos } }
/// (RFC 5652 §3, §5.1) taken apart just enough to leave the certificates out of the decoding.
std::optional<split_signature> split_certificates(std::string_view der) {
    auto content_info = take_element(der);
    if (!content_info || content_info->tag != V_ASN1_SEQUENCE || !der.empty()) return std::nullopt;
    auto rest = content_info->contents;
    auto content_type = take_element(rest);
    auto explicit_content = take_element(rest);
    if (!content_type || !explicit_content ||
        explicit_content->tag_class != V_ASN1_CONTEXT_SPECIFIC || explicit_content->tag != 0 ||
        !rest.empty())
        return std::nullopt;
    auto inside = explicit_content->contents;
    auto signed_data = take_element(inside);
    if (!signed_data || signed_data->tag != V_ASN1_SEQUENCE || !inside.empty()) return std::nullopt;

    split_signature split;
    std::string kept;
    for (auto fields = signed_data->contents; !fields.empty();) {
        auto field = take_element(fields);
        if (!field) return std::nullopt;
        if (field->tag_class == V_ASN1_CONTEXT_SPECIFIC && field->tag == 0)
            split.certificates = field->contents;
        else
            kept += field->whole;
    }
    if (split.certificates.empty()) return std::nullopt;
    split.without_certificates =
        constructed(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL,
                    std::string(content_type->whole) +
                        constructed(0, V_ASN1_CONTEXT_SPECIFIC,
                                    constructed(V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL, kept)));
    return split;
}

} // namespace

struct cms_verifier::known_signer {
    x509_ptr certificate;
    std::chrono::steady_clock::time_point chain_checked;
};

cms_verifier::cms_verifier(x509_store_ptr trust, std::chrono::seconds recheck)
    : trust_(std::move(trust)), recheck_(recheck) {}

cms_verifier::~cms_verifier() = default;

cms_verification cms_verifier::verify(std::string_view content, std::string_view der) {
    auto split = split_certificates(der);
    if (auto signer = split ? known(split->certificates) : nullptr) {
        // Only a success is taken from this path; anything else gets the full check below, so
        // a refusal reads exactly as cms_verify_detached words it.
        auto const* p = reinterpret_cast<unsigned char const*>(split->without_certificates.data());
        cms_ptr cms(d2i_CMS_ContentInfo(nullptr, &p,
                                        static_cast<long>(split->without_certificates.size())));
        certificate_list certificates(sk_X509_new_null());
        auto data = detached_content_reader(content);
        if (cms && certificates && data &&
            OBJ_obj2nid(CMS_get0_type(cms.get())) == NID_pkcs7_signed &&
            sk_X509_push(certificates.get(), signer->certificate.get()) > 0 &&
            CMS_verify(cms.get(), certificates.get(), nullptr, data.get(), nullptr,
                       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1) {
            certificate_list signers(CMS_get0_signers(cms.get()));
            if (signers && sk_X509_num(signers.get()) == 1 &&
                sk_X509_value(signers.get(), 0) == signer->certificate.get()) {
                cms_verification result;
                X509_up_ref(signer->certificate.get());
                result.signer.reset(signer->certificate.get());
                result.signed_at = cms_signing_time(cms.get());
                return result;
            }
        }
        ERR_clear_error();
    }
    auto result = cms_verify_detached(content, der, trust_.get());
    if (result.ok() && split) remember(split->certificates, result.signer.get());
    return result;
}

std::shared_ptr<cms_verifier::known_signer const>
cms_verifier::known(std::string_view certificate_bytes) {
    std::lock_guard lock(mutex_);
    auto it = signers_.find(certificate_bytes);
    if (it == signers_.end()) return nullptr;
    if (std::chrono::steady_clock::now() - it->second->chain_checked < recheck_) return it->second;
    signers_.erase(it);
    return nullptr;
}

std::size_t cms_verifier::known_signers() {
    std::lock_guard lock(mutex_);
    return signers_.size();
}

void cms_verifier::remember(std::string_view certificate_bytes, X509* signer) {
    // Exactly one certificate: extra ones (which a chain check ignores) would let anyone make
    // endless new keys from one genuine signature.
    auto rest = certificate_bytes;
    auto only = take_element(rest);
    if (!only || !rest.empty()) return;
    // The full check has decoded it already: keep that one if these are its very bytes.
    unsigned char* encoded = nullptr;
    int length = i2d_X509(signer, &encoded);
    bool same = length > 0 && std::string_view(reinterpret_cast<char*>(encoded),
                                               static_cast<std::size_t>(length)) == only->whole;
    OPENSSL_free(encoded);
    if (!same) return;
    auto entry = std::make_shared<known_signer>();
    X509_up_ref(signer);
    entry->certificate.reset(signer);
    entry->chain_checked = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (signers_.size() < max_known_signers || signers_.count(certificate_bytes))
        signers_.insert_or_assign(std::string(certificate_bytes), std::move(entry));
}

} // namespace craftmark::crypto
