#include "server/core/proctoring/roster.hpp"
#include "server/store/audit_log.hpp"
#include "shared/credential/canonical_json.hpp"
#include "shared/credential/status_list.hpp"
#include "shared/crypto/cms.hpp"
#include "shared/crypto/cms_verifier.hpp"
#include "tests/server/certificates/issuing_body.hpp"

#include <openssl/x509v3.h>
#include <tuple>

using namespace craftmark;
using namespace craftmark::testing;

TEST_CASE("only final, passing results earn a certificate, and never twice") {
    issuing_body body;
    body.close_attempt("C001", passed(100));
    body.close_attempt("C002", {{"percent", 75}, {"passed", false}, {"pendingItems", 1}});
    body.close_attempt("C003", passed(25));
    std::vector<std::size_t> progress;
    auto report =
        body.issuer->issue("s1", std::nullopt, "test",
                           [&](std::size_t done, std::size_t) { progress.push_back(done); });
    CHECK(report.issued.size() == 1);
    CHECK(progress == std::vector<std::size_t>{1, 2, 3});
    REQUIRE(report.refused.size() == 2);
    CHECK(report.refused[0] == "C002: results not final (1 item(s) await marking)");
    CHECK(report.refused[1] == "C003: did not pass (25 %)");
    auto again = body.issuer->issue("s1", std::nullopt, "test");
    CHECK(again.issued.empty());
    CHECK(again.already_issued == 1);
    CHECK_THROWS_WITH(body.issuer->issue("s1", "C999", "test"), doctest::Contains("no attempt"));
    CHECK_THROWS_WITH(body.issuer->issue("nope", std::nullopt, "test"),
                      doctest::Contains("no sitting"));

    auto document = *body.issuer->document(report.issued[0]);
    CHECK(credential::is_canonical_json(document));
    CHECK(document.find("110101199003091234") == std::string::npos); // the national ID number
    CHECK(credential::holder_name_of(json::parse(document)) == "张三丰");
    CHECK(body.db->execAndGet("SELECT COUNT(*) FROM signing_log WHERE subject LIKE 'certificate:%'")
              .getInt() == 1);
    CHECK(store::verify_audit(*body.db).intact());
    CHECK(body.verify(body.files("C001")).ok());
}

TEST_CASE("every way a certificate can fail is named") {
    issuing_body body;
    body.close_attempt("C001", passed(100));
    body.close_attempt("C002", passed(75));
    body.issuer->issue("s1", std::nullopt, "test");
    auto good = body.files("C001");
    REQUIRE(body.verify(good).ok());
    CHECK(body.verify(good).status_checked);

    auto changed = good;
    changed.first.replace(changed.first.find("张三丰"), std::string("张三丰").size(), "张三风");
    CHECK(body.verify(changed).result == credential::verdict::tampered);
    CHECK(body.verify({good.first, good.second.substr(0, 100)}).result ==
          credential::verdict::malformed);
    CHECK(body.verify({good.first, "garbage"}).result == credential::verdict::malformed);

    issuing_body stranger("Somebody Else");
    auto foreign_trust =
        crypto::trust_store(read(stranger.dir / "public" / "pki" / "trust.pem"), true);
    CHECK(credential::verify_certificate(good.first, good.second, foreign_trust.get(), {}).result ==
          credential::verdict::unknown_issuer);

    // Signed by this issuing body's key but claiming another issuer.
    auto doc = json::parse(good.first);
    doc["issuer"]["id"] = "https://verify.example.cn/issuers/someone-else";
    auto s = body.issuer->keys().current_signer();
    std::string forged = credential::canonical_json(doc);
    CHECK(body.verify({forged, crypto::cms_sign_detached(forged, s.certificate.get(), s.key.get())})
              .result == credential::verdict::issuer_mismatch);

    body.issuer->set_status("CM2026000002", "revoked", "obtained by fraud", "test");
    CHECK(body.verify(body.files("C002")).result == credential::verdict::revoked);
    CHECK_THROWS_WITH(body.issuer->set_status("CM2026000002", "active", "x", "test"),
                      doctest::Contains("final"));

    body.issuer->set_status(body.id_of("C001"), "suspended", "under investigation", "test");
    CHECK(body.verify(good).result == credential::verdict::suspended);
    body.issuer->set_status(body.id_of("C001"), "active", "cleared", "test");
    CHECK(body.verify(good).ok());
    CHECK_THROWS_WITH(body.issuer->set_status("CM404", "revoked", "x", "test"),
                      doctest::Contains("no certificate"));
    CHECK_THROWS_WITH(body.issuer->set_status("CM2026000001", "revoked", "", "test"),
                      doctest::Contains("reason"));
    CHECK(store::verify_audit(*body.db).intact());
}

