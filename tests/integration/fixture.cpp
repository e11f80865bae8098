#include "tests/integration/fixture.hpp"

#include "server/core/bank/bank.hpp"
#include "server/store/admin.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

namespace craftmark::testing {

using nlohmann::json;

temp_dir::temp_dir()
    : path(std::filesystem::temp_directory_path() / ("craftmark-test-" + crypto::random_hex(6))) {
    std::filesystem::create_directories(path);
}

temp_dir::~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
}

namespace {
json demo_bank() {
    return json::parse(R"({
      "kind": "qbank", "bank": {"id": "test-bank", "title": "测试题库"},
      "items": [
        {"id": "sc1", "type": "single_choice", "stem": "我国交流电的频率是多少？", "points": 2,
         "choices": [{"id": "A", "text": "50 Hz", "fraction": 1}, {"id": "B", "text": "60 Hz", "fraction": 0}]},
        {"id": "mc1", "type": "multiple_choice", "stem": "Which are conductors?", "points": 2,
         "choices": [{"id": "A", "text": "copper", "fraction": 0.5}, {"id": "B", "text": "aluminium", "fraction": 0.5},
                     {"id": "C", "text": "glass", "fraction": 0}]},
        {"id": "tf1", "type": "true_false", "stem": "电气设备的金属外壳应当接地。", "correct": true},
        {"id": "sa1", "type": "short_answer", "stem": "The unit of resistance is the ____.",
         "answers": [{"text": "ohm", "fraction": 1}]},
        {"id": "nu1", "type": "numerical", "stem": "220 V / 10 Ω = ? A", "numeric": [{"value": 22, "tolerance": 0.1}]},
        {"id": "ma1", "type": "matching", "stem": "Match the colours", "points": 2,
         "pairs": [{"premise": "brown", "response": "live"}, {"premise": "blue", "response": "neutral"}]},
        {"id": "es1", "type": "essay", "stem": "Describe lock-out/tag-out.", "points": 5}
      ]})");
}
} // namespace

std::map<std::string, std::string> seed_database(std::filesystem::path const& data_dir,
                                                 util::millis starts_at,
                                                 std::string const& review) {
    auto db = store::open_database(data_dir / "craftmark.db");
    store::import_bank(*db, core::bank_from_json(demo_bank()), "test");
    auto a = core::assessment_from_json(json{
        {"kind", "assessment"},
        {"id", "test-assessment"},
        {"title", "电工理论"},
        {"durationMinutes", 90},
        {"reviewPolicy", review},
        {"sections",
         {{{"id", "S1"}, {"title", "All"}, {"draw", {{{"bank", "test-bank"}, {"count", 7}}}}}}}});
    store::put_assessment(*db, a, "test");
    // Codes at registration, so that each test signs in at once; check-in is sit-2's.
    store::create_sitting(*db,
                          {"sit-1", "test-assessment", "电工四级理论", "Venue", "Room 101",
                           starts_at, 0, "", "not_required"},
                          "test");
    std::vector<core::candidate_record> people{
        {"", "T001", "张三", "110101199001061234", "1", "", ""},
        {"", "T002", "李四", "110101199001055678", "2", "", ""},
        {"", "T003", "Wang Wu", "X1234567", "3", "", ""}};
    store::register_candidates(*db, "sit-1", people, "test");
    std::map<std::string, std::string> codes;
    for (auto const& c : people) codes[c.ticket] = c.access_code;
    return codes;
}

