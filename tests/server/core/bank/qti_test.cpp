#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/qti.hpp"
#include "server/core/bank/scoring.hpp"
#include "shared/util/files.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace craftmark::core;

namespace {

std::string const data = std::string(CRAFTMARK_SOURCE_DIR) + "/tests/data/qti/";

/// A package read from a folder of tests/data/qti, remembering every path it was asked for.
struct folder_package {
    std::string root;
    std::set<std::string> asked = {};

    package_files files() {
        return {[this](std::string const& p) {
                    asked.insert(p);
                    return std::filesystem::is_regular_file(root + p);
                },
                [this](std::string const& p) {
                    asked.insert(p);
                    if (!std::filesystem::is_regular_file(root + p))
                        throw std::invalid_argument(p + " cannot be read");
                    return craftmark::util::read_file(root + p);
                }};
    }
};

/// A package held in memory.
package_files in_memory(std::map<std::string, std::string> const& contents) {
    return {[&contents](std::string const& p) { return contents.count(p) > 0; },
            [&contents](std::string const& p) {
                auto f = contents.find(p);
                if (f == contents.end()) throw std::invalid_argument(p + " cannot be read");
                return f->second;
            }};
}

std::string messages(bank_import const& r) {
    std::string out;
    for (auto const& d : r.diagnostics)
        out += d.file + ":" + std::to_string(d.line) + " " + d.severity + ": " + d.message + "\n";
    return out;
}

item const* find(bank_import const& r, std::string const& id) {
    for (auto const& it : r.items)
        if (it.id == id) return &it;
    return nullptr;
}

/// The error diagnostics about one file.
std::vector<std::string> errors_about(bank_import const& r, std::string const& file) {
    std::vector<std::string> out;
    for (auto const& d : r.diagnostics)
        if (d.severity == "error" && d.file == file) out.push_back(d.message);
    return out;
}

std::string item_xml(std::string const& body, std::string const& declarations = {}) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="probe" title="Probe"
    adaptive="false" timeDependent="false">
)" + declarations +
           R"(
  <itemBody>)" +
           body + R"(</itemBody>
</assessmentItem>
)";
}

std::string const single_choice_declaration = R"(
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>)";

std::string const two_choices = R"(
    <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <simpleChoice identifier="A">yes</simpleChoice>
      <simpleChoice identifier="B">no</simpleChoice>
    </choiceInteraction>)";

double score_of(item const& it, nlohmann::json const& response) {
    return score(it, response).points;
}

} // namespace

