// craftmark pki init | rotate | revoke-key | crl | list
#include "shared/crypto/x509.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/issuing.hpp"

#include <iostream>

namespace craftmark::cli {
namespace {

void print_root(certificates::pki& p) {
    auto root = crypto::certificate_from_pem(read_file(p.public_dir() / "root.pem"));
    std::cout << "root: " << crypto::subject_line(root.get()) << "\n"
              << "root SHA-256 fingerprint (publish it where employers can find it):\n  "
              << crypto::fingerprint_sha256(root.get()) << "\n";
}

} // namespace

void add_pki_commands(CLI::App& app, context& ctx) {
    struct options {
        certificates::issuer_profile profile;
        std::string slug = "centre-01";
        std::filesystem::path root_key;
        std::string kid, reason = "keyCompromise";
    };
    auto o = std::make_shared<options>();
    o->profile.base_url = "https://localhost:8443";
    auto* pki = app.add_subcommand(
        "pki", "the issuing body's certificate keys: root CA, signing keys, CRL");
    pki->require_subcommand(1);
    auto root_key = [o](certificates::pki& p) {
        return o->root_key.empty() ? p.root_key_path() : o->root_key;
    };

    auto* init = pki->add_subcommand(
        "init", "create the root CA (ECDSA P-256, 20 years), the first signing key and the CRL");
    init->add_option("--name", o->profile.name, "the issuing body, as printed on certificates")
        ->required();
    init->add_option(
        "--org-id", o->profile.organization_identifier,
        "organizationIdentifier for the signing certificates, e.g. NTRCN-91330100MA2XXXXX");
    init->add_option("--base-url", o->profile.base_url,
                     "the verification site (QR codes point here)")
        ->capture_default_str();
    init->add_option("--slug", o->slug, "short name of the issuing body in its issuer id URL")
        ->capture_default_str();
    init->add_option("--number-prefix", o->profile.number_prefix,
                     "certificate numbers start with this")
        ->capture_default_str();
    init->add_option("--time-zone", o->profile.time_zone,
                     "certificates are dated in this time zone (IANA name)")
        ->capture_default_str();
    init->callback([&ctx, o] {
        issuing session(ctx);
        auto& p = session.pki();
        o->profile.issuer_id = o->profile.base_url + "/issuers/" + o->slug;
        p.init(o->profile, ctx.actor);
        print_root(p);
        std::cout
            << "issuer id: " << o->profile.issuer_id << "\n"
            << "signing key: " << p.keys().back().kid << "\n"
            << "root key: " << p.root_key_path().string()
            << "\n  keep it offline: it is needed only for `pki rotate`, `pki revoke-key` and "
               "`pki crl` (pass --root-key)\n";
    });

    auto* rotate =
        pki->add_subcommand("rotate", "a new signing key; certificates already signed stay valid");
    rotate->add_option("--root-key", o->root_key,
                       "the root's private key (default: in the data folder)");
    rotate->callback([&ctx, o, root_key] {
        issuing session(ctx);
        auto& p = session.pki();
        std::cout << "new signing key " << p.rotate(root_key(p), ctx.actor)
                  << "; new certificates are signed with it\n";
    });

    auto* revoke = pki->add_subcommand(
        "revoke-key",
        "put a signing key on the CRL and re-sign everything it signed with the current key");
    revoke->add_option("KID", o->kid, "the signing key, e.g. 2026-1")->required();
    revoke->add_option("--reason", o->reason, "keyCompromise, superseded, cessationOfOperation, …")
        ->capture_default_str();
    revoke->add_option("--root-key", o->root_key,
                       "the root's private key (default: in the data folder)");
    revoke->callback([&ctx, o, root_key] {
        issuing session(ctx);
        auto& issuer = session.issuer;
        issuer.keys().revoke_key(root_key(issuer.keys()), o->kid, o->reason, ctx.actor);
        std::cout << "revoked signing key " << o->kid << " (" << o->reason << "); CRL re-signed\n";
        std::size_t count = issuer.resign_signed_by(o->kid, ctx.actor);
        std::cout << "re-signed " << count << " certificate(s) and every status list with key "
                  << issuer.keys().current_signer().kid << "\n";
    });

    auto* crl = pki->add_subcommand(
        "crl", "re-sign the CRL (it is valid for 7 days: refresh it weekly, e.g. from cron)");
    crl->add_option("--root-key", o->root_key,
                    "the root's private key (default: in the data folder)");
    crl->callback([&ctx, o, root_key] {
        issuing session(ctx);
        auto& p = session.pki();
        p.refresh_crl(root_key(p));
        std::cout << "CRL re-signed, valid for " << certificates::crl_validity_days << " days\n";
    });

    pki->add_subcommand("list", "the root and the signing keys with their state")->callback([&ctx] {
        issuing session(ctx);
        auto& p = session.pki();
        if (!p.initialised())
            throw std::runtime_error("no certificate PKI yet: run `craftmark pki init`");
        std::string current = p.current_signer().kid;
        auto keys = nlohmann::json::array();
        for (auto const& k : p.keys())
            keys.push_back({{"kid", k.kid},
                            {"serial", k.serial},
                            {"created", util::iso8601(k.created_at)},
                            {"state", k.revoked_at       ? "revoked"
                                      : k.kid == current ? "current"
                                                         : "retired"},
                            {"revoked", k.revoked_at ? util::iso8601(k.revoked_at) : ""},
                            {"revoke_reason", k.revoke_reason}});
        auto root = crypto::certificate_from_pem(read_file(p.public_dir() / "root.pem"));
        if (print_json(ctx, {{"root",
                              {{"subject", crypto::subject_line(root.get())},
                               {"sha256", crypto::fingerprint_sha256(root.get())}}},
                             {"signing_keys", keys}}))
            return;
        print_root(p);
        for (auto const& k : p.keys())
            std::cout << k.kid << "\tcreated " << util::iso8601(k.created_at) << "\t"
                      << (k.revoked_at ? "REVOKED " + util::iso8601(k.revoked_at) + " (" +
                                             k.revoke_reason + ")"
                          : k.kid == current ? "current"
                                             : "retired (still valid)")
                      << "\n";
    });
}

} // namespace craftmark::cli
