#include "server/core/bank/bank_workbook.hpp"
#include "server/core/bank/gift.hpp"
#include "shared/util/files.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace craftmark::core;
using craftmark::sheet::table;

namespace {

table sheet_with(std::vector<std::vector<std::string>> rows) {
    table t{"题库", {}, {}};
    int number = 0;
    for (auto& cells : rows) t.rows.push_back({++number, std::move(cells)});
    return t;
}

// The heading as authors shorten it: Chinese words alone, an English one, columns reordered.
std::vector<std::string> const heading = {"题型",  "题干",   "选项A",       "选项B",
                                          "选项C", "选项D",  "答案",        "分值",
                                          "难度",  "知识点", "Explanation", "评分要点 Rubric"};

std::string messages(bank_import const& r) {
    std::string out;
    for (auto const& d : r.diagnostics)
        out +=
            std::to_string(d.line) + " [" + d.column + "] " + d.severity + ": " + d.message + "\n";
    return out;
}

} // namespace

TEST_CASE("a worksheet in the template's columns reads as items of every type") {
    auto t = sheet_with({
        heading,
        {"单选", "电流的单位是（ ）。", "伏特", "安培", "欧姆", "瓦特", "B", "2", "易", "电工基础",
         "电流的单位是安培。"},
        {"多选题", "属于导体的有（ ）。", "铜", "铝", "橡胶", "铁", "A、B、D", "3", "中"},
        {"判断", "铜是绝缘体。", "", "", "", "", "×", "1", "难"},
        {"填空", "电阻的单位是____。", "", "", "", "", "欧姆|Ω"},
        {"数值", "照明电压是多少伏？", "", "", "", "", "220±11 | 380"},
        {"匹配", "把量和单位配对。", "电压 -> 伏特", "电流 -> 安培", "-> 瓦特", "", "", "2"},
        {"简答", "触电急救的步骤？", "", "", "", "", "先断电，再急救。", "5", "", "", "",
         "切断电源 (2)\n心肺复苏（3分）"},
        {"说明", "以下为安全部分。"},
    });
    REQUIRE(is_bank_table(t));
    auto r = read_bank_table(t, "bank.xlsx", "elec");
    INFO(messages(r));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.items.size() == 8);

    auto const& single = r.items[0];
    CHECK(single.id == "elec-2"); // named by its row
    CHECK(single.type == item_type::single_choice);
    CHECK(single.choices[1].fraction == 1.0);
    CHECK(single.points == 2);
    CHECK(single.difficulty == "easy");
    CHECK(single.knowledge_point == "电工基础");
    CHECK(single.general_feedback == "电流的单位是安培。");
    CHECK(single.origin->format == "xlsx");
    CHECK(single.origin->line == 2);
    CHECK(r.items[1].type == item_type::multiple_choice);
    CHECK(r.items[1].choices[3].fraction == doctest::Approx(1.0 / 3));
    CHECK(r.items[1].choices[2].fraction == 0.0);
    CHECK_FALSE(r.items[2].correct);
    CHECK(r.items[2].difficulty == "hard");
    REQUIRE(r.items[3].answers.size() == 2);
    CHECK(r.items[3].answers[1].text == "Ω");
    REQUIRE(r.items[4].numeric.size() == 2);
    CHECK(r.items[4].numeric[0].min == 209);
    CHECK(r.items[4].numeric[0].max == 231);
    CHECK(r.items[4].numeric[1].min == 380);
    REQUIRE(r.items[5].pairs.size() == 2);
    CHECK(r.items[5].pairs[1].response == "安培");
    CHECK(r.items[5].distractors == std::vector<std::string>{"瓦特"});
    auto const& essay = r.items[6];
    CHECK(essay.general_feedback == "参考答案：先断电，再急救。");
    REQUIRE(essay.rubric.size() == 2);
    CHECK(essay.rubric[0]["description"] == "切断电源");
    CHECK(essay.rubric[1]["maxMark"] == 3.0);
    CHECK(validate(essay).empty());
    CHECK(r.items[7].type == item_type::description);
    CHECK(r.items[7].points == 0);
}

