#pragma once
// Moodle XML, the format Moodle's question bank exports and imports
// (https://docs.moodle.org/en/Moodle_XML_format): <quiz> of <question type="…"> elements, a
// question of type "category" setting the category of those after it.
//
// Read: multichoice (single or multiple answer), truefalse, shortanswer, numerical, matching,
// essay and description, with names, idnumbers, tags, grades, feedback and the text formats.
// Types Craftmark has no model for (cloze, calculated, drag and drop …) are reported question
// by question and left out, never dropped silently. Embedded figures (<file encoding="base64">)
// come back as the import's attached files, named in the item's media.
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// Reads a Moodle XML file, each problem with its line. Items without an idnumber get
/// `<id_prefix>-<n>`, n counting the questions read from 1.
bank_import parse_moodle_xml(std::string_view text,
                             std::string const& file_name = {},
                             std::string const& id_prefix = "moodle");

/// Whether `text` is Moodle XML: an XML document whose root is <quiz>.
bool looks_like_moodle_xml(std::string_view text);

/// Writes items as Moodle XML that Moodle and parse_moodle_xml read back to the same items
/// (knowledge points, difficulty and rubrics have no place in it and are left out), with each
/// item's figures embedded as Moodle embeds them.
std::string write_moodle_xml(std::vector<item> const& items,
                             std::vector<item_figure> const& figures = {});

} // namespace craftmark::core
