#pragma once
// The figures a bank's items show, brought in with the bank: from the files it carries (Moodle
// XML's base64 <file> elements), from its package (a QTI zip), or from the folder or zip beside
// it that the items name them in (a workbook's 图片 column, <img src> in HTML stems, ![…](…) in
// Markdown, Moodle's and GIFT's @@PLUGINFILE@@ references).
#include "server/core/bank/bank_import.hpp"
#include "server/core/media/figure.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// One figure of one item, by the name the item uses for it.
struct item_figure {
    std::string item_id;
    std::string name; // "circuit.png", "images/part-3.svg"
    figure fig;
};

/// Why `name` cannot name a figure of a bank, or "" when it can: it must be a relative path
/// that stays inside the bank's folder or package (no "..", no leading "/", no drive letter,
/// scheme or backslash, no empty part).
std::string figure_name_problem(std::string_view name);

/// Adds to each item's media the figures its text shows and its media list does not name yet,
/// and makes Moodle's references ("@@PLUGINFILE@@/circuit%20diagram.png") plain names
/// ("circuit diagram.png" in media, "circuit%20diagram.png" as the src). Figures from other
/// servers or written into the text (data: URLs) are not the bank's: each gets a warning.
void name_figures_in_text(std::vector<item>& items, std::vector<diagnostic>& diagnostics);

/// Reads and checks each figure the items name: from `parsed.attached`, else from `files`. An
/// item whose figure is missing, unusable or named outside the bank gets an error and is left
/// out (as an item in error is); an SVG that lost script or links to the sanitiser gets a
/// warning. Each stored figure appears once per item that names it.
std::vector<item_figure> gather_figures(bank_import& parsed, package_files const& files);

} // namespace craftmark::core
