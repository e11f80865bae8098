// craftmark incidents export
#include "server/store/sqlite_store.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace craftmark::cli {
namespace {

std::string incidents_csv(std::vector<core::incident_record> const& list) {
    std::ostringstream out;
    out << csv_byte_order_mark
        << "id,sitting,category,tickets,description,opened_by,opened_at,closed_by,closed_at,"
           "resolution\n";
    for (auto const& i : list) {
        std::string tickets;
        for (auto const& t : i.tickets) tickets += (tickets.empty() ? "" : " ") + t;
        out << i.id << ',' << csv_field(i.sitting_id) << ',' << i.category << ','
            << csv_field(tickets) << ',' << csv_field(i.description) << ','
            << csv_field(i.opened_by) << ',' << i.opened_at << ',' << csv_field(i.closed_by) << ','
            << i.closed_at << ',' << csv_field(i.resolution) << '\n';
    }
    return out.str();
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
        "export", "a sitting's incidents as CSV or JSON (times in ms since 1970)");
    exp->add_option("SITTING", o->sitting, "sitting id")->required();
    exp->add_option("--format", o->format, "csv or json")
        ->check(CLI::IsMember({"csv", "json"}))
        ->capture_default_str();
    exp->add_option("--output,-o", o->output, "file to write (default: standard output)");
    exp->callback([&ctx, o] {
        auto list = store::read_incidents(*ctx.open(), o->sitting);
        if (o->format == "csv") return write_output(o->output, incidents_csv(list));
        auto j = nlohmann::json::array();
        for (auto const& i : list) j.push_back(core::incident_view(i));
        write_output(o->output,
                     nlohmann::json{{"sitting", o->sitting}, {"incidents", j}}.dump(2) + "\n");
    });
}

} // namespace craftmark::cli