std::map<std::string, std::string> seed_practical(std::filesystem::path const& data_dir,
                                                  util::millis starts_at) {
    auto db = store::open_database(data_dir / "craftmark.db");
    auto a = core::assessment_from_json(json::parse(R"({
      "kind": "assessment", "id": "cnc-practical", "title": "数控车 实操", "durationMinutes": 60,
      "tasks": [
        {"id": "T1", "title": "加工程序编制", "sheet": "Write the NC program for shaft.pdf.",
         "attachments": ["shaft.pdf"], "durationMinutes": 40, "markingScheme": "cnc-turning-module-a",
         "handIn": {"files": true, "types": [".nc", "txt"], "maxMegabytes": 1, "maxFiles": 2},
         "checker": {"command": ["sh", "check.sh", "work"], "folder": "cnc-program"}},
        {"id": "T2", "title": "安全文明生产", "sheet": "Observed at the machine.", "durationMinutes": 20,
         "markingScheme": "cnc-turning-module-a"}
      ]})"));
    store::put_assessment(*db, a, "test");
    store::create_sitting(*db,
                          {"prac-1", "cnc-practical", "数控车实操", "Venue", "Workshop 1",
                           starts_at, 0, "", "not_required"},
                          "test");
    std::vector<core::candidate_record> people{{"", "P001", "赵六", "1", "W1", "", ""},
                                               {"", "P002", "钱七", "2", "W2", "", ""}};
    store::register_candidates(*db, "prac-1", people, "test");
    std::map<std::string, std::string> codes;
    for (auto const& c : people) codes[c.ticket] = c.access_code;
    return codes;
}

void seed_staff(std::filesystem::path const& data_dir) {
    auto db = store::open_database(data_dir / "craftmark.db");
    store::create_sitting(*db,
                          {"sit-2", "test-assessment", "Room B", "Venue", "Room 102",
                           util::system_clock().now() - 60'000},
                          "test");
    std::vector<core::candidate_record> people{{"", "T200", "Room B candidate", "1", "1", "", ""}};
    store::register_candidates(*db, "sit-2", people, "test");
    store::put_staff(*db, {"admin", "Admin", "admin", "", {"*"}}, staff_password, "test");
    store::put_staff(*db, {"proctor-a", "Proctor A", "proctor", "", {"sitting:sit-1"}},
                     staff_password, "test");
    store::put_staff(*db, {"proctor-b", "Proctor B", "proctor", "", {"sitting:sit-2"}},
                     staff_password, "test");
    store::put_staff(*db, {"examiner", "Examiner", "examiner", "", {"*"}}, staff_password, "test");
}

std::unique_ptr<client::connection> test_server::staff(std::string const& username) {
    auto c = connect();
    auto reply =
        c->call("auth.staff_sign_in", {{"username", username}, {"password", staff_password}});
    REQUIRE(code_of(reply) == "");
    return c;
}

namespace {
app::server_settings test_settings(std::filesystem::path const& dir,
                                   craftmark::server::net::session_limits limits,
                                   std::chrono::seconds staff_idle) {
    app::server_settings s{dir, "127.0.0.1", 0, {}, {}, 2, false, limits};
    s.staff_idle = staff_idle;
    return s;
}
} // namespace

test_server::test_server(std::string const& review,
                         craftmark::server::net::session_limits limits,
                         std::chrono::seconds staff_idle)
    : clock(util::system_clock().now()),
      codes(seed_database(dir.path, clock.now() - 60'000, review)),
      server(test_settings(dir.path, limits, staff_idle), clock) {
    server.start();
}

std::unique_ptr<client::connection> test_server::connect() {
    return client::connection::open(
        {"localhost", server.port(), server.ca_certificate(), std::chrono::seconds(10)});
}

std::unique_ptr<client::connection> test_server::signed_in(std::string const& ticket,
                                                           std::string const& terminal) {
    auto c = connect();
    auto reply =
        c->call("auth.sign_in",
                {{"ticket", ticket}, {"access_code", codes.at(ticket)}, {"terminal_id", terminal}});
    REQUIRE(code_of(reply) == "");
    return c;
}

std::string code_of(protocol::incoming const& reply) {
    return reply.what == protocol::incoming::kind::error ? reply.code : "";
}

std::string shown_id(json const& paper, std::string const& item, std::string const& text) {
    for (auto const& section : paper.at("sections"))
        for (auto const& it : section.at("items"))
            if (it.at("id") == item)
                for (auto key : {"choices", "premises", "responses"})
                    for (auto const& option : it.value(key, json::array()))
                        if (option.at("text") == text) return option.at("id").get<std::string>();
    FAIL("no option \"" << text << "\" of item " << item << " on the paper");
    return {};
}

} // namespace craftmark::testing
