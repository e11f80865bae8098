#include "client/ui/text_layout.hpp"

#include <clocale>
#include <doctest/doctest.h>

using namespace craftmark::client::ui;

namespace {
struct utf8_locale {
    utf8_locale() { std::setlocale(LC_ALL, "C.UTF-8"); }
};
} // namespace

TEST_CASE("Chinese characters take two columns") {
    utf8_locale l;
    CHECK(display_width("abc") == 3);
    CHECK(display_width("电工") == 4);
    CHECK(display_width("50 Hz 交流") == 10);
}

TEST_CASE("wrapping breaks at spaces, between CJK characters and at new lines") {
    utf8_locale l;
    CHECK(wrap("the quick brown fox", 10) == std::vector<std::string>{"the quick", "brown fox"});
    CHECK(wrap("我国工频交流电的频率是", 8) ==
          std::vector<std::string>{"我国工频", "交流电的", "频率是"});
    CHECK(wrap("第一行\nsecond", 20) == std::vector<std::string>{"第一行", "second"});
    for (auto const& line :
         wrap("剩余电流动作保护器（漏电保护器）用于防止人身触电时 An RCD for protection", 13))
        CHECK(display_width(line) <= 13);
}

TEST_CASE("truncation keeps within the width and marks the cut") {
    utf8_locale l;
    CHECK(truncate("short", 10) == "short");
    auto cut = truncate("电工理论知识考试", 7);
    CHECK(display_width(cut) <= 7);
    CHECK(cut.substr(cut.size() - 3) == "…");
}

TEST_CASE("countdown and number formats") {
    CHECK(format_remaining(90 * 60'000) == "1:30:00");
    CHECK(format_remaining(59'001) == "01:00");
    CHECK(format_remaining(-5) == "00:00");
    CHECK(format_number(2.0) == "2");
    CHECK(format_number(2.5) == "2.5");
}
