#include "shared/credential/verify.hpp"

#include "shared/credential/canonical_json.hpp"
#include "shared/crypto/cms_verifier.hpp"
#include "shared/crypto/x509.hpp"
#include "shared/util/files.hpp"

namespace craftmark::credential {
namespace {

verification fail(verdict v, std::string reason) {
    verification out;
    out.result = v;
    out.reason = std::move(reason);
    return out;
}

long number_in(std::string const& text, std::string const& what) {
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument(what + " is not a number");
    return std::stol(text);
}

} // namespace

std::optional<signed_status_list>
open_status_list(std::string_view gzip, std::string_view signature_der, X509_STORE* trust) {
    auto checked = crypto::cms_verify_detached(gzip, signature_der, trust);
    if (!checked.ok()) return std::nullopt;
    auto list = status_list::from_gzip(gzip);
    if (!list) return std::nullopt;
    return signed_status_list{std::move(*list), checked.signed_at};
}

std::optional<status_list>
read_status_list(std::filesystem::path const& dir, long number, X509_STORE* trust) {
    auto name = std::to_string(number) + ".bits.gz";
    auto gz = util::try_read_file(dir / name);
    auto p7s = util::try_read_file(dir / (name + ".p7s"));
    if (!gz || !p7s) return std::nullopt;
    auto opened = open_status_list(*gz, *p7s, trust);
    return opened ? std::optional(std::move(opened->list)) : std::nullopt;
}

std::optional<unsigned> status_value(status_list const& list, status_entry const& entry) {
    auto index = static_cast<std::size_t>(entry.index);
    if (entry.index < 0 || (index + 1) * entry.size > list.size()) return std::nullopt;
    return list.entry(index, entry.size);
}

std::optional<verdict> status_meaning(status_entry const& entry, unsigned value) {
    if (value == 0) return verdict::valid;
    if (entry.purpose == "message" && value < std::size(status_messages))
        return value == 2 ? verdict::revoked : verdict::suspended;
    if (value == 1 && entry.purpose == "revocation") return verdict::revoked;
    if (value == 1 && entry.purpose == "suspension") return verdict::suspended;
    return std::nullopt;
}

status_lookup status_files_lookup(std::filesystem::path dir, X509_STORE* trust) {
    return [dir = std::move(dir), trust](status_entry const& entry) -> std::optional<unsigned> {
        auto list = read_status_list(dir, entry.list, trust);
        return list ? status_value(*list, entry) : std::nullopt;
    };
}

char const* verdict_name(verdict v) {
    switch (v) {
    case verdict::valid: return "valid";
    case verdict::malformed: return "malformed";
    case verdict::tampered: return "tampered";
    case verdict::unknown_issuer: return "unknown_issuer";
    case verdict::revoked_key: return "revoked_key";
    case verdict::stale_crl: return "stale_crl";
    case verdict::invalid_signer: return "invalid_signer";
    case verdict::issuer_mismatch: return "issuer_mismatch";
    case verdict::revoked: return "revoked";
    case verdict::suspended: return "suspended";
    }
    return "malformed";
}

std::vector<status_entry> status_entries(nlohmann::json const& credential) {
    auto const& status = credential.at("credentialStatus");
    std::vector<status_entry> entries;
    for (auto const& entry : status.is_array() ? status : nlohmann::json::array({status})) {
        std::string url = entry.at("statusListCredential").get<std::string>();
        auto slash = url.rfind("/status/");
        if (slash == std::string::npos)
            throw std::invalid_argument("statusListCredential has no list number");
        unsigned size = entry.value("statusSize", 1u);
        if (size < 1 || size > 8) throw std::invalid_argument("statusSize is not 1 to 8");
        entries.push_back(
            {entry.at("statusPurpose").get<std::string>(),
             number_in(url.substr(slash + 8), "status list"),
             number_in(entry.at("statusListIndex").get<std::string>(), "statusListIndex"), url,
             size});
    }
    return entries;
}

namespace {

// What the signature check found, then what openssl cannot check.
verification judge(std::string_view document,
                   crypto::cms_verification const& checked,
                   status_lookup const& lookup) {
    using crypto::cms_failure;
    switch (checked.failure) {
    case cms_failure::none: break;
    case cms_failure::malformed:
        return fail(verdict::malformed, "the signature file is not a CMS signature (.p7s)");
    case cms_failure::content_changed:
        return fail(
            verdict::tampered,
            "tampered: the signature does not match this file (it was changed after signing)");
    case cms_failure::unknown_signer:
        return fail(verdict::unknown_issuer,
                    "unknown issuer: the signing key does not chain to the trusted root");
    case cms_failure::signer_revoked:
        return fail(verdict::revoked_key, "revoked key: the key that signed this file was revoked "
                                          "(ask the issuing body for a re-signed copy)");
    case cms_failure::crl_missing:
        return fail(verdict::stale_crl, "cannot check the signing key: the revocation list (CRL) "
                                        "is missing or out of date — fetch a current root.crl.pem");
    case cms_failure::signer_invalid:
        return fail(verdict::invalid_signer,
                    "the signing certificate is not valid: " + checked.detail);
    }
    verification out;
    out.signer = crypto::subject_line(checked.signer.get());
    out.signed_at = checked.signed_at;
    auto parsed = nlohmann::json::parse(document, nullptr, false);
    if (!parsed.is_object() || !is_canonical_json(document, parsed))
        return fail(verdict::malformed, "signed, but not a canonical certificate document");
    try {
        std::string issuer = parsed.at("issuer").at("id").get<std::string>();
        std::string key_of = crypto::san_uri(checked.signer.get());
        if (issuer != key_of)
            return fail(verdict::issuer_mismatch, "issuer mismatch: the document names " + issuer +
                                                      " but was signed by a key of " +
                                                      (key_of.empty() ? "no issuer" : key_of));
        auto entries = status_entries(parsed);
        out.status_checked = !entries.empty();
        for (auto const& entry : entries) {
            auto value = lookup ? lookup(entry) : std::nullopt;
            auto meaning = value ? status_meaning(entry, *value) : std::nullopt;
            if (!meaning) {
                out.status_checked = false;
                continue;
            }
            if (*meaning == verdict::revoked)
                return fail(verdict::revoked, "revoked certificate: the issuing body withdrew it "
                                              "(status list " +
                                                  std::to_string(entry.list) + ", index " +
                                                  std::to_string(entry.index) + ")");
            if (*meaning == verdict::suspended)
                return fail(verdict::suspended, "suspended certificate: it is not valid while "
                                                "suspended (status list " +
                                                    std::to_string(entry.list) + ")");
        }
        holder_name_of(parsed); // shape checks: a certificate must name its holder and number
        number_of(parsed);
    } catch (std::exception const& e) {
        return fail(verdict::malformed, std::string("signed, but not a certificate: ") + e.what());
    }
    out.result = verdict::valid;
    out.credential = std::move(parsed);
    out.reason = out.status_checked ? "valid: signature, issuer and status all check out"
                                    : "valid signature and issuer; revocation status not checked "
                                      "(no status list available)";
    return out;
}

} // namespace

verification verify_certificate(std::string_view document,
                                std::string_view signature_der,
                                X509_STORE* trust,
                                status_lookup const& lookup) {
    return judge(document, crypto::cms_verify_detached(document, signature_der, trust), lookup);
}

verification verify_certificate(std::string_view document,
                                std::string_view signature_der,
                                crypto::cms_verifier& verifier,
                                status_lookup const& lookup) {
    return judge(document, verifier.verify(document, signature_der), lookup);
}

} // namespace craftmark::credential