TEST_CASE("A QTI 2.1 test exported by Onyx reads item by item, each one as Onyx scores it") {
    folder_package onyx{data + "onyx-sachsen/"};
    auto r = parse_qti_package("interaction_mix_sachsen.xml", onyx.files());
    INFO(messages(r));
    CHECK(r.items.size() == 8);

    auto const* truefalse = find(r, "Choicetruefalse_176040516");
    REQUIRE(truefalse);
    CHECK(truefalse->type == item_type::single_choice);
    CHECK(truefalse->title == "choice (true-false)");
    CHECK(truefalse->stem.find("<div>Das Bundesland Sachsen ist eines der neuen Bundesländer") ==
          0);
    REQUIRE(truefalse->choices.size() == 2);
    CHECK(truefalse->choices[0].text == "Richtig");
    CHECK(truefalse->choices[0].fraction == 1);
    CHECK(truefalse->choices[1].fraction == 0);
    CHECK_FALSE(truefalse->shuffle);
    CHECK(truefalse->points == 1);
    CHECK(truefalse->origin->format == "qti");
    CHECK(truefalse->origin->file == "Choicetruefalse_176040516.xml");

    // Choices that are pictures keep them, by their path in the package.
    auto const* flags = find(r, "Choicesingle_853928446");
    REQUIRE(flags);
    CHECK(flags->shuffle);
    REQUIRE(flags->choices.size() == 4);
    CHECK(flags->choices[0].text ==
          R"(<img src="media/3d92a0b7b7be4480a582f62ce823d908.jpg" alt="flag"/>)");
    CHECK(flags->media.size() == 4);
    // The test data leaves the flags out (their licence): gathering the figures finds them
    // missing, and the item is in error, named by its file.
    auto gathered = r;
    CHECK(gather_figures(gathered, onyx.files()).empty());
    CHECK(find(gathered, "Choicesingle_853928446") == nullptr);
    CHECK(messages(gathered).find("Choicesingle_853928446.xml:") != std::string::npos);
    CHECK(messages(gathered).find(" error: item Choicesingle_853928446: figure "
                                  "media/3d92a0b7b7be4480a582f62ce823d908.jpg is not with the "
                                  "bank") != std::string::npos);

    // Without a mapping, a multiple response is right or wrong as a whole.
    auto const* airports = find(r, "Choicemultiple_2014410822");
    REQUIRE(airports);
    CHECK(airports->type == item_type::multiple_choice);
    CHECK(airports->scoring == credit::all_or_nothing);
    CHECK(airports->stem ==
          "<div>Welche Städte verfügen <b>nicht</b> über einen Internationalen Flughafen?</div>");
    CHECK(score_of(*airports, {{"choices", {"B", "D"}}}) == 1);
    CHECK(score_of(*airports, {{"choices", {"B"}}}) == 0);

    // With one, each choice weighs what Onyx maps it to (1, 1, 1, -1, -2 of 3 points).
    auto const* mapped = find(r, "Choicemultiple_871212949");
    REQUIRE(mapped);
    CHECK(mapped->scoring == credit::partial);
    CHECK(mapped->points == 3);
    double positive = 0, negative = 0;
    for (auto const& c : mapped->choices) (c.fraction > 0 ? positive : negative) += c.fraction;
    CHECK(positive == doctest::Approx(1));
    CHECK(negative == doctest::Approx(-1));

    auto const* rivers = find(r, "Matchsingle_143114773");
    REQUIRE(rivers);
    CHECK(rivers->type == item_type::matching);
    REQUIRE(rivers->pairs.size() == 4);
    CHECK(rivers->pairs[0].premise == "Weißeritz");
    CHECK(rivers->pairs[0].response == "Dresden");
    CHECK(rivers->pairs[3].premise == "Spree");
    CHECK(rivers->pairs[3].response == "Bautzen");
    CHECK(rivers->distractors.empty());
    CHECK(rivers->stem.find("Die verschiedene Quellflüsse der Elbe durchziehen die sächsischen "
                            "Städte.<br/>Ordne") != std::string::npos);

    // Two sights in one city: premises may share a response; the unused city is a distractor.
    auto const* sights = find(r, "Matchmultiple_1038910213");
    REQUIRE(sights);
    CHECK(sights->pairs.size() == 5);
    CHECK(sights->distractors.empty());
    CHECK(matching_responses(*sights).size() == 4);

    auto const* mountain = find(r, "TextEntry_883368511");
    REQUIRE(mountain);
    CHECK(mountain->type == item_type::short_answer);
    REQUIRE(mountain->answers.size() == 1);
    CHECK(mountain->answers[0].text == "Fichtelberg");
    CHECK_FALSE(mountain->case_sensitive);
    CHECK(mountain->stem.find("____") != std::string::npos);
    CHECK(score_of(*mountain, {{"text", "fichtelberg"}}) == 1);

    // Onyx's "relative" tolerance of 5 is five per cent either side of 4.136.
    auto const* people = find(r, "TextEntrynumeric_770468849");
    REQUIRE(people);
    CHECK(people->type == item_type::numerical);
    REQUIRE(people->numeric.size() == 1);
    CHECK(people->numeric[0].min == doctest::Approx(4.136 * 0.95));
    CHECK(people->numeric[0].max == doctest::Approx(4.136 * 1.05));
    CHECK(score_of(*people, {{"value", 4.3}}) == 1);
    CHECK(score_of(*people, {{"value", 4.4}}) == 0);

    // What has no Craftmark equivalent is named, file by file, with its line.
    CHECK(errors_about(r, "Hotspot_278940407.xml").size() == 1);
    CHECK(errors_about(r, "Order_913967682.xml")[0].find("QTI's orderInteraction has no Craftmark "
                                                         "equivalent") != std::string::npos);
    CHECK(errors_about(r, "TextEntrysubset_806481421.xml")[0].find(
              "3 interactions (textEntryInteraction, textEntryInteraction, "
              "textEntryInteraction) in one item") != std::string::npos);
    CHECK(errors_about(r, "TextEntrynumeric_2040297025.xml").size() == 1);
    CHECK(errors_about(r, "Hottext_801974120.xml").size() == 1);
    for (auto const& d : r.diagnostics)
        if (d.file == "Order_913967682.xml") CHECK(d.line > 30);

    // Every item kept is sound, and the bank they make is one.
    bank b{"onyx", "Onyx", "de", "", "", "", r.items};
    CHECK(validate_bank(b).empty());
}