TEST_CASE("each row in error is named by row and column and left out, and the rest is read") {
    auto t = sheet_with({
        heading,
        {"单选", "电压的单位是？", "伏特", "安培", "", "", "E"},
        {"单选", "电阻的单位是？", "欧姆", "安培", "", "", "AB"},
        {"问答题", ""},
        {"选择", "功率的单位？", "瓦特", "伏特", "", "", "A"},
        {"判断", "铜是导体。", "", "", "", "", "也许"},
        {"数值", "电压？", "", "", "", "", "两百"},
        {"单选", "频率的单位？", "赫兹", "伏特", "", "", "A", "二"},
        {"单选", "好题", "赫兹", "伏特", "", "", "A", "", "很难"},
    });
    auto r = read_bank_table(t, "bank.xlsx", "b");
    INFO(messages(r));
    REQUIRE(r.items.size() == 1); // only the last, with a warning
    CHECK(r.items[0].difficulty == "medium");
    REQUIRE(r.diagnostics.size() == 8);
    auto const& first = r.diagnostics[0];
    CHECK(first.line == 2);
    CHECK(first.column == "答案 Answer");
    CHECK(first.severity == "error");
    CHECK(first.message == "'E' is not an option of this single-choice item");
    CHECK(r.diagnostics[1].message.find("has one answer, not AB") != std::string::npos);
    CHECK(r.diagnostics[2].column == "题干 Stem");
    CHECK(r.diagnostics[3].column == "题型 Type");
    CHECK(r.diagnostics[3].message.find("'选择' is not a type") == 0);
    CHECK(r.diagnostics[4].line == 6);
    CHECK(r.diagnostics[5].message.find("'两百' is not a number") == 0);
    CHECK(r.diagnostics[6].column == "分值 Points");
    CHECK(r.diagnostics[7].severity == "warning");
    CHECK(r.diagnostics[7].column == "难度 Difficulty");

    CHECK_FALSE(is_bank_table(sheet_with({{"姓名", "身份证号"}, {"张三", "1"}})));
}

TEST_CASE("a bank goes to a worksheet and back with every field the worksheet carries") {
    auto text = craftmark::util::read_file(std::string(CRAFTMARK_SOURCE_DIR) +
                                           "/question-banks/electrician-l4.json");
    auto b = bank_from_json(nlohmann::json::parse(text));
    std::vector<std::string> not_kept;
    auto t = bank_table(b, not_kept);
    CHECK(t.name == "electrician-l4");
    auto back = read_bank_table(t, "e.xlsx", "x");
    INFO(messages(back));
    CHECK(back.diagnostics.empty());
    REQUIRE(back.items.size() == b.items.size());

    // What the worksheet leaves out is listed; everything else is equal, item for item.
    std::set<std::string> lossy;
    for (auto const& n : not_kept) lossy.insert(n.substr(0, n.find(':')));
    for (std::size_t i = 0; i < b.items.size(); ++i) {
        auto expected = b.items[i];
        auto got = back.items[i];
        expected.origin.reset();
        got.origin.reset();
        if (lossy.count(expected.id)) continue;
        CHECK_MESSAGE(nlohmann::json(got) == nlohmann::json(expected), expected.id);
    }
    CHECK(lossy.size() < b.items.size() / 4);

    // And the table of the items read back is the table written.
    std::vector<std::string> again_not_kept;
    bank bank_back = b;
    bank_back.items = back.items;
    auto t2 = bank_table(bank_back, again_not_kept);
    REQUIRE(t2.rows.size() == t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) CHECK(t2.rows[r].cells == t.rows[r].cells);
}

TEST_CASE("GIFT to a worksheet and back to GIFT keeps the questions") {
    auto gift = "// [id:q1]\n::接地::保护接地线的颜色是 {=黄绿双色 ~红色 ~蓝色}\n\n"
                "// [id:q2]\n220V 是交流电压的有效值。 {T}\n\n"
                "// [id:q3]\n电阻的单位是 {=欧姆 =Ω}\n\n"
                "// [id:q4]\n照明电压 {#220:11}\n\n"
                "// [id:q5]\n配对 {=电压 -> 伏特 =电流 -> 安培 =电阻 -> 欧姆}\n\n"
                "// [id:q6]\n写出急救步骤。 {}\n";
    auto parsed = parse_gift(gift, "g.gift", "g");
    REQUIRE(parsed.items.size() == 6);
    bank b{"g", "g", "zh-CN", "", "", "", parsed.items};
    std::vector<std::string> not_kept;
    auto back = read_bank_table(bank_table(b, not_kept), "g.xlsx", "g");
    INFO(messages(back));
    CHECK(not_kept.empty());
    CHECK(write_gift(back.items) == write_gift(parsed.items));
}
