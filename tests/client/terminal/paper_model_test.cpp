#include "client/terminal/paper_model.hpp"

#include <doctest/doctest.h>

using namespace craftmark::client;
using nlohmann::json;

namespace {
craftmark::protocol::paper paper() {
    return json::parse(R"({"sections":[
      {"title":"单选","items":[
        {"id":"a","type":"single_choice","choices":[{"id":"C","text":"x"},{"id":"A","text":"y"}]},
        {"id":"b","type":"multiple_choice","choices":[{"id":"A","text":"x"},{"id":"B","text":"y"}]}]},
      {"title":"判断","items":[
        {"id":"c","type":"true_false"},
        {"id":"d","type":"matching","premises":[{"id":"p1","text":"红"},{"id":"p2","text":"蓝"}],
         "responses":[{"id":"r2","text":"N"},{"id":"r1","text":"L"}]},
        {"id":"e","type":"numerical"}]}]})")
        .get<craftmark::protocol::paper>();
}
} // namespace

TEST_CASE("questions are numbered across sections") {
    auto qs = flatten(paper());
    REQUIRE(qs.size() == 5);
    CHECK(qs[2].number == 3);
    CHECK(qs[2].section_title == "判断");
}

TEST_CASE("picking options answers with the ids shown, in the order shown") {
    auto qs = flatten(paper());
    CHECK(pick_option(qs[0], json::object(), 0) == json{{"choice", "C"}});
    auto multi = pick_option(qs[1], json::object(), 1);
    CHECK(multi == json{{"choices", {"B"}}});
    multi = pick_option(qs[1], multi, 0);
    CHECK(is_picked(qs[1], multi, 0));
    CHECK(pick_option(qs[1], multi, 1) == json{{"choices", {"A"}}}); // toggles off
    CHECK(pick_option(qs[2], json::object(), 1) == json{{"value", false}});
    CHECK(option_texts(qs[2]).size() == 2);
    CHECK(pick_match(qs[3], json::object(), 1, 0) == json{{"pairs", {{"p2", "r2"}}}});
}

TEST_CASE("states and the unanswered list") {
    auto qs = flatten(paper());
    std::map<std::string, json> answers{{"a", {{"choice", "C"}}},
                                        {"b", {{"choices", json::array()}}}};
    std::set<std::string> flags{"c"};
    CHECK(state_of(qs[0], answers, flags) == question_state::answered);
    CHECK(state_of(qs[1], answers, flags) == question_state::unanswered);
    CHECK(state_of(qs[2], answers, flags) == question_state::flagged);
    CHECK(unanswered_numbers(qs, answers) == std::vector<int>{2, 3, 4, 5});
}

TEST_CASE("typed numerical answers accept a decimal comma and refuse words") {
    auto qs = flatten(paper());
    CHECK(*text_response(qs[4], " 3,5 ") == json{{"value", 3.5}});
    CHECK_FALSE(text_response(qs[4], "abc"));
    CHECK(*text_response(qs[0], "欧姆") == json{{"text", "欧姆"}});
}
