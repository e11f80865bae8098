#include "server/core/item_view.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace craftmark::core;
using nlohmann::json;

namespace {

item five_choices(bool shuffle) {
    item it;
    it.id = "q7";
    it.type = item_type::single_choice;
    it.stem = "Which conductor colour is protective earth?";
    it.points = 2;
    it.shuffle = shuffle;
    it.general_feedback = "because";
    it.choices = {{"A", "green-yellow", 1, "right"},
                  {"B", "blue", 0, ""},
                  {"C", "brown", 0, ""},
                  {"D", "black", 0, ""},
                  {"E", "grey", 0, ""}};
    return it;
}

json seen_by(item const& it, std::uint64_t seed, double points = 2) {
    std::string text;
    append_candidate_view(text, write_candidate_view(it), seed, points);
    return json::parse(text);
}

std::string choice_order(json const& view) {
    std::string order;
    for (auto const& c : view["choices"]) order += c["id"].get<std::string>();
    return order;
}

} // namespace

TEST_CASE("the candidate's view of an item carries no answer key") {
    auto it = five_choices(true);
    auto view = seen_by(it, 42).dump();
    CHECK(view.find("fraction") == std::string::npos);
    CHECK(view.find("because") == std::string::npos);
    CHECK(view.find("right") == std::string::npos);
    CHECK(seen_by(it, 42) == seen_by(it, 42));
}

TEST_CASE("an item's view shows the paper's points and the stem") {
    auto view = seen_by(five_choices(false), 42, 3.5);
    CHECK(view["points"] == 3.5);
    CHECK(view["id"] == "q7");
    CHECK(view["type"] == "single_choice");
    CHECK(view["stem"]["text"] == "Which conductor colour is protective earth?");
    CHECK(view["choices"][0] == json{{"id", "A"}, {"text", "green-yellow"}});
}

TEST_CASE("choices keep their order unless shuffled, and the seed fixes the shuffle") {
    CHECK(choice_order(seen_by(five_choices(false), 42)) == "ABCDE");
    auto shuffled = five_choices(true);
    // Orders must be reproducible from a paper's recorded seed on any build: a candidate sees
    // the same order after the server restarts or is upgraded mid-exam.
    CHECK(choice_order(seen_by(shuffled, 42)) == "BECDA");
    std::set<std::string> orders;
    for (std::uint64_t seed = 1; seed <= 20; ++seed)
        orders.insert(choice_order(seen_by(shuffled, seed)));
    CHECK(orders.size() > 10);
}

TEST_CASE("matching shows every premise in order and the responses shuffled") {
    item it;
    it.id = "m1";
    it.type = item_type::matching;
    it.pairs = {{"230 V", "mains"}, {"12 V", "extra-low"}, {"400 V", "three-phase"}};
    it.distractors = {"high voltage"};
    auto view = seen_by(it, 7);
    REQUIRE(view["premises"].size() == 3);
    CHECK(view["premises"][1] == json{{"id", "p2"}, {"text", "12 V"}});
    REQUIRE(view["responses"].size() == 4);
    std::set<std::string> texts;
    for (auto const& r : view["responses"])
        texts.insert(r["id"].get<std::string>() + "=" + r["text"].get<std::string>());
    CHECK(texts ==
          std::set<std::string>{"r1=mains", "r2=extra-low", "r3=three-phase", "r4=high voltage"});
}