TEST_CASE("a certificate of before, with a revocation and a suspension bit, still changes status") {
    issuing_body body;
    body.close_attempt("C001", passed(100));
    body.issuer->issue("s1", std::nullopt, "test");
    // The two-entry form certificates had before the two-bit list, as migration 12 keeps them.
    std::string empty_list = credential::status_list().bytes();
    SQLite::Statement list(*body.db, "INSERT INTO status_lists (purpose, bits) VALUES (?, ?)");
    for (char const* purpose : {"revocation", "suspension"}) {
        list.reset();
        list.bind(1, purpose);
        list.bind(2, empty_list.data(), static_cast<int>(empty_list.size()));
        list.exec();
    }
    long revocation_list = static_cast<long>(body.db->getLastInsertRowid()) - 1;
    body.db->exec("UPDATE certificates SET message_list = NULL, message_index = NULL, "
                  "revocation_list = " +
                  std::to_string(revocation_list) + ", revocation_index = 5, suspension_list = " +
                  std::to_string(revocation_list + 1) + ", suspension_index = 9");
    auto doc = json::parse(body.files("C001").first);
    doc["credentialStatus"] = json::array();
    for (auto [purpose, list_id, index] : {std::tuple{"revocation", revocation_list, 5},
                                           std::tuple{"suspension", revocation_list + 1, 9}}) {
        std::string url = "https://verify.example.cn/status/" + std::to_string(list_id);
        doc["credentialStatus"].push_back({{"id", url + "#" + std::to_string(index)},
                                           {"type", "BitstringStatusListEntry"},
                                           {"statusPurpose", purpose},
                                           {"statusListIndex", std::to_string(index)},
                                           {"statusListCredential", url}});
    }
    auto s = body.issuer->keys().current_signer();
    std::string legacy = credential::canonical_json(doc);
    std::pair<std::string, std::string> files{
        legacy, crypto::cms_sign_detached(legacy, s.certificate.get(), s.key.get())};

    body.issuer->set_status("CM2026000001", "suspended", "under investigation", "test");
    CHECK(body.verify(files).result == credential::verdict::suspended);
    body.issuer->set_status("CM2026000001", "active", "cleared", "test");
    CHECK(body.verify(files).ok());
    CHECK(body.verify(files).status_checked);
    body.issuer->set_status("CM2026000001", "revoked", "obtained by fraud", "test");
    CHECK(body.verify(files).result == credential::verdict::revoked);
}

