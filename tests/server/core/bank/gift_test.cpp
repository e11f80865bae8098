#include "server/core/bank/gift.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace craftmark::core;
using nlohmann::json;

namespace {
std::string read(std::filesystem::path const& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string squeeze(std::string s) {
    std::erase_if(s, [](unsigned char c) { return std::isspace(c); });
    return s;
}

std::string expected_type(json const& q) {
    auto t = q.at("type").get<std::string>();
    if (t == "TF") return "true_false";
    if (t == "Short") return "short_answer";
    if (t == "Numerical") return "numerical";
    if (t == "Matching") return "matching";
    if (t == "Essay") return "essay";
    if (t == "Description") return "description";
    // MC: single choice when an answer is marked "=", otherwise multiple response.
    bool any_equals = false;
    for (auto const& c : q.at("choices"))
        if (c.value("isCorrect", false)) any_equals = true;
    return any_equals ? "single_choice" : "multiple_choice";
}

void check_against_corpus(std::filesystem::path const& gift) {
    auto expected = json::parse(read(std::filesystem::path(gift).replace_extension(".json")));
    auto parsed = parse_gift(read(gift), gift.filename().string());
    std::vector<json> questions;
    for (auto const& q : expected)
        if (q.at("type") != "Category") questions.push_back(q);
    INFO("file: " << gift.filename().string());
    REQUIRE(parsed.items.size() == questions.size());
    for (std::size_t i = 0; i < questions.size(); ++i) {
        auto const& q = questions[i];
        auto const& it = parsed.items[i];
        INFO("question " << i + 1 << ": " << it.stem);
        CHECK(std::string(type_name(it.type)) == expected_type(q));
        if (q.contains("title") && q["title"].is_string())
            CHECK(it.title == q["title"].get<std::string>());
        if (q.contains("stem") && q["stem"].is_object()) {
            CHECK(squeeze(it.stem) == squeeze(q["stem"]["text"].get<std::string>()));
            CHECK(it.stem_format == q["stem"]["format"].get<std::string>());
        }
        if (q["type"] == "TF") CHECK(it.correct == q["isTrue"].get<bool>());
        if (q["type"] == "MC") {
            REQUIRE(it.choices.size() == q["choices"].size());
            for (std::size_t c = 0; c < it.choices.size(); ++c) {
                auto const& ec = q["choices"][c];
                CHECK(squeeze(it.choices[c].text) ==
                      squeeze(ec["text"]["text"].get<std::string>()));
                if (ec["weight"].is_number())
                    CHECK(it.choices[c].fraction ==
                          doctest::Approx(ec["weight"].get<double>() / 100));
                else
                    CHECK((it.choices[c].fraction == 1.0) == ec["isCorrect"].get<bool>());
            }
        }
        if (q["type"] == "Short") {
            REQUIRE(it.answers.size() == q["choices"].size());
            for (std::size_t c = 0; c < it.answers.size(); ++c)
                CHECK(squeeze(it.answers[c].text) ==
                      squeeze(q["choices"][c]["text"]["text"].get<std::string>()));
        }
        if (q["type"] == "Matching")
            CHECK(it.pairs.size() + it.distractors.size() == q["matchPairs"].size());
    }
}
} // namespace

TEST_CASE("the GIFT parser agrees with the conformance corpus on every file") {
    std::filesystem::path corpus = CRAFTMARK_CORPUS_DIR "/gift/peg-js";
    REQUIRE(std::filesystem::exists(corpus));
    int files = 0;
    for (auto const& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".gift") continue;
        if (!std::filesystem::exists(
                std::filesystem::path(entry.path()).replace_extension(".json")))
            continue;
        SUBCASE(entry.path().filename().string().c_str()) {
            check_against_corpus(entry.path());
        }
        ++files;
    }
    CHECK(files >= 50);
}

TEST_CASE("GIFT numerical answers: exact, tolerance and range") {
    auto r = parse_gift("A {#1822}\n\nB {#3.1415:0.0005}\n\nC {#-5..-1}\n");
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].numeric[0].min == 1822);
    CHECK(r.items[1].numeric[0].min == doctest::Approx(3.141));
    CHECK(r.items[1].numeric[0].max == doctest::Approx(3.142));
    CHECK(r.items[2].numeric[0].min == -5);
    CHECK(r.items[2].numeric[0].max == -1);
}

