#include "tools/craftmark/event_sheet.hpp"

#include "tools/craftmark/commands.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

namespace craftmark::cli {

using nlohmann::json;

namespace {

std::string number(json const& v) {
    std::ostringstream out;
    out << v.get<double>();
    return out.str();
}

std::string medal_name(std::string const& medal) {
    if (medal == "gold") return "金牌 Gold";
    if (medal == "silver") return "银牌 Silver";
    if (medal == "bronze") return "铜牌 Bronze";
    if (medal == "medallion") return "优胜奖 Medallion for Excellence";
    return "";
}

std::string module_score(json const& row, std::string const& module) {
    auto const& scores = row["modules"];
    return scores.contains(module) ? number(scores[module]) : "";
}

} // namespace

sheet::table results_table(json const& board) {
    sheet::table t{"results", {}, {1, 7, 8, 9}};
    t.rows.push_back({1,
                      {"skill", "rank", "number", "workstation", "name", "organisation", "module",
                       "module_percent", "total", "score", "medal", "tie_break"}});
    for (auto const& skill : board["skills"])
        for (auto const& row : skill["rows"])
            for (auto const& m : skill["modules"]) {
                auto id = m.value("id", "");
                t.rows.push_back(
                    {static_cast<int>(t.rows.size()) + 1,
                     {skill.value("id", ""), std::to_string(row.value("rank", 0)),
                      row.value("number", ""), row.value("workstation", ""), row.value("name", ""),
                      row.value("organisation", ""), id, module_score(row, id),
                      number(row["total"]), number(row["score"]), row.value("medal", ""),
                      row.value("brokenBy", "")}});
            }
    return t;
}

std::string results_sheet(json const& board) {
    std::ostringstream out;
    auto title = html(board.value("name", ""));
    out << "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" << title
        << " — 成绩单 Results</title>\n<style>body{font-family:sans-serif;margin:2em}"
           "table{border-collapse:collapse;width:100%}th,td{border:1px solid #444;padding:4px 6px;"
           "text-align:left}td.n{text-align:right}section{page-break-after:always}"
           ".sign{margin-top:3em}</style></head><body>\n";
    for (auto const& skill : board["skills"]) {
        out << "<section><h1>" << title << "</h1><h2>" << html(skill.value("name", ""))
            << "</h2>\n";
        if (!skill.value("final", false))
            out << "<p><strong>Provisional: not every module has been revealed.</strong></p>\n";
        out << "<table><thead><tr><th>名次 Rank</th><th>参赛号 No.</th><th>工位 Station</th>"
               "<th>姓名 Name</th><th>单位 Organisation</th>";
        for (auto const& m : skill["modules"])
            out << "<th>" << html(m.value("name", "")) << " (" << number(m["weight"]) << " %)</th>";
        out << "<th>总分 Total</th><th>得分 Score</th><th>奖项 Award</th></tr></thead><tbody>\n";
        for (auto const& row : skill["rows"]) {
            out << "<tr><td class=\"n\">" << row.value("rank", 0) << "</td><td>"
                << html(row.value("number", "")) << "</td><td>"
                << html(row.value("workstation", "")) << "</td><td>" << html(row.value("name", ""))
                << "</td><td>" << html(row.value("organisation", "")) << "</td>";
            for (auto const& m : skill["modules"])
                out << "<td class=\"n\">" << module_score(row, m.value("id", "")) << "</td>";
            out << "<td class=\"n\">" << number(row["total"]) << "</td><td class=\"n\">"
                << number(row["score"]) << "</td><td>" << medal_name(row.value("medal", ""));
            if (auto by = row.value("brokenBy", ""); !by.empty())
                out << " <small>(tie broken by " << html(by) << ")</small>";
            out << "</td></tr>\n";
        }
        out << "</tbody></table>\n<p class=\"sign\">裁判长 Chief judge: ____________________ "
               "&nbsp; 日期 Date: ____________</p></section>\n";
    }
    out << "</body></html>\n";
    return out.str();
}

} // namespace craftmark::cli