TEST_CASE("a revoked signing key fails its signatures, the re-signed copies verify") {
    issuing_body body;
    body.close_attempt("C001", passed(100));
    body.issuer->issue("s1", std::nullopt, "test");
    auto before = body.files("C001");
    auto& pki = body.issuer->keys();
    CHECK_THROWS_WITH(pki.revoke_key(pki.root_key_path(), "2026-1", "lost", "test"),
                      doctest::Contains("unknown revocation reason"));
    CHECK(pki.keys().front().revoked_at == 0); // the refused revocation changed nothing

    pki.revoke_key(pki.root_key_path(), pki.keys().front().kid, "keyCompromise", "test");
    CHECK(pki.keys().size() == 2); // a new current key was made
    CHECK(body.verify(before).result == credential::verdict::revoked_key);
    CHECK(body.issuer->resign_signed_by(pki.keys().front().kid, "test") == 1);
    auto after = body.files("C001");
    CHECK(after.first == before.first); // same bytes, new signature
    CHECK(body.verify(after).ok());

    issuing_body stranger("Somebody Else");
    CHECK_THROWS_WITH(pki.rotate(stranger.issuer->keys().root_key_path(), "test"),
                      doctest::Contains("not the key of this PKI's root"));
    CHECK_THROWS_WITH(pki.init({"x", "", "https://a/issuers/b", "https://a"}, "test"),
                      doctest::Contains("already exists"));
}

