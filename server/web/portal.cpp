#include "server/web/portal.hpp"

#include "server/certificates/pdf.hpp"
#include "server/web/assets.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace craftmark::web {
namespace {

using json = nlohmann::json;

constexpr char security_policy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// Published files: /c/<id>/summary.json, /c/<id>/<gate key>/<file>, /status/<n>[.bits.gz[.p7s]],
// /pki/<file>. Nothing else under public/ is reachable, and no path can climb out of it.
std::regex const published_path(
    R"(/c/[0-9A-HJKMNP-TV-Z]{26}/(summary\.json|[0-9a-f]{64}/(credential\.json|credential\.json\.p7s|credential\.jwt|certificate\.pdf))|/status/[0-9]{1,9}(\.bits\.gz(\.p7s)?)?|/pki/(root\.pem|root\.crl\.pem|trust\.pem|signing/[0-9]{4}-[0-9]{1,4}\.pem))");
std::regex const certificate_page(R"(/c/([0-9A-HJKMNP-TV-Z]{26}))");
std::regex const certificate_api_path(R"(/api/certificates/([0-9A-HJKMNP-TV-Z]{26}))");

std::string content_type_of(std::string const& path) {
    auto ends = [&](std::string const& suffix) {
        return path.size() >= suffix.size() &&
               path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".json")) return "application/json";
    if (ends(".p7s")) return "application/pkcs7-signature";
    if (ends(".jwt")) return "application/jwt";
    if (ends(".gz")) return "application/gzip";
    if (ends(".pem")) return "application/x-pem-file";
    if (ends(".pdf")) return "application/pdf";
    if (path.rfind("/status/", 0) == 0) return "application/vc+jwt";
    return "application/octet-stream";
}

std::optional<std::string> read_file(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

portal_response json_response(int status, json const& body) {
    return {status, "application/json", body.dump(), {{"Cache-Control", "no-store"}}};
}

portal_response error(int status, std::string const& message) {
    return json_response(status, {{"error", message}});
}

portal_response page(std::string_view name) {
    return {200,
            "text/html; charset=utf-8",
            std::string(*asset(name)),
            {{"Cache-Control", "no-cache"}}};
}

} // namespace

portal::portal(std::filesystem::path public_dir, util::clock const& clock, rate_limit limit)
    : public_dir_(std::move(public_dir)), clock_(clock), limit_(limit) {}

bool portal::handles(std::string const& target) {
    return target != "/ws" && target != "/healthz";
}

bool portal::allow(std::string const& client) {
    std::lock_guard lock(mutex_);
    util::millis now = clock_.now();
    if (buckets_.size() > 100000) buckets_.clear(); // a flood of addresses must not grow memory
    auto [it, fresh] = buckets_.try_emplace(client, bucket{limit_.burst, now});
    auto& b = it->second;
    b.tokens = std::min(limit_.burst,
                        b.tokens + static_cast<double>(now - b.at) * limit_.per_second / 1000.0);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
}

portal_response portal::handle(portal_request const& request) {
    auto route = [&]() -> portal_response {
        std::string path = request.target.substr(0, request.target.find('?'));
        bool read = request.method == "GET" || request.method == "HEAD";
        if (path == "/" && read) return page("index.html");
        if (path == "/assets/portal.js" && read)
            return {200,
                    "text/javascript; charset=utf-8",
                    std::string(*asset("portal.js")),
                    {{"Cache-Control", "public, max-age=300"}}};
        if (path == "/assets/portal.css" && read)
            return {200,
                    "text/css; charset=utf-8",
                    std::string(*asset("portal.css")),
                    {{"Cache-Control", "public, max-age=300"}}};
        // Rate-limited: guesses behind the knowledge gate and the computed answers. Public,
        // cacheable files (pages, summaries, status lists, trust anchors) are not.
        bool guarded =
            path.rfind("/api/", 0) == 0 ||
            (path.rfind("/c/", 0) == 0 && std::count(path.begin(), path.end(), '/') >= 4);
        if (guarded && !allow(request.client))
            return {429,
                    "application/json",
                    R"({"error":"too many requests; wait a minute"})",
                    {{"Retry-After", "60"}, {"Cache-Control", "no-store"}}};
        std::smatch m;
        if (path == "/verify" && read) return page("verify.html");
        if (std::regex_match(path, certificate_page) && read) return page("certificate.html");
        if (std::regex_match(path, published_path) && read)
            return static_file(path, path.rfind("/c/", 0) == 0 &&
                                             path.find("summary.json") == std::string::npos
                                         ? "no-store"
                                         : "public, max-age=300");
        if (std::regex_match(path, m, certificate_api_path) && read) return certificate_api(m[1]);
        if (path == "/api/verify") {
            if (request.method != "POST") return error(405, "send the files with POST");
            return verify_upload(request.body);
        }
        return error(404, "not found");
    };
    portal_response response;
    try {
        response = route();
    } catch (std::exception const&) {
        // A damaged published file (or a disk error) must cost one answer, not the server.
        response = error(500, "the certificate files could not be read; try again later");
    }
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    response.headers.emplace_back("X-Robots-Tag", "noindex, nofollow");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Content-Security-Policy", security_policy);
    return response;
}

