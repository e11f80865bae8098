// craftmark assessment add | sitting create | sitting register | sitting codes | results export |
// results release
#include "server/core/bank/assessment.hpp"
#include "server/core/proctoring/roster.hpp"
#include "server/core/qualification/results_sheet.hpp"
#include "server/store/admin.hpp"
#include "server/store/bank_media.hpp"
#include "server/store/results.hpp"
#include "server/store/results_release.hpp"
#include "shared/text/text_encoding.hpp"
#include "shared/util/clock.hpp"
#include "shared/util/time_text.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace craftmark::cli {
namespace {

using nlohmann::json;

// Copies the checker folders a practical assessment's tasks name from `from` (when given) to
// <data>/checkers/, and warns about any that the server would not find.
void install_checkers(core::assessment const& a,
                      std::filesystem::path const& from,
                      std::filesystem::path const& to) {
    for (auto const& t : a.tasks) {
        if (t.checker_folder.empty()) continue;
        if (!from.empty() && std::filesystem::is_directory(from / t.checker_folder)) {
            std::filesystem::create_directories(to / t.checker_folder);
            std::filesystem::copy(from / t.checker_folder, to / t.checker_folder,
                                  std::filesystem::copy_options::recursive |
                                      std::filesystem::copy_options::overwrite_existing);
            std::cout << "checker for task " << t.id << ": " << (to / t.checker_folder).string()
                      << "\n";
        } else if (!std::filesystem::is_directory(to / t.checker_folder)) {
            std::cerr << "warning: task " << t.id << " names checker folder \"" << t.checker_folder
                      << "\", which is not in " << to.string() << " (use --checkers DIR)\n";
        }
    }
}

} // namespace

