#include "tests/integration/marking_fixture.hpp"

#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/protocol/upload_frame.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>

namespace craftmark::testing {

using nlohmann::json;

json file_json(std::string const& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

protocol::incoming recorded::call(std::string const& type, json body) {
    auto r = c->call(type, body);
    frames.push_back(r.body.dump() + r.message);
    return r;
}

marking_server::marking_server() {
    auto db = store::open_database(dir.path / "craftmark.db");
    store::put_marking_scheme(*db,
                              file_json(std::string(CRAFTMARK_SOURCE_DIR) +
                                        "/question-banks/cnc-turning-worldskills-scheme.json"),
                              "test");
    db->exec("UPDATE candidates SET organisation = '城南技师学院' WHERE ticket = 'P001'");
    for (auto const& [user, org, chief] :
         std::vector<std::tuple<std::string, std::string, bool>>{{"j1", "市机械厂", false},
                                                                 {"j2", "市职教中心", false},
                                                                 {"j3", "", false},
                                                                 {"j4", "城南技师学院", false},
                                                                 {"chief", "市鉴定中心", true}}) {
        std::vector<std::string> scopes{"sitting:prac-1"};
        if (chief) scopes.push_back("chief");
        store::put_staff(*db, {user, user, "examiner", "", scopes, org}, staff_password, "test");
    }
    std::filesystem::copy(std::string(CRAFTMARK_SOURCE_DIR) + "/question-banks/checkers",
                          dir.path / "checkers", std::filesystem::copy_options::recursive);
}

recorded& marking_server::as(std::string const& user) {
    auto& r = staff_[user];
    if (!r.c) r.c = staff(user);
    return r;
}

std::unique_ptr<client::connection>
hand_in(marking_server& s, std::string const& ticket, std::string const& program) {
    auto c = s.connect();
    REQUIRE(code_of(c->call("auth.sign_in", {{"ticket", ticket},
                                             {"access_code", s.practical[ticket]},
                                             {"terminal_id", "ws-" + ticket}})) == "");
    REQUIRE(code_of(c->call("paper.get", json::object())) == "");
    if (!program.empty()) {
        auto id = c->call("upload.begin", {{"task", "T1"},
                                           {"name", "O1000.nc"},
                                           {"size", program.size()},
                                           {"sha256", crypto::sha256_hex(program)}})
                      .body["upload"]
                      .get<std::int64_t>();
        c->call_binary(
            [&](std::int64_t rid) { return protocol::encode_upload_chunk(rid, id, 0, program); });
        REQUIRE(code_of(c->call("upload.finish", {{"upload", id}})) == "");
    }
    REQUIRE(code_of(c->call("attempt.submit", json::object())) == "");
    return c;
}

void mark_fully(marking_server& s,
                std::string const& code,
                std::vector<std::string> const& who,
                int score,
                std::map<std::string, int> const& scores,
                std::map<std::string, json> const& measured,
                bool lock) {
    json at = {{"sitting_id", "prac-1"}, {"code", code}};
    auto form = s.as(who[0]).call("marking.work", at).body;
    REQUIRE(form.contains("scheme"));
    for (auto const& criterion : form["scheme"]["criteria"])
        for (auto const& a : criterion["aspects"]) {
            auto aspect = a["code"].get<std::string>();
            json body = at;
            body["aspect"] = aspect;
            if (a["type"] == "judgement") {
                for (auto const& judge : who) {
                    body["entry"] = {{"score", scores.count(aspect) ? scores.at(aspect) : score}};
                    REQUIRE(code_of(s.as(judge).call("marking.enter", body)) == "");
                }
            } else if (measured.count(aspect)) {
                body["entry"] = measured.at(aspect);
                REQUIRE(code_of(s.as(who[0]).call("marking.enter", body)) == "");
            } else if (!form["marks"][aspect].contains("entry")) {
                body["entry"] = a["rule"] == "all_or_nothing" ? json{{"met", true}}
                                : a["rule"] == "deductions"   ? json{{"faults", json::object()}}
                                                              : json{{"value", a["nominal"]}};
                REQUIRE(code_of(s.as(who[0]).call("marking.enter", body)) == "");
            }
        }
    if (lock) REQUIRE(code_of(s.as("chief").call("marking.lock", at)) == "");
}

std::vector<json> queue_of(marking_server& s, std::string const& user) {
    auto works = s.as(user).call("marking.queue", {{"sitting_id", "prac-1"}}).body["works"];
    return {works.begin(), works.end()};
}

} // namespace craftmark::testing
