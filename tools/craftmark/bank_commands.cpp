// craftmark bank import | validate | export | list
#include "server/core/bank/bank.hpp"
#include "server/core/bank/gift.hpp"
#include "server/core/bank/text_layout.hpp"
#include "server/store/admin.hpp"
#include "shared/text/text_encoding.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace craftmark::cli {
namespace {

using nlohmann::json;

struct loaded_bank {
    core::bank bank;
    std::vector<core::diagnostic> diagnostics;
};

/// The format of a bank file: by --format, else by its extension and content (a .txt may be GIFT
/// or the Chinese text layout).
std::string
format_of(std::filesystem::path const& file, std::string const& text, std::string const& format) {
    if (format != "auto") return format;
    auto ext = file.extension().string();
    if (ext == ".json") return "json";
    if (ext == ".gift") return "gift";
    if (core::looks_like_text_layout(text)) return "text";
    auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first != std::string::npos && text[first] == '{' ? "json" : "gift";
}

/// bank.gift:12: warning: …, one line per problem.
void print_diagnostics(std::vector<core::diagnostic> const& diagnostics, std::string const& name) {
    for (auto const& d : diagnostics)
        std::cout << name << ":" << d.line << ": " << d.severity << ": " << d.message << "\n";
}

/// Reads a bank file: native JSON, GIFT or the Chinese text layout, in UTF-8 or GBK (as Word
/// saves text on Chinese Windows). GIFT and text banks take their id from --id or the
/// file name. A file that yields no question is an error, not an empty bank.
loaded_bank load_bank_file(std::filesystem::path const& file,
                           std::string const& id,
                           std::string const& format) {
    auto text = text::as_utf8(read_file(file), "auto");
    auto kind = format_of(file, text, format);
    if (kind == "json") {
        auto j = json::parse(text, nullptr, false);
        if (j.is_discarded()) throw std::runtime_error(file.string() + " is not valid JSON");
        auto b = core::bank_from_json(j);
        if (!id.empty()) b.id = id;
        return {std::move(b), {}};
    }
    auto stem = id.empty() ? file.stem().string() : id;
    auto name = file.filename().string();
    auto parsed = kind == "text" ? core::parse_text_layout(text, name, stem)
                                 : core::parse_gift(text, name, stem);
    loaded_bank l{{stem, stem, "zh-CN", "", "", "", std::move(parsed.items)},
                  std::move(parsed.diagnostics)};
    if (std::none_of(l.bank.items.begin(), l.bank.items.end(),
                     [](auto const& it) { return it.type != core::item_type::description; })) {
        print_diagnostics(l.diagnostics, name);
        throw std::runtime_error("no questions in " + name + " read as " +
                                 (kind == "text" ? "the text layout" : "GIFT") +
                                 " (--format json, gift or text to say which it is)");
    }
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
    std::cout << (by_type.empty() ? "" : ")") << "\n";
    print_diagnostics(l.diagnostics, file.filename().string());
}

/// Problems that make the bank unusable; prints them and returns how many there are.
std::size_t report_problems(core::bank const& b) {
    auto problems = core::validate_bank(b);
    for (auto const& p : problems) std::cout << "error: " << p << "\n";
    return problems.size();
}

} // namespace

void add_bank_commands(CLI::App& app, context& ctx) {
    auto* bank = app.add_subcommand("bank", "import, check and export question banks");
    bank->require_subcommand(1);

    auto* import = bank->add_subcommand(
        "import",
        "import a bank (native JSON, GIFT or the Chinese text layout) into the data folder");
    auto* validate = bank->add_subcommand("validate", "check a bank file without importing it");
    struct options {
        std::filesystem::path file;
        std::string id, format = "json", output, import_format = "auto";
    };
    auto o = std::make_shared<options>();
    for (auto* command : {import, validate}) {
        command
            ->add_option("FILE", o->file,
                         "bank file: .json native, .gift Moodle GIFT, .txt GIFT or the Chinese "
                         "text layout (1、[单选]… A．… 答案：B; see question-banks/templates)")
            ->required()
            ->check(CLI::ExistingFile);
        command->add_option("--id", o->id, "bank id (default: the bank's own, or the file name)");
        command->add_option("--format", o->import_format, "auto, json, gift or text")
            ->check(CLI::IsMember({"auto", "json", "gift", "text"}))
            ->capture_default_str();
    }
    import->callback([&ctx, o] {
        auto l = load_bank_file(o->file, o->id, o->import_format);
    print_summary(l, o->file);
    if (report_problems(l.bank))
        throw std::runtime_error("bank not imported: fix the errors above");
    store::import_bank(*ctx.open(), l.bank, ctx.actor);
    std::cout << "imported bank " << l.bank.id << " into "
              << (ctx.data_dir / "craftmark.db").string() << "\n";
});

validate->callback([o] {
    auto l = load_bank_file(o->file, o->id, o->import_format);
    print_summary(l, o->file);
    if (report_problems(l.bank)) throw std::runtime_error("the bank has errors");
    std::cout << "ok\n";
});

auto* exp = bank->add_subcommand("export", "write an imported bank as native JSON or GIFT");
exp->add_option("BANK", o->id, "bank id")->required();
exp->add_option("--format", o->format, "json or gift")
    ->check(CLI::IsMember({"json", "gift"}))
    ->capture_default_str();
exp->add_option("--output,-o", o->output, "file to write (default: standard output)");
exp->callback([&ctx, o] {
    auto b = store::load_bank(*ctx.open(), o->id);
    if (!b) throw std::runtime_error("no bank " + o->id + " (see: craftmark bank list)");
    write_output(o->output, o->format == "gift" ? core::write_gift(b->items)
                                                : core::bank_to_json(*b).dump(2) + "\n");
});

auto* list = bank->add_subcommand("list", "list imported banks");
list->callback([&ctx] {
    auto db = ctx.open();
    SQLite::Statement q(*db, "SELECT b.id, b.title, count(i.id) FROM banks b LEFT JOIN items i "
                             "ON i.bank_id = b.id GROUP BY b.id ORDER BY b.id");
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
