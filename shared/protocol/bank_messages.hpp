#pragma once
// bank.import from the console: a bank file, previewed with its line-numbered
// diagnostics before anything is stored, then imported.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::protocol {

/// bank.import: read the file (`content` as text, or `data` as base64 bytes) as `format`; store
/// it unless `dry_run`.
struct bank_import {
    std::string name;    // the file's name: its extension helps tell the format
    std::string content; // UTF-8 text: native JSON, GIFT, the text layout or Moodle XML
    std::string data; // or the file's bytes as base64: any format, workbooks and QTI packages too
    std::string figures; // a zip of the figures its items show, as base64 (optional)
    std::string format = "auto";
    std::string id;             // the bank's id (formats that carry none take the file's stem)
    std::string sheet;          // a workbook's bank sheet, when it holds several
    bool dry_run = true;        // the preview: read and report, store nothing
    bool skip_bad_rows = false; // import the sound items when some are in error
    friend bool operator==(bank_import const&, bank_import const&) = default;
};

struct bank_diagnostic {
    std::int64_t line = 0; // a workbook's row
    std::string column;    // a workbook's column ("答案 Answer"), else ""
    std::string file;      // the file of a package it is about ("q.zip/items/q3.xml"), else ""
    std::string severity;  // warning (kept) or error (left out)
    std::string message;
    friend bool operator==(bank_diagnostic const&, bank_diagnostic const&) = default;
};

/// One item as the preview lists it.
struct bank_item_line {
    std::string id;
    std::string type;
    std::string stem; // its first 120 characters
    friend bool operator==(bank_item_line const&, bank_item_line const&) = default;
};

/// bank.import's reply: what was read, what is wrong, and whether it was stored.
struct bank_report {
    std::string bank;
    std::string format;
    std::int64_t items = 0;
    std::map<std::string, std::int64_t> by_type;
    std::vector<bank_diagnostic> diagnostics;
    std::vector<std::string> problems; // what makes the bank unusable as a whole
    std::vector<bank_item_line> preview;
    bool stored = false;
    friend bool operator==(bank_report const&, bank_report const&) = default;
};

/// bank.blueprint's reply: the banks stored, and how many items each cell (type × knowledge
/// point × difficulty) of each has to draw from.
struct bank_summary {
    std::string id;
    std::string title;
    std::int64_t items = 0;
    friend bool operator==(bank_summary const&, bank_summary const&) = default;
};
struct blueprint_cell {
    std::string bank;
    std::string type;
    std::string knowledge_point; // "": items that name none
    std::string difficulty;
    std::int64_t items = 0;
    friend bool operator==(blueprint_cell const&, blueprint_cell const&) = default;
};
struct blueprint_sources {
    std::vector<bank_summary> banks;
    std::vector<blueprint_cell> cells;
    friend bool operator==(blueprint_sources const&, blueprint_sources const&) = default;
};

/// assessment.put: a theory assessment's definition, as question-banks/schema/
/// assessment.schema.json (and `craftmark assessment add`) has it.
struct assessment_put {
    nlohmann::json assessment;
    friend bool operator==(assessment_put const&, assessment_put const&) = default;
};
/// Its reply: how many items each paper draws.
struct assessment_defined {
    std::string id;
    std::int64_t items = 0; // per paper, for theory
    std::int64_t tasks = 0; // for a practical
    friend bool operator==(assessment_defined const&, assessment_defined const&) = default;
};

void to_json(nlohmann::json& j, bank_import const& m);
void from_json(nlohmann::json const& j, bank_import& m);
void to_json(nlohmann::json& j, assessment_put const& m);
void from_json(nlohmann::json const& j, assessment_put& m);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(bank_summary, id, title, items)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    blueprint_cell, bank, type, knowledge_point, difficulty, items)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(blueprint_sources, banks, cells)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(assessment_defined, id, items, tasks)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    bank_diagnostic, line, column, file, severity, message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(bank_item_line, id, type, stem)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    bank_report, bank, format, items, by_type, diagnostics, problems, preview, stored)

} // namespace craftmark::protocol