TEST_CASE("A QTI 3.0 content package reads through its manifest, the same as QTI 2.1") {
    folder_package kennisnet{data + "kennisnet-1/"};
    auto r = parse_qti_package("imsmanifest.xml", kennisnet.files());
    INFO(messages(r));
    REQUIRE(r.items.size() == 5);
    CHECK(r.items[0].id == "INTRODUCTION");
    CHECK(r.items[0].type == item_type::description);
    CHECK(r.items[0].stem == R"(<p>Welkom bij de demotoets!</p><p><img )"
                             R"(src="resources/6252e5ce8e58323a85f41570136c191d.png" alt="" )"
                             R"(width="256" height="256"/></p>)");

    auto const* names = find(r, "ITEM002");
    REQUIRE(names);
    CHECK(names->type == item_type::matching);
    CHECK(names->stem == "<p>Hoe heet iedereen?</p>");
    REQUIRE(names->pairs.size() == 3);
    CHECK(names->pairs[0].premise == "Ernie");
    CHECK(names->pairs[0].response ==
          R"(<img src="resources/8c571f983f691e42e7b3a0dc2664e51d.png" alt=""/>)");
    CHECK(names->scoring == credit::partial);
    CHECK(names->points == 1);
    CHECK(names->stem.find("Helaas") == std::string::npos); // feedback is not the question

    auto const* numerals = find(r, "ITEM007");
    REQUIRE(numerals);
    CHECK(numerals->type == item_type::multiple_choice);
    CHECK(numerals->title == "Romeinse cijfers");
    REQUIRE(numerals->choices.size() == 6);
    CHECK(numerals->choices[0].text == "L");
    CHECK(score_of(*numerals, {{"choices", {"A", "B", "D"}}}) == 1);
    CHECK(score_of(*numerals, {{"choices", {"A", "B"}}}) == 0);

    // The rubric block for the scorers becomes the essay's notes for the markers.
    auto const* essay = find(r, "ITEM008");
    REQUIRE(essay);
    CHECK(essay->type == item_type::essay);
    CHECK(essay->stem.find("<p>Hoe kan technologie het onderwijs") == 0);
    CHECK_FALSE(essay->general_feedback.empty());
    CHECK(essay->stem.find(essay->general_feedback.substr(0, 20)) == std::string::npos);

    for (auto const* file :
         {"ITEM001.xml", "ITEM004.xml", "ITEM005.xml", "ITEM006.xml", "ITEM009.xml"})
        CHECK_MESSAGE(errors_about(r, file).size() == 1, file);
    CHECK(errors_about(r, "ITEM004.xml")[0].find("gapMatchInteraction") != std::string::npos);
    CHECK(kennisnet.asked.count("AssessmentTest.xml") == 0); // items come from the manifest

    // The same package through its assessment test gives the same items.
    folder_package again{data + "kennisnet-1/"};
    auto through_test = parse_qti_package("AssessmentTest.xml", again.files());
    REQUIRE(through_test.items.size() == r.items.size());
    for (std::size_t i = 0; i < r.items.size(); ++i)
        CHECK(through_test.items[i].id == r.items[i].id);
}

