#include "client/terminal/exam_client.hpp"
#include "client/terminal/script.hpp"
#include "tests/integration/fixture.hpp"

#include <doctest/doctest.h>
#include <sstream>
#include <thread>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {
client::exam_options
options_for(test_server& s, temp_dir const& journal, std::string const& ticket) {
    return {{"localhost", s.server.port(), s.server.ca_certificate(), std::chrono::seconds(5)},
            journal.path,
            ticket,
            s.codes.at(ticket)};
}
} // namespace

TEST_CASE("--script sits a whole exam and reports the result") {
    test_server s;
    temp_dir journal;
    auto script =
        client::parse_script({{"ticket", "T001"},
                              {"access_code", s.codes["T001"]},
                              {"answers", {{"sa1", {{"text", "ohm"}}}, {"tf1", {{"value", true}}}}},
                              {"fill", "none"}});
    std::ostringstream log;
    auto summary = client::run_script(options_for(s, journal, "T001"), script, log);
    CHECK(summary["saved"] == 2);
    CHECK(summary["submitted"] == true);
    CHECK(summary["result"]["total"] == 2);
    CHECK(summary["unanswered"].size() == 5);
    CHECK(log.str().find("submitted") != std::string::npos);
}

TEST_CASE("answers typed while the server is down reach it after it comes back") {
    temp_dir data, journal;
    util::manual_clock clock(util::system_clock().now());
    auto codes = seed_database(data.path, clock.now() - 60'000);
    std::uint16_t port;
    auto options = [&](std::uint16_t p) {
        return client::exam_options{
            {"localhost", p, data.path / "pki" / "ca.pem", std::chrono::seconds(5)},
            journal.path,
            "T002",
            codes["T002"]};
    };
    auto first = std::make_unique<app::server>(
        app::server_settings{data.path, "127.0.0.1", 0, {}, {}, 1, false, {}}, clock);
    first->start();
    port = first->port();
    client::exam_client exam(options(port));
    exam.start();
    auto paper = exam.open_paper();
    REQUIRE(paper);
    exam.save("sc1", {{"choice", shown_id(*paper, "sc1", "50 Hz")}});
    REQUIRE(exam.wait_until_sent(std::chrono::seconds(10)));
    first->stop();
    first.reset();
    exam.save("tf1", {{"value", false}});
    exam.save("sa1", {{"text", "ohm"}});
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(exam.snapshot().online);
    CHECK(exam.snapshot().unsent == 2);
    app::server second({data.path, "127.0.0.1", port, {}, {}, 1, false, {}}, clock);
    second.start();
    REQUIRE(exam.wait_until_sent(std::chrono::seconds(15)));
    CHECK(exam.snapshot().online);
    // The per-item result shows what the server stored for each answer.
    auto reply = exam.submit();
    REQUIRE(reply.result);
    REQUIRE(reply.result->items);
    CHECK(reply.result->items->at("sa1").points == 1);
    CHECK(reply.result->items->at("tf1").points == 0);
    CHECK(reply.result->items->at("sc1").points == 2);
}

TEST_CASE("a terminal restarted mid-exam resumes from its journal and replays what was not sent") {
    test_server s;
    temp_dir journal;
    std::string fifty_hz, sixty_hz;
    {
        client::exam_client exam(options_for(s, journal, "T003"));
        exam.start();
        auto paper = exam.open_paper();
        REQUIRE(paper);
        fifty_hz = shown_id(*paper, "sc1", "50 Hz");
        sixty_hz = shown_id(*paper, "sc1", "60 Hz");
        exam.save("sc1", {{"choice", sixty_hz}});
        REQUIRE(exam.wait_until_sent(std::chrono::seconds(10)));
    } // the terminal process "crashes"
    client::exam_client again(options_for(s, journal, "T003"));
    auto view = again.start();
    CHECK(view.candidate.ticket == "T003");
    auto paper = again.open_paper();
    REQUIRE(paper);
    CHECK(paper->answers.at("sc1").response == json{{"choice", sixty_hz}});
    again.save("sc1", {{"choice", fifty_hz}}); // numbering continues after the server's last_seq
    REQUIRE(again.wait_until_sent(std::chrono::seconds(10)));
    auto handed_in = again.submit();
    REQUIRE(handed_in.result);
    CHECK(handed_in.result->items->at("sc1").points == 2);
}
