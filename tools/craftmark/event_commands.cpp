// craftmark event add | show | draw | reveal | freeze | unfreeze | board | results | awards
#include "server/store/competitions.hpp"
#include "server/store/scoreboard.hpp"
#include "shared/util/secret_input.hpp"
#include "tools/craftmark/commands.hpp"
#include "tools/craftmark/event_sheet.hpp"
#include "tools/craftmark/issuing.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {
namespace {

using nlohmann::json;

util::millis now() {
    return util::system_clock().now();
}

std::string medal_text(std::string const& medal) {
    if (medal == "gold") return "金牌 gold";
    if (medal == "silver") return "银牌 silver";
    if (medal == "bronze") return "铜牌 bronze";
    if (medal == "medallion") return "优胜奖 medallion";
    return "";
}

/// A person's name, or a team's with its members.
std::string members_text(store::competitor const& c) {
    if (c.key.rfind("team:", 0) != 0) return c.name;
    std::string names;
    for (auto const& m : c.members) names += (names.empty() ? "" : ", ") + m.name;
    return c.name + " (" + names + ")";
}

void print_board(json const& board) {
    std::cout << board.value("name", "") << (board.value("frozen", false) ? "  [frozen]" : "")
              << "\n";
    for (auto const& skill : board["skills"]) {
        std::cout << "\n== " << skill.value("name", "") << " (" << skill.value("id", "") << ")\n";
        if (!skill.value("drawn", false)) {
            std::cout << "   no draw yet\n";
            continue;
        }
        if (skill["rows"].empty()) {
            std::cout << "   no results released yet\n";
            continue;
        }
        std::cout << "rank\tnumber\tstation\tname\torganisation";
        for (auto const& m : skill["modules"])
            std::cout << '\t' << m.value("id", "") << (m.value("released", false) ? "" : "*");
        std::cout << "\ttotal\tscore\tmedal\n";
        for (auto const& row : skill["rows"]) {
            std::cout << row.value("rank", 0) << '\t' << row.value("number", "") << '\t'
                      << row.value("workstation", "") << '\t' << row.value("name", "—") << '\t'
                      << row.value("organisation", "—");
            for (auto const& m : skill["modules"]) {
                auto const& scores = row["modules"];
                auto id = m.value("id", "");
                std::cout << '\t' << (scores.contains(id) ? scores[id].dump() : "—");
            }
            std::cout << '\t' << row.value("total", 0.0) << '\t' << row.value("score", 0.0) << '\t'
                      << medal_text(row.value("medal", ""));
            if (auto by = row.value("brokenBy", ""); !by.empty())
                std::cout << " (tie: " << by << ")";
            std::cout << '\n';
        }
    }
    std::cout << "\n* not revealed yet: staff only\n";
}

} // namespace

