#include "server/web/portal.hpp"

#include "server/web/assets.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/jws.hpp"
#include "shared/util/files.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace craftmark::web {
namespace {

using json = nlohmann::json;

constexpr char security_policy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::string library_type(std::string const& path) {
    if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (path.ends_with(".css")) return "text/css; charset=utf-8";
    return "font/woff2";
}

std::vector<std::string> segments_of(std::string const& path) {
    std::vector<std::string> out;
    for (std::size_t at = 1; at <= path.size();) {
        auto next = path.find('/', at);
        if (next == std::string::npos) next = path.size();
        out.push_back(path.substr(at, next - at));
        at = next + 1;
    }
    return out;
}

bool all_of(std::string const& s, char const* allowed, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && s.find_first_not_of(allowed) == std::string::npos;
}

bool is_list_file(std::string const& name) { // 7, 7.bits.gz, 7.bits.gz.p7s
    auto dot = name.find('.');
    std::string number = name.substr(0, dot),
                rest = dot == std::string::npos ? "" : name.substr(dot);
    return all_of(number, "0123456789", 1, 9) &&
           (rest.empty() || rest == ".bits.gz" || rest == ".bits.gz.p7s");
}

/// The published files, and nothing else under public/: no path can climb out of it.
/// /c/<id>/summary.json(.jwt), /c/<id>/index.html, /c/<id>/<gate key>/<record file>, /status/<list
/// file>, /pki/<trust file>.
bool is_published(std::vector<std::string> const& s) {
    static std::set<std::string> const record_files = {"credential.json", "credential.json.p7s",
                                                       "credential.jwt", "certificate.pdf",
                                                       "share.sd-jwt"};
    static std::set<std::string> const trust_files = {"root.pem", "root.crl.pem", "trust.pem"};
    if (s.size() == 3 && s[0] == "c")
        return credential::is_certificate_id(s[1]) &&
               (s[2] == "summary.json" || s[2] == "summary.jwt" || s[2] == "index.html");
    if (s.size() == 4 && s[0] == "c")
        return credential::is_certificate_id(s[1]) && all_of(s[2], "0123456789abcdef", 64, 64) &&
               record_files.count(s[3]);
    if (s.size() == 2 && s[0] == "status") return is_list_file(s[1]);
    if (s.size() == 2 && s[0] == "pki") return trust_files.count(s[1]) > 0;
    if (s.size() == 3 && s[0] == "pki" && s[1] == "signing")
        return s[2].ends_with(".pem") &&
               all_of(s[2].substr(0, s[2].size() - 4), "0123456789-", 6, 12);
    return false;
}

// /issuers/<name> and /issuers/<name>/keys/<kid>, as pki::publish_key_set writes them.
bool is_issuer_file(std::vector<std::string> const& s) {
    auto name = [](std::string const& text) {
        return all_of(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", 1,
                      64) &&
               text[0] != '.';
    };
    if (s.empty() || s[0] != "issuers" || !(s.size() == 2 || s.size() == 4)) return false;
    return name(s[1]) && (s.size() == 2 || (s[2] == "keys" && all_of(s[3], "0123456789-", 6, 12)));
}

std::string content_type_of(std::string const& path) {
    auto ends = [&](std::string const& suffix) {
        return path.size() >= suffix.size() &&
               path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends(".json")) return "application/json";
    if (ends(".p7s")) return "application/pkcs7-signature";
    if (ends(".jwt")) return "application/jwt";
    if (ends(".sd-jwt")) return "application/sd-jwt";
    if (ends(".gz")) return "application/gzip";
    if (ends(".pem")) return "application/x-pem-file";
    if (ends(".pdf")) return "application/pdf";
    if (path.rfind("/status/", 0) == 0) return "application/vc+jwt";
    return "application/octet-stream";
}

portal_response json_response(int status, json const& body) {
    return {status, "application/json", body.dump(), {{"Cache-Control", "no-store"}}};
}

portal_response error(int status, std::string const& message) {
    return json_response(status, {{"error", message}});
}

portal_response too_many_requests() {
    return {429,
            "application/json",
            R"({"error":"too many requests; wait a minute"})",
            {{"Retry-After", "60"}, {"Cache-Control", "no-store"}}};
}

bool is_upload(json const& pair) {
    return pair.is_object() && pair.contains("credential") && pair["credential"].is_string() &&
           pair.contains("signature") && pair["signature"].is_string();
}

/// The verdict on one uploaded {credential, signature} pair, with the certificate's public
/// facts when it is valid.
json check_upload(json const& pair,
                  crypto::cms_verifier& verifier,
                  credential::status_lookup const& lookup) {
    std::string signature_b64 = pair["signature"].get<std::string>();
    for (char& c : signature_b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
    auto signature = crypto::base64url_decode(signature_b64);
    if (!signature)
        return {{"valid", false},
                {"verdict", credential::verdict_name(credential::verdict::malformed)},
                {"reason", "the signature is not base64"}};
    auto result = credential::verify_certificate(pair["credential"].get_ref<std::string const&>(),
                                                 *signature, verifier, lookup);
    json answer = {{"valid", result.ok()},
                   {"verdict", credential::verdict_name(result.result)},
                   {"reason", result.reason}};
    if (result.ok()) {
        answer["certificate"] = credential::public_summary(result.credential);
        answer["certificate"]["holder"] = credential::holder_name_of(result.credential);
        answer["certificate"]["holderNames"] = credential::holder_names_of(result.credential);
        answer["certificate"]["number"] = credential::number_of(result.credential);
        answer["signer"] = result.signer;
        answer["statusChecked"] = result.status_checked;
    }
    return answer;
}

portal_response page(std::string_view name) {
    return {200,
            "text/html; charset=utf-8",
            std::string(*asset(name)),
            {{"Cache-Control", "no-cache"}}};
}

} // namespace

portal::portal(std::filesystem::path public_dir, util::clock const& clock, rate_limit limit)
    : public_dir_(public_dir), cache_(std::move(public_dir)), clock_(clock), limit_(limit) {}

bool portal::handles(std::string const& target) {
    return target != "/ws" && target != "/healthz";
}

bool portal::allow(std::string const& client, double cost) {
    if (limit_.per_second <= 0) return true;
    std::lock_guard lock(mutex_);
    util::millis now = clock_.now();
    if (buckets_.size() > 100000) buckets_.clear(); // a flood of addresses must not grow memory
    auto [it, fresh] = buckets_.try_emplace(client, bucket{limit_.burst, now});
    auto& b = it->second;
    b.tokens = std::min(limit_.burst,
                        b.tokens + static_cast<double>(now - b.at) * limit_.per_second / 1000.0);
    b.at = now;
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
}

portal_response portal::handle(portal_request const& request) {
    auto route = [&]() -> portal_response {
        std::string path = request.target.substr(0, request.target.find('?'));
        bool read = request.method == "GET" || request.method == "HEAD";
        if (path == "/" && read) return page("index.html");
        if ((path == "/assets/portal.js" || path == "/assets/board.js" ||
             path == "/assets/exam.js" || path == "/assets/exam-practical.js" ||
             path == "/assets/console.js" || path == "/assets/console-marking.js" ||
             path == "/assets/console-stats.js" || path == "/assets/console-event.js" ||
             path == "/assets/console-banks.js" || path == "/assets/console-centre.js" ||
             path == "/assets/console-staff.js" || path == "/assets/console-blueprint.js") &&
            read)
            return {200,
                    "text/javascript; charset=utf-8",
                    std::string(*asset(path.substr(path.rfind('/') + 1))),
                    {{"Cache-Control", "public, max-age=300"}}};
        if ((path == "/assets/portal.css" || path == "/assets/exam.css" ||
             path == "/assets/console.css") &&
            read)
            return {200,
                    "text/css; charset=utf-8",
                    std::string(*asset(path.substr(path.rfind('/') + 1))),
                    {{"Cache-Control", "public, max-age=300"}}};
        // The libraries the exam page carries (KaTeX with its fonts, marked), one name per version.
        if (path.rfind("/assets/katex/", 0) == 0 || path.rfind("/assets/marked/", 0) == 0) {
            auto library = asset(path.substr(std::string_view("/assets/").size()));
            if (library && read)
                return {200,
                        library_type(path),
                        std::string(*library),
                        {{"Cache-Control", "public, max-age=86400"}}};
        }
        // Rate-limited: guesses behind the knowledge gate and the computed answers. Public,
        // cacheable files (pages, summaries, status lists, trust anchors) are not.
        bool guarded =
            path.rfind("/api/", 0) == 0 ||
            (path.rfind("/c/", 0) == 0 && std::count(path.begin(), path.end(), '/') >= 4);
        if (guarded && !allow(request.client)) return too_many_requests();
        auto segments = segments_of(path);
        if (path == "/verify" && read) return page("verify.html");
        // The candidate's exam; the page sits it over the WebSocket, as the terminal does.
        if (path == "/exam" && read) return page("exam.html");
        // The staff console: proctors' rooms over the same WebSocket.
        if (path == "/console" && read) return page("console.html");
        // A competition's public board; the page watches it over the WebSocket.
        if (segments.size() == 2 && segments[0] == "events" && read) return page("board.html");
        // A certificate's page with the issuer's keys pinned in it, written at issuance.
        if (segments.size() == 2 && segments[0] == "c" &&
            credential::is_certificate_id(segments[1]) && read)
            return std::filesystem::exists(public_dir_ / "c" / segments[1] / "index.html")
                       ? static_file(path + "/index.html", "no-cache", "text/html; charset=utf-8")
                       : page("certificate.html"); // no such certificate: the page says so
        // The issuer's Profile (its id) and its keys for JOSE verifiers (the VC-JWTs' kid).
        if (path == "/.well-known/jwks.json" && read)
            return static_file("/pki/jwks.json", "public, max-age=300", "application/jwk-set+json");
        if (is_issuer_file(segments) && read)
            return segments.size() == 2
                       ? static_file("/issuers/" + segments[1] + "/profile.json",
                                     "public, max-age=300", "application/json")
                       : static_file("/issuers/" + segments[1] + "/keys/" + segments[3] + ".json",
                                     "public, max-age=300", "application/jwk+json");
        if (is_published(segments) && read)
            return static_file(path, segments[0] == "c" && segments.size() == 4
                                         ? "no-store"
                                         : "public, max-age=300");
        if (segments.size() == 3 && segments[0] == "api" && segments[1] == "certificates" &&
            credential::is_certificate_id(segments[2]) && read)
            return certificate_api(segments[2]);
        if (path == "/api/verify") {
            if (request.method != "POST") return error(405, "send the files with POST");
            return verify_upload(request.body, request.client);
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

portal_response portal::static_file(std::string const& path,
                                    std::string const& cache_control,
                                    std::string const& type) {
    auto bytes = util::try_read_file(public_dir_ / path.substr(1));
    if (!bytes) return error(404, "not found");
    return {200,
            type.empty() ? content_type_of(path) : type,
            std::move(*bytes),
            {{"Cache-Control", cache_control}}};
}

portal_response portal::certificate_api(std::string const& id) {
    auto summary_text = util::try_read_file(public_dir_ / "c" / id / "summary.json");
    if (!summary_text) return error(404, "no certificate with this id");
    auto summary = json::parse(*summary_text);
    std::string status = "unknown";
    if (auto verifier = cache_.verifier()) {
        auto lookup = cache_.status_lookup(verifier);
        status = "valid";
        for (auto const& entry : credential::status_entries(summary)) {
            auto value = lookup(entry);
            auto meaning = value ? credential::status_meaning(entry, *value) : std::nullopt;
            if (!meaning)
                status = "unknown";
            else if (*meaning != credential::verdict::valid)
                status = credential::verdict_name(*meaning);
            if (status == "revoked") break;
        }
    }
    summary["status"] = status;
    return json_response(200, summary);
}

portal_response portal::verify_upload(std::string const& body, std::string const& client) {
    auto request = json::parse(body, nullptr, false);
    bool batch = request.is_object() && request.contains("certificates");
    if (batch && !(request["certificates"].is_array() && !request["certificates"].empty() &&
                   request["certificates"].size() <= max_batch))
        return error(400, "send \"certificates\" as a list of 1 to " + std::to_string(max_batch) +
                              " {credential, signature} pairs");
    if (!batch) request = {{"certificates", json::array({std::move(request)})}};
    json const& pairs = request["certificates"];
    for (std::size_t i = 0; i < pairs.size(); ++i)
        if (!is_upload(pairs[i]))
            return error(
                400,
                (batch ? "certificates[" + std::to_string(i) + "]: " : "") +
                    R"(send {"credential": "<the .json file's text>", "signature": "<the .p7s file, base64>"})");
    // Each certificate of a batch counts as one request against the client's rate.
    if (pairs.size() > 1 && !allow(client, static_cast<double>(pairs.size() - 1)))
        return too_many_requests();
    auto verifier = cache_.verifier();
    if (!verifier) return error(503, "this server issues no certificates yet");
    auto lookup = cache_.status_lookup(verifier);
    if (!batch) return json_response(200, check_upload(pairs[0], *verifier, lookup));
    json results = json::array();
    for (auto const& pair : pairs) results.push_back(check_upload(pair, *verifier, lookup));
    return json_response(200, {{"results", std::move(results)}});
}

} // namespace craftmark::web