portal_response portal::static_file(std::string const& path, std::string const& cache_control) {
    if (path.ends_with("/certificate.pdf")) {
        auto record = (public_dir_ / path.substr(1)).parent_path();
        if (!std::filesystem::exists(record / "credential.json")) return error(404, "not found");
        return {200,
                "application/pdf",
                certificates::render_certificate_pdf(record),
                {{"Cache-Control", cache_control},
                 {"Content-Disposition", "inline; filename=\"certificate.pdf\""}}};
    }
    auto bytes = read_file(public_dir_ / path.substr(1));
    if (!bytes) return error(404, "not found");
    return {200, content_type_of(path), std::move(*bytes), {{"Cache-Control", cache_control}}};
}

portal_response portal::certificate_api(std::string const& id) {
    auto summary_text = read_file(public_dir_ / "c" / id / "summary.json");
    if (!summary_text) return error(404, "no certificate with this id");
    auto summary = json::parse(*summary_text);
    auto trust_pem = read_file(public_dir_ / "pki" / "trust.pem");
    std::string status = "unknown";
    if (trust_pem) {
        auto trust = crypto::trust_store(*trust_pem, true);
        auto lookup = credential::status_files_lookup(public_dir_ / "status", trust.get());
        status = "valid";
        for (auto const& entry : credential::status_entries(summary)) {
            auto bit = lookup(entry);
            if (!bit)
                status = "unknown";
            else if (*bit)
                status = entry.purpose == "revocation" ? "revoked" : "suspended";
            if (status == "revoked") break;
        }
    }
    summary["status"] = status;
    return json_response(200, summary);
}

portal_response portal::verify_upload(std::string const& body) {
    auto request = json::parse(body, nullptr, false);
    if (!request.is_object() || !request.contains("credential") ||
        !request["credential"].is_string() || !request.contains("signature") ||
        !request["signature"].is_string())
        return error(
            400,
            R"(send {"credential": "<the .json file's text>", "signature": "<the .p7s file, base64>"})");
    std::string signature_b64 = request["signature"].get<std::string>();
    for (char& c : signature_b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    auto signature = crypto::base64url_decode(signature_b64);
    if (!signature) return error(400, "the signature is not base64");
    auto trust_pem = read_file(public_dir_ / "pki" / "trust.pem");
    if (!trust_pem) return error(503, "this server issues no certificates yet");
    auto trust = crypto::trust_store(*trust_pem, true);
    auto result = credential::verify_certificate(
        request["credential"].get<std::string>(), *signature, trust.get(),
        credential::status_files_lookup(public_dir_ / "status", trust.get()));
    json answer = {{"valid", result.ok()},
                   {"verdict", credential::verdict_name(result.result)},
                   {"reason", result.reason}};
    if (result.ok()) {
        answer["certificate"] = credential::public_summary(result.credential);
        answer["certificate"]["holder"] = credential::holder_name_of(result.credential);
        answer["certificate"]["number"] = credential::number_of(result.credential);
        answer["signer"] = result.signer;
        answer["statusChecked"] = result.status_checked;
    }
    return json_response(200, answer);
}

} // namespace craftmark::web
