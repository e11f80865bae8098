// A competition's event file, the draw, ranking with standardisation and tie-breaks, medals,
// reveals.
#include "server/core/competition/competition.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

using namespace craftmark::core;
using nlohmann::json;

namespace {

json skill_json() {
    return {
        {"id", "cnc"},
        {"name", "CNC turning"},
        {"chiefJudge", "wang"},
        {"judges", {"li", "zhao"}},
        {"modules",
         {{{"id", "A"}, {"sitting", "theory"}, {"weight", 30}},
          {{"id", "B"}, {"sitting", "practical"}, {"weight", 70}}}},
        {"tieBreaks", {{{"module", "B"}}, {{"module", "B"}, {"criterion", "E"}}}},
        {"medals", {{"by", "rank"}, {"gold", 1}, {"silver", 1}, {"bronze", 1}, {"medallion", 60}}}};
}

competition_skill skill(json j = skill_json()) {
    return competition_event_from_json({{"id", "e"}, {"skills", {std::move(j)}}}).skills.at(0);
}

competitor_result result(std::string key, double a, double b, double safety = 10) {
    return {std::move(key), {{"A", a}, {"B", b}}, {{"B", {{"E", safety}}}}};
}

ranked_competitor const& of(std::vector<ranked_competitor> const& ranked, std::string const& key) {
    for (auto const& r : ranked)
        if (r.key == key) return r;
    throw std::out_of_range(key);
}

} // namespace

TEST_CASE("an event file is read with its skills, modules, tie-breaks and medal rule") {
    auto s = skill();
    CHECK(s.judges == std::vector<std::string>{"wang", "li", "zhao"}); // the chief judges too
    REQUIRE(s.modules.size() == 2);
    CHECK(s.modules[1].weight == 70);
    REQUIRE(s.tie_breaks.size() == 2);
    CHECK(s.tie_breaks[1].text() == "criterion E of module B");
    CHECK(s.medals.medallion == 60);
}

TEST_CASE("a malformed event file is refused with the problem named") {
    auto refused = [](json skill_edit, char const* why) {
        auto j = skill_json();
        j.update(skill_edit);
        CHECK_THROWS_WITH_AS(skill(j), doctest::Contains(why), std::invalid_argument);
    };
    refused({{"modules", {{{"id", "A"}, {"sitting", "t"}, {"weight", 50}}}}}, "add up to");
    refused({{"modules",
              {{{"id", "A"}, {"sitting", "t"}, {"weight", 50}},
               {{"id", "A"}, {"sitting", "u"}, {"weight", 50}}}}},
            "unique");
    refused({{"tieBreaks", {{{"module", "Z"}}}}}, "module \"Z\"");
    refused({{"medals", {{"by", "score"}, {"gold", 70}, {"silver", 80}, {"bronze", 60}}}},
            "fall from gold");
    refused({{"chiefJudge", ""}}, "chiefJudge");
    refused({{"levelCertificateFor", {"platinum"}}}, "levelCertificateFor");
    CHECK_THROWS_AS(competition_event_from_json(json::array()), std::invalid_argument);
    CHECK_THROWS_WITH_AS(competition_event_from_json({{"id", "e"}, {"skills", json::array()}}),
                         doctest::Contains("skills"), std::invalid_argument);
}

TEST_CASE("the draw is a permutation and every order is possible") {
    std::mt19937_64 random(7);
    std::set<std::vector<std::size_t>> seen;
    for (int i = 0; i < 600; ++i) {
        auto order = draw_lots(3, [&] { return random(); });
        CHECK(std::set<std::size_t>(order.begin(), order.end()) == std::set<std::size_t>{0, 1, 2});
        seen.insert(order);
    }
    CHECK(seen.size() == 6);
    CHECK(draw_lots(0, [&] { return random(); }).empty());
}

