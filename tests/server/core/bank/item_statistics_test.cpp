#include "server/core/bank/item_statistics.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace craftmark::core;

namespace {

item true_false(std::string id) {
    item it;
    it.id = std::move(id);
    it.type = item_type::true_false;
    it.stem = "?";
    return it;
}

item_outcome right_or_wrong(bool right) {
    return {right ? 1.0 : 0.0, 1, true, {right ? "true" : "false"}};
}

item_statistics const& stats_of(test_statistics const& t, std::string const& id) {
    for (auto const& s : t.items)
        if (s.id == id) return s;
    FAIL("no statistics for " << id);
    throw std::logic_error("unreachable");
}

bool flagged(item_statistics const& s, std::string const& words) {
    for (auto const& f : s.flags)
        if (f.find(words) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("KR-20 and facilities agree with a published worked example") {
    // K. L. Wuensch, "The Kuder-Richardson 20" (East Carolina University, StatHelp/KR20.txt):
    // ten students, ten right/wrong items; p = .7 .7 .6 .7 .6 .8 .7 .7 .5 .6, Σpq = 2.18,
    // variance of the totals 5.84, so KR-20 = 10/9 · (1 − 2.18/5.84) = 0.696.
    char const* rows[] = {"1111110110", "1011011101", "1111011001", "0010001000", "0000010010",
                          "1110111111", "1101110111", "1111111101", "0101111101", "1101101110"};
    std::map<std::string, item> items;
    for (int i = 1; i <= 10; ++i)
        items["q" + std::to_string(i)] = true_false("q" + std::to_string(i));
    std::vector<scored_paper> papers;
    for (auto const* row : rows) {
        scored_paper p;
        for (int i = 0; i < 10; ++i) p["q" + std::to_string(i + 1)] = right_or_wrong(row[i] == '1');
        papers.push_back(p);
    }
    auto t = analyse(papers, items);
    CHECK(t.candidates == 10);
    CHECK(t.common_items == 10);
    REQUIRE(t.alpha);
    CHECK(*t.alpha == doctest::Approx(10.0 / 9 * (1 - 2.18 / 5.84)));
    CHECK(*t.alpha == doctest::Approx(0.696).epsilon(0.001));
    CHECK(t.mean_percent == doctest::Approx(66));
    CHECK(t.sd_percent == doctest::Approx(std::sqrt(5.84) * 10));
    // SEM = SD · √(1 − α), in percent of the ten points.
    CHECK(*t.sem_percent == doctest::Approx(10 * std::sqrt(5.84) * std::sqrt(1 - *t.alpha)));
    double const p[] = {.7, .7, .6, .7, .6, .8, .7, .7, .5, .6};
    for (int i = 0; i < 10; ++i) {
        auto const& s = stats_of(t, "q" + std::to_string(i + 1));
        CHECK(s.facility == doctest::Approx(p[i]));
        CHECK(s.sd == doctest::Approx(std::sqrt(p[i] * (1 - p[i]))));
    }
    CHECK(t.distribution[2] == 2); // the two totals of 2
    CHECK(t.distribution[9] == 2); // the two of 9
}

TEST_CASE("a generated sitting's easy item, miskeyed item and dead distractor are flagged") {
    // 40 candidates of rising ability a = 0 … 39: "scale" (worth 10) orders them strictly,
    // "core" items follow ability; "easy" everyone gets right; "inverse" the strong candidates
    // fail (as a wrong key makes them); "choice" has a distractor D nobody picks.
    std::map<std::string, item> items;
    for (int i = 1; i <= 6; ++i)
        items["core" + std::to_string(i)] = true_false("core" + std::to_string(i));
    items["easy"] = true_false("easy");
    items["inverse"] = true_false("inverse");
    items["scale"] = true_false("scale");
    items["scale"].type = item_type::numerical;
    item choice;
    choice.id = "choice";
    choice.stem = "?";
    choice.knowledge_point = "安全用电";
    choice.choices = {{"A", "a", 1, {}}, {"B", "b", 0, {}}, {"C", "c", 0, {}}, {"D", "d", 0, {}}};
    items["choice"] = choice;
    std::vector<scored_paper> papers;
    for (int a = 0; a < 40; ++a) {
        scored_paper p;
        for (int i = 1; i <= 6; ++i) p["core" + std::to_string(i)] = right_or_wrong(a >= 5 * i);
        p["scale"] = {a * 0.25, 10, true, {}};
        p["easy"] = right_or_wrong(true);
        p["inverse"] = right_or_wrong(a < 15);
        std::string picked = a >= 20 ? "A" : a % 2 ? "B" : "C";
        p["choice"] = {picked == "A" ? 1.0 : 0.0, 1, true, {picked}};
        if (a == 0) p["core6"] = {0, 1, false, {}};
        papers.push_back(p);
    }
    auto t = analyse(papers, items);
    auto const& easy = stats_of(t, "easy");
    CHECK(easy.facility == 1);
    CHECK_FALSE(easy.discrimination); // it does not vary
    CHECK(flagged(easy, "too easy"));
    auto const& inverse = stats_of(t, "inverse");
    REQUIRE(inverse.discrimination);
    CHECK(*inverse.discrimination < 0);
    CHECK(*inverse.upper_lower == doctest::Approx(-1.0));
    CHECK(flagged(inverse, "check the key"));
    auto const& core = stats_of(t, "core3");
    CHECK(*core.discrimination > 0.3);
    CHECK(*core.upper_lower == doctest::Approx(1.0)); // top 11 all right, bottom 11 all wrong
    CHECK(core.flags.empty());
    auto const& c = stats_of(t, "choice");
    REQUIRE(c.options.size() == 4);
    CHECK(c.options[0].key);
    CHECK(c.options[0].share == doctest::Approx(0.5));
    CHECK(c.options[0].upper_share == 1);
    CHECK(c.options[3].chosen == 0);
    CHECK(flagged(c, "option D is a dead distractor"));
    CHECK_FALSE(flagged(c, "option B is a dead"));
    CHECK(stats_of(t, "core6").omit_rate == doctest::Approx(1.0 / 40));
    CHECK(t.common_items == 10);
    REQUIRE(t.alpha);
    bool grouped = false;
    for (auto const& g : t.by_knowledge_point)
        if (g.name == "安全用电") grouped = g.items == 1 && g.facility == doctest::Approx(0.5);
    CHECK(grouped);
}

TEST_CASE("what a stored response chose, in the bank's ids") {
    item it = true_false("t");
    CHECK(chosen_options(it, {{"value", false}}) == std::vector<std::string>{"false"});
    it.type = item_type::multiple_choice;
    CHECK(chosen_options(it, {{"choices", {"A", "C"}}}) == std::vector<std::string>{"A", "C"});
    it.type = item_type::short_answer;
    CHECK(chosen_options(it, {{"text", "x"}}).empty());
    CHECK_THROWS_AS(analyse({}, {}), std::invalid_argument);
}
