// A small skills competition driven through the real server: the two draws, marking by a panel
// with a forced disagreement and its reconciliation, the chief judge's reveal, a tie and its
// break, medals, a frozen board (a competitor sees it frozen, staff live), award certificates
// checked with the stock openssl command.
#include "server/certificates/gate_key.hpp"
#include "server/certificates/issuer.hpp"
#include "server/certificates/register.hpp"
#include "server/core/marking/marking_service.hpp"
#include "server/store/admin.hpp"
#include "server/store/competitions.hpp"
#include "server/store/database.hpp"
#include "server/store/scoreboard.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/protocol/board_replies.hpp"
#include "tests/integration/marking_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <random>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

json event_file() {
    return json::parse(R"({
      "id": "city-2026", "name": "2026年市职业技能大赛 City Skills Competition 2026",
      "skills": [{
        "id": "cnc", "name": "数控车 CNC turning", "chiefJudge": "chief",
        "judges": ["j1", "j2", "j3", "j4"],
        "modules": [{"id": "P", "name": "实操 Practical", "sitting": "prac-1", "weight": 100}],
        "workstations": ["W1", "W2", "W3", "W4"],
        "tieBreaks": [{"module": "P", "criterion": "D"}],
        "medals": {"by": "rank", "gold": 1, "silver": 1, "bronze": 1},
        "levelCertificateFor": ["gold"]}]})");
}

/// The work codes of a competitor (the test knows what judges are never told).
std::vector<std::string> codes_of(SQLite::Database& db, std::string const& ticket) {
    SQLite::Statement q(db, "SELECT w.code FROM works w JOIN attempts a ON a.id = w.attempt_id "
                            "WHERE a.ticket = ? ORDER BY w.task");
    q.bind(1, ticket);
    std::vector<std::string> codes;
    while (q.executeStep()) codes.push_back(q.getColumn(0).getString());
    return codes;
}

json row_of(json const& board, std::string const& name) {
    for (auto const& row : board["skills"][0]["rows"])
        if (row.value("name", "") == name) return row;
    return nullptr;
}

std::string run(std::string const& command) {
    std::string out;
    if (FILE* p = popen((command + " 2>&1").c_str(), "r")) {
        char buffer[512];
        while (auto n = fread(buffer, 1, sizeof buffer, p)) out.append(buffer, n);
        out += "exit=" + std::to_string(pclose(p));
    }
    return out;
}

} // namespace