TEST_CASE("the weighted total ranks competitors, and a tie is broken by the first tie-break that "
          "differs") {
    auto s = skill();
    // C1 and C2 both total 79 (A 30 %, B 70 %); C2 is better on module B.
    auto ranked =
        rank_skill(s, {result("C1", 100, 70), result("C2", 30, 100), result("C3", 50, 50)}, true);
    CHECK(ranked[0].key == "C2");
    CHECK(ranked[0].total == 79);
    CHECK(ranked[0].rank == 1);
    CHECK(ranked[0].broken_by == "module B");
    CHECK(ranked[1].key == "C1");
    CHECK(ranked[1].rank == 2);
    CHECK(ranked[1].broken_by == "module B");
    CHECK(ranked[2].rank == 3);
    CHECK(ranked[2].broken_by.empty());
    CHECK(ranked[0].medal == "gold");
    CHECK(ranked[1].medal == "silver");
    CHECK(ranked[2].medal == "bronze");
}

TEST_CASE(
    "equal on the module, the safety criterion decides, equal on everything the rank is shared") {
    auto s = skill();
    auto ranked = rank_skill(
        s, {result("C1", 80, 80, 6), result("C2", 80, 80, 9), result("C3", 80, 80, 9)}, true);
    CHECK(of(ranked, "C2").rank == 1);
    CHECK(of(ranked, "C3").rank == 1); // nothing separates C2 and C3
    CHECK(of(ranked, "C1").rank == 3);
    CHECK(of(ranked, "C1").broken_by == "criterion E of module B");
    CHECK(of(ranked, "C2").medal == "gold"); // a shared rank shares the medal
    CHECK(of(ranked, "C3").medal == "gold");
    CHECK(of(ranked, "C1").medal == "bronze"); // rank 3: no silver after two golds
}

TEST_CASE(
    "standardisation places the median at the centre, and the medallion goes to those without a "
    "medal") {
    auto j = skill_json();
    j["scale"] = {{"standardised", true}, {"center", 700}, {"spread", 100}};
    j["medals"] = {{"by", "rank"}, {"gold", 1}, {"silver", 0}, {"bronze", 0}, {"medallion", 700}};
    auto ranked = rank_skill(skill(j),
                             {result("C1", 40, 40), result("C2", 60, 60), result("C3", 80, 80),
                              result("C4", 70, 70), result("C5", 50, 50)},
                             true);
    // Totals 40 … 80, median 60, standard deviation √200 ≈ 14.14: 60 → 700, 80 → 841.42.
    CHECK(of(ranked, "C2").score == 700);
    CHECK(of(ranked, "C3").score == doctest::Approx(841.42));
    CHECK(of(ranked, "C1").score == doctest::Approx(558.58));
    CHECK(of(ranked, "C3").medal == "gold");
    CHECK(of(ranked, "C4").medal == "medallion");
    CHECK(of(ranked, "C2").medal == "medallion"); // exactly at the threshold
    CHECK(of(ranked, "C5").medal.empty());
}

TEST_CASE("medals by score thresholds, and none while results are not final") {
    auto j = skill_json();
    j["medals"] = {{"by", "score"}, {"gold", 90}, {"silver", 80}, {"bronze", 70}};
    auto s = skill(j);
    auto results = std::vector{result("C1", 95, 95), result("C2", 85, 85), result("C3", 90, 90),
                               result("C4", 60, 60)};
    auto ranked = rank_skill(s, results, true);
    CHECK(of(ranked, "C1").medal == "gold");
    CHECK(of(ranked, "C3").medal == "gold");
    CHECK(of(ranked, "C2").medal == "silver");
    CHECK(of(ranked, "C4").medal.empty());
    for (auto const& r : rank_skill(s, results, false)) CHECK(r.medal.empty());
}