void add_event_commands(CLI::App& app, context& ctx) {
    struct options {
        std::filesystem::path file, password_file;
        std::string event, skill, module, round = "numbers", chief, format = "csv", output;
        bool as_public = false;
    };
    auto o = std::make_shared<options>();
    auto* event = app.add_subcommand(
        "event", "skills competitions: draws, the chief judge's reveal, the board, awards");
    event->require_subcommand(1);

    auto* add = event->add_subcommand(
        "add", "add (or, before any draw, replace) an event from its JSON file");
    add->add_option("FILE", o->file, "event file (question-banks/schema/event.schema.json)")
        ->required()
        ->check(CLI::ExistingFile);
    add->callback([&ctx, o] {
        auto e = store::add_event(*ctx.open(), json::parse(read_file(o->file)), ctx.actor, now());
        std::cout << "event " << e.id << " saved: " << e.skills.size() << " skill(s)\n";
    });

    auto* show = event->add_subcommand(
        "show", "the event's skills and competitors with their numbers and workstations (staff)");
    show->add_option("EVENT", o->event, "event id")->required();
    show->callback([&ctx, o] {
        auto db = ctx.open();
        auto e = store::load_event(*db, o->event);
        auto revealed = store::revealed_modules(*db, e.id);
        if (ctx.json) {
            auto skills = nlohmann::json::array();
            for (auto const& skill : e.skills) {
                auto modules = nlohmann::json::array(), competitors = nlohmann::json::array();
                for (auto const& m : skill.modules)
                    modules.push_back({{"id", m.id},
                                       {"sitting", m.sitting},
                                       {"weight", m.weight},
                                       {"revealed", revealed[skill.id].count(m.id) > 0}});
                for (auto const& c : store::skill_competitors(*db, e, skill))
                    competitors.push_back({{"number", c.number},
                                           {"workstation", c.workstation},
                                           {"members", members_text(c)},
                                           {"organisation", c.organisation}});
                skills.push_back({{"id", skill.id},
                                  {"name", skill.name},
                                  {"chief_judge", skill.chief_judge},
                                  {"modules", modules},
                                  {"competitors", competitors}});
            }
            print_json(ctx, {{"id", e.id}, {"skills", skills}});
            return;
        }
        for (auto const& skill : e.skills) {
            std::cout << "== " << skill.name << " (" << skill.id << "), chief judge "
                      << skill.chief_judge << "\n   modules:";
            for (auto const& m : skill.modules)
                std::cout << ' ' << m.id << " (" << m.sitting << ", " << m.weight << " %"
                          << (revealed[skill.id].count(m.id) ? ", revealed" : "") << ")";
            std::cout << "\nnumber\tstation\tname\torganisation\n";
            for (auto const& c : store::skill_competitors(*db, e, skill))
                std::cout << (c.number.empty() ? "—" : c.number) << '\t'
                          << (c.workstation.empty() ? "—" : c.workstation) << '\t'
                          << members_text(c) << '\t' << c.organisation << '\n';
        }
    });

    auto* draw = event->add_subcommand(
        "draw", "draw lots: competitor numbers (round one), then workstations (round two)");
    draw->add_option("EVENT", o->event, "event id")->required();
    draw->add_option("SKILL", o->skill, "skill id")->required();
    draw->add_option("--round", o->round, "numbers (first) or workstations (second)")
        ->check(CLI::IsMember({"numbers", "workstations"}))
        ->capture_default_str();
    draw->callback([&ctx, o] {
        auto db = ctx.open();
        auto e = store::load_event(*db, o->event);
        if (o->round == "numbers")
            store::draw_numbers(*db, e, o->skill, ctx.actor, now(), store::secure_random);
        else
            store::draw_workstations(*db, e, o->skill, ctx.actor, now(), store::secure_random);
        std::cout << "drawn: " << o->round << " for " << o->skill
                  << " (recorded in the audit log; `craftmark event show " << e.id
                  << "` lists them)\n";
    });

    auto* reveal = event->add_subcommand(
        "reveal", "the chief judge joins a locked module's marks to the competitors and "
                  "releases them to the board");
    reveal->add_option("EVENT", o->event, "event id")->required();
    reveal->add_option("SKILL", o->skill, "skill id")->required();
    reveal->add_option("MODULE", o->module, "module id")->required();
    reveal->add_option("--chief", o->chief, "the skill's chief judge (staff user)")->required();
    reveal
        ->add_option("--password-file", o->password_file,
                     "the chief judge's password (typed when left out)")
        ->check(CLI::ExistingFile);
    reveal->callback([&ctx, o] {
        auto db = ctx.open();
        auto e = store::load_event(*db, o->event);
        store::reveal_module(*db, e, o->skill, o->module, o->chief,
                             util::read_secret(o->password_file, o->chief), now());
        std::cout << "module " << o->module << " of " << o->skill
                  << " revealed: its results are on the board\n";
    });

    auto* freeze = event->add_subcommand(
        "freeze", "keep the public board as it stands now; staff still see the live board");
    freeze->add_option("EVENT", o->event, "event id")->required();
    freeze->callback([&ctx, o] {
        auto db = ctx.open();
        store::freeze_board(*db, o->event, store::live_public_board(*db, o->event), ctx.actor,
                            now());
        std::cout << "the public board of " << o->event << " is frozen\n";
    });
    auto* unfreeze = event->add_subcommand("unfreeze", "show the live board to everyone again");
    unfreeze->add_option("EVENT", o->event, "event id")->required();
    unfreeze->callback([&ctx, o] {
        store::unfreeze_board(*ctx.open(), o->event, ctx.actor, now());
        std::cout << "the public board of " << o->event << " is live again\n";
    });

    auto* board = event->add_subcommand("board", "the scoreboard as staff (or the public) see it");
    board->add_option("EVENT", o->event, "event id")->required();
    board->add_flag("--public", o->as_public, "as everyone else sees it");
    board->callback([&ctx, o] {
        auto b = store::event_board(*ctx.open(), o->event, !o->as_public);
        if (!print_json(ctx, b)) print_board(b);
    });

    auto* results = event->add_subcommand(
        "results", "results per skill: csv, xlsx, json, or html (a printable results sheet)");
    results->add_option("EVENT", o->event, "event id")->required();
    results->add_option("--format", o->format, "csv, xlsx, json or html")
        ->check(CLI::IsMember({"csv", "xlsx", "json", "html"}))
        ->capture_default_str();
    results->add_option("--output", o->output, "file to write (default: standard output)");
    results->callback([&ctx, o] {
        nlohmann::json b = store::event_board(*ctx.open(), o->event, true);
        if (o->format == "csv" || o->format == "xlsx")
            return write_table(results_table(b), o->format, o->output);
        write_output(o->output, o->format == "json" ? b.dump(2) + "\n" : results_sheet(b));
    });

    auto* awards = event->add_subcommand(
        "awards", "signed award certificates for a skill's medallists (and level certificates "
                  "where the event grants them)");
    awards->add_option("EVENT", o->event, "event id")->required();
    awards->add_option("SKILL", o->skill, "skill id")->required();
    awards->callback([&ctx, o] {
        issuing i(ctx);
        auto report = i.issuer.issue_awards(o->event, o->skill, ctx.actor);
        std::cout << report.issued.size() << " certificate(s) issued";
        if (report.already_issued) std::cout << ", " << report.already_issued << " already issued";
        std::cout << "\n";
        for (auto const& why : report.refused) std::cout << "  not issued: " << why << "\n";
        auto profile = i.pki().profile();
        for (auto const& id : report.issued)
            std::cout << "  " << profile->base_url << "/c/" << id << "\n";
    });
}

} // namespace craftmark::cli
