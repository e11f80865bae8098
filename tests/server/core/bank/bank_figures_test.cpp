#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/moodle_xml.hpp"
#include "shared/crypto/base64.hpp"
#include "shared/crypto/digest.hpp"
#include "shared/util/files.hpp"
#include "tests/server/core/media/image_headers.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace craftmark;
using namespace craftmark::core;
using testing::png_header;

namespace {

package_files in_memory(std::map<std::string, std::string> const& files) {
    return {[files](std::string const& p) { return files.count(p) > 0; },
            [files](std::string const& p) { return files.at(p); }};
}

item html_item(std::string id, std::string stem) {
    item it;
    it.id = std::move(id);
    it.type = item_type::description;
    it.stem_format = "html";
    it.stem = std::move(stem);
    it.origin = item_origin{"gift", "bank.gift", 7, {}};
    return it;
}

std::string messages(std::vector<diagnostic> const& diagnostics) {
    std::string out;
    for (auto const& d : diagnostics)
        out += std::to_string(d.line) + " " + d.severity + ": " + d.message + "\n";
    return out;
}

} // namespace

TEST_CASE("a figure's name must stay inside the bank's folder") {
    for (auto good : {"circuit.png", "images/part 3.svg", "图/电路图.jpg"})
        CHECK_MESSAGE(figure_name_problem(good).empty(), good);
    for (auto bad : {"", "../secret.png", "images/../../x.png", "/etc/passwd", "C:/x.png",
                     "http://example.com/x.png", "images\\x.png", "a//b.png", "./x.png"})
        CHECK_MESSAGE(!figure_name_problem(bad).empty(), bad);
}

