// craftmark verify FILE.json FILE.json.p7s: the offline check an employer's openssl does, plus
// issuer and revocation status, answered in one line.
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/commands.hpp"
#include "tools/craftmark/https_get.hpp"

#include <ctime>
#include <iostream>
#include <map>

namespace craftmark::cli {
namespace {

/// 张三丰 / Zhang Sanfeng
std::string holder_names(nlohmann::json const& credential) {
    std::string out;
    for (auto const& name : credential::holder_names_of(credential))
        out += (out.empty() ? "" : " / ") + name;
    return out;
}

/// The status lists a certificate names, fetched from their addresses (<url>.bits.gz and its
/// .p7s), each once. A list that cannot be fetched, is not signed by the issuer, or is stale
/// (replayed, or no longer renewed) counts as unavailable; why is kept for the message.
struct fetched_status_lists {
    https_options https;
    X509_STORE* trust = nullptr;
    std::map<std::string, std::optional<credential::status_list>> lists;
    std::vector<std::string> problems;

    std::optional<credential::status_list> const& fetch(std::string const& url) {
        if (auto known = lists.find(url); known != lists.end()) return known->second;
        auto& list = lists[url];
        try {
            auto gzip = https_get(url + ".bits.gz", https);
            auto signature = https_get(url + ".bits.gz.p7s", https);
            auto opened = credential::open_status_list(gzip, signature, trust);
            auto age = std::time(nullptr) - (opened ? opened->signed_at : 0);
            if (!opened)
                problems.push_back("the status list at " + url + " is not signed by the issuer");
            else if (age > credential::status_list_fresh_seconds)
                problems.push_back("the status list at " + url + " is stale (signed " +
                                   util::iso8601(opened->signed_at * 1000) + ")");
            else
                list = std::move(opened->list);
        } catch (std::exception const& e) {
            problems.push_back(e.what());
        }
        return list;
    }
};

} // namespace

void add_verify_command(CLI::App& app, context& ctx) {
    struct options {
        std::filesystem::path document, signature, trust, crl, status_dir;
        bool no_status = false;
        https_options https;
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
                       "read the status lists (N.bits.gz + .p7s) from this folder instead of "
                       "fetching them from the addresses in the certificate; default: the data "
                       "folder's when it has them");
    verify
        ->add_option("--tls-ca", o->https.ca_file,
                     "CA certificates (PEM) for the status lists' HTTPS server; default: the "
                     "system's")
        ->check(CLI::ExistingFile);
    verify->add_option("--connect-to", o->https.connect_to,
                       "HOST1:PORT1:HOST2:PORT2, as curl's: fetch status lists for HOST1:PORT1 "
                       "from HOST2:PORT2 (the TLS check still names HOST1)");
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
        // The issuer's own machine reads its published folder; anyone else asks the addresses
        // the certificate names (--no-status asks nothing).
        auto status_dir = o->status_dir;
        if (status_dir.empty() && std::filesystem::is_directory(ctx.data_dir / "public" / "status"))
            status_dir = ctx.data_dir / "public" / "status";
        auto fetched = std::make_shared<fetched_status_lists>();
        fetched->https = o->https;
        fetched->trust = trust.get();
        credential::status_lookup lookup = [](credential::status_entry const&) {
            return std::optional<unsigned>();
        };
        if (!o->no_status && !status_dir.empty())
            lookup = credential::status_files_lookup(status_dir, trust.get());
        else if (!o->no_status)
            lookup = [fetched](credential::status_entry const& entry) -> std::optional<unsigned> {
                auto const& list = fetched->fetch(entry.list_url);
                return list ? credential::status_value(*list, entry) : std::nullopt;
            };
        auto result = credential::verify_certificate(read_file(o->document),
                                                     read_file(o->signature), trust.get(), lookup);
        // Fails closed: a revoked or suspended certificate is still authentic, so a signature
        // alone must not read as "valid" to an employer.
        if (result.ok() && !result.status_checked && !o->no_status) {
            std::cout << "UNCONFIRMED: the signature and the issuer check out, but whether the "
                         "certificate was revoked or suspended could not be checked";
            if (!status_dir.empty())
                std::cout << " (no status list for it in " << status_dir.string()
                          << "). Fetch its status lists (N.bits.gz and N.bits.gz.p7s, named in "
                             "the certificate) into that folder";
            else
                for (auto const& problem : fetched->problems) std::cout << "; " << problem;
            std::cout << ". Try again later, or pass --no-status to check the signature only.\n";
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
