#include "server/core/bank/bank.hpp"
#include "server/core/bank/gift.hpp"
#include "server/core/bank/moodle_xml.hpp"
#include "shared/util/files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace craftmark::core;

namespace {

std::string moodle_file(std::string const& name) {
    return craftmark::util::read_file(std::string(CRAFTMARK_SOURCE_DIR) + "/tests/data/moodle/" +
                                      name);
}

std::string messages(bank_import const& r) {
    std::string out;
    for (auto const& d : r.diagnostics)
        out += std::to_string(d.line) + " " + d.severity + ": " + d.message + "\n";
    return out;
}

/// The items as JSON without where they came from, to compare two readings.
nlohmann::json comparable(std::vector<item> items) {
    for (auto& it : items) it.origin.reset();
    return items;
}

} // namespace

TEST_CASE("Moodle's own exports read as Moodle meant them") {
    auto nested = parse_moodle_xml(moodle_file("nested_categories_with_questions.xml"), "n.xml");
    INFO(messages(nested));
    CHECK(nested.diagnostics.empty());
    REQUIRE(nested.items.size() == 5);
    CHECK(nested.items[0].title == "Iota Question");
    CHECK(nested.items[0].type == item_type::true_false);
    CHECK(nested.items[0].correct);
    CHECK(nested.items[0].stem == "<p>Testing Iota Question</p>");
    CHECK(nested.items[0].stem_format == "html");
    CHECK(nested.items[0].category == std::vector<std::string>{"Iota"});
    CHECK(nested.items[1].type == item_type::essay);
    CHECK(nested.items[1].stem_format == "moodle");
    CHECK(nested.items[1].category == std::vector<std::string>{"Iota", "Kappa"});
    CHECK(nested.items[3].category == std::vector<std::string>{"Iota", "Kappa", "Lambda"});
    CHECK(nested.items[4].category == std::vector<std::string>{"Iota", "Mu"});
    CHECK(nested.items[4].origin->line > nested.items[3].origin->line);

    auto match = parse_moodle_xml(moodle_file("match-testquestion.moodle.xml"));
    REQUIRE(match.items.size() == 1);
    auto const& m = match.items[0];
    CHECK(m.type == item_type::matching);
    REQUIRE(m.pairs.size() == 3);
    CHECK(m.pairs[2].premise == "newt");
    CHECK(m.pairs[2].response == "amphibian");
    CHECK(m.distractors == std::vector<std::string>{"insect"});
    CHECK(m.general_feedback == "General feedback.");
    CHECK(m.category == std::vector<std::string>{"Test questions"});

    auto choice = parse_moodle_xml(moodle_file("multichoice-testquestion.moodle.xml"));
    REQUIRE(choice.items.size() == 1);
    auto const& c = choice.items[0];
    CHECK(c.type == item_type::multiple_choice);
    CHECK(c.scoring == credit::partial);
    REQUIRE(c.choices.size() == 5);
    CHECK(c.choices[2].text == "London");
    CHECK(c.choices[2].fraction == 0.5);
    CHECK(c.choices[4].fraction == 0.5);
    CHECK(validate(c).empty());
}

TEST_CASE("Moodle XML written here reads back to the same items, also from GIFT and native") {
    for (auto const* name :
         {"nested_categories_with_questions.xml", "match-testquestion.moodle.xml",
          "multichoice-testquestion.moodle.xml"}) {
        auto first = parse_moodle_xml(moodle_file(name), "a.xml", "m");
        auto again = parse_moodle_xml(write_moodle_xml(first.items), "b.xml", "m");
        INFO(name, messages(again));
        CHECK(again.diagnostics.empty());
        CHECK(comparable(again.items) == comparable(first.items));
    }

    auto gift = parse_gift(
        "$CATEGORY: 电工/安全\n\n// [id:g1]\n::接地::保护接地线的颜色是 {=黄绿双色 ~红色 "
        "~蓝色}\n\n// [id:g2]\n电阻的单位 {=欧姆 =Ω}\n\n// [id:g3]\n照明电压 "
        "{#220:11}\n\n// [id:g4]\n写出急救步骤。 {}\n",
        "g.gift", "g");
    REQUIRE(gift.items.size() == 4);
    auto through = parse_moodle_xml(write_moodle_xml(gift.items), "g.xml", "g");
    INFO(messages(through));
    CHECK(comparable(through.items) == comparable(gift.items));

    auto native = bank_from_json(nlohmann::json::parse(craftmark::util::read_file(
        std::string(CRAFTMARK_SOURCE_DIR) + "/question-banks/electrician-l4.json")));
    auto back = parse_moodle_xml(write_moodle_xml(native.items), "e.xml", "e");
    REQUIRE(back.items.size() == native.items.size());
    for (std::size_t i = 0; i < native.items.size(); ++i) {
        auto expected = native.items[i];
        // What Moodle XML has no place for.
        expected.knowledge_point.clear();
        expected.difficulty = "medium";
        expected.rubric = nullptr;
        expected.origin.reset();
        auto got = back.items[i];
        got.origin.reset();
        CHECK_MESSAGE(nlohmann::json(got) == nlohmann::json(expected), expected.id);
    }
}

TEST_CASE("Moodle XML that cannot be read is named by line, and nothing else is lost") {
    auto r = parse_moodle_xml("<?xml version=\"1.0\"?>\n<quiz>\n"
                              "<question type=\"multianswer\"><name><text>Cloze</text></name>"
                              "<questiontext><text>{1:SHORTANSWER:=x}</text></questiontext>"
                              "</question>\n"
                              "<question type=\"truefalse\"><name><text>T</text></name>"
                              "<questiontext><text>铜是导体。</text></questiontext>"
                              "<answer fraction=\"100\"><text>true</text></answer>"
                              "<answer fraction=\"0\"><text>false</text></answer></question>\n"
                              "<question type=\"multichoice\"><name><text>No key</text></name>"
                              "<questiontext><text>?</text></questiontext><single>true</single>"
                              "<answer fraction=\"0\"><text>a</text></answer>"
                              "<answer fraction=\"0\"><text>b</text></answer></question>\n"
                              "</quiz>\n",
                              "bad.xml", "b");
    INFO(messages(r));
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].stem == "铜是导体。");
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].line == 3);
    CHECK(r.diagnostics[0].message.find("\"multianswer\" has no Craftmark equivalent") !=
          std::string::npos);
    CHECK(r.diagnostics[1].line == 5);
    CHECK(r.diagnostics[1].message.find("one choice worth 100%") != std::string::npos);

    auto broken = parse_moodle_xml("<quiz>\n<question type=\"truefalse\">\n</quiz>");
    REQUIRE(broken.diagnostics.size() == 1);
    CHECK(broken.diagnostics[0].message.find("not well-formed XML") == 0);
    CHECK(parse_moodle_xml("<html></html>").diagnostics[0].message.find("not Moodle XML") == 0);

    // Entities are never expanded: a "billion laughs" stays a few bytes.
    auto laughs = parse_moodle_xml(
        "<?xml version=\"1.0\"?><!DOCTYPE quiz [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
        "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><quiz><question type=\"essay\"><name><text>E</text>"
        "</name><questiontext><text>&b;&b;</text></questiontext></question></quiz>");
    REQUIRE(laughs.items.size() == 1);
    CHECK(laughs.items[0].stem.size() < 20);

    CHECK(looks_like_moodle_xml("<?xml version=\"1.0\"?>\n<quiz>"));
    CHECK_FALSE(looks_like_moodle_xml("1、[单选]电流的单位是（ ）。"));
}