TEST_CASE("a competitor without a module's result counts nothing for it") {
    auto ranked = rank_skill(skill(), {{"C1", {{"A", 100}}, {}}, result("C2", 0, 50)}, true);
    CHECK(of(ranked, "C1").total == 30);
    CHECK(of(ranked, "C2").total == 35);
    CHECK(median({}) == 0);
    CHECK(median({3, 1, 2, 10}) == 2.5);
}

TEST_CASE("teams are read with their members, and a person in two teams is refused") {
    auto j = skill_json();
    j["teams"] = {{{"id", "A"}, {"name", "城南队"}, {"members", {"1", "2"}}},
                  {{"id", "B"}, {"members", {"3"}}}};
    auto s = skill(j);
    REQUIRE(s.teams.size() == 2);
    CHECK(s.teams[0].members == std::vector<std::string>{"1", "2"});
    CHECK(s.teams[1].name == "B");
    j["teams"][1]["members"] = {"2"};
    CHECK_THROWS_WITH_AS(skill(j), doctest::Contains("member 2 is in two teams"),
                         std::invalid_argument);
    j["teams"][1]["members"] = json::array();
    CHECK_THROWS_WITH_AS(skill(j), doctest::Contains("members"), std::invalid_argument);
}

TEST_CASE("fields of the wrong type are refused by name, never as a JSON library error") {
    auto refused = [](json edit, char const* why) {
        auto j = skill_json();
        j.update(edit);
        CHECK_THROWS_WITH_AS(skill(j), doctest::Contains(why), std::invalid_argument);
    };
    refused({{"name", 7}}, "\"name\" must be a string");
    refused({{"scale", {{"standardised", "yes"}}}}, "true or false");
    refused({{"tieBreaks", {{{"module", "B"}, {"criterion", 5}}}}},
            "\"criterion\" must be a string");
    refused({{"medals", {{"by", 1}}}}, "\"by\" must be a string");
    refused({{"medals", {{"gold", 1e300}}}}, "is a count");
    refused({{"teams", {{{"id", "A"}, {"name", false}, {"members", {"1"}}}}}},
            "\"name\" must be a string");
}

TEST_CASE("competitor numbers read in order, and a reveal waits for every locked work") {
    CHECK(competitor_number(7, 12) == "07");
    CHECK(competitor_number(7, 120) == "007");
    CHECK(competitor_number(120, 120) == "120");
    CHECK(reveal_refusal("P1", "waiting", nullptr) == ""); // absent: nothing to mark
    CHECK(reveal_refusal("P1", "running", nullptr) == "the attempt of P1 is still running");
    CHECK(reveal_refusal("P1", "closed", nullptr) == "the work of P1 is not locked yet");
    CHECK(reveal_refusal("P1", "closed", {{"total", 60}, {"pendingItems", 1}}) ==
          "the paper of P1 has essays not yet locked");
    CHECK(reveal_refusal("P1", "closed", {{"total", 60}}) == "");
    CHECK(medal_title("gold") == "金牌 Gold medal");
    CHECK(medal_title("medallion") == "优胜奖 Medallion for Excellence");
    CHECK(award_criteria(2, 87.5, 12, "CNC Turning") ==
          "第2名(共12名), 得分 87.5。Rank 2 of 12 with a score of 87.5 in CNC Turning.");
}