TEST_CASE("A package cannot reach outside itself, and a broken one says where it is broken") {
    std::map<std::string, std::string> files{
        {"imsmanifest.xml", R"(<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <resources>
    <resource identifier="a" type="imsqti_item_xmlv2p1" href="../../etc/passwd"/>
    <resource identifier="b" type="imsqti_item_xmlv2p1" href="/etc/passwd"/>
    <resource identifier="c" type="imsqti_item_xmlv2p1" href="http://example.com/item.xml"/>
    <resource identifier="d" type="imsqti_item_xmlv2p1" href="items/missing.xml"/>
    <resource identifier="e" type="imsqti_item_xmlv2p1" href="items/broken.xml"/>
    <resource identifier="f" type="imsqti_item_xmlv2p1" href="items/..%2F..%2Fsecret.xml"/>
    <resource identifier="g" type="webcontent" href="style.css"/>
  </resources>
</manifest>)"},
        {"items/broken.xml", "<assessmentItem identifier=\"x\">\n<itemBody>\n<p>unclosed\n"
                             "</itemBody>"},
    };
    std::set<std::string> asked;
    auto files_seen = in_memory(files);
    auto read = files_seen.read;
    files_seen.read = [&](std::string const& p) {
        asked.insert(p);
        return read(p);
    };
    auto r = parse_qti_package("imsmanifest.xml", files_seen);
    INFO(messages(r));
    CHECK(r.items.empty());
    CHECK(asked == std::set<std::string>{"imsmanifest.xml", "items/broken.xml"});
    auto text = messages(r);
    CHECK(text.find("imsmanifest.xml:3 error: \"../../etc/passwd\" is outside the package") !=
          std::string::npos);
    CHECK(text.find("\"/etc/passwd\" is outside the package") != std::string::npos);
    CHECK(text.find("\"http://example.com/item.xml\" is outside the package") != std::string::npos);
    CHECK(text.find("\"items/..%2F..%2Fsecret.xml\" is outside the package") != std::string::npos);
    CHECK(text.find("imsmanifest.xml:6 error: items/missing.xml is listed but not in the "
                    "package") != std::string::npos);
    CHECK(text.find("items/broken.xml:4 error: not well-formed XML") != std::string::npos);

    auto not_qti =
        parse_qti_package("imsmanifest.xml", in_memory({{"imsmanifest.xml", "<quiz/>"}}));
    CHECK(messages(not_qti).find("not a QTI package") != std::string::npos);
    auto empty = parse_qti_package(
        "imsmanifest.xml", in_memory({{"imsmanifest.xml", "<manifest><resources/></manifest>"}}));
    CHECK(messages(empty).find("lists no QTI items") != std::string::npos);
}

TEST_CASE("A QTI stem keeps its tables and emphasis and loses scripts, handlers and links") {
    auto r = parse_qti_item(item_xml(R"html(
    <p onclick="steal()" style="color:red" class="x">Read <em>carefully</em>:
      <a href="javascript:steal()">here</a></p>
    <script>steal()</script>
    <iframe src="http://example.com/"/>
    <table><tr><td colspan="2" onmouseover="x()">U = R × I</td></tr></table>
    <img src="http://example.com/track.png" alt="tracker"/>
    <img src="figures/circuit%20diagram.png" alt="circuit" onerror="steal()"/>
    <p>x<sup>2</sup> &lt;script&gt;</p>)html" +
                                         two_choices,
                                     single_choice_declaration),
                            "probe.xml", "probe");
    INFO(messages(r));
    REQUIRE(r.items.size() == 1);
    auto const& stem = r.items[0].stem;
    CHECK(stem == R"(<p>Read <em>carefully</em>: here</p><table><tr><td colspan="2">)"
                  R"(U = R × I</td></tr></table><img src="figures/circuit diagram.png" )"
                  R"(alt="circuit"/><p>x<sup>2</sup> &lt;script&gt;</p>)");
    CHECK(r.items[0].media == std::vector<std::string>{"figures/circuit diagram.png"});
    CHECK(messages(r).find("not kept: a figure outside the package "
                           "(http://example.com/track.png)") != std::string::npos);
}

