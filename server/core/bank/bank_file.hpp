#pragma once
// A bank file as it is handed in — by path to `craftmark bank import`, or as bytes to the staff
// console — read whatever its format: native JSON, GIFT, the Chinese text layout or Moodle XML
// (text in UTF-8 or GBK), an Excel workbook, or QTI (an item file, or a content package zipped).
// Both read it here, so a file reads the same in either.
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

struct bank_file {
    bank b;
    std::string format; // json, gift, text, moodle, xlsx, qti
    std::vector<diagnostic> diagnostics;
    std::vector<item_figure> figures;
};

struct bank_file_options {
    std::string format = "auto"; // or json, xlsx, moodle, qti, gift, text
    std::string id;              // the bank's id; formats that carry none take the file's stem
    std::string sheet;           // a workbook's bank sheet, when it holds several
};

bool is_zip(std::string_view bytes);

/// Reads `bytes`, the file called `name`, as options.format ("auto": by its extension and
/// content). The figures its items show come from `media` when
/// the user handed figures in, else from a QTI package's own files, else from `beside` (the
/// files next to the bank file); an item whose figure is in none of them is left out with an
/// error. Workbook, GIFT, text and QTI banks take their id from options.id or the file's stem.
/// Throws std::invalid_argument with a sentence naming the file when it cannot be read at all.
bank_file read_bank_file(std::string const& bytes,
                         std::string const& name,
                         bank_file_options const& options,
                         package_files const& beside,
                         package_files const* media = nullptr);

/// The files of a zip below `root` ("" or "package/"), within the zip reader's caps; `what` names
/// the zip in its errors.
package_files zip_files(std::string bytes, std::string const& what, std::string root = {});

/// No files at all: a bank handed in alone, whose items showing figures are left out.
package_files no_files();

} // namespace craftmark::core
