// craftmark verify FILE.json FILE.json.p7s: the offline check an employer's openssl does, plus
// issuer and revocation status, answered in one line.
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/commands.hpp"

#include <iostream>

namespace craftmark::cli {
namespace {

/// 张三丰 / Zhang Sanfeng
std::string holder_names(nlohmann::json const& credential) {
    std::string out;
    for (auto const& name : credential::holder_names_of(credential))
        out += (out.empty() ? "" : " / ") + name;
    return out;
}

} // namespace

void add_verify_command(CLI::App& app, context& ctx) {
    struct options {
        std::filesystem::path document, signature, trust, crl, status_dir;
        bool no_status = false;
    };
    auto o = std::make_shared<options>();
    auto* verify = app.add_subcommand(
        "verify", "check a certificate offline: signature, signing key (CRL), issuer, and status "
                  "lists. Exit 0 valid, 1 invalid, 2 revoked or suspended, 3 authentic but its "
                  "status could not be checked (not valid until it is)");
    verify->add_option("FILE.json", o->document, "the certificate")
        ->required()
        ->check(CLI::ExistingFile);
    verify->add_option("FILE.json.p7s", o->signature, "its detached signature")
        ->required()
        ->check(CLI::ExistingFile);
    verify
        ->add_option("--trust", o->trust,
                     "root certificate followed by its CRL (trust.pem); default: the data folder's")
        ->check(CLI::ExistingFile);
    verify
        ->add_option("--crl", o->crl,
                     "the root's CRL (root.crl.pem), when --trust holds only the root")
        ->check(CLI::ExistingFile);
    verify->add_option("--status-dir", o->status_dir,
                       "folder with status lists (N.bits.gz + .p7s); default: the data folder's");
    verify->add_flag("--no-status", o->no_status,
                     "check only the signature, the signing key and the issuer; without it a "
                     "certificate whose revocation and suspension status cannot be read is not "
                     "reported valid");
    verify->callback([&ctx, o] {
        auto trust_file =
            o->trust.empty() ? ctx.data_dir / "public" / "pki" / "trust.pem" : o->trust;
        if (!std::filesystem::exists(trust_file))
            throw std::runtime_error(
                "no trust file: pass --trust trust.pem (the issuing body's root "
                "certificate followed by its CRL)");
        auto trust = crypto::trust_store(
            read_file(trust_file) + (o->crl.empty() ? "" : read_file(o->crl)), true);
        auto status_dir =
            o->status_dir.empty() ? ctx.data_dir / "public" / "status" : o->status_dir;
        auto result = credential::verify_certificate(
            read_file(o->document), read_file(o->signature), trust.get(),
            credential::status_files_lookup(status_dir, trust.get()));
        // Fails closed: a revoked or suspended certificate is still authentic, so a signature
        // alone must not read as "valid" to an employer.
        if (result.ok() && !result.status_checked && !o->no_status) {
            std::cout << "UNCONFIRMED: the signature and the issuer check out, but whether the "
                         "certificate was revoked or suspended could not be checked (no status "
                         "list for it in "
                      << status_dir.string()
                      << "). Fetch its status lists (N.bits.gz and N.bits.gz.p7s, named in the "
                         "certificate) into a folder and pass --status-dir FOLDER, or pass "
                         "--no-status to check the signature only.\n";
            throw CLI::RuntimeError(3);
        }
        if (result.ok()) {
            auto const& c = result.credential;
            std::cout << "VALID: " << c["name"].get<std::string>() << ", " << holder_names(c)
                      << ", No. " << credential::number_of(c) << ", issued "
                      << c["validFrom"].get<std::string>().substr(0, 10) << " by "
                      << c["issuer"]["name"].get<std::string>()
                      << (result.status_checked ? "; not revoked or suspended"
                                                : "; status not checked (--no-status)")
                      << " (signed " << util::iso8601(result.signed_at * 1000) << " by "
                      << result.signer << ")\n";
            return;
        }
        std::cout << "INVALID: " << result.reason << "\n";
        bool withdrawn = result.result == credential::verdict::revoked ||
                         result.result == credential::verdict::suspended;
        throw CLI::RuntimeError(withdrawn ? 2 : 1);
    });
}

} // namespace craftmark::cli
