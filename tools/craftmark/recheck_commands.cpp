// craftmark recheck run | show | apply | cancel
#include "server/checks/sandboxed_runner.hpp"
#include "server/store/rechecks.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <unistd.h>

namespace craftmark::cli {
namespace {

std::string entry_text(nlohmann::json const& entry) {
    return entry.is_null() ? "(none)" : entry.dump();
}

void print_batch(store::recheck_batch const& b) {
    auto const& works = b.detail["works"];
    std::cout << "re-check " << b.id << " of task " << b.task << " in " << b.sitting_id << " ("
              << b.state << "): " << works.size() << " open work(s) checked";
    if (!b.detail["locked"].empty())
        std::cout << ", " << b.detail["locked"].size()
                  << " locked and left alone (an appeal re-marks them)";
    std::cout << "\n";
    for (auto const& w : works)
        if (w["status"][0] != w["status"][1])
            std::cout << "  " << w["code"].get<std::string>() << "  check "
                      << w["status"][0].get<std::string>() << " → "
                      << w["status"][1].get<std::string>() << "\n";
    auto differences = b.differences();
    for (auto const& [code, aspect, before, after] : differences)
        std::cout << "  " << code << "  " << aspect << "  " << entry_text(before) << " → "
                  << entry_text(after) << "\n";
    if (differences.empty()) std::cout << "  no mark would change\n";
}

} // namespace

void add_recheck_commands(CLI::App& app, context& ctx) {
    struct options {
        std::string sitting, task, sandbox;
        std::int64_t id = 0;
    };
    auto o = std::make_shared<options>();
    auto* recheck = app.add_subcommand(
        "recheck", "run a fixed checker again over a task's open works; review, then apply");
    recheck->require_subcommand(1);

    auto* run = recheck->add_subcommand(
        "run",
        "check every open work of a task again and show what would change (changes nothing)");
    run->add_option("SITTING", o->sitting, "sitting id")->required();
    run->add_option("TASK", o->task, "task id, as in the assessment")->required();
    run->add_option("--sandbox", o->sandbox,
                    "craftmark-sandbox to use (default: beside craftmark)");
    run->callback([&ctx, o] {
        bool tty = isatty(STDERR_FILENO);
        auto batch = store::prepare_recheck(
            *ctx.open(), ctx.data_dir, o->sitting, o->task,
            checks::sandboxed_runner(ctx.data_dir / "checkers", checks::find_sandbox(o->sandbox)),
            ctx.actor, [tty](std::size_t done, std::size_t total) {
                if (tty) std::cerr << "\rchecking " << done << "/" << total << std::flush;
            });
        if (tty) std::cerr << "\n";
        print_batch(batch);
        std::cout << "apply with `craftmark recheck apply " << batch.id
                  << "`, or `craftmark recheck cancel " << batch.id << "`\n";
    });

    auto* show = recheck->add_subcommand("show", "a re-check's differences and state");
    show->add_option("ID", o->id, "re-check id")->required();
    show->callback([&ctx, o] {
        auto b = store::find_recheck(*ctx.open(), o->id);
        if (print_json(ctx, {{"id", b.id},
                             {"sitting", b.sitting_id},
                             {"task", b.task},
                             {"state", b.state},
                             {"created_by", b.created_by},
                             {"created", util::iso8601(b.created_at)},
                             {"detail", b.detail}}))
            return;
        print_batch(b);
    });

    auto* apply = recheck->add_subcommand(
        "apply", "replace the checker's marks with the re-check's, for every work, or none");
    apply->add_option("ID", o->id, "re-check id")->required();
    apply->callback([&ctx, o] {
        auto b = store::apply_recheck(*ctx.open(), o->id, ctx.actor);
        std::cout << "re-check " << b.id << " applied to " << b.detail["works"].size()
                  << " work(s)\n";
    });

    auto* cancel = recheck->add_subcommand("cancel", "drop a re-check; nothing changes");
    cancel->add_option("ID", o->id, "re-check id")->required();
    cancel->callback([&ctx, o] {
        store::cancel_recheck(*ctx.open(), o->id, ctx.actor);
        std::cout << "re-check " << o->id << " cancelled; no mark changed\n";
    });
}

} // namespace craftmark::cli
