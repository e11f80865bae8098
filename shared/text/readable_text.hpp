#pragma once
// Stems, choices and feedback as a character terminal (or a plain-text report) can show them.
// Banks write them as HTML, Moodle's auto-format, Markdown or plain text; a terminal shows none
// of the markup and no figure, so it shows the text's structure in lines and names each figure
// where it stands, for the candidate to ask for it or to sit the item in the browser.
#include <string>
#include <string_view>

namespace craftmark::text {

/// `text` (in `format`: "html", "moodle", "markdown" or "plain") as plain lines: paragraphs,
/// line breaks, list items ("• ") and table rows on lines of their own, cells separated by
/// " | ", entities decoded, sub- and superscripts as _2 and ^2, scripts and style sheets
/// dropped; Markdown without its emphasis marks. Each figure becomes "[图 Figure N: …]" with its
/// alternative text or file name; `figures` counts them across the calls for one screen.
std::string readable_text(std::string_view text, std::string_view format, int& figures);

} // namespace craftmark::text