TEST_CASE("a competition: draws, a panel's marking, reveal, ranking, frozen board and awards") {
    marking_server s;
    auto db = store::open_database(s.database());
    std::vector<core::candidate_record> third{{"", "P003", "孙八", "3", "W3", "", ""}};
    store::register_candidates(*db, "prac-1", third, "test");
    s.practical["P003"] = third[0].access_code;
    store::put_staff(*db, {"admin", "Admin", "admin", "", {"*"}}, staff_password, "test");
    db->exec("UPDATE assessments SET document = json_set(document, '$.occupation', "
             "json('{\"code\":\"6-18-01-01\",\"name\":\"车工\"}'), '$.level', 'L4') "
             "WHERE id = 'cnc-practical'");
    auto event = store::add_event(*db, event_file(), "admin:cli", s.clock.now());
    std::mt19937_64 random(2026);
    auto lots = [&] { return random(); };

    // The draws: numbers first, then workstations by number; neither twice.
    CHECK_THROWS_WITH(store::draw_workstations(*db, event, "cnc", "admin:cli", 1, lots),
                      doctest::Contains("numbers of cnc first"));
    store::draw_numbers(*db, event, "cnc", "admin:cli", 1, lots);
    store::draw_workstations(*db, event, "cnc", "admin:cli", 2, lots);
    CHECK_THROWS_WITH(store::draw_numbers(*db, event, "cnc", "admin:cli", 3, lots),
                      doctest::Contains("has drawn"));
    auto competitors = store::skill_competitors(*db, event, event.skills[0]);
    REQUIRE(competitors.size() == 3);
    std::set<std::string> numbers, stations;
    for (auto const& c : competitors) {
        numbers.insert(c.number);
        stations.insert(c.workstation);
    }
    CHECK(numbers == std::set<std::string>{"01", "02", "03"});
    CHECK(stations.size() == 3);
    auto second_draw =
        db->execAndGet("SELECT detail FROM audit WHERE action = 'event.draw' ORDER BY seq DESC")
            .getString();
    CHECK(second_draw.find("\"round\":2") != std::string::npos);
    for (auto const& person : {"P00", "赵六", "钱七", "孙八"})
        CHECK(second_draw.find(person) == std::string::npos); // numbers → stations only

    // The competitors sit the module; one stays connected to watch the board.
    std::unique_ptr<client::connection> competitor;
    for (auto const& ticket : {"P001", "P002", "P003"}) {
        auto c = hand_in(s, ticket);
        if (std::string(ticket) == "P002") competitor = std::move(c);
    }
    s.server.marking().wait_idle();
    auto watched = competitor->call("scoreboard.watch", {{"event", "city-2026"}});
    REQUIRE(code_of(watched) == "");
    CHECK(watched.body["board"]["view"] == "public");
    CHECK(json(watched.body.get<protocol::board_update>()) == watched.body); // its struct, whole
    CHECK(watched.body["board"]["skills"][0]["rows"].empty());               // nothing released yet
    CHECK(code_of(competitor->call("scoreboard.watch", {{"event", "nope"}})) == "invalid_field");

    // The panel marks. 赵六 is best everywhere; 钱七 and 孙八 end equal, but 孙八 lost marks on
    // safety (criterion D) and made them up on finish (B1.1).
    std::vector<std::string> panel{"j1", "j2", "j3"};
    for (auto const& code : codes_of(*db, "P001")) mark_fully(s, code, panel, 3);
    CHECK_THROWS_WITH(store::reveal_module(*db, event, "cnc", "P", "chief", staff_password, 3),
                      doctest::Contains("not locked yet"));
    for (auto const& code : codes_of(*db, "P003"))
        mark_fully(s, code, panel, 2, {{"B1.1", 3}}, {{"D1.1", {{"faults", {{"glasses", 1}}}}}});
    auto p002 = codes_of(*db, "P002");
    REQUIRE(p002.size() == 2);
    mark_fully(s, p002[1], panel, 2);
    // The forced disagreement: scores 0 and 3 on one aspect block the lock until reconciled.
    mark_fully(s, p002[0], panel, 2, {}, {}, false);
    json at = {{"sitting_id", "prac-1"}, {"code", p002[0]}, {"aspect", "B1.2"}};
    at["entry"] = {{"score", 0}};
    REQUIRE(code_of(s.as("j1").call("marking.enter", at)) == "");
    at["entry"] = {{"score", 3}};
    REQUIRE(code_of(s.as("j2").call("marking.enter", at)) == "");
    json work = {{"sitting_id", "prac-1"}, {"code", p002[0]}};
    auto refused = s.as("chief").call("marking.lock", work);
    CHECK(code_of(refused) == "invalid_field");
    CHECK(refused.message.find("B1.2") != std::string::npos);
    at["entry"] = {{"score", 2}};
    REQUIRE(code_of(s.as("j1").call("marking.enter", at)) == "");
    REQUIRE(code_of(s.as("j2").call("marking.enter", at)) == "");
    REQUIRE(code_of(s.as("chief").call("marking.lock", work)) == "");

    // Staff see scores by number before the reveal, never names; the public sees nothing.
    json staff_board = store::event_board(*db, "city-2026", true);
    REQUIRE(staff_board["skills"][0]["rows"].size() == 3);
    CHECK_FALSE(staff_board["skills"][0]["rows"][0].contains("name"));
    CHECK(json(store::event_board(*db, "city-2026", false))["skills"][0]["rows"].empty());

    // Frozen before the reveal: the public keeps the empty board.
    store::freeze_board(*db, "city-2026", store::live_public_board(*db, "city-2026"), "admin:cli",
                        4);
    CHECK_THROWS_WITH(store::reveal_module(*db, event, "cnc", "P", "j1", staff_password, 5),
                      doctest::Contains("not the chief judge"));
    CHECK_THROWS_WITH(store::reveal_module(*db, event, "cnc", "P", "chief", "guess", 5),
                      doctest::Contains("password does not match"));
    store::reveal_module(*db, event, "cnc", "P", "chief", staff_password, 5);

    auto live = s.staff("admin")->call("scoreboard.watch", {{"event", "city-2026"}}).body["board"];
    CHECK(live["view"] == "staff");
    CHECK(live["frozen"] == true);
    CHECK(live["skills"][0]["final"] == true);
    CHECK(json(live.get<protocol::scoreboard>()) == live); // ranked rows read as their struct
    auto gold = row_of(live, "赵六"), silver = row_of(live, "钱七"), bronze = row_of(live, "孙八");
    REQUIRE(gold.is_object());
    REQUIRE(silver.is_object());
    REQUIRE(bronze.is_object());
    CHECK(gold["rank"] == 1);
    CHECK(gold["medal"] == "gold");
    CHECK(silver["total"] == bronze["total"]);
    CHECK(silver["rank"] == 2);
    CHECK(silver["medal"] == "silver");
    CHECK(silver["brokenBy"] == "criterion D of module P");
    CHECK(bronze["rank"] == 3);
    CHECK(bronze["medal"] == "bronze");

    auto frozen = s.connect()->call("scoreboard.watch", {{"event", "city-2026"}}).body["board"];
    CHECK(frozen["frozen"] == true);
    CHECK(frozen["skills"][0]["rows"].empty());
    // Nothing the competitor received while the board was unreleased or frozen held a result:
    // every push so far (the server rebuilds boards each second) has no rows, names or scores.
    int pushes = 0;
    while (auto m = competitor->next_message(std::chrono::milliseconds(1500))) {
        CAPTURE(m->body.dump());
        CHECK(m->body["board"]["skills"][0]["rows"].empty());
        for (auto const& secret : {"赵六", "钱七", "孙八", "\"total\"", "\"medal\""})
            CHECK(m->body.dump().find(secret) == std::string::npos);
        ++pushes;
    }
    CHECK(pushes >= 1);
    // Unfreezing reaches the watching competitor as a push with the released board.
    store::unfreeze_board(*db, "city-2026", "admin:cli", 6);
    json pushed;
    for (int i = 0; i < 50 && pushed.is_null(); ++i)
        if (auto m = competitor->next_message(std::chrono::milliseconds(200));
            m && m->type == "scoreboard" && !m->body["board"]["frozen"].get<bool>() &&
            !m->body["board"]["skills"][0]["rows"].empty())
            pushed = m->body["board"];
    REQUIRE(pushed.is_object());
    CHECK(json(pushed.get<protocol::scoreboard>()) == pushed); // names revealed: still the struct
    CHECK(row_of(pushed, "钱七")["medal"] == "silver");
    CHECK(pushed["view"] == "public");

    // Award certificates for the medallists, and the level for gold; openssl checks them.
    certificates::issuer issuer(*db, s.dir.path, s.clock);
    issuer.keys().init({"市职业技能鉴定中心", "", "https://verify.example.cn/issuers/c1",
                        "https://verify.example.cn"},
                       "test");
    auto report = issuer.issue_awards("city-2026", "cnc", "admin:cli");
    CHECK(report.issued.size() == 4);
    CHECK(issuer.issue_awards("city-2026", "cnc", "admin:cli").already_issued == 4);
    int awards = 0;
    for (auto const& id : report.issued) {
        auto document = json::parse(*issuer.document(id));
        auto type = document["credentialSubject"]["achievement"]["achievementType"];
        if (type == "Award") ++awards;
        auto folder = s.dir.path / "public" / "c" / id /
                      certificates::gate_key(id, credential::number_of(document));
        auto verified = run("openssl cms -verify -binary -inform DER -in '" +
                            (folder / "credential.json.p7s").string() + "' -content '" +
                            (folder / "credential.json").string() + "' -CAfile '" +
                            (s.dir.path / "public" / "pki" / "trust.pem").string() +
                            "' -crl_check -out /dev/null");
        CHECK_MESSAGE(verified.find("exit=0") != std::string::npos, verified);
        auto conforms = run("/usr/bin/python3 '" + std::string(CRAFTMARK_SOURCE_DIR) +
                            "/tests/tools/open_badges_schema_check.py' '" +
                            (folder / "credential.json").string() + "'");
        CHECK_MESSAGE(conforms.find("exit=0") != std::string::npos, conforms);
        auto expands =
            run("/usr/bin/python3 '" + std::string(CRAFTMARK_SOURCE_DIR) +
                "/tests/tools/json_ld_check.py' '" + (folder / "credential.json").string() + "'");
        CHECK_MESSAGE(expands.find("exit=0") != std::string::npos, expands);
    }
    CHECK(awards == 3);
    // The register gives award holders' ID numbers masked, as it does for qualifications.
    for (auto const& entry : certificates::certificate_register(*db, "")) {
        CHECK_MESSAGE(!entry.masked_id.empty(), entry.number);
        CHECK(entry.masked_id.find_first_not_of('*') == std::string::npos); // short test IDs
    }

    // The same module as a team skill: a team is one competitor with the mean of its members'
    // results; every member of a medalled team gets an award.
    auto teams = event_file();
    teams["id"] = "city-2026-teams";
    teams["skills"][0]["teams"] = {{{"id", "A"}, {"name", "城南队"}, {"members", {"1", "3"}}}};
    teams["skills"][0].erase("levelCertificateFor");
    auto team_event = store::add_event(*db, teams, "admin:cli", 7);
    CHECK_THROWS_WITH(store::draw_numbers(*db, team_event, "cnc", "admin:cli", 7, lots),
                      doctest::Contains("钱七 (P002) is in none"));
    teams["skills"][0]["teams"].push_back({{"id", "B"}, {"name", "机械厂队"}, {"members", {"2"}}});
    team_event = store::add_event(*db, teams, "admin:cli", 7);
    store::draw_numbers(*db, team_event, "cnc", "admin:cli", 8, lots);
    store::reveal_module(*db, team_event, "cnc", "P", "chief", staff_password, 9);
    json team_board = store::event_board(*db, "city-2026-teams", false);
    auto team_a = row_of(team_board, "城南队"), team_b = row_of(team_board, "机械厂队");
    REQUIRE(team_a.is_object());
    CHECK(team_a["members"] == json{"赵六", "孙八"});
    auto mean = (gold["total"].get<double>() + bronze["total"].get<double>()) / 2;
    CHECK(team_a["total"].get<double>() == doctest::Approx(mean).epsilon(0.001));
    CHECK(team_a["medal"] == "gold");
    CHECK(team_b["medal"] == "silver");
    auto team_awards = issuer.issue_awards("city-2026-teams", "cnc", "admin:cli");
    CHECK(team_awards.issued.size() == 3); // both members of team A, the member of team B
    for (auto const& id : team_awards.issued)
        CHECK(issuer.document(id)->find("City Skills Competition 2026, 数控车 CNC turning (") !=
              std::string::npos);
}
