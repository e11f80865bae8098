#include "shared/sheet/xlsx.hpp"

#include "shared/sheet/zip_archive.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>
#include <unistd.h>
#include <xlsxwriter.h>

namespace craftmark::sheet {
namespace {

[[noreturn]] void refuse(std::string const& why) {
    throw std::invalid_argument(why);
}

/// A part as a document. pugixml keeps a DOCTYPE out of the tree and expands only the five
/// predefined entities and character references, so "billion laughs" and external entities
/// stay inert text.
pugi::xml_document parse(std::string const& text, std::string const& name) {
    pugi::xml_document doc;
    auto result =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result)
        refuse(name + " is not well-formed XML at byte " + std::to_string(result.offset) + ": " +
               result.description());
    return doc;
}

/// An element's name without its namespace prefix: writers differ ("row", "x:row").
std::string_view local(pugi::xml_node node) {
    std::string_view name = node.name();
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
    for (auto c : node.children())
        if (local(c) == name) return c;
    return {};
}

/// The value of the attribute named `name` in any namespace ("r:id", "id").
std::string_view attribute(pugi::xml_node node, std::string_view name) {
    for (auto a : node.attributes()) {
        std::string_view n = a.name();
        auto colon = n.find(':');
        if ((colon == std::string_view::npos ? n : n.substr(colon + 1)) == name) return a.value();
    }
    return {};
}

void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | code >> 6);
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | code >> 12);
        out += static_cast<char>(0x80 | (code >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

/// OOXML writes characters XML cannot carry as "_xHHHH_" (Excel: "_x000D_" for a carriage
/// return, "_x005F_" for a literal underscore before "x").
std::string unescape_ooxml(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned code = 0;
        if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_' &&
            std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr ==
                text.data() + i + 6) {
            append_utf8(out, code);
            i += 6;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// The text of a shared or inline string: its <t>, or its runs' <t>s, without phonetic runs.
std::string string_item(pugi::xml_node si) {
    std::string text;
    for (auto part : si.children()) {
        if (local(part) == "t") text += part.text().get();
        if (local(part) == "r") text += child(part, "t").text().get();
    }
    return unescape_ooxml(text);
}

/// A number as people write it: the shortest form that reads back exactly ("0.1", "3"). A whole
/// number stays as written, all its digits: other writers than Excel keep an 18-digit ID
/// number exactly, which a double would round.
std::string number_text(std::string_view v) {
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string_view::npos)
        return std::string(v);
    double value = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || end != v.data() + v.size()) return std::string(v);
    char buffer[32];
    auto out = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, out.ptr);
}

/// "C14" → column 2; -1 when the reference has no letters.
long column_of(std::string_view reference) {
    long column = 0;
    std::size_t i = 0;
    for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z' && i < 4; ++i)
        column = column * 26 + (reference[i] - 'A' + 1);
    return i == 0 ? -1 : column - 1;
}

/// "xl/worksheets/sheet1.xml" from a relationship's target, relative to the workbook's folder
/// or absolute within the package.
std::string resolve(std::string const& folder, std::string_view target) {
    if (!target.empty() && target[0] == '/') return std::string(target.substr(1));
    std::string path = folder;
    while (target.substr(0, 3) == "../") {
        target.remove_prefix(3);
        auto slash = path.find_last_of('/', path.size() >= 2 ? path.size() - 2 : 0);
        path = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    }
    return path + std::string(target);
}

table read_sheet(zip_archive& zip,
                 std::string const& part,
                 std::string const& name,
                 std::vector<std::string> const& shared,
                 read_limits const& limits) {
    auto doc = parse(zip.read(part), part);
    table t{name, {}, {}};
    auto data = child(child(doc, "worksheet"), "sheetData");
    int previous_row = 0;
    for (auto r : data.children()) {
        if (local(r) != "row") continue;
        int number = previous_row + 1;
        if (auto given = attribute(r, "r"); !given.empty())
            std::from_chars(given.data(), given.data() + given.size(), number);
        if (number <= previous_row)
            refuse("sheet " + name + ": rows out of order at row " + std::to_string(number));
        previous_row = number;
        auto where = "sheet " + name + " row " + std::to_string(number);
        row out{number, {}};
        long column = -1;
        for (auto c : r.children()) {
            if (local(c) != "c") continue;
            auto given = column_of(attribute(c, "r"));
            column = given >= 0 ? given : column + 1;
            if (static_cast<std::size_t>(column) >= limits.columns)
                refuse(where + ": more than " + std::to_string(limits.columns) + " columns");
            std::string_view type = attribute(c, "t");
            std::string value = child(c, "v").text().get();
            if (type == "s") {
                std::size_t index = shared.size();
                std::from_chars(value.data(), value.data() + value.size(), index);
                if (index >= shared.size())
                    refuse(where + ": cell " + column_name(column) + std::to_string(number) +
                           " names shared string " + value + ", which does not exist");
                value = shared[index];
            } else if (type == "inlineStr") {
                value = string_item(child(c, "is"));
            } else if (type == "str") {
                value = unescape_ooxml(value);
            } else if (type == "b") {
                value = value == "1" ? "TRUE" : "FALSE";
            } else if (type.empty() || type == "n") {
                value = number_text(value);
            }
            if (value.size() > limits.cell_bytes)
                refuse(where + ": cell " + column_name(column) + std::to_string(number) +
                       " holds more than " + std::to_string(limits.cell_bytes) + " bytes");
            if (value.empty()) continue;
            if (out.cells.size() <= static_cast<std::size_t>(column)) out.cells.resize(column + 1);
            out.cells[column] = std::move(value);
        }
        if (out.cells.empty()) continue;
        if (t.rows.size() == limits.rows)
            refuse("sheet " + name + " has more than " + std::to_string(limits.rows) + " rows");
        t.rows.push_back(std::move(out));
    }
    return t;
}

} // namespace

