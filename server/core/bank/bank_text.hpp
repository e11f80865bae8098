#pragma once
// A bank handed in as text — native JSON, GIFT, the Chinese text layout or Moodle XML — read into
// a bank with its line-numbered diagnostics. Workbooks and QTI packages are zip files with parts
// of their own: bank_file.hpp reads every format, these among them.
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <vector>

namespace craftmark::core {

struct text_bank {
    bank b;
    std::string format; // json, gift, text, moodle
    std::vector<diagnostic> diagnostics;
    std::vector<item_figure> figures;
};

/// The format of a text bank named `name`: by its extension, else by its content.
std::string text_bank_format(std::string const& name, std::string const& text);

/// Reads `text` (UTF-8) as `format` ("auto": text_bank_format). The bank's id is `id`, or the
/// file's stem for formats that carry none. The figures its items show come from `figures`;
/// items whose figures are not there are left out with an error. Throws std::invalid_argument
/// with a sentence (and the line, for malformed JSON) when the text cannot be read as a bank.
text_bank read_text_bank(std::string const& text,
                         std::string const& name,
                         std::string format,
                         std::string const& id,
                         package_files const& figures);

} // namespace craftmark::core