void add_sitting_commands(CLI::App& app, context& ctx) {
    struct options {
        std::filesystem::path file;
        std::filesystem::path checkers;
        std::string id, assessment, title, venue, room = "1", start = "+5m", format = "csv", output,
                                                  review, checkin = "required", delivery = "any",
                                                  encoding = "auto", sheet;
        double minutes = 0;
        bool release = false;
    };
    auto o = std::make_shared<options>();

    auto* assessment =
        app.add_subcommand("assessment", "define assessments (blueprints or fixed forms)");
    assessment->require_subcommand(1);
    auto* add = assessment->add_subcommand("add", "add or replace an assessment from a JSON file");
    add->add_option("FILE", o->file, "assessment JSON")->required()->check(CLI::ExistingFile);
    add->add_option("--checkers", o->checkers,
                    "folder holding the practical tasks' checker folders; those the tasks name "
                    "are copied to <data>/checkers/")
        ->check(CLI::ExistingDirectory);
    add->callback([&ctx, o] {
        auto j = json::parse(read_file(o->file), nullptr, false);
        if (j.is_discarded()) throw std::runtime_error(o->file.string() + " is not valid JSON");
        auto a = core::assessment_from_json(j);
        install_checkers(a, o->checkers, ctx.data_dir / "checkers");
        store::put_assessment(*ctx.open(), a, ctx.actor);
        std::cout << "assessment " << a.id << ": "
                  << (a.practical() ? std::to_string(a.tasks.size()) + " tasks, "
                                    : std::to_string(a.sections.size()) + " sections, ")
                  << a.duration_ms / 60'000 << " minutes, review policy "
                  << core::review_name(a.review) << "\n";
    });

    auto* sitting = app.add_subcommand("sitting", "schedule sittings and register candidates");
    sitting->require_subcommand(1);
    auto* create =
        sitting->add_subcommand("create", "schedule a sitting of an assessment in a room");
    create->add_option("--id", o->id, "sitting id, e.g. 2026-11-dg4-r101")->required();
    create->add_option("--assessment", o->assessment, "assessment id")->required();
    create->add_option("--title", o->title,
                       "title shown to candidates (default: the assessment's)");
    create->add_option("--venue", o->venue, "exam venue");
    create->add_option("--room", o->room, "room")->capture_default_str();
    create->add_option("--start", o->start, "now, +15m, +2h or \"YYYY-MM-DD HH:MM\" (local time)")
        ->capture_default_str();
    create->add_option("--duration", o->minutes, "minutes (default: the assessment's)");
    create
        ->add_option("--review", o->review,
                     "what candidates see afterwards: none, score or items "
                     "(default: the assessment's)")
        ->check(CLI::IsMember({"none", "score", "items"}));
    create
        ->add_option("--checkin", o->checkin,
                     "required: a candidate's access code is issued when the proctor checks "
                     "them in; not_required: codes are issued at registration (rooms that do "
                     "not check candidates in)")
        ->check(CLI::IsMember({"required", "not_required"}))
        ->capture_default_str();
    create
        ->add_option("--delivery", o->delivery,
                     "any: candidates sit it in craftmark-terminal or the browser; browser: "
                     "only in the browser (https://SERVER/exam), for papers with figures and "
                     "formulas a terminal cannot show")
        ->check(CLI::IsMember({"any", "browser"}))
        ->capture_default_str();
    create->callback([&ctx, o] {
        auto starts = util::parse_start(o->start, util::system_clock().now());
        if (!starts)
            throw std::runtime_error(
                "--start must be now, +15m, +2h or \"YYYY-MM-DD HH:MM\" (local time)");
        store::create_sitting(*ctx.open(),
                              {o->id, o->assessment, o->title, o->venue, o->room, *starts,
                               static_cast<util::millis>(o->minutes * 60'000), o->review,
                               o->checkin, o->delivery},
                              ctx.actor);
        std::cout << "sitting " << o->id << " starts " << util::local_time(*starts)
                  << (o->checkin == "required"
                          ? "; access codes are issued at check-in"
                          : "; access codes are issued at registration (no check-in)")
                  << (o->delivery == "browser" ? "; sat in the browser only" : "") << "\n";
        if (int figures = store::assessment_figures(*ctx.open(), o->assessment);
            figures > 0 && o->delivery != "browser")
            std::cout << "注意 note: its banks show " << figures
                      << " figure(s), which craftmark-terminal only names; --delivery browser "
                         "has every candidate sit it in the browser (/exam)\n";
    });

    auto* reg = sitting->add_subcommand(
        "register", "register candidates from CSV or an Excel workbook: "
                    "ticket,name,national_id[,seat[,organisation[,romanised_name]]], "
                    "or any order under a header (ticket/准考证号, name/姓名, "
                    "national_id/身份证号, seat/座位号, "
                    "organisation/单位, romanised_name/姓名拼音); every row in error is "
                    "reported and no one is registered until all are right");
    reg->add_option("SITTING", o->id, "sitting id")->required();
    reg->add_option("FILE", o->file, "candidates file: .csv or .xlsx")
        ->required()
        ->check(CLI::ExistingFile);
    reg->add_option("--sheet", o->sheet, "the workbook's sheet (default: its first)");
    reg->add_option("--encoding", o->encoding,
                    std::string("the file's encoding: ") + text::encodings +
                        " (default auto: UTF-8, with or without a byte-order mark, else GBK as "
                        "Excel saves CSV on Chinese Windows)")
        ->capture_default_str();
    reg->callback([&ctx, o] {
        auto people = core::read_roster_file(read_file(o->file), o->file.filename().string(),
                                             o->encoding, o->sheet);
        store::register_candidates(*ctx.open(), o->id, people, ctx.actor);
        std::cout << "registered " << people.size() << " candidates for " << o->id << "\n";
        if (!people.empty() && people.front().access_code.empty())
            std::cout << "access codes are issued when the proctor checks each candidate in "
                         "(or: craftmark sitting codes "
                      << o->id << " --release)\n";
        else
            std::cout << "their access codes: craftmark sitting codes " << o->id << "\n";
    });

    auto* codes = sitting->add_subcommand(
        "codes", "list candidates with their seats and access codes (only those checked in "
                 "have one, unless --release)");
    codes->add_option("SITTING", o->id, "sitting id")->required();
    codes->add_flag("--release", o->release,
                    "issue codes now to every candidate without one, without a check-in "
                    "(recorded in the audit log; not to no-shows or those checked out)");
    codes->callback([&ctx, o] {
        auto db = ctx.open();
        auto people = o->release ? store::release_codes(*db, o->id, ctx.actor)
                                 : store::sitting_candidates(*db, o->id);
        if (people.empty()) throw std::runtime_error("no candidates registered for " + o->id);
        auto document = nlohmann::json::array();
        for (auto const& c : people)
            document.push_back({{"seat", c.seat},
                                {"ticket", c.ticket},
                                {"access_code", c.access_code},
                                {"name", c.name}});
        if (print_json(ctx, document)) return;
        std::cout << "seat\tticket\taccess code\tname\n";
        std::size_t waiting = 0;
        for (auto const& c : people) {
            waiting += c.access_code.empty();
            std::cout << c.seat << '\t' << c.ticket << '\t'
                      << (c.access_code.empty() ? "-" : c.access_code) << '\t' << c.name << '\n';
        }
        if (waiting)
            std::cerr << waiting
                      << " without a code: the proctor's check-in issues it (or --release)\n";
    });

    add_photo_commands(*sitting, ctx);
    add_admission_command(*sitting, ctx);

    auto* results = app.add_subcommand("results", "export results, release them to the centre");
    results->require_subcommand(1);
    auto* exp = results->add_subcommand("export", "results of a sitting as CSV, Excel or JSON");
    exp->add_option("SITTING", o->id, "sitting id")->required();
    exp->add_option("--format", o->format, "csv, xlsx or json")
        ->check(CLI::IsMember({"csv", "xlsx", "json"}))
        ->capture_default_str();
    exp->add_option("--output,-o", o->output, "file to write (default: standard output)");
    exp->callback([&ctx, o] {
        auto rows = store::sitting_results(*ctx.open(), o->id);
        if (rows.empty()) throw std::runtime_error("no candidates registered for " + o->id);
        if (o->format == "json")
            write_output(o->output, core::results_json(o->id, rows).dump(2) + "\n");
        else
            write_table(core::results_table(rows), o->format, o->output);
    });
    auto* release = results->add_subcommand(
        "release", "send a sitting's results to the centre: one audit entry that the outbox "
                   "carries up (each candidate's national ID, organisation and result); release "
                   "again after marking or an appeal and the centre keeps the latest");
    release->add_option("SITTING", o->id, "sitting id")->required();
    release->add_flag("--shared", o->release,
                      "a competition's results: every organisation of the alliance may see them "
                      "(otherwise each candidate's own organisation and the bureau)");
    release->callback([&ctx, o] {
        auto counts = store::release_results(*ctx.open(), o->id, ctx.actor,
                                             util::system_clock().now(), o->release);
        std::cout << "released the results of " << counts.released << " candidates of " << o->id
                  << " for the centre";
        if (counts.pending) std::cout << " (" << counts.pending << " still wait for marking)";
        if (counts.without) std::cout << "; " << counts.without << " have no result";
        std::cout << "; `craftmark outbox upload` or `outbox export` takes them there\n";
    });
}

} // namespace craftmark::cli
