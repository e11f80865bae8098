#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "tests/integration/fixture.hpp"
#include "tests/integration/server_process.hpp"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

TEST_CASE(
    "after SIGKILL every acknowledged save is there, time is credited and the audit verifies") {
    temp_dir dir;
    auto codes = seed_database(dir.path, util::system_clock().now() - 60'000);
    std::set<std::int64_t> acknowledged;
    std::string token;
    std::int64_t deadline_before = 0;
    std::vector<std::string> items{"sc1", "mc1", "tf1", "sa1", "nu1", "ma1", "es1"};
    {
        server_process server(dir.path);
        auto ca = dir.path / "pki" / "ca.pem";
        auto c =
            client::connection::open({"localhost", server.port(), ca, std::chrono::seconds(10)});
        auto in =
            c->call("auth.sign_in",
                    {{"ticket", "T001"}, {"access_code", codes["T001"]}, {"terminal_id", "t"}});
        REQUIRE(code_of(in) == "");
        token = in.body["resume_token"].get<std::string>();
        auto paper = c->call("paper.get", json::object());
        deadline_before = paper.body["time"]["deadline"].get<std::int64_t>();
        auto const fifty_hz = shown_id(paper.body, "sc1", "50 Hz");
        auto const copper = shown_id(paper.body, "mc1", "copper");
        // Saves in flight while the process dies: only acknowledged ones are promised.
        std::vector<std::thread> writers;
        std::mutex m;
        for (int w = 0; w < 4; ++w)
            writers.emplace_back([&, w] {
                for (int i = 0; i < 50; ++i) {
                    std::int64_t seq = w * 1000 + i + 1;
                    auto item = items[static_cast<std::size_t>(i) % 4];
                    json response = item == "sc1"   ? json{{"choice", fifty_hz}}
                                    : item == "mc1" ? json{{"choices", {copper}}}
                                    : item == "tf1" ? json{{"value", true}}
                                                    : json{{"text", std::to_string(seq)}};
                    try {
                        auto r = c->call("answer.save",
                                         {{"item_id", item}, {"seq", seq}, {"response", response}});
                        if (code_of(r) == "") {
                            std::lock_guard lock(m);
                            acknowledged.insert(seq);
                        }
                    } catch (std::exception const&) {
                        return; // the connection died with the server
                    }
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        server.kill_hard();
        for (auto& t : writers) t.join();
    }
    REQUIRE(!acknowledged.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500)); // an outage to credit back
    server_process again(dir.path);
    auto c = client::connection::open(
        {"localhost", again.port(), dir.path / "pki" / "ca.pem", std::chrono::seconds(10)});
    REQUIRE(code_of(c->call("auth.resume", {{"resume_token", token}, {"terminal_id", "t"}})) == "");
    auto paper = c->call("paper.get", json::object());
    REQUIRE(code_of(paper) == "");
    CHECK(paper.body["time"]["deadline"].get<std::int64_t>() >= deadline_before + 1500);
    {
        SQLite::Database db((dir.path / "craftmark.db").string(), SQLite::OPEN_READONLY);
        std::set<std::int64_t> stored;
        SQLite::Statement q(db, "SELECT seq FROM answers");
        while (q.executeStep()) stored.insert(q.getColumn(0).getInt64());
        for (auto seq : acknowledged)
            CHECK_MESSAGE(stored.count(seq), "acknowledged save lost: " << seq);
        auto check = store::verify_audit(db);
        CHECK(check.intact());
    }
    CHECK(paper.body["last_seq"].get<std::int64_t>() >= *acknowledged.rbegin());
}