TEST_CASE("GIFT escapes, categories, ids and Chinese text") {
    auto r = parse_gift("$CATEGORY: $course$/top/电工//基础\n\n// [id:DG-1] [tag:安全]\n"
                        "::标题\\:一::交流电的频率是 \\{50\\} Hz 吗？{T}\n");
    REQUIRE(r.items.size() == 1);
    auto const& it = r.items[0];
    CHECK(it.id == "DG-1");
    CHECK(it.title == "标题:一");
    CHECK(it.stem == "交流电的频率是 {50} Hz 吗？");
    CHECK(it.category == std::vector<std::string>{"电工/基础"});
    CHECK(it.tags == std::vector<std::string>{"安全"});
    CHECK(it.type == item_type::true_false);
}

TEST_CASE("GIFT problems are reported with their line and do not stop the import") {
    auto r = parse_gift("Good {=a ~b}\n\nBroken { =a ~b\n\nAlso good {TRUE}\n\nN {#abc}\n");
    CHECK(r.items.size() == 2);
    REQUIRE(r.diagnostics.size() >= 2);
    CHECK(r.diagnostics[0].line == 3);
    CHECK(r.diagnostics[0].severity == "error");
    CHECK(r.diagnostics.back().line == 7);
}

TEST_CASE("a category line without a blank line after it is diagnosed, and the question kept") {
    auto r = parse_gift("$CATEGORY: 安全\nQ {=a ~b}\n");
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].category == std::vector<std::string>{"安全"});
    CHECK(r.diagnostics.size() == 1);
}

TEST_CASE("questions without a blank line between them are read apart, with a warning") {
    auto r = parse_gift("::Q1:: 接地线颜色 {=黄绿 ~红}\n::Q2:: 电压单位 {=伏特 ~安培}\n"
                        "电流单位是 {\n=安培\n~伏特\n}\n下一题 {TRUE}\n");
    REQUIRE(r.items.size() == 4);
    CHECK(r.items[0].title == "Q1");
    CHECK(r.items[1].title == "Q2");
    CHECK(r.items[2].choices.size() == 2); // its answers span lines 3 to 6
    CHECK(r.items[3].type == item_type::true_false);
    REQUIRE(r.diagnostics.size() == 3);
    CHECK(r.diagnostics[0].line == 2);
    CHECK(r.diagnostics[0].message.find("blank line") != std::string::npos);
    CHECK(r.diagnostics[2].line == 7);

    // Text after the answers continues the question (the missing-word form), and an escaped
    // brace is no answer set.
    auto continued = parse_gift("The {=cat ~dog}\nsat on the mat \\{really\\}.\n");
    REQUIRE(continued.items.size() == 1);
    CHECK(continued.diagnostics.empty());
    CHECK(continued.items[0].stem == "The _____ sat on the mat {really}.");
}

TEST_CASE("GIFT export reads back to the same items") {
    auto original = parse_gift(
        "::T1::Pick {=right #yes ~wrong ~%50%half}\n\nMany {~%50%a ~%50%b ~%-100%c}\n\n"
        "Short {=Frog =%50%Cat}\n\nNum {#=1822:0 =%50%1822:2}\n\n"
        "Match {=Canada -> Ottawa =Italy -> Rome = -> Paris}\n\nTF {FALSE}\n\nEssay {}\n\n"
        "Text with \\= \\# \\{ \\} \\~ \\: and a\\nnewline {=x}\n");
    REQUIRE(original.diagnostics.empty());
    auto again = parse_gift(write_gift(original.items));
    REQUIRE(again.items.size() == original.items.size());
    for (std::size_t i = 0; i < again.items.size(); ++i) {
        auto a = original.items[i], b = again.items[i];
        a.origin.reset();
        b.origin.reset();
        a.id = b.id;
        CHECK(json(a) == json(b));
    }
}

TEST_CASE("a GIFT question marked [shuffle:no] keeps its choices in order, also after export") {
    auto r =
        parse_gift("// [id:ALL] [shuffle:no]\nWhich? {~a ~b =all of the above}\n\nOther {=x ~y}\n");
    REQUIRE(r.items.size() == 2);
    CHECK_FALSE(r.items[0].shuffle);
    CHECK(r.items[1].shuffle);
    auto again = parse_gift(write_gift(r.items));
    REQUIRE(again.items.size() == 2);
    CHECK_FALSE(again.items[0].shuffle);
    CHECK(again.items[1].shuffle);
}
