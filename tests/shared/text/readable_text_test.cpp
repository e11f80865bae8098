#include "shared/text/readable_text.hpp"

#include <doctest/doctest.h>

using craftmark::text::readable_text;

namespace {

std::string readable(std::string_view text, std::string_view format) {
    int figures = 0;
    return readable_text(text, format, figures);
}

} // namespace

TEST_CASE("HTML reads as lines: paragraphs, lists, tables, entities, sub- and superscripts") {
    CHECK(readable("<p>图中 R<sub>1</sub> = 10&nbsp;&Omega;？</p>\n<p>P = U<sup>2</sup>/R</p>",
                   "html") == "图中 R_1 = 10 Ω？\n\nP = U^2/R");
    CHECK(readable("<ul><li>切断电源</li><li>呼救 &amp; 心肺复苏</li></ul>", "html") ==
          "• 切断电源\n• 呼救 & 心肺复苏");
    CHECK(readable("<table><tr><th>导线</th><th>颜色</th></tr><tr><td>PE</td><td>黄绿</td></tr>"
                   "</table>",
                   "html") == "导线 | 颜色\nPE | 黄绿");
    CHECK(readable("a<br>b<script>alert(1)</script><style>p{}</style><!-- note -->c &#x2126; "
                   "&#937; &bogus; 1 < 2",
                   "html") == "a\nbc \u2126 \u03A9 &bogus; 1 < 2");
    CHECK(readable("first line\nsecond <b>bold</b>", "moodle") == "first line\nsecond bold");
    CHECK(readable("a\nb", "html") == "a b"); // HTML's new lines are spaces
    CHECK(readable("<b>x</b>\n**y**", "plain") == "<b>x</b>\n**y**");
}

TEST_CASE("each figure is named where it stands, numbered across a screen") {
    int figures = 0;
    CHECK(readable_text(R"(<p>读图：<img src="images/circuit.png" alt="电路图"></p>)", "html",
                        figures) == "读图： [图 Figure 1: 电路图]");
    CHECK(readable_text("<img src='parts/shaft.svg'>", "html", figures) ==
          "[图 Figure 2: shaft.svg]");
    CHECK(readable_text("## 零件\n见 ![零件图](part.png \"图\") 的 **公差**", "markdown",
                        figures) == "零件\n见 [图 Figure 3: 零件图] 的 公差");
    CHECK(figures == 3);
}
