#pragma once
// A data folder with a certificate PKI and the certificate test sitting (tests/data), for tests
// of issuing and of checking what was issued.
#include "server/certificates/gate_key.hpp"
#include "server/certificates/issuer.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/core/proctoring/roster.hpp"
#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/crypto/x509.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace craftmark::testing {

namespace fs = std::filesystem;
using nlohmann::json;

inline std::string read(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A data folder with a PKI and the certificate test sitting, whose attempts are closed with
/// the given results (the exam itself is exercised by the integration tests).
/// Its attempts are closed with the given results (the exam itself is exercised by the
/// integration tests).
struct issuing_body {
    fs::path dir = fs::temp_directory_path() / ("craftmark-cert-" + crypto::random_hex(6));
    util::system_clock clock;
    std::unique_ptr<SQLite::Database> db;
    std::optional<certificates::issuer> issuer;

    explicit issuing_body(std::string const& name = "市职业技能鉴定中心") {
        fs::create_directories(dir);
        db = store::open_database(dir / "craftmark.db");
        issuer.emplace(*db, dir, clock);
        issuer->keys().init(
            {name, "", "https://verify.example.cn/issuers/c1", "https://verify.example.cn"},
            "test");
        std::string source = CRAFTMARK_SOURCE_DIR;
        store::import_bank(
            *db,
            core::bank_from_json(json::parse(read(source + "/tests/data/certificate-bank.json"))),
            "test");
        store::put_assessment(*db,
                              core::assessment_from_json(
                                  json::parse(read(source + "/tests/data/certificate-exam.json"))),
                              "test");
        store::create_sitting(*db, {"s1", "cert-exam", "", "", "", 0}, "test");
        auto candidates =
            core::read_roster_csv(read(source + "/tests/data/certificate-candidates.csv"));
        store::register_candidates(*db, "s1", candidates, "test");
    }
    ~issuing_body() { fs::remove_all(dir); }

    void close_attempt(std::string const& ticket, json const& result) {
        SQLite::Statement q(*db,
                            "UPDATE attempts SET state = 'closed', result = ? WHERE ticket = ?");
        q.bind(1, result.dump());
        q.bind(2, ticket);
        REQUIRE(q.exec() == 1);
    }

    std::string id_of(std::string const& ticket) {
        SQLite::Statement q(*db, "SELECT id FROM certificates WHERE ticket = ?");
        q.bind(1, ticket);
        return q.executeStep() ? q.getColumn(0).getString() : "";
    }

    /// The published signed files of a certificate (behind its number's gate).
    std::pair<std::string, std::string> files(std::string const& ticket) {
        std::string id = id_of(ticket);
        auto document = *issuer->document(id);
        auto gate = dir / "public" / "c" / id /
                    certificates::gate_key(id, credential::number_of(json::parse(document)));
        return {read(gate / "credential.json"), read(gate / "credential.json.p7s")};
    }

    credential::verification verify(std::pair<std::string, std::string> const& f) {
        auto trust = crypto::trust_store(read(dir / "public" / "pki" / "trust.pem"), true);
        return credential::verify_certificate(
            f.first, f.second, trust.get(),
            credential::status_files_lookup(dir / "public" / "status", trust.get()));
    }
};

inline json passed(double percent) {
    return {{"total", percent / 25},
            {"max", 4},
            {"percent", percent},
            {"passed", percent >= 60},
            {"pendingItems", 0}};
}

} // namespace craftmark::testing
