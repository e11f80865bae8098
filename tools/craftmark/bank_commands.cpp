// craftmark bank import | validate | export | list
#include "server/core/bank/bank.hpp"
#include "server/core/bank/gift.hpp"
#include "server/store/admin.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
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

bool is_gift(std::filesystem::path const& file, std::string const& text) {
    auto ext = file.extension().string();
    if (ext == ".gift" || ext == ".txt") return true;
    if (ext == ".json") return false;
    auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first == std::string::npos || text[first] != '{';
}

/// Reads a native JSON or GIFT bank file. GIFT banks take their id from --id or the file name.
loaded_bank load_bank_file(std::filesystem::path const& file, std::string const& id) {
    auto text = read_file(file);
    if (is_gift(file, text)) {
        auto stem = id.empty() ? file.stem().string() : id;
        auto parsed = core::parse_gift(text, file.filename().string(), stem);
        core::bank b{stem, stem, "zh-CN", "", "", "", std::move(parsed.items)};
        return {std::move(b), std::move(parsed.diagnostics)};
    }
    auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error(file.string() + " is not valid JSON");
    auto b = core::bank_from_json(j);
    if (!id.empty()) b.id = id;
    return {std::move(b), {}};
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
    for (auto const& d : l.diagnostics)
        std::cout << file.filename().string() << ":" << d.line << ": " << d.severity << ": "
                  << d.message << "\n";
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

    auto* import =
        bank->add_subcommand("import", "import a bank (native JSON or GIFT) into the data folder");
    struct options {
        std::filesystem::path file;
        std::string id, format = "json", output;
    };
    auto o = std::make_shared<options>();
    import->add_option("FILE", o->file, "bank file (.json native, .gift Moodle GIFT)")
        ->required()
        ->check(CLI::ExistingFile);
    import->add_option("--id", o->id, "bank id (default: the bank's own, or the GIFT file name)");
    import->callback([&ctx, o] {
        auto l = load_bank_file(o->file, o->id);
    print_summary(l, o->file);
    if (report_problems(l.bank))
        throw std::runtime_error("bank not imported: fix the errors above");
    store::import_bank(*ctx.open(), l.bank, ctx.actor);
    std::cout << "imported bank " << l.bank.id << " into "
              << (ctx.data_dir / "craftmark.db").string() << "\n";
});

auto* validate = bank->add_subcommand("validate", "check a bank file without importing it");
validate->add_option("FILE", o->file, "bank file")->required()->check(CLI::ExistingFile);
validate->callback([o] {
    auto l = load_bank_file(o->file, "");
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
