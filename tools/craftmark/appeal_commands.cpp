// craftmark appeal open | list | decide
#include "server/store/appeals.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <sstream>

namespace craftmark::cli {
namespace {

std::string total_of(nlohmann::json const& result) {
    if (!result.is_object()) return "—";
    std::ostringstream out;
    out << result.value("total", 0.0) << " (" << result.value("percent", 0.0) << " %)";
    return out.str();
}

} // namespace

void add_appeal_commands(CLI::App& app, context& ctx) {
    struct options {
        std::string sitting, ticket, reason, note;
        std::int64_t id = 0;
    };
    auto o = std::make_shared<options>();
    auto* appeal = app.add_subcommand(
        "appeal", "appeals against practical results: a second marking by other examiners");
    appeal->require_subcommand(1);

    auto* open = appeal->add_subcommand(
        "open", "record a candidate's appeal and open the second marking of their works");
    open->add_option("SITTING", o->sitting, "sitting id")->required();
    open->add_option("TICKET", o->ticket, "the candidate's ticket")->required();
    open->add_option("--reason", o->reason, "the appeal as the candidate put it")->required();
    open->callback([&ctx, o] {
        auto a = store::open_appeal(*ctx.open(), o->sitting, o->ticket, o->reason, ctx.actor);
        std::cout << "appeal " << a.id << " recorded for " << a.ticket << " (result "
                  << total_of(a.before) << "); the works are in the marking queue again under new "
                  << "codes, for examiners who did not mark them the first time\n";
    });

    auto* list = appeal->add_subcommand("list", "a sitting's appeals and their outcomes");
    list->add_option("SITTING", o->sitting, "sitting id")->required();
    list->callback([&ctx, o] {
        auto all = store::appeals(*ctx.open(), o->sitting);
        auto document = nlohmann::json::array();
        for (auto const& a : all)
            document.push_back({{"id", a.id},
                                {"ticket", a.ticket},
                                {"state", a.state},
                                {"before", a.before},
                                {"after", a.after},
                                {"outcome", a.outcome},
                                {"reason", a.reason},
                                {"opened_by", a.opened_by},
                                {"decided_by", a.decided_by},
                                {"note", a.note}});
        if (print_json(ctx, document)) return;
        if (all.empty()) {
            std::cout << "no appeals in " << o->sitting << "\n";
            return;
        }
        std::cout << "id\tticket\tstate\tbefore\tafter\toutcome\treason\n";
        for (auto const& a : all)
            std::cout << a.id << '\t' << a.ticket << '\t' << a.state << '\t' << total_of(a.before)
                      << '\t' << total_of(a.after) << '\t' << (a.outcome.empty() ? "—" : a.outcome)
                      << '\t' << a.reason << '\n';
    });

    auto* decide = appeal->add_subcommand(
        "decide", "close an appeal once its second marking is locked; the outcome is recorded");
    decide->add_option("ID", o->id, "appeal id (appeal list)")->required();
    decide->add_option("--note", o->note, "the decision as told to the candidate");
    decide->callback([&ctx, o] {
        auto a = store::decide_appeal(*ctx.open(), o->id, o->note, ctx.actor);
        std::cout << "appeal " << a.id << " decided: " << a.outcome << " (" << total_of(a.before)
                  << " → " << total_of(a.after) << ")\n";
    });
}

} // namespace craftmark::cli
