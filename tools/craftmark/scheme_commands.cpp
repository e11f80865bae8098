// craftmark scheme check: reads a marking scheme the way the server will, and shows its shape.
#include "server/core/marking/marking_scheme.hpp"
#include "server/store/admin.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

namespace craftmark::cli {

namespace {

core::marking_scheme load_scheme_file(std::string const& file) {
    auto j = nlohmann::json::parse(read_file(file), nullptr, false);
    if (j.is_discarded()) throw std::runtime_error(file + ": not valid JSON");
    try {
        return core::marking_scheme_from_json(j);
    } catch (std::invalid_argument const& e) {
        throw std::runtime_error(file + ": " + e.what());
    }
}

void print_scheme(core::marking_scheme const& s) {
    std::cout << s.id << " (" << s.style << "), " << s.total_marks << " marks\n";
    for (auto const& c : s.criteria) {
        int measured = 0, judged = 0;
        for (auto const& sub : c.sub_criteria)
            for (auto const& a : sub.aspects)
                ++(a.type == core::aspect::kind::judgement ? judged : measured);
        std::cout << "  " << std::left << std::setw(4) << c.code << std::right << std::setw(6)
                  << c.max_marks << "  " << c.name << " — " << measured << " measured, " << judged
                  << " judged\n";
    }
    for (auto const& v : s.veto) std::cout << "  veto " << v.id << ": " << v.text << "\n";
    if (s.overtime)
        std::cout << "  overtime: " << s.overtime->deduct << " off per started "
                  << s.overtime->every_ms / 60'000 << " min"
                  << (s.overtime->stop_after_ms
                          ? ", stopped after " +
                                std::to_string(s.overtime->stop_after_ms / 60'000) + " min"
                          : std::string())
                  << "\n";
}

} // namespace

void add_scheme_commands(CLI::App& app, context& ctx) {
    auto* scheme =
        app.add_subcommand("scheme", "marking schemes for practical tasks and judged work");
    scheme->require_subcommand(1);
    auto file = std::make_shared<std::string>();
    auto* check = scheme->add_subcommand(
        "check", "read a marking scheme, check that its marks add up, and show its outline");
    check->add_option("FILE", *file, "marking scheme (JSON, kind \"markingScheme\")")
        ->required()
        ->check(CLI::ExistingFile);
    check->callback([file] {
        print_scheme(load_scheme_file(*file));
        std::cout << "ok\n";
    });
    auto* import_scheme = scheme->add_subcommand(
        "import", "check a marking scheme and store it, for the practical tasks that name it");
    import_scheme->add_option("FILE", *file, "marking scheme (JSON)")
        ->required()
        ->check(CLI::ExistingFile);
    import_scheme->callback([&ctx, file] {
        auto loaded = load_scheme_file(*file);
        store::put_marking_scheme(*ctx.open(), nlohmann::json::parse(read_file(*file)), ctx.actor);
        print_scheme(loaded);
        std::cout << "imported marking scheme " << loaded.id << "\n";
    });
}

} // namespace craftmark::cli