TEST_CASE("QTI items that cannot be scored as written are refused with the reason") {
    auto refused = [](std::string const& xml) {
        auto r = parse_qti_item(xml, "probe.xml", "probe");
        CHECK(r.items.empty());
        return messages(r);
    };
    CHECK(refused(item_xml(two_choices)).find("has no response declaration \"RESPONSE\"") !=
          std::string::npos);
    CHECK(refused(item_xml(two_choices, R"(
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>)"))
              .find("there is no correct response") != std::string::npos);
    CHECK(refused(item_xml(two_choices, R"(
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <mapping><mapEntry mapKey="A" mappedValue="-1"/></mapping>
  </responseDeclaration>)"))
              .find("its mapping gives no choice any points") != std::string::npos);
    CHECK(refused(item_xml(two_choices,
                           single_choice_declaration + R"(<templateDeclaration identifier="T"/>)"))
              .find("template variables") != std::string::npos);
    auto adaptive = item_xml(two_choices, single_choice_declaration);
    adaptive.replace(adaptive.find("adaptive=\"false\""), 16, "adaptive=\"true\"");
    CHECK(refused(adaptive).find("an adaptive item") != std::string::npos);
    CHECK(refused("<quiz/>").find("not a QTI item") != std::string::npos);
    CHECK(refused("<assessmentItem><itemBody>").find("1 error: not well-formed XML") !=
          std::string::npos);

    // Entities stay inert: no expansion, nothing fetched.
    auto bomb = R"(<?xml version="1.0"?>
<!DOCTYPE assessmentItem [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY ext SYSTEM "file:///etc/passwd">]>
<assessmentItem identifier="bomb"><itemBody><p>&b;&ext;</p></itemBody></assessmentItem>)";
    auto r = parse_qti_item(bomb, "bomb.xml", "bomb");
    INFO(messages(r));
    for (auto const& it : r.items) CHECK(it.stem.find("aaaaaaaaaa") == std::string::npos);

    CHECK(qti_document_kind(item_xml("")) == "item");
    CHECK(qti_document_kind("<qti-assessment-test/>") == "test");
    CHECK(qti_document_kind("<manifest/>") == "manifest");
    CHECK(qti_document_kind("<quiz/>").empty());
    CHECK(qti_document_kind("not xml").empty());
}

TEST_CASE("QTI numbers with an absolute tolerance and case-sensitive strings keep their rule") {
    auto numeric = parse_qti_item(
        item_xml(R"(<p>R = <textEntryInteraction responseIdentifier="R"/> Ω</p>)",
                 R"(<responseDeclaration identifier="R" cardinality="single" baseType="float">
    <correctResponse><value>220</value></correctResponse></responseDeclaration>
  <responseProcessing><responseCondition><responseIf>
    <equal toleranceMode="absolute" tolerance="5 10"><variable identifier="R"/>
      <correct identifier="R"/></equal>
  </responseIf></responseCondition></responseProcessing>)"),
        "r.xml", "r");
    INFO(messages(numeric));
    REQUIRE(numeric.items.size() == 1);
    CHECK(numeric.items[0].stem == "<p>R = ____ Ω</p>");
    CHECK(numeric.items[0].numeric[0].min == 215);
    CHECK(numeric.items[0].numeric[0].max == 230);

    // IMS's own example: "York" is worth all, "york" half.
    auto york = parse_qti_item(
        item_xml(
            R"(<p>the sun of <textEntryInteraction responseIdentifier="RESPONSE"/></p>)",
            R"(<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
    <correctResponse><value>York</value></correctResponse>
    <mapping defaultValue="0"><mapEntry mapKey="York" mappedValue="1"/>
      <mapEntry mapKey="york" mappedValue="0.5"/></mapping></responseDeclaration>)"),
        "york.xml", "york");
    REQUIRE(york.items.size() == 1);
    CHECK(york.items[0].case_sensitive);
    CHECK(score_of(york.items[0], {{"text", "York"}}) == 1);
    CHECK(score_of(york.items[0], {{"text", "york"}}) == 0.5);
    CHECK(score_of(york.items[0], {{"text", "YORK"}}) == 0);
}