TEST_CASE("keys and files: owner-only private keys, a signing profile without extended key usage") {
    issuing_body body;
    auto& pki = body.issuer->keys();
    auto perms = fs::status(pki.root_key_path()).permissions();
    CHECK((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none);
    auto s = pki.current_signer();
    CHECK(crypto::san_uri(s.certificate.get()) == "https://verify.example.cn/issuers/c1");
    auto flags = X509_get_extension_flags(s.certificate.get());
    CHECK((flags & EXFLAG_KUSAGE) != 0);
    CHECK((flags & EXFLAG_XKUSAGE) == 0);
    auto kid = pki.rotate(pki.root_key_path(), "test");
    CHECK(pki.current_signer().kid == kid);
}

TEST_CASE("with a practical component, a certificate needs both results and is issued once") {
    issuing_body body;
    std::string source = CRAFTMARK_SOURCE_DIR;
    store::put_marking_scheme(
        *body.db, json::parse(read(source + "/question-banks/cnc-turning-worldskills-scheme.json")),
        "test");
    store::put_assessment(
        *body.db,
        core::assessment_from_json({{"kind", "assessment"},
                                    {"id", "cert-practical"},
                                    {"occupation", {{"code", "6-31-01-03"}}},
                                    {"level", "L4"},
                                    {"durationMinutes", 60},
                                    {"tasks",
                                     {{{"id", "T1"},
                                       {"durationMinutes", 60},
                                       {"markingScheme", "cnc-turning-module-a"}}}}}),
        "test");
    store::create_sitting(*body.db, {"p1", "cert-practical", "", "", "", 0}, "test");
    // The same three people (by national ID) under practical tickets.
    auto people = core::read_roster_csv("ticket,name,national_id\n"
                                        "P001,张三丰,110101199003091234\n"
                                        "P002,Li Ming,110101199104162345\n"
                                        "P003,王小二,110101199205233456\n");
    store::register_candidates(*body.db, "p1", people, "test");
    auto lock_practical = [&](std::string const& ticket, double total) {
        SQLite::Statement q(*body.db,
                            "INSERT INTO works (sitting_id, attempt_id, task, code, state, score) "
                            "SELECT 'p1', id, 'T1', ?, 'locked', ? FROM attempts WHERE ticket = ?");
        q.bind(1, "W" + ticket);
        q.bind(2, json{{"total", total}, {"aspects", json::object()}}.dump());
        q.bind(3, ticket);
        REQUIRE(q.exec() == 1);
        body.close_attempt(ticket, passed(0));
    };
    body.close_attempt("C001", passed(100));
    body.close_attempt("C002", passed(75));
    body.close_attempt("C003", passed(80));

    auto before = body.issuer->issue("s1", std::nullopt, "test");
    CHECK(before.issued.empty());
    REQUIRE(before.refused.size() == 3);
    CHECK(before.refused[0] == "C001: no practical result yet (attempt waiting)");

    lock_practical("P001", 85);
    lock_practical("P002", 40);
    auto practical = body.issuer->issue("p1", std::nullopt, "test");
    CHECK(practical.issued.size() == 1);
    REQUIRE(practical.refused.size() == 2);
    CHECK(practical.refused[0] == "P002: did not pass (practical 40 %, needs 60)");
    CHECK(practical.refused[1] == "P003: no practical result yet (attempt waiting)");
    // The certificate states both parts of the rule, and the theory sitting does not issue again.
    auto document = json::parse(*body.issuer->document(body.id_of("P001")));
    CHECK(document.dump().find("技能操作考核成绩达到60分及以上") != std::string::npos);
    CHECK(document.dump().find("theory examination passed at 60 % or above") != std::string::npos);
    auto theory = body.issuer->issue("s1", std::nullopt, "test");
    CHECK(theory.issued.empty());
    CHECK(theory.already_issued == 1);
}

TEST_CASE("a verifier that remembers signing certificates judges exactly as the full check") {
    issuing_body body;
    body.close_attempt("C001", passed(100));
    body.close_attempt("C002", passed(75));
    body.issuer->issue("s1", std::nullopt, "test");
    auto [document, signature] = body.files("C001");
    auto [other_document, other_signature] = body.files("C002");
    crypto::cms_verifier verifier(
        crypto::trust_store(read(body.dir / "public" / "pki" / "trust.pem"), true));
    auto full = [&](std::string_view content, std::string_view der) {
        return crypto::cms_verify_detached(content, der, verifier.store());
    };

    auto first = verifier.verify(document, signature);
    REQUIRE(first.ok());
    CHECK(verifier.known_signers() == 1);
    for (auto const& [content, der] :
         {std::pair{document, signature}, std::pair{other_document, other_signature}}) {
        auto remembered = verifier.verify(content, der);
        auto expected = full(content, der);
        REQUIRE(remembered.ok());
        CHECK(crypto::subject_line(remembered.signer.get()) ==
              crypto::subject_line(expected.signer.get()));
        CHECK(remembered.signed_at == expected.signed_at);
    }
    CHECK(verifier.verify(other_document, signature).failure ==
          crypto::cms_failure::content_changed);
    CHECK(verifier.known_signers() == 1); // both certificates were signed by one key

    // Every single-bit change to the signature gets the full check's verdict, never "valid"
    // because the signing certificate was remembered.
    int refused = 0;
    for (std::size_t i = 0; i < signature.size(); ++i) {
        auto changed = signature;
        changed[i] = static_cast<char>(changed[i] ^ (1 << (i % 8)));
        auto remembered = verifier.verify(document, changed);
        auto expected = full(document, changed);
        CHECK_MESSAGE(remembered.failure == expected.failure, "bit changed in byte ", i);
        if (!expected.ok()) ++refused;
    }
    CHECK(refused > static_cast<int>(signature.size()) / 2);

    // A genuine signature that carries a second certificate is checked but not remembered:
    // otherwise anyone could grow the memory with endless variants of one signature.
    auto s = body.issuer->keys().current_signer();
    crypto::x509_ptr root =
        crypto::certificate_from_pem(read(body.dir / "public" / "pki" / "root.pem"));
    auto free_list = [](STACK_OF(X509) * list) { sk_X509_free(list); };
    std::unique_ptr<STACK_OF(X509), decltype(free_list)> extra(sk_X509_new_null(), free_list);
    sk_X509_push(extra.get(), root.get());
    crypto::bio_ptr in(BIO_new_mem_buf(document.data(), static_cast<int>(document.size())));
    crypto::cms_ptr two(CMS_sign(s.certificate.get(), s.key.get(), extra.get(), in.get(),
                                 CMS_DETACHED | CMS_BINARY));
    REQUIRE(two);
    unsigned char* der = nullptr;
    int length = i2d_CMS_ContentInfo(two.get(), &der);
    REQUIRE(length > 0);
    std::string with_root(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    CHECK(verifier.verify(document, with_root).ok());
    CHECK(verifier.verify(document, with_root).ok());
    CHECK(verifier.known_signers() == 1);
}