TEST_CASE(
    "awards: only from a final board, one per medal, with the level when the medal earns it") {
    auto j = skill_json();
    j["levelCertificateFor"] = {"gold"};
    auto event =
        competition_event_from_json({{"id", "city"}, {"name", "City 2026"}, {"skills", {j}}});
    auto const& cnc = event.skills.at(0);
    json board = {{"final", false},
                  {"rows",
                   {{{"number", "01"}, {"rank", 1}, {"score", 91.5}, {"medal", "gold"}},
                    {{"number", "02"}, {"rank", 2}, {"score", 80.0}, {"medal", "silver"}},
                    {{"number", "03"}, {"rank", 3}, {"score", 40.0}, {"medal", ""}}}}};
    using craftmark::protocol::skill_board;
    CHECK_THROWS_WITH_AS(skill_awards(event, cnc, board.get<skill_board>(), {}),
                         "not every module of cnc is revealed yet: awards wait for the final "
                         "results",
                         std::invalid_argument);
    board["final"] = true;
    auto awards = skill_awards(event, cnc, board.get<skill_board>(), {});
    REQUIRE(awards.size() == 2); // no medal, no award
    CHECK(awards[0].number == "01");
    CHECK(awards[0].award_title == "City 2026, CNC turning: 金牌 Gold medal");
    CHECK(awards[0].award_path == "city/cnc/gold");
    CHECK(awards[0].criteria == award_criteria(1, 91.5, 3, "City 2026, CNC turning"));
    CHECK(awards[0].level_criteria.find("Level granted for a gold") != std::string::npos);
    CHECK(awards[1].level_criteria.empty()); // silver earns no level here

    j["teams"] = {{{"id", "t1"}, {"name", "Team Guangzhou"}, {"members", {"110", "111"}}}};
    auto teams =
        competition_event_from_json({{"id", "city"}, {"name", "City 2026"}, {"skills", {j}}});
    board["rows"] = {{{"number", "01"}, {"rank", 1}, {"score", 91.5}, {"medal", "gold"}}};
    auto team_awards = skill_awards(teams, teams.skills.at(0), board.get<skill_board>(),
                                    {{"01", "Team Guangzhou"}});
    CHECK(team_awards.at(0).award_title ==
          "City 2026, CNC turning (Team Guangzhou): 金牌 Gold medal");
}

TEST_CASE("draws: numbers once for someone, then workstations once with one per competitor") {
    auto j = skill_json();
    j["workstations"] = {"W1", "W2"};
    auto cnc = skill(j);
    auto numbers = draw_kind::numbers, stations = draw_kind::workstations;
    CHECK(draw_refusal(cnc, numbers, false, false, 2) == "");
    CHECK(draw_refusal(cnc, numbers, false, false, 0) ==
          "skill cnc has no competitors registered yet");
    CHECK(draw_refusal(cnc, numbers, true, false, 2) ==
          "skill cnc has drawn its competitor numbers");
    CHECK(draw_refusal(cnc, stations, false, false, 2) ==
          "draw the competitor numbers of cnc first");
    CHECK(draw_refusal(cnc, stations, true, false, 2) == "");
    CHECK(draw_refusal(cnc, stations, true, true, 2) == "skill cnc has drawn its workstations");
    CHECK(draw_refusal(cnc, stations, true, false, 3) ==
          "skill cnc has 3 competitors but 2 workstations");
}

TEST_CASE("a module is revealed by the chief judge alone, once, after the draw, on final work") {
    auto cnc = skill();
    reveal_facts ready{.password_matches = true, .numbers_drawn = true};
    CHECK(module_reveal_refusal(cnc, "A", "wang", ready) == "");
    CHECK(module_reveal_refusal(cnc, "Z", "wang", ready) == "skill cnc has no module Z");
    CHECK(module_reveal_refusal(cnc, "A", "li", ready) ==
          "li is not the chief judge of cnc (wang is)");
    auto with = [&](auto change) {
        auto facts = ready;
        change(facts);
        return module_reveal_refusal(cnc, "B", "wang", facts);
    };
    CHECK(with([](reveal_facts& f) { f.password_matches = false; }) ==
          "the chief judge's password does not match");
    CHECK(with([](reveal_facts& f) { f.revealed_already = true; }) ==
          "module B of cnc is revealed already");
    CHECK(with([](reveal_facts& f) { f.numbers_drawn = false; }) ==
          "skill cnc has not drawn its numbers yet");
    CHECK(with([](reveal_facts& f) { f.results_refusal = "the work of P1 is not locked yet"; }) ==
          "module B cannot be revealed: the work of P1 is not locked yet");
}
