#include "shared/protocol/catalog.hpp"
#include "shared/protocol/envelope.hpp"
#include "shared/protocol/messages.hpp"
#include "shared/protocol/seat_messages.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <set>
#include <sstream>

using namespace craftmark::protocol;
using nlohmann::json;

namespace {
errc refusal(std::string_view frame) {
    std::optional<std::int64_t> id;
    try {
        parse_request(frame, id);
    } catch (protocol_error const& e) {
        return e.code();
    }
    FAIL("frame was accepted: " << frame);
    return errc::internal_error;
}
} // namespace

TEST_CASE("a request envelope round-trips") {
    std::optional<std::int64_t> id;
    auto r = parse_request(encode_request(7, "answer.save", {{"item_id", "q1"}}), id);
    CHECK(r.id == 7);
    CHECK(id == 7);
    CHECK(r.type == "answer.save");
    CHECK(r.body["item_id"] == "q1");
}

TEST_CASE("malformed envelopes are refused with stable codes") {
    CHECK(refusal("not json") == errc::bad_request);
    CHECK(refusal("[1,2]") == errc::bad_request);
    CHECK(refusal(R"({"v":1,"type":"ping"})") == errc::bad_request);
    CHECK(refusal(R"({"v":1,"id":"1","type":"ping"})") == errc::bad_request);
    CHECK(refusal(R"({"v":2,"id":1,"type":"ping"})") == errc::unsupported_version);
    CHECK(refusal(R"({"v":1,"id":1,"type":5})") == errc::bad_request);
    CHECK(refusal(R"({"v":1,"id":1,"type":"ping","body":[]})") == errc::invalid_field);
}

TEST_CASE("message bodies validate untrusted fields and ignore unknown ones") {
    CHECK(json({{"ticket", "T1"}, {"access_code", "123456"}, {"terminal_id", "pc7"}, {"extra", 1}})
              .get<sign_in>() == sign_in{"T1", "123456", "pc7"});
    // The terminal is what the attempt and its resume token are bound to: it must be named.
    CHECK_THROWS_AS(json({{"ticket", "T1"}, {"access_code", "123456"}}).get<sign_in>(),
                    protocol_error);
    CHECK_THROWS_AS(json({{"resume_token", "abc"}}).get<resume>(), protocol_error);
    CHECK_THROWS_AS(json({{"ticket", 5}, {"access_code", "1"}}).get<sign_in>(), protocol_error);
    CHECK_THROWS_AS(json({{"ticket", std::string(100, 'x')}, {"access_code", "1"}}).get<sign_in>(),
                    protocol_error);
    CHECK_THROWS_AS(
        json({{"item_id", "q"}, {"seq", 0}, {"response", json::object()}}).get<answer_save>(),
        protocol_error);
    CHECK_THROWS_AS(json({{"item_id", "q"}, {"seq", 1}, {"response", "A"}}).get<answer_save>(),
                    protocol_error);
    answer_save save{"q", 3, {{"choice", "A"}}};
    CHECK(json(save).get<answer_save>() == save);
    time_status t{1, "running", 2, 3, 4, "tick"};
    CHECK(json(t).get<time_status>() == t);
}

TEST_CASE("error replies and pushes decode on the client side") {
    auto e = parse_incoming(encode_error(4, errc::attempt_closed, "late"));
    CHECK(e.what == incoming::kind::error);
    CHECK(e.id == 4);
    CHECK(e.code == "attempt_closed");
    auto p = parse_incoming(encode_push("time.changed", {{"remaining_ms", 5}}));
    CHECK(p.what == incoming::kind::push);
    CHECK(p.type == "time.changed");
    CHECK(code_name(errc::storage_failed) == "storage_failed");
}

TEST_CASE("every client message type is in the table once") {
    std::set<std::string_view> seen;
    for (auto const& m : client_messages()) CHECK(seen.insert(m.type).second);
    CHECK(find_message("answer.save")->allows(role::candidate));
    CHECK_FALSE(find_message("answer.save")->allows(role::none));
    CHECK(find_message("nope") == nullptr);
}

TEST_CASE("docs/protocol.md names every message type, push and error code") {
    std::ifstream in(CRAFTMARK_SOURCE_DIR "/docs/protocol.md");
    std::stringstream doc;
    doc << in.rdbuf();
    auto text = doc.str();
    REQUIRE(!text.empty());
    for (auto const& m : client_messages())
        CHECK_MESSAGE(text.find("`" + std::string(m.type) + "`") != std::string::npos,
                      std::string(m.type));
    for (auto p : push_types())
        CHECK_MESSAGE(text.find("`" + std::string(p) + "`") != std::string::npos, std::string(p));
    for (auto code : all_codes())
        CHECK_MESSAGE(text.find("`" + std::string(code_name(code)) + "`") != std::string::npos,
                      std::string(code_name(code)));
}

TEST_CASE("the seat's messages round-trip and refuse a state that is not a check-in state") {
    check_in in{"T1", "checked_out"};
    CHECK(json(in).get<check_in>() == in);
    CHECK_THROWS_AS(json({{"ticket", "T1"}, {"state", "gone"}}).get<check_in>(), protocol_error);
    candidate_move move{"T1", "B07", "terminal_failure"};
    CHECK(json(move).get<candidate_move>() == move);
    CHECK_THROWS_AS(json({{"ticket", "T1"}, {"seat", ""}, {"reason", "x"}}).get<candidate_move>(),
                    protocol_error);
    terminal_approve approve{"T1", "x"};
    CHECK(json(approve).get<terminal_approve>() == approve);
    CHECK_THROWS_AS(json({{"ticket", "T1"}}).get<candidate_unlock>(), protocol_error);
}
