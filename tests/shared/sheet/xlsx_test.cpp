#include "shared/sheet/xlsx.hpp"
#include "shared/util/files.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <map>
#include <unistd.h>
#include <zip.h>

using namespace craftmark::sheet;

namespace {

struct temp_dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("xlsx-test-" + std::to_string(::getpid()));
    temp_dir() { std::filesystem::create_directories(path); }
    ~temp_dir() { std::filesystem::remove_all(path); }
};

/// A zip holding the parts given, as bytes: how a hand-made or hostile workbook is built.
std::string package(std::map<std::string, std::string> const& parts) {
    temp_dir dir;
    auto file = dir.path / "made.xlsx";
    int error = 0;
    zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(archive);
    for (auto const& [name, text] : parts) {
        zip_source_t* source = zip_source_buffer(archive, text.data(), text.size(), 0);
        REQUIRE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(archive) == 0);
    return craftmark::util::read_file(file);
}

std::map<std::string, std::string> workbook(std::string const& sheet_xml,
                                            std::string const& shared_xml = {}) {
    std::map<std::string, std::string> parts = {
        {"_rels/.rels",
         R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
        {"xl/workbook.xml",
         R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="题库" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
        {"xl/_rels/workbook.xml.rels",
         R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)"},
        {"xl/worksheets/sheet1.xml", sheet_xml},
    };
    if (!shared_xml.empty()) parts["xl/sharedStrings.xml"] = shared_xml;
    return parts;
}

std::string sheet_of(std::string const& rows) {
    return R"(<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)" +
           rows + "</x:sheetData></x:worksheet>";
}

std::string error_of(std::string const& bytes, read_limits const& limits = {}) {
    try {
        read_xlsx(bytes, limits);
    } catch (std::invalid_argument const& e) {
        return e.what();
    }
    return "(read without an error)";
}

} // namespace

TEST_CASE("a workbook written here reads back cell for cell, formulas as text") {
    temp_dir dir;
    table first{"电工 Electrician", {}, {1}};
    first.rows = {{1, {"题干 Stem", "分值 Points", "备注"}},
                  {2, {"电流的单位是（ ）。", "2", "=SUM(A1:A9)"}},
                  {3, {"多行\n文本", "0.5", "@cmd"}},
                  {4, {"", "", "第三列"}}};
    table second{"Sheet2", {{1, {"only"}}}, {}};
    write_xlsx({first, second}, dir.path / "out.xlsx");
    auto tables = read_xlsx(craftmark::util::read_file(dir.path / "out.xlsx"));
    REQUIRE(tables.size() == 2);
    CHECK(tables[0].name == "电工 Electrician");
    REQUIRE(tables[0].rows.size() == 4);
    for (std::size_t r = 0; r < 4; ++r) {
        CHECK(tables[0].rows[r].number == first.rows[r].number);
        CHECK(tables[0].rows[r].cells == first.rows[r].cells);
    }
    CHECK(tables[1].rows[0].cells == std::vector<std::string>{"only"});
}

TEST_CASE("parts as other writers make them: prefixes, inline and rich strings, sparse cells") {
    auto shared =
        R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>题型</t></si><si><r><t>单</t></r><r><rPr><b/></rPr><t>选</t></r><rPh><t>タン</t></rPh></si><si><t>line_x000D_end _x005F_x0041_</t></si></sst>)";
    auto rows =
        R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c></x:row>)"
        R"(<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3"><x:v>0.10000000000000001</x:v></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>cached</x:v></x:c></x:row>)"
        R"(<x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c><x:c r="B4"><x:v>3</x:v></x:c></x:row>)"
        R"(<x:row r="9"><x:c r="A9"/></x:row>)";
    auto tables = read_xlsx(package(workbook(sheet_of(rows), shared)));
    REQUIRE(tables.size() == 1);
    auto const& t = tables[0];
    CHECK(t.name == "题库");
    REQUIRE(t.rows.size() == 3); // row 9 holds nothing
    CHECK(t.rows[0].cells == std::vector<std::string>{"题型", "", "内联"});
    CHECK(t.rows[1].number == 3);
    CHECK(t.rows[1].cells == std::vector<std::string>{"单选", "0.1", "", "TRUE", "cached"});
    CHECK(t.rows[2].cells == std::vector<std::string>{"line\rend _x0041_", "3"});
}

TEST_CASE("hostile and broken workbooks are refused with the reason") {
    CHECK(error_of("just text").find("not an .xlsx workbook") == 0);

    auto good = package(
        workbook(sheet_of(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>)")));
    CHECK(read_xlsx(good).size() == 1);
    // The central directory cut off: libzip finds no end of it.
    CHECK(error_of(good.substr(0, good.size() - 30)).find("not an .xlsx workbook") == 0);

    // A part that inflates past the cap, whatever the directory says.
    read_limits small;
    small.part_bytes = 1 << 20;
    std::string zeros(3 << 20, '0');
    auto bomb = package(workbook(sheet_of("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" +
                                          zeros + "</t></is></c></row>")));
    CHECK(bomb.size() < 100'000);
    CHECK(error_of(bomb, small).find("xl/worksheets/sheet1.xml is larger than 1 MiB") == 0);

    // Entities stay unexpanded: no billion laughs, no external file.
    auto laughs =
        R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY file SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;&file;</t></si></sst>)";
    auto tables = read_xlsx(
        package(workbook(sheet_of(R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)"), laughs)));
    REQUIRE(tables[0].rows.size() == 1);
    CHECK(tables[0].rows[0].cells[0].size() < 20);
    CHECK(tables[0].rows[0].cells[0].find("root") == std::string::npos);

    read_limits few;
    few.rows = 2;
    auto three = package(workbook(sheet_of(
        R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>)")));
    CHECK(error_of(three, few) == "sheet 题库 has more than 2 rows");
    few.cell_bytes = 4;
    auto wide = package(workbook(
        sheet_of(R"(<row r="1"><c r="B1" t="inlineStr"><is><t>12345</t></is></c></row>)")));
    CHECK(error_of(wide, few) == "sheet 题库 row 1: cell B1 holds more than 4 bytes");
    auto far = package(workbook(sheet_of(R"(<row r="1"><c r="ZZZ1"><v>1</v></c></row>)")));
    CHECK(error_of(far) == "sheet 题库 row 1: more than 256 columns");
    auto dangling = package(workbook(sheet_of(R"(<row r="1"><c r="A1" t="s"><v>7</v></c></row>)")));
    CHECK(error_of(dangling) ==
          "sheet 题库 row 1: cell A1 names shared string 7, which does not exist");
    auto broken = package(workbook(sheet_of("<row r=\"1\"><c>")));
    CHECK(error_of(broken).find("xl/worksheets/sheet1.xml is not well-formed XML") == 0);
    auto parts = workbook(sheet_of(""));
    parts.erase("xl/workbook.xml");
    CHECK(error_of(package(parts)) == "not an .xlsx workbook (no xl/workbook.xml)");
}
