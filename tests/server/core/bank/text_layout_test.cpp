#include "server/core/bank/item.hpp"
#include "server/core/bank/text_layout.hpp"
#include "shared/util/files.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;

namespace {

std::string messages(bank_import const& r) {
    std::string out;
    for (auto const& d : r.diagnostics)
        out += std::to_string(d.line) + " " + d.severity + ": " + d.message + "\n";
    return out;
}

} // namespace

TEST_CASE("the shipped sample of the Chinese text layout reads as seven questions of five types") {
    auto text = craftmark::util::read_file(std::string(CRAFTMARK_SOURCE_DIR) +
                                           "/question-banks/templates/text-layout-sample.txt");
    REQUIRE(looks_like_text_layout(text));
    auto r = parse_text_layout(text, "sample.txt", "elec");
    INFO(messages(r));
    REQUIRE(r.items.size() == 7);
    for (auto const& it : r.items) CHECK_MESSAGE(validate(it).empty(), it.id);

    auto const& first = r.items[0];
    CHECK(first.id == "elec-1");
    CHECK(first.type == item_type::single_choice);
    CHECK(first.stem == "电流的单位是（ ）。"); // written as it was: full-width brackets kept
    REQUIRE(first.choices.size() == 4);
    CHECK(first.choices[1].text == "安培");
    CHECK(first.choices[1].fraction == 1.0);
    CHECK(first.choices[2].text == "欧姆");
    CHECK(first.difficulty == "easy");
    CHECK(first.knowledge_point == "电工基础");
    CHECK(first.general_feedback == "电流的国际单位是安培（A）。");

    // Under "一、单项选择题" an unmarked item takes the section's type, without a warning.
    CHECK(r.items[1].type == item_type::single_choice);
    CHECK(r.items[1].choices[0].text == "50");
    auto const& multiple = r.items[2]; // full-width letters, 、 after them, several to a line
    CHECK(multiple.type == item_type::multiple_choice);
    REQUIRE(multiple.choices.size() == 4);
    CHECK(multiple.choices[2].text == "橡胶");
    CHECK(multiple.choices[2].fraction == 0.0);
    CHECK(multiple.choices[3].fraction == doctest::Approx(1.0 / 3));
    CHECK(multiple.difficulty == "medium");
    CHECK(r.items[3].type == item_type::true_false);
    CHECK_FALSE(r.items[3].correct);
    CHECK(r.items[4].correct);
    REQUIRE(r.items[5].answers.size() == 2);
    CHECK(r.items[5].answers[1].text == "Ω");
    auto const& essay = r.items[6];
    CHECK(essay.type == item_type::essay);
    CHECK(essay.points == 10);
    CHECK(essay.general_feedback == "参考答案：先切断电源，\n再进行心肺复苏。");
    // Only the title line, before the first question, is reported.
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].line == 1);
}

TEST_CASE("mistakes in the text layout are named by line, and only the item in error is skipped") {
    auto r = parse_text_layout("1、[单选]电压的单位是？\n"
                               "A.伏特 B.安培\n"
                               "答案：E\n"
                               "2、[单选]电阻的单位是？\n"
                               "A.欧姆 B.安培\n"
                               "答案：AB\n"
                               "3、[判断]铜是导体。\n"
                               "答案：也许\n"
                               "4、[多选]\n"
                               "答案：A\n"
                               "5、[填空]功率的单位是____。\n"
                               "6、功率的单位是？\n"
                               "A.瓦特 B.伏特\n"
                               "答案：A\n"
                               "难度：很难\n"
                               "分值：两分\n"
                               "7、[多选]导体有？\n"
                               "A.铜 B.铝\n"
                               "B.铁\n"
                               "答案：AB\n",
                               "bad.txt", "bad");
    auto text = messages(r);
    INFO(text);
    CHECK(text.find("3 error: answer E is not an option of this single-choice item") !=
          std::string::npos);
    CHECK(text.find("6 error: a single-choice item has one answer, not AB (mark it [多选])") !=
          std::string::npos);
    CHECK(text.find("8 error: answer \"也许\" of a true/false item is not 对/错") !=
          std::string::npos);
    CHECK(text.find("9 error: an item without a question") != std::string::npos);
    CHECK(text.find("11 error: a fill-in item without an answer") != std::string::npos);
    CHECK(text.find("15 warning: difficulty \"很难\" is not 易/中/难") != std::string::npos);
    CHECK(text.find("16 warning: 分值 \"两分\" is not a positive number") != std::string::npos);
    CHECK(text.find("12 warning: no type marker: read as single-choice") != std::string::npos);
    CHECK(text.find("17 error: option B appears twice in this item") != std::string::npos);
    REQUIRE(r.items.size() == 1); // item 6, with its warnings
    CHECK(r.items[0].id == "bad-1");
    CHECK(r.items[0].choices[0].fraction == 1.0);
}

TEST_CASE("GIFT is not taken for the text layout, nor the text layout for GIFT") {
    CHECK_FALSE(looks_like_text_layout("::Q1:: 1+1=? {=2 ~3}\n"));
    CHECK_FALSE(looks_like_text_layout("Just a title\nand prose.\n"));
    CHECK(looks_like_text_layout("1. 1+1=?\nA. 2\nB. 3\n答案: A\n"));
    // A stem line that starts with a number and a decimal point is not a new item.
    auto r = parse_text_layout("1、[填空]额定电压为\n2.5 V 时电流为____A。\n答案：2\n");
    REQUIRE(r.items.size() == 1);
    CHECK(r.items[0].stem == "额定电压为\n2.5 V 时电流为____A。");
}
