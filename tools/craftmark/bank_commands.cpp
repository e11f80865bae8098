// craftmark bank import | validate | export | list
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/bank/bank_file.hpp"
#include "server/core/bank/bank_workbook.hpp"
#include "server/core/bank/gift.hpp"
#include "server/core/bank/moodle_xml.hpp"
#include "server/store/admin.hpp"
#include "server/store/bank_media.hpp"
#include "shared/sheet/xlsx.hpp"
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

/// The figures handed in with --media: a folder or a zip.
core::package_files media_files(std::filesystem::path const& media) {
    if (std::filesystem::is_directory(media)) return folder_files(media);
    try {
        return core::zip_files(read_file(media), "a zip of figures");
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(media.string() + ": " + e.what());
    }
}

/// A file read as some format that yields no question is an error, not an empty bank: it was
/// probably read as the wrong format.
void refuse_without_questions(core::bank_file const& l,
                              std::string const& name,
                              std::string const& kind) {
    if (std::any_of(l.b.items.begin(), l.b.items.end(),
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

/// Reads a bank file (core::read_bank_file) with the figures its items show: from --media, else
/// the bank's own package, else the folder the bank file is in. A file that yields no question
/// is an error, not an empty bank.
core::bank_file load_bank_file(std::filesystem::path const& file,
                               std::string const& id,
                               std::string const& format,
                               std::string const& sheet_name,
                               std::filesystem::path const& media) {
    auto name = file.filename().string();
    core::bank_file l;
    try {
        auto beside = folder_files(std::filesystem::absolute(file).parent_path());
        std::optional<core::package_files> given;
        if (!media.empty()) given = media_files(media);
        l = core::read_bank_file(read_file(file), name, {format, id, sheet_name}, beside,
                                 given ? &*given : nullptr);
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(e.what());
    }
    if (l.format != "json") refuse_without_questions(l, name, l.format);
    return l;
}

void print_summary(core::bank_file const& l, std::filesystem::path const& file) {
    std::map<std::string, int> by_type;
    for (auto const& it : l.b.items) ++by_type[std::string(core::type_name(it.type))];
    std::cout << l.b.id << ": " << l.b.items.size() << " questions";
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
std::size_t report_problems(core::bank_file const& l, bool skip_bad_rows) {
    auto problems = core::validate_bank(l.b);
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
        store::import_bank(*ctx.open(), l.b, ctx.actor, l.figures);
        std::cout << "imported bank " << l.b.id << " into "
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