std::vector<table> read_xlsx(std::string_view bytes, read_limits const& limits) {
    zip_archive zip(bytes, {limits.part_bytes, limits.total_bytes}, "an .xlsx workbook");
    // The workbook part is the package's officeDocument; every writer names it xl/workbook.xml,
    // which is the fallback when the package relationships are missing.
    std::string workbook = "xl/workbook.xml";
    if (zip.has("_rels/.rels")) {
        auto rels = parse(zip.read("_rels/.rels"), "_rels/.rels");
        for (auto r : child(rels, "Relationships").children())
            if (std::string_view(attribute(r, "Type")).ends_with("/officeDocument"))
                workbook = resolve("", attribute(r, "Target"));
    }
    auto slash = workbook.find_last_of('/');
    auto folder = slash == std::string::npos ? std::string() : workbook.substr(0, slash + 1);
    auto rels_part = folder + "_rels/" + workbook.substr(folder.size()) + ".rels";

    std::map<std::string, std::string, std::less<>> targets; // relationship id → part
    std::string shared_part;
    auto relationships = parse(zip.read(rels_part), rels_part); // outlives the loop's nodes
    for (auto r : child(relationships, "Relationships").children()) {
        std::string_view type = attribute(r, "Type");
        auto part = resolve(folder, attribute(r, "Target"));
        if (type.ends_with("/sharedStrings")) shared_part = part;
        targets[std::string(attribute(r, "Id"))] = part;
    }
    std::vector<std::string> shared;
    if (!shared_part.empty() && zip.has(shared_part)) {
        auto doc = parse(zip.read(shared_part), shared_part);
        for (auto si : child(doc, "sst").children())
            if (local(si) == "si") shared.push_back(string_item(si));
    }

    std::vector<table> tables;
    auto book = parse(zip.read(workbook), workbook);
    for (auto s : child(child(book, "workbook"), "sheets").children()) {
        if (local(s) != "sheet") continue;
        auto target = targets.find(attribute(s, "id"));
        if (target == targets.end())
            refuse(std::string("sheet ") + s.attribute("name").value() + " has no part");
        tables.push_back(
            read_sheet(zip, target->second, s.attribute("name").value(), shared, limits));
    }
    if (tables.empty()) refuse("the workbook has no worksheet");
    return tables;
}

namespace {

/// Excel refuses sheet names over 31 characters or with []:*?/\ in them.
std::string sheet_name(std::string name) {
    for (auto& c : name)
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
    // Cut at a UTF-8 character boundary, counting characters as Excel does.
    std::size_t characters = 0, i = 0;
    for (; i < name.size(); ++i)
        if ((name[i] & 0xC0) != 0x80 && ++characters > 31) break;
    return name.substr(0, i);
}

bool as_number(std::string const& text, double& value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

} // namespace

void write_xlsx(std::vector<table> const& tables, std::filesystem::path const& file) {
    lxw_workbook* book = workbook_new(file.c_str());
    if (!book) throw std::runtime_error("cannot write " + file.string());
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* wrapped = workbook_add_format(book);
    format_set_text_wrap(wrapped);
    format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);
    for (auto const& t : tables) {
        auto name = sheet_name(t.name);
        lxw_worksheet* sheet = workbook_add_worksheet(book, name.empty() ? nullptr : name.c_str());
        if (!sheet) {
            workbook_close(book);
            throw std::runtime_error("cannot write " + file.string() + ": two sheets named " +
                                     t.name);
        }
        worksheet_freeze_panes(sheet, 1, 0);
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            auto const& cells = t.rows[r].cells;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                auto row = static_cast<lxw_row_t>(r);
                auto column = static_cast<lxw_col_t>(c);
                double value = 0;
                bool number = r > 0 && as_number(cells[c], value) &&
                              std::find(t.number_columns.begin(), t.number_columns.end(), c) !=
                                  t.number_columns.end();
                if (number)
                    worksheet_write_number(sheet, row, column, value, nullptr);
                else if (!cells[c].empty() &&
                         worksheet_write_string(sheet, row, column, cells[c].c_str(),
                                                r == 0 ? bold : wrapped) != LXW_NO_ERROR) {
                    workbook_close(book);
                    throw std::runtime_error("cannot write " + file.string() + ": cell " +
                                             column_name(c) + std::to_string(r + 1) +
                                             " holds more than Excel's 32,767 characters");
                }
            }
        }
        if (!t.rows.empty())
            worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(t.rows[0].cells.size()), 18,
                                 nullptr);
    }
    if (lxw_error rc = workbook_close(book); rc != LXW_NO_ERROR)
        throw std::runtime_error("cannot write " + file.string() + ": " + lxw_strerror(rc));
}

std::string xlsx_bytes(std::vector<table> const& tables) {
    auto path = (std::filesystem::temp_directory_path() / "craftmark-XXXXXX.xlsx").string();
    int fd = mkstemps(path.data(), 5);
    if (fd < 0) throw std::runtime_error("cannot make a temporary file for a workbook");
    close(fd);
    struct remove_after {
        std::string path;
        ~remove_after() { std::remove(path.c_str()); }
    } removed{path};
    write_xlsx(tables, path);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace craftmark::sheet
