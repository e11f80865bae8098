// craftmark stats SITTING: which items worked, after scoring.
#include "server/store/item_analysis.hpp"
#include "shared/sheet/xlsx.hpp"
#include "tools/craftmark/commands.hpp"
#include "tools/craftmark/stats_report.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace craftmark::cli {

void add_stats_command(CLI::App& app, context& ctx) {
    struct options {
        std::string sitting, format = "text", output;
    };
    auto o = std::make_shared<options>();
    auto* stats = app.add_subcommand(
        "stats", "item statistics of a scored sitting: facility, discrimination (corrected "
                 "point-biserial and top/bottom 27 %), distractors, omissions, Cronbach's α, "
                 "flagged items (docs/item-statistics.md)");
    stats->add_option("SITTING", o->sitting, "sitting id")->required();
    stats
        ->add_option("--format", o->format,
                     "text, csv (items), xlsx (items, options, groups), json or html (a report "
                     "with plots)")
        ->check(CLI::IsMember({"text", "csv", "xlsx", "json", "html"}))
        ->capture_default_str();
    stats->add_option("--output,-o", o->output, "file to write (default: standard output)");
    stats->callback([&ctx, o] {
        auto scored = store::scored_papers(*ctx.open(), o->sitting);
        if (scored.papers.empty())
            throw std::runtime_error("no results in " + o->sitting +
                                     " yet: statistics come "
                                     "after the papers are scored");
        auto t = core::analyse(scored.papers, scored.items);
        if (o->format == "xlsx") {
            if (o->output.empty() || o->output == "-")
                throw std::runtime_error("a workbook needs a file to go to: -o FILE.xlsx");
            sheet::write_xlsx({item_table(t), option_table(t), group_table(t)}, o->output);
        } else if (o->format == "csv") {
            write_table(item_table(t), "csv", o->output);
        } else {
            write_output(o->output, o->format == "json"
                                        ? statistics_json(o->sitting, t).dump(2) + "\n"
                                    : o->format == "html" ? statistics_html(o->sitting, t)
                                                          : statistics_text(o->sitting, t));
        }
    });
}

} // namespace craftmark::cli
