#include "server/web/portal.hpp"
#include "shared/crypto/jws.hpp"
#include "tests/server/certificates/issuing_body.hpp"

using namespace craftmark;
using namespace craftmark::testing;

namespace {

json upload(std::pair<std::string, std::string> const& files) {
    return {{"credential", files.first}, {"signature", crypto::base64url_encode(files.second)}};
}

web::portal_response
post_verify(web::portal& portal, json const& body, std::string const& client = "192.0.2.1") {
    return portal.handle({"POST", "/api/verify", body.dump(), client});
}

/// Two passing candidates with certificates issued, and a portal over what was published.
struct issued_portal {
    issuing_body body;
    util::manual_clock clock;
    web::portal portal;
    std::pair<std::string, std::string> first, second;

    explicit issued_portal(web::rate_limit limit = {0, 0})
        : portal(body.dir / "public", clock, limit) {
        body.close_attempt("C001", passed(100));
        body.close_attempt("C002", passed(75));
        body.issuer->issue("s1", std::nullopt, "test");
        first = body.files("C001");
        second = body.files("C002");
    }
};

} // namespace

TEST_CASE("a batch of uploads is answered in the order sent, each with its own verdict") {
    issued_portal p;
    auto tampered = p.second;
    tampered.first.replace(tampered.first.find("Li Ming"), 7, "Li Mong");
    auto truncated = p.first;
    truncated.second.resize(200);
    json batch = {{"certificates",
                   {upload(p.first),
                    upload(tampered),
                    upload(truncated),
                    upload(p.second),
                    {{"credential", p.first.first}, {"signature", "not base64!"}}}}};

    auto response = post_verify(p.portal, batch);
    REQUIRE(response.status == 200);
    auto results = json::parse(response.body).at("results");
    REQUIRE(results.size() == 5);
    std::vector<std::string> verdicts;
    for (auto const& r : results) verdicts.push_back(r.at("verdict").get<std::string>());
    CHECK(verdicts ==
          std::vector<std::string>{"valid", "tampered", "malformed", "valid", "malformed"});
    CHECK(results[0]["certificate"]["holder"] == "张三丰");
    CHECK(results[3]["certificate"]["holder"] == "Li Ming");
    CHECK(results[1]["valid"] == false);
    CHECK_FALSE(results[1].contains("certificate")); // nothing of a failed one is repeated back
    CHECK(results[4]["reason"] == "the signature is not base64");

    // One pair on its own is answered with one result, as the /verify page expects.
    auto single = json::parse(post_verify(p.portal, upload(p.second)).body);
    CHECK(single["valid"] == true);
    CHECK(single["certificate"]["holder"] == "Li Ming");
}

TEST_CASE("a batch in the wrong shape is refused whole, naming what is wrong") {
    issued_portal p;
    auto refused = [&](json const& body) {
        auto response = post_verify(p.portal, body);
        CHECK(response.status == 400);
        return json::parse(response.body).at("error").get<std::string>();
    };
    CHECK(refused({{"certificates", json::array()}}).find("1 to 10") != std::string::npos);
    CHECK(refused({{"certificates", "all of them"}}).find("1 to 10") != std::string::npos);
    json too_many = json::array();
    for (int i = 0; i < 11; ++i) too_many.push_back(upload(p.first));
    CHECK(refused({{"certificates", too_many}}).find("1 to 10") != std::string::npos);
    json missing = {upload(p.first), {{"credential", p.second.first}}};
    CHECK(refused({{"certificates", missing}}).starts_with("certificates[1]: "));
    CHECK(refused({{"credential", 12}}).starts_with("send {"));
}

TEST_CASE("each certificate of a batch counts as one request against the client's rate") {
    issued_portal p({30, 1}); // bursts of 30, one a second
    json ten = json::array();
    for (int i = 0; i < 10; ++i) ten.push_back(upload(i % 2 ? p.first : p.second));
    for (int i = 0; i < 3; ++i) CHECK(post_verify(p.portal, {{"certificates", ten}}).status == 200);
    CHECK(post_verify(p.portal, {{"certificates", ten}}).status == 429);
    CHECK(post_verify(p.portal, {{"certificates", ten}}, "192.0.2.2").status == 200);
    p.clock.advance(2'000); // two certificates' worth
    CHECK(post_verify(p.portal, {{"certificates", ten}}).status == 429);
    CHECK(post_verify(p.portal, upload(p.first)).status == 200);
}

TEST_CASE(
    "the exam page's libraries are served whole from the server, fonts with their zero bytes") {
    issued_portal p;
    auto get = [&](std::string target) {
        return p.portal.handle({"GET", target, "", "192.0.2.1"});
    };
    auto font = get("/assets/katex/fonts/KaTeX_Main-Regular.woff2");
    REQUIRE(font.status == 200);
    CHECK(font.content_type == "font/woff2");
    CHECK(font.body.starts_with("wOF2"));
    CHECK(font.body.size() > 10000); // a literal cut at its first zero byte would be a few bytes
    CHECK(font.body.find('\0') != std::string::npos);
    auto script = get("/assets/katex/katex.min.js");
    REQUIRE(script.status == 200);
    CHECK(script.content_type == "text/javascript; charset=utf-8");
    CHECK(script.body.find("renderToString") != std::string::npos);
    CHECK(get("/assets/katex/katex.min.css").content_type == "text/css; charset=utf-8");
    CHECK(get("/assets/marked/marked.umd.js").status == 200);
    CHECK(get("/assets/katex/../exam.html").status == 404);
    CHECK(get("/assets/katex/fonts/KaTeX_None.woff2").status == 404);
}
