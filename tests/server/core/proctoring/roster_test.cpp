#include "server/core/proctoring/roster.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;

TEST_CASE("candidate CSV: header, quotes, Chinese names, and clear errors") {
    auto rows = read_roster_csv("ticket,name,national_id,seat\nT1,\"王, "
                                "五\",110,A1\r\nT2,赵六,111\nT3,钱七,112,A3,某某技师学院\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].name == "王, 五");
    CHECK(rows[1].seat.empty());
    CHECK(rows[2].organisation == "某某技师学院");
    CHECK_THROWS_WITH_AS(
        read_roster_csv("T1,only-two\n"),
        "line 1: expected ticket,name,national_id[,seat[,organisation[,romanised_name]]]",
        std::invalid_argument);
}

TEST_CASE("candidate CSV: columns by their Chinese or English header, in any order") {
    auto rows = read_roster_csv(
        "\xEF\xBB\xBF姓名,准考证号,身份证号,姓名拼音,座位号\r\n张三丰,T1,110,Zhang Sanfeng,A1\r\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].ticket == "T1");
    CHECK(rows[0].name == "张三丰");
    CHECK(rows[0].romanised_name == "Zhang Sanfeng");
    CHECK(rows[0].seat == "A1");
    CHECK(rows[0].organisation.empty());
    // Without a header the sixth field is the romanised name.
    CHECK(read_roster_csv("T1,李明,111,B2,,Li Ming\n")[0].romanised_name == "Li Ming");
    CHECK_THROWS_WITH_AS(read_roster_csv("ticket,name,national_id,phone\nT1,a,1,2\n"),
                         doctest::Contains("unknown column \"phone\""), std::invalid_argument);
    CHECK_THROWS_WITH_AS(read_roster_csv("ticket,seat\nT1,A1\n"),
                         doctest::Contains("needs ticket, name and national_id"),
                         std::invalid_argument);
}

TEST_CASE("resident ID numbers are checked by their check character") {
    CHECK(resident_id_problem("110101199003071233").empty());
    CHECK(resident_id_problem("11010519491231002X").empty()); // GB 11643's own example
    CHECK(resident_id_problem("11010519491231002x").empty());
    CHECK(resident_id_problem("110101199003071234") ==
          "the check digit should be 3, not 4 (a mistyped digit, or a number Excel rounded: keep "
          "the column as text)");
    // Other documents' numbers have no checksum to test.
    CHECK(resident_id_problem("E12345678").empty());
    CHECK(resident_id_problem("H0123456700").empty());
}

TEST_CASE("a roster reports every row in error, and registers no one") {
    auto report = [](std::string const& csv) {
        try {
            read_roster_csv(csv);
        } catch (std::invalid_argument const& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    CHECK(report("准考证号,姓名,身份证号\nT1,张三,110101199003071233\nT2,李四,110101199003071234\n"
                 "T3,,110101199003071233\nT4,王五,110101199003071233\n") ==
          "line 3: 身份证号 national_id 110101199003071234: the check digit should be 3, not 4 "
          "(a mistyped digit, or a number Excel rounded: keep the column as text)\n"
          "line 4: expected ticket,name,national_id[,seat[,organisation[,romanised_name]]]");
    CHECK(report("ticket,name,national_id\n\n") == "no candidates in the file");
}

TEST_CASE("a worksheet's rows register like CSV lines, headings in two languages") {
    std::vector<craftmark::sheet::row> rows = {
        {1, {"准考证号 Ticket", "姓名 Name", "身份证号 National ID", "座位号（Seat）"}},
        {2, {"DG1", "张伟 Zhang Wei", "110101199003071233", "A01"}},
        {4, {"DG2", "王芳", "11010519491231002x"}},
    };
    auto people = read_roster(rows, "row");
    REQUIRE(people.size() == 2);
    CHECK(people[0].seat == "A01");
    CHECK(people[1].national_id == "11010519491231002x");
    rows[2].cells[2] = "110105194912310021";
    CHECK_THROWS_WITH_AS(read_roster(rows, "row"), doctest::Contains("row 4: 身份证号"),
                         std::invalid_argument);
}

TEST_CASE("a roster gives a candidate large text or high contrast, in Chinese or English") {
    auto rows = read_roster_csv("准考证号,姓名,身份证号,合理便利\nT1,甲,1,大字、高对比\nT2,乙,2,\n"
                                "T3,丙,3,\"high_contrast, large_text, 大字\"\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].accommodations == std::vector<std::string>{"large_text", "high_contrast"});
    CHECK(rows[1].accommodations.empty());
    CHECK(rows[2].accommodations == std::vector<std::string>{"high_contrast", "large_text"});
    CHECK_THROWS_WITH_AS(read_roster_csv("ticket,name,national_id,accommodations\nT1,a,1,轮椅\n"),
                         "line 2: 合理便利 accommodations: \"轮椅\" is none of 大字 large_text, "
                         "高对比 high_contrast",
                         std::invalid_argument);
}