TEST_CASE("the figures an item's text shows are named in its media, Moodle's references too") {
    std::vector<item> items = {
        html_item("q1", R"(<p>Read <img alt="x" src="@@PLUGINFILE@@/circuit%20diagram.png"> and
<IMG SRC='parts/shaft.svg' width=20><img data-src="lazy.png"></p>)"),
        html_item(
            "q2",
            R"(<img src="https://example.com/logo.png"><img src="data:image/png;base64,AAAA">)"),
    };
    items.push_back(
        html_item("q3", "![Figure 1](figs/fig1.png \"Figure 1\") and ![again](figs/fig1.png)"));
    items.back().stem_format = "markdown";
    items.push_back(html_item("q4", "<img src=\"plain.png\">"));
    items.back().stem_format = "plain"; // plain text shows no figures
    std::vector<diagnostic> d;
    name_figures_in_text(items, d);
    CHECK(items[0].media == std::vector<std::string>{"circuit diagram.png", "parts/shaft.svg"});
    CHECK(items[0].stem.find("@@PLUGINFILE@@") == std::string::npos);
    CHECK(items[0].stem.find("src=\"circuit%20diagram.png\"") != std::string::npos);
    CHECK(items[1].media.empty());
    CHECK(messages(d) ==
          "7 warning: item q2: the figure https://example.com/logo.png is on another "
          "server, which the exam does not fetch from; give it as a file\n"
          "7 warning: item q2: a figure written into the text (a data: URL) is not "
          "kept; give it as a file\n");
    CHECK(items[2].media == std::vector<std::string>{"figs/fig1.png"});
    CHECK(items[3].media.empty());
}

TEST_CASE("figures are read from the bank's files, checked, and an item without its figure is "
          "left out") {
    bank_import parsed;
    parsed.items = {html_item("q1", R"(<img src="a.png">)"),
                    html_item("q2", R"(<img src="gone.png">)"),
                    html_item("q3", R"(<img src="../../etc/passwd">)"),
                    html_item("q4", R"(<img src="fake.png">)"),
                    html_item("q5", R"(<img src="a.png"><img src="inline.png">)")};
    parsed.attached = {{"q5", "inline.png", png_header(8, 8)}};
    name_figures_in_text(parsed.items, parsed.diagnostics);
    auto figures = gather_figures(
        parsed, in_memory({{"a.png", png_header(640, 480)}, {"fake.png", "MZ\x90 an executable"}}));
    std::vector<std::string> kept;
    for (auto const& it : parsed.items) kept.push_back(it.id);
    CHECK(kept == std::vector<std::string>{"q1", "q5"});
    REQUIRE(figures.size() == 3);
    CHECK(figures[0].item_id == "q1");
    CHECK(figures[0].fig.sha256 == crypto::sha256_hex(png_header(640, 480)));
    CHECK(figures[1].fig.sha256 == figures[0].fig.sha256); // one drawing, two items
    CHECK(figures[2].name == "inline.png");
    CHECK(figures[2].fig.bytes == png_header(8, 8));
    CHECK(messages(parsed.diagnostics) ==
          "7 error: item q2: figure gone.png is not with the bank (give the folder or zip that "
          "holds it)\n"
          "7 error: item q3: figure ../../etc/passwd is a path that leaves the bank's folder or "
          "has an empty part\n"
          "7 error: item q4: figure fake.png is not a PNG, JPEG or SVG image\n");
}

TEST_CASE("Moodle's embedded figures come in with their question and go out with it again") {
    auto pixel = png_header(16, 16);
    std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>电阻</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>图中电阻是多少？<img src="@@PLUGINFILE@@/circuit.png" alt="电路"></p>]]></text>
      <file name="circuit.png" path="/" encoding="base64">)" +
                      crypto::base64_encode(pixel) + R"(</file>
    </questiontext>
    <idnumber>R1</idnumber>
    <single>true</single>
    <answer fraction="100"><text>10 Ω</text></answer>
    <answer fraction="0"><text>20 Ω</text></answer>
  </question>
  <question type="truefalse">
    <name><text>broken</text></name>
    <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/x.png">]]></text>
      <file name="x.png" path="/" encoding="base64">not*base64!</file></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>)";
    auto parsed = parse_moodle_xml(xml, "bank.xml", "m");
    CHECK(messages(parsed.diagnostics).find("the file x.png is not valid base64; left out") !=
          std::string::npos);
    name_figures_in_text(parsed.items, parsed.diagnostics);
    auto figures = gather_figures(parsed, in_memory({}));
    REQUIRE(parsed.items.size() == 1);
    CHECK(parsed.items[0].media == std::vector<std::string>{"circuit.png"});
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].fig.bytes == pixel);

    // Written back, Moodle finds the figure where it looks for it, and so does Craftmark.
    auto written = write_moodle_xml(parsed.items, figures);
    CHECK(written.find(R"(src="@@PLUGINFILE@@/circuit.png")") != std::string::npos);
    CHECK(written.find(R"(<file name="circuit.png" path="/" encoding="base64">)") !=
          std::string::npos);
    auto again = parse_moodle_xml(written, "again.xml", "m");
    name_figures_in_text(again.items, again.diagnostics);
    auto figures_again = gather_figures(again, in_memory({}));
    REQUIRE(figures_again.size() == 1);
    CHECK(figures_again[0].fig.sha256 == figures[0].fig.sha256);
    CHECK(again.items[0].stem == parsed.items[0].stem);
}

TEST_CASE("Moodle 1.9's <image> and <image_base64>, as Moodle's own test file has them") {
    auto xml = util::read_file(std::string(CRAFTMARK_SOURCE_DIR) +
                               "/tests/data/moodle/sample_questions_with_old_image_tag.xml");
    auto parsed = parse_moodle_xml(xml, "old.xml", "m");
    name_figures_in_text(parsed.items, parsed.diagnostics);
    auto figures = gather_figures(parsed, in_memory({}));
    REQUIRE(parsed.items.size() == 1); // the cloze question has no Craftmark equivalent
    CHECK(parsed.items[0].title == "mcq with image");
    CHECK(parsed.items[0].media == std::vector<std::string>{"moodle.png"});
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].fig.media_type == "image/png");
    CHECK(figures[0].fig.bytes.size() == 606);
}
