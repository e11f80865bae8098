#include "server/core/bank/bank_file.hpp"

#include "server/core/bank/bank_text.hpp"
#include "server/core/bank/bank_workbook.hpp"
#include "server/core/bank/qti.hpp"
#include "shared/sheet/xlsx.hpp"
#include "shared/sheet/zip_archive.hpp"
#include "shared/text/text_encoding.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

namespace craftmark::core {
namespace {

/// Where a QTI content package's manifest is: at the root, or in the one folder that holds
/// everything (as some systems zip it); empty when the zip has none.
std::string manifest_in(sheet::zip_archive const& zip) {
    std::string manifest;
    for (auto const& n : zip.names())
        if ((n == "imsmanifest.xml" || n.ends_with("/imsmanifest.xml")) &&
            (manifest.empty() || n.size() < manifest.size()))
            manifest = n;
    return manifest;
}

/// The bank sheet of a workbook: the one `wanted` names, or the only sheet whose first row is
/// the template's heading.
sheet::table
bank_sheet(std::vector<sheet::table> tables, std::string const& wanted, std::string const& name) {
    std::vector<std::string> banks;
    for (auto& t : tables) {
        if (!wanted.empty() && t.name == wanted) {
            if (!is_bank_table(t))
                throw std::invalid_argument(
                    "sheet " + wanted + " of " + name +
                    " has no 题型/题干/答案 (Type/Stem/Answer) heading row");
            return std::move(t);
        }
        if (is_bank_table(t)) banks.push_back(t.name);
    }
    if (!wanted.empty()) throw std::invalid_argument(name + " has no sheet " + wanted);
    if (banks.empty())
        throw std::invalid_argument(name + " has no sheet with a 题型/题干/答案 (Type/Stem/Answer) "
                                           "heading row (see question-banks/templates/)");
    if (banks.size() > 1)
        throw std::invalid_argument(name + " holds several banks (" + banks[0] + ", " + banks[1] +
                                    " …): say which sheet");
    for (auto& t : tables)
        if (t.name == banks[0]) return std::move(t);
    return {};
}

/// A bank file's bytes, decoded to UTF-8 at most once: telling a text format and reading it
/// both need the text, and a file may be megabytes.
struct handed_in {
    std::string const& bytes;
    std::optional<std::string> text = {};
    std::string const& utf8() {
        if (!text) text = text::as_utf8(bytes, "auto");
        return *text;
    }
};

/// The format of a bank file: `format` unless "auto", else by its extension and content (a
/// .txt may be GIFT or the Chinese text layout; a zip is a workbook unless it holds a QTI
/// manifest; an .xml file is a QTI item, test or manifest, or Moodle XML).
std::string bank_file_format(std::string const& name, handed_in& file, std::string const& format) {
    if (format != "auto") return format;
    auto ext = std::filesystem::path(name).extension().string();
    if (ext == ".xlsx") return "xlsx";
    if (ext == ".zip") return "qti";
    if (is_zip(file.bytes)) {
        try {
            return manifest_in(sheet::zip_archive(file.bytes, {}, "a zip")).empty() ? "xlsx"
                                                                                    : "qti";
        } catch (std::invalid_argument const&) {
            return "xlsx"; // and the workbook reader says what is wrong with it
        }
    }
    if (ext != ".json" && ext != ".gift" && !qti_document_kind(file.utf8()).empty()) return "qti";
    return text_bank_format(name, file.utf8());
}

/// A QTI content package (a zip, or the files beside a manifest or an assessment test listing
/// items) or a single QTI item file; `package` is set to the package's files, where its items'
/// figures are.
bank_import read_qti(handed_in& file,
                     std::string const& name,
                     std::string const& stem,
                     package_files const& beside,
                     std::optional<package_files>& package) {
    if (is_zip(file.bytes)) {
        sheet::zip_archive zip(file.bytes, {}, "a QTI content package");
        auto manifest = manifest_in(zip);
        if (manifest.empty())
            throw std::invalid_argument(name +
                                        " has no imsmanifest.xml: not a QTI content package");
        auto root =
            manifest.substr(0, manifest.size() - std::string_view("imsmanifest.xml").size());
        package = zip_files(file.bytes, "a QTI content package", root);
        auto parsed = parse_qti_package("imsmanifest.xml", *package);
        for (auto& d : parsed.diagnostics) d.file = name + "/" + root + d.file;
        for (auto& it : parsed.items) it.origin->file = name + "/" + root + it.origin->file;
        return parsed;
    }
    if (qti_document_kind(file.utf8()) == "item") return parse_qti_item(file.utf8(), name, stem);
    return parse_qti_package(name, beside);
}

} // namespace

bool is_zip(std::string_view bytes) {
    return bytes.starts_with("PK\x03\x04");
}

bank_file read_bank_file(std::string const& bytes,
                         std::string const& name,
                         bank_file_options const& options,
                         package_files const& beside,
                         package_files const* media) {
    handed_in file{bytes};
    auto kind = bank_file_format(name, file, options.format);
    if (kind != "xlsx" && kind != "qti") {
        auto t = read_text_bank(file.utf8(), name, kind, options.id, media ? *media : beside);
        return {std::move(t.b), std::move(t.format), std::move(t.diagnostics),
                std::move(t.figures)};
    }
    auto stem = options.id.empty() ? std::filesystem::path(name).stem().string() : options.id;
    bank_import parsed;
    std::optional<package_files> package;
    std::vector<item_figure> figures;
    try {
        if (kind == "xlsx")
            parsed = read_bank_table(bank_sheet(sheet::read_xlsx(bytes), options.sheet, name), name,
                                     stem);
        else
            parsed = read_qti(file, name, stem, beside, package);
        name_figures_in_text(parsed.items, parsed.diagnostics);
        if (std::any_of(parsed.items.begin(), parsed.items.end(),
                        [](auto const& it) { return !it.media.empty(); }))
            figures = gather_figures(parsed, media ? *media : package ? *package : beside);
    } catch (std::invalid_argument const& e) {
        std::string what = e.what();
        throw std::invalid_argument(what.starts_with(name) ? what : name + ": " + what);
    }
    return {{stem, stem, "zh-CN", "", "", "", std::move(parsed.items)},
            kind,
            std::move(parsed.diagnostics),
            std::move(figures)};
}

package_files zip_files(std::string bytes, std::string const& what, std::string root) {
    struct held {
        std::string bytes;
        std::optional<sheet::zip_archive> zip;
    };
    auto h = std::make_shared<held>();
    h->bytes = std::move(bytes);
    h->zip.emplace(h->bytes, sheet::zip_limits{}, what);
    return {[h, root](std::string const& p) { return h->zip->has(root + p); },
            [h, root](std::string const& p) { return h->zip->read(root + p); }};
}

package_files no_files() {
    return {[](std::string const&) { return false; },
            [](std::string const& path) -> std::string {
                throw std::invalid_argument(path + " is not among the files handed in");
            }};
}

} // namespace craftmark::core
