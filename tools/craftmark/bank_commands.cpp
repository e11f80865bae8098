// craftmark bank import | validate | export | list
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/bank_text.hpp"
#include "server/core/bank/bank_workbook.hpp"
#include "server/core/bank/gift.hpp"
#include "server/core/bank/moodle_xml.hpp"
#include "server/core/bank/qti.hpp"
#include "server/core/bank/text_layout.hpp"
#include "server/store/admin.hpp"
#include "server/store/bank_media.hpp"
#include "shared/sheet/xlsx.hpp"
#include "shared/sheet/zip_archive.hpp"
#include "shared/text/text_encoding.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace craftmark::cli {
namespace {

using nlohmann::json;

struct loaded_bank {
    core::bank bank;
    std::vector<core::diagnostic> diagnostics;
    std::vector<core::item_figure> figures;
};

bool is_zip(std::string const& bytes) {
    return bytes.rfind("PK\x03\x04", 0) == 0;
}

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

/// The format of a bank file: by --format, else by its extension and content (a .txt may be GIFT
/// or the Chinese text layout; a zip is a workbook unless it holds a QTI manifest; an .xml file
/// is a QTI item, test or manifest, or Moodle XML).
std::string
format_of(std::filesystem::path const& file, std::string const& bytes, std::string const& format) {
    if (format != "auto") return format;
    auto ext = file.extension().string();
    if (ext == ".xlsx") return "xlsx";
    if (ext == ".zip") return "qti";
    if (is_zip(bytes)) {
        try {
            return manifest_in(sheet::zip_archive(bytes, {}, "a zip")).empty() ? "xlsx" : "qti";
        } catch (std::invalid_argument const&) {
            return "xlsx"; // and the workbook reader says what is wrong with it
        }
    }
    if (ext == ".json") return "json";
    if (ext == ".gift") return "gift";
    auto text = text::as_utf8(bytes, "auto");
    if (!core::qti_document_kind(text).empty()) return "qti";
    if (ext == ".xml" || core::looks_like_moodle_xml(text)) return "moodle";
    if (core::looks_like_text_layout(text)) return "text";
    auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first != std::string::npos && text[first] == '{' ? "json" : "gift";
}

/// bank.gift:12: warning: …, or for a workbook bank.xlsx 第 14 行 答案列 (row 14, Answer): …, or
/// for a file of a package package.zip/items/ITEM006.xml:12: …
void print_diagnostics(std::vector<core::diagnostic> const& diagnostics, std::string const& name) {
    for (auto const& d : diagnostics) {
        if (d.column.empty()) {
            std::cout << (d.file.empty() ? name : d.file) << ":" << d.line << ": ";
        } else {
            auto space = d.column.find(' ');
            std::cout << name << " 第 " << d.line << " 行 " << d.column.substr(0, space)
                      << "列 (row " << d.line << ", " << d.column.substr(space + 1) << "): ";
        }
        std::cout << d.severity << ": " << d.message << "\n";
    }
}

/// The bank sheet of a workbook: the one --sheet names, or the only sheet whose first row is
/// the template's heading.
sheet::table
bank_sheet(std::vector<sheet::table> tables, std::string const& wanted, std::string const& name) {
    std::vector<std::string> banks;
    for (auto& t : tables) {
        if (!wanted.empty() && t.name == wanted) {
            if (!core::is_bank_table(t))
                throw std::runtime_error("sheet " + wanted + " of " + name +
                                         " has no 题型/题干/答案 (Type/Stem/Answer) heading row");
            return std::move(t);
        }
        if (core::is_bank_table(t)) banks.push_back(t.name);
    }
    if (!wanted.empty()) throw std::runtime_error(name + " has no sheet " + wanted);
    if (banks.empty())
        throw std::runtime_error(name + " has no sheet with a 题型/题干/答案 (Type/Stem/Answer) "
                                        "heading row (see question-banks/templates/)");
    if (banks.size() > 1)
        throw std::runtime_error(name + " holds several banks (" + banks[0] + ", " + banks[1] +
                                 " …): say which with --sheet");
    for (auto& t : tables)
        if (t.name == banks[0]) return std::move(t);
    return {};
}

/// The files of a folder, read from it and below it only, whatever a bank or manifest names
/// (checked on the canonical path), each at most 64 MiB (as a zip's entries).
core::package_files folder_files(std::filesystem::path const& where) {
    namespace fs = std::filesystem;
    auto folder = fs::weakly_canonical(where);
    auto inside = [folder](std::string const& p) -> std::optional<fs::path> {
        auto path = fs::weakly_canonical(folder / p);
        auto relative = path.lexically_relative(folder);
        if (relative.empty() || *relative.begin() == "..") return std::nullopt;
        return path;
    };
    constexpr std::uintmax_t largest = 64u << 20;
    return {[inside](std::string const& p) {
                auto path = inside(p);
                return path && fs::is_regular_file(*path);
            },
            [inside](std::string const& p) {
                auto path = inside(p);
                if (!path || !fs::is_regular_file(*path))
                    throw std::invalid_argument(p + " cannot be read");
                if (fs::file_size(*path) > largest)
                    throw std::invalid_argument(p + " is larger than 64 MiB");
                return read_file(*path);
            }};
}

/// The files of a zip below `root` ("" or "package/"), within the zip reader's caps.
core::package_files zip_files(std::string bytes, std::string const& what, std::string root = {}) {
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

/// Where a bank's figures are: --media (a folder or a zip), else the bank's own package, else
/// the folder the bank file is in.
core::package_files figure_files(std::filesystem::path const& media,
                                 std::filesystem::path const& bank_file) {
    if (media.empty()) return folder_files(std::filesystem::absolute(bank_file).parent_path());
    if (std::filesystem::is_directory(media)) return folder_files(media);
    try {
        return zip_files(read_file(media), "a zip of figures");
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(media.string() + ": " + e.what());
    }
}

/// A QTI content package (a zip, or a folder named by its imsmanifest.xml or by an assessment
/// test listing items) or a single QTI item file; `package` is set to the package's files, where
/// its items' figures are.
core::bank_import read_qti(std::filesystem::path const& file,
                           std::string const& bytes,
                           std::string const& stem,
                           core::package_files& package) {
    auto name = file.filename().string();
    if (is_zip(bytes)) {
        sheet::zip_archive zip(bytes, {}, "a QTI content package");
        auto manifest = manifest_in(zip);
        if (manifest.empty())
            throw std::runtime_error(name + " has no imsmanifest.xml: not a QTI content package");
        auto root =
            manifest.substr(0, manifest.size() - std::string_view("imsmanifest.xml").size());
        package = zip_files(bytes, "a QTI content package", root);
        auto parsed = core::parse_qti_package("imsmanifest.xml", package);
        for (auto& d : parsed.diagnostics) d.file = name + "/" + root + d.file;
        for (auto& it : parsed.items) it.origin->file = name + "/" + root + it.origin->file;
        return parsed;
    }
    package = folder_files(std::filesystem::absolute(file).parent_path());
    auto text = text::as_utf8(bytes, "auto");
    if (core::qti_document_kind(text) == "item") return core::parse_qti_item(text, name, stem);
    return core::parse_qti_package(name, package);
}

/// A file read as some format that yields no question is an error, not an empty bank: it was
/// probably read as the wrong format.
void refuse_without_questions(loaded_bank const& l,
                              std::string const& name,
                              std::string const& kind) {
    if (std::any_of(l.bank.items.begin(), l.bank.items.end(),
                    [](auto const& it) { return it.type != core::item_type::description; }))
        return;
    print_diagnostics(l.diagnostics, name);
    throw std::runtime_error("no questions in " + name + " read as " +
                             (kind == "text"     ? "the text layout"
                              : kind == "xlsx"   ? "a workbook"
                              : kind == "moodle" ? "Moodle XML"
                              : kind == "qti"    ? "QTI"
                                                 : "GIFT") +
                             " (--format json, xlsx, moodle, qti, gift or text to say which "
                             "it is)");
}

/// Reads a bank file: native JSON, an Excel workbook, GIFT or the Chinese text layout (the
/// text ones in UTF-8 or GBK, as Word saves text on Chinese Windows), with the figures its items
/// show. Workbook, GIFT and text banks take their id from --id or the file name. A file that
/// yields no question is an error, not an empty bank.
loaded_bank load_bank_file(std::filesystem::path const& file,
                           std::string const& id,
                           std::string const& format,
                           std::string const& sheet_name,
                           std::filesystem::path const& media) {
    auto bytes = read_file(file);
    auto kind = format_of(file, bytes, format);
    auto name = file.filename().string();
    if (kind != "xlsx" && kind != "qti") {
        // Text formats are read as the server reads them from the console (core/bank_text).
        core::text_bank t;
        try {
            t = core::read_text_bank(text::as_utf8(bytes, "auto"), name, kind, id,
                                     figure_files(media, file));
        } catch (std::invalid_argument const& e) {
            throw std::runtime_error(e.what());
        }
        loaded_bank l{std::move(t.b), std::move(t.diagnostics), std::move(t.figures)};
        if (kind != "json") refuse_without_questions(l, name, kind);
        return l;
    }
    auto stem = id.empty() ? file.stem().string() : id;
    core::bank_import parsed;
    core::package_files package;
    if (kind == "xlsx") {
        std::vector<sheet::table> tables;
        try {
            tables = sheet::read_xlsx(bytes);
        } catch (std::invalid_argument const& e) {
            throw std::runtime_error(name + ": " + e.what());
        }
        parsed = core::read_bank_table(bank_sheet(std::move(tables), sheet_name, name), name, stem);
    } else {
        try {
            parsed = read_qti(file, bytes, stem, package);
        } catch (std::invalid_argument const& e) {
            throw std::runtime_error(name + ": " + e.what());
        }
    }
    std::vector<core::item_figure> figures;
    try {
        core::name_figures_in_text(parsed.items, parsed.diagnostics);
        if (std::any_of(parsed.items.begin(), parsed.items.end(),
                        [](auto const& it) { return !it.media.empty(); }))
            figures = core::gather_figures(
                parsed, media.empty() && package.has ? package : figure_files(media, file));
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(name + ": " + e.what());
    }
    loaded_bank l{{stem, stem, "zh-CN", "", "", "", std::move(parsed.items)},
                  std::move(parsed.diagnostics),
                  std::move(figures)};
    refuse_without_questions(l, name, kind);
    return l;
}

void print_summary(loaded_bank const& l, std::filesystem::path const& file) {
    std::map<std::string, int> by_type;
    for (auto const& it : l.bank.items) ++by_type[std::string(core::type_name(it.type))];
    std::cout << l.bank.id << ": " << l.bank.items.size() << " questions";
    std::string sep = " (";
    for (auto const& [type, n] : by_type) {
        std::cout << sep << type << " " << n;
        sep = ", ";
    }
    std::cout << (by_type.empty() ? "" : ")");
    if (!l.figures.empty()) {
        std::set<std::string> distinct;
        std::size_t bytes = 0;
        for (auto const& f : l.figures)
            if (distinct.insert(f.fig.sha256).second) bytes += f.fig.bytes.size();
        std::cout << ", " << distinct.size() << (distinct.size() == 1 ? " figure (" : " figures (")
                  << (bytes + 1023) / 1024 << " KiB)";
    }
    std::cout << "\n";
    print_diagnostics(l.diagnostics, file.filename().string());
}

/// Problems that make the bank unusable, and items left out for errors (unless the user said
/// to skip them); prints them and returns how many there are.
std::size_t report_problems(loaded_bank const& l, bool skip_bad_rows) {
    auto problems = core::validate_bank(l.bank);
    for (auto const& p : problems) std::cout << "error: " << p << "\n";
    auto left_out = std::count_if(l.diagnostics.begin(), l.diagnostics.end(),
                                  [](auto const& d) { return d.severity == "error"; });
    if (left_out && skip_bad_rows)
        std::cout << left_out << " item(s) in error left out (--skip-bad-rows)\n";
    else if (left_out)
        std::cout << left_out
                  << " item(s) in error: correct them, or import the rest with --skip-bad-rows\n";
    return problems.size() + (skip_bad_rows ? 0 : static_cast<std::size_t>(left_out));
}

/// Writes a bank's figures beside its exported file, under the names its items use, where
/// `bank import` finds them again. A bank written to standard output has nowhere to put them.
void write_figures_beside(std::vector<core::item_figure> const& figures,
                          std::string const& output) {
    namespace fs = std::filesystem;
    if (figures.empty()) return;
    if (output.empty() || output == "-") {
        std::cerr << "warning: the bank's " << figures.size()
                  << " figure(s) are not written: give -o FILE to have them beside it\n";
        return;
    }
    auto folder = fs::absolute(output).parent_path();
    std::set<std::string> written;
    for (auto const& f : figures) {
        // The names were checked when the bank was imported; check again before writing.
        if (!core::figure_name_problem(f.name).empty() || !written.insert(f.name).second) continue;
        auto path = folder / fs::path(f.name);
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << f.fig.bytes;
        if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
    }
    std::cerr << "wrote " << written.size() << " figure(s) beside " << output << "\n";
}

} // namespace

void add_bank_commands(CLI::App& app, context& ctx) {
    auto* bank = app.add_subcommand("bank", "import, check and export question banks");
    bank->require_subcommand(1);

    auto* import_command = bank->add_subcommand(
        "import",
        "import a bank (native JSON, Excel, Moodle XML, QTI, GIFT or the Chinese text layout) "
        "into the data folder; nothing is stored while any item is in error");
    auto* validate = bank->add_subcommand("validate", "check a bank file without importing it");
    struct options {
        std::filesystem::path file;
        std::string id, format = "json", output, import_format = "auto", sheet;
        std::filesystem::path media;
        bool skip_bad_rows = false;
    };
    auto o = std::make_shared<options>();
    for (auto* command : {import_command, validate}) {
        command
            ->add_option("FILE", o->file,
                         "bank file: .json native, .xlsx workbook (question-banks/templates/"
                         "bank-template.xlsx), .xml Moodle XML or a QTI item, .zip QTI content "
                         "package (or its imsmanifest.xml), .gift Moodle GIFT, .txt GIFT or "
                         "the Chinese text layout (1、[单选]… A．… 答案：B; see "
                         "question-banks/templates)")
            ->required()
            ->check(CLI::ExistingFile);
        command->add_option("--id", o->id, "bank id (default: the bank's own, or the file name)");
        command
            ->add_option("--format", o->import_format,
                         "auto, json, xlsx, moodle, qti, gift or text")
            ->check(CLI::IsMember({"auto", "json", "xlsx", "moodle", "qti", "gift", "text"}))
            ->capture_default_str();
        command->add_option("--sheet", o->sheet,
                            "the workbook's sheet to read (default: the one bank sheet in it)");
        command->add_flag("--skip-bad-rows", o->skip_bad_rows,
                          "import the items that are sound and leave out those in error");
        command
            ->add_option("--media", o->media,
                         "folder or zip holding the figures the items name (default: the "
                         "bank's own package, else the folder the bank file is in)")
            ->check(CLI::ExistingPath);
    }
    import_command->callback([&ctx, o] {
        auto l = load_bank_file(o->file, o->id, o->import_format, o->sheet, o->media);
        print_summary(l, o->file);
        if (report_problems(l, o->skip_bad_rows))
            throw std::runtime_error("bank not imported: fix the errors above");
        store::import_bank(*ctx.open(), l.bank, ctx.actor, l.figures);
        std::cout << "imported bank " << l.bank.id << " into "
                  << (ctx.data_dir / "craftmark.db").string() << "\n";
    });

    validate->callback([o] {
        auto l = load_bank_file(o->file, o->id, o->import_format, o->sheet, o->media);
        print_summary(l, o->file);
        if (report_problems(l, o->skip_bad_rows)) throw std::runtime_error("the bank has errors");
        std::cout << "ok\n";
    });

    auto* exp = bank->add_subcommand(
        "export", "write an imported bank as native JSON, an Excel workbook, Moodle XML or GIFT");
    exp->add_option("BANK", o->id, "bank id")->required();
    exp->add_option("--format", o->format, "json, xlsx, moodle or gift")
        ->check(CLI::IsMember({"json", "xlsx", "moodle", "gift"}))
        ->capture_default_str();
    exp->add_option("--output,-o", o->output,
                    "file to write (default: standard output; required for xlsx)");
    exp->callback([&ctx, o] {
        auto db = ctx.open();
        auto b = store::load_bank(*db, o->id);
        if (!b) throw std::runtime_error("no bank " + o->id + " (see: craftmark bank list)");
        auto figures = store::bank_figures(*db, o->id);
        if (o->format == "xlsx") {
            if (o->output.empty() || o->output == "-")
                throw std::runtime_error("a workbook needs a file: -o BANK.xlsx");
            std::vector<std::string> not_kept;
            sheet::write_xlsx({core::bank_table(*b, not_kept)}, o->output);
            for (auto const& n : not_kept)
                std::cerr << "warning: " << n << " is not kept in a workbook\n";
        } else {
            write_output(o->output, o->format == "gift" ? core::write_gift(b->items)
                                    : o->format == "moodle"
                                        ? core::write_moodle_xml(b->items, figures)
                                        : core::bank_to_json(*b).dump(2) + "\n");
        }
        if (o->format != "moodle") write_figures_beside(figures, o->output);
    });

    auto* list = bank->add_subcommand("list", "list imported banks");
    list->callback([&ctx] {
        auto db = ctx.open();
        SQLite::Statement q(*db, "SELECT b.id, b.title, count(i.id) FROM banks b LEFT JOIN items "
                                 "i ON i.bank_id = b.id GROUP BY b.id ORDER BY b.id");
        auto banks = nlohmann::json::array();
        while (q.executeStep())
            banks.push_back({{"id", q.getColumn(0).getString()},
                             {"items", q.getColumn(2).getInt()},
                             {"title", q.getColumn(1).getString()}});
        if (print_json(ctx, banks)) return;
        for (auto const& b : banks)
            std::cout << b["id"].get<std::string>() << "\t" << b["items"].get<int>() << " items\t"
                      << b["title"].get<std::string>() << "\n";
    });
} // namespace craftmark::cli

} // namespace craftmark::cli
