// craftmark incidents export
#include "server/store/sqlite_store.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

namespace craftmark::cli {
namespace {

sheet::table incidents_table(std::vector<core::incident_record> const& list) {
    sheet::table t{"incidents", {}, {0, 6, 8}};
    t.rows.push_back({1,
                      {"id", "sitting", "category", "tickets", "description", "opened_by",
                       "opened_at", "closed_by", "closed_at", "resolution"}});
    for (auto const& i : list) {
        std::string tickets;
        for (auto const& ticket : i.tickets) tickets += (tickets.empty() ? "" : " ") + ticket;
        t.rows.push_back({static_cast<int>(t.rows.size()) + 1,
                          {std::to_string(i.id), i.sitting_id, i.category, tickets, i.description,
                           i.opened_by, std::to_string(i.opened_at), i.closed_by,
                           std::to_string(i.closed_at), i.resolution}});
    }
    return t;
}

} // namespace

void add_incident_commands(CLI::App& app, context& ctx) {
    struct options {
        std::string sitting, format = "csv", output;
    };
    auto o = std::make_shared<options>();
    auto* incidents = app.add_subcommand("incidents", "incidents recorded by proctors");
    incidents->require_subcommand(1);
    auto* exp = incidents->add_subcommand(
        "export", "a sitting's incidents as CSV, Excel or JSON (times in ms since 1970)");
    exp->add_option("SITTING", o->sitting, "sitting id")->required();
    exp->add_option("--format", o->format, "csv, xlsx or json")
        ->check(CLI::IsMember({"csv", "xlsx", "json"}))
        ->capture_default_str();
    exp->add_option("--output,-o", o->output, "file to write (default: standard output)");
    exp->callback([&ctx, o] {
        auto list = store::read_incidents(*ctx.open(), o->sitting);
        if (o->format != "json") return write_table(incidents_table(list), o->format, o->output);
        auto j = nlohmann::json::array();
        for (auto const& i : list) j.push_back(core::incident_view(i));
        write_output(o->output,
                     nlohmann::json{{"sitting", o->sitting}, {"incidents", j}}.dump(2) + "\n");
    });
}

} // namespace craftmark::cli
