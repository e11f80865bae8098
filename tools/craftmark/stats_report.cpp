#include "tools/craftmark/stats_report.hpp"

#include "server/core/bank/statistics_desk.hpp"
#include "tools/craftmark/commands.hpp"

#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

namespace craftmark::cli {

using nlohmann::json;

namespace {

std::string fixed(double x, int digits = 2) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(digits) << x;
    return out.str();
}

std::string maybe(std::optional<double> const& x) {
    return x ? fixed(*x) : "";
}

std::string percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + " %";
}

std::string options_cell(core::item_statistics const& s) {
    std::string out;
    for (auto const& o : s.options)
        out += (out.empty() ? "" : ", ") + o.id + (o.key ? "*" : "") + " " + percent(o.share);
    return out;
}

std::string flags_cell(core::item_statistics const& s) {
    std::string out;
    for (auto const& f : s.flags) out += (out.empty() ? "" : "; ") + f;
    return out;
}

/// Candidates per 10 % band of the paper score, as bars.
std::string distribution_svg(std::vector<int> const& bands) {
    int most = 1;
    for (int n : bands) most = std::max(most, n);
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 440 220\" width=\"440\" "
           "height=\"220\" role=\"img\" aria-label=\"score distribution\">";
    for (std::size_t i = 0; i < bands.size(); ++i) {
        double h = 170.0 * bands[i] / most;
        svg << "<rect x=\"" << 20 + 40 * i << "\" y=\"" << fixed(190 - h, 1)
            << "\" width=\"34\" height=\"" << fixed(h, 1) << "\" fill=\"#4a78b0\"/>"
            << "<text x=\"" << 37 + 40 * i << "\" y=\"" << fixed(185 - h, 1)
            << "\" text-anchor=\"middle\" font-size=\"11\">" << bands[i] << "</text>"
            << "<text x=\"" << 37 + 40 * i
            << "\" y=\"205\" text-anchor=\"middle\" font-size=\"10\">" << 10 * i << "</text>";
    }
    svg << "<line x1=\"18\" y1=\"190\" x2=\"420\" y2=\"190\" stroke=\"#333\"/></svg>";
    return svg.str();
}

/// Each item as a point: facility across, discrimination up, the weak zone shaded.
std::string scatter_svg(std::vector<core::item_statistics> const& items) {
    std::ostringstream svg;
    auto x = [](double facility) { return 40 + 360 * facility; };
    auto y = [](double d) { return 190 - 170 * (d + 0.5) / 1.5; }; // −0.5 … 1
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 420 220\" width=\"420\" "
           "height=\"220\" role=\"img\" aria-label=\"facility and discrimination\">"
        << "<rect x=\"40\" y=\"" << fixed(y(0.15), 1) << "\" width=\"360\" height=\""
        << fixed(y(-0.5) - y(0.15), 1) << "\" fill=\"#f6e0e0\"/>"
        << "<line x1=\"40\" y1=\"" << fixed(y(0), 1) << "\" x2=\"400\" y2=\"" << fixed(y(0), 1)
        << "\" stroke=\"#999\"/><line x1=\"40\" y1=\"20\" x2=\"40\" y2=\"190\" stroke=\"#333\"/>"
        << "<line x1=\"40\" y1=\"190\" x2=\"400\" y2=\"190\" stroke=\"#333\"/>"
        << "<text x=\"220\" y=\"212\" text-anchor=\"middle\" font-size=\"11\">难度(通过率) "
           "facility 0 → 1</text><text x=\"12\" y=\"110\" font-size=\"11\" transform=\"rotate(-90 "
           "12 110)\" text-anchor=\"middle\">区分度 discrimination</text>";
    for (auto const& s : items) {
        if (!s.discrimination) continue;
        svg << "<circle cx=\"" << fixed(x(s.facility), 1) << "\" cy=\""
            << fixed(y(std::clamp(*s.discrimination, -0.5, 1.0)), 1) << "\" r=\"4\" fill=\""
            << (s.flags.empty() ? "#2f7d32" : "#c62828") << "\"><title>" << html(s.id)
            << "</title></circle>";
    }
    svg << "</svg>";
    return svg.str();
}

void table_html(std::ostringstream& out, sheet::table const& t) {
    out << "<table><thead><tr>";
    for (auto const& h : t.rows.front().cells) out << "<th>" << html(h) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (std::size_t r = 1; r < t.rows.size(); ++r) {
        out << "<tr>";
        for (auto const& c : t.rows[r].cells) out << "<td>" << html(c) << "</td>";
        out << "</tr>\n";
    }
    out << "</tbody></table>\n";
}

} // namespace

sheet::table item_table(core::test_statistics const& t) {
    sheet::table table{"items", {}, {2, 3, 4, 5, 6, 7}};
    table.rows.push_back(
        {1,
         {"item", "type", "candidates", "facility", "sd", "discrimination", "upper_lower",
          "omit_rate", "knowledge_point", "difficulty", "options", "flags"}});
    for (auto const& s : t.items)
        table.rows.push_back({static_cast<int>(table.rows.size()) + 1,
                              {s.id, std::string(core::type_name(s.type)),
                               std::to_string(s.candidates), fixed(s.facility), fixed(s.sd),
                               maybe(s.discrimination), maybe(s.upper_lower), fixed(s.omit_rate),
                               s.knowledge_point, s.difficulty, options_cell(s), flags_cell(s)}});
    return table;
}

sheet::table option_table(core::test_statistics const& t) {
    sheet::table table{"options", {}, {3, 4, 5, 6}};
    table.rows.push_back(
        {1, {"item", "option", "key", "chosen", "share", "top_27", "bottom_27", "text"}});
    for (auto const& s : t.items)
        for (auto const& o : s.options)
            table.rows.push_back(
                {static_cast<int>(table.rows.size()) + 1,
                 {s.id, o.id, o.key ? "yes" : "", std::to_string(o.chosen), fixed(o.share),
                  fixed(o.upper_share), fixed(o.lower_share), o.text}});
    return table;
}

sheet::table group_table(core::test_statistics const& t) {
    sheet::table table{"groups", {}, {2, 3, 4}};
    table.rows.push_back({1, {"by", "group", "items", "facility", "discrimination"}});
    auto add = [&](char const* by, auto const& groups) {
        for (auto const& g : groups)
            table.rows.push_back({static_cast<int>(table.rows.size()) + 1,
                                  {by, g.name, std::to_string(g.items), fixed(g.facility),
                                   maybe(g.discrimination)}});
    };
    add("knowledge_point", t.by_knowledge_point);
    add("difficulty", t.by_difficulty);
    return table;
}

json statistics_json(std::string const& sitting, core::test_statistics const& t) {
    return core::statistics_reply(sitting, t);
}

std::string statistics_text(std::string const& sitting, core::test_statistics const& t) {
    std::ostringstream out;
    out << sitting << ": " << t.candidates << " candidates, mean " << fixed(t.mean_percent, 1)
        << " % (SD " << fixed(t.sd_percent, 1) << ")";
    if (t.alpha)
        out << ", α " << fixed(*t.alpha) << " over " << t.common_items << " common items, SEM "
            << fixed(*t.sem_percent, 1) << " %";
    out << "\n\n"
        << std::left << std::setw(16) << "item" << std::right << std::setw(6) << "n"
        << std::setw(10) << "facility" << std::setw(8) << "discr" << std::setw(8) << "27%"
        << std::setw(7) << "omit"
        << "  flags\n";
    for (auto const& s : t.items) {
        out << std::left << std::setw(16) << s.id << std::right << std::setw(6) << s.candidates
            << std::setw(10) << fixed(s.facility) << std::setw(8)
            << (s.discrimination ? fixed(*s.discrimination) : "-") << std::setw(8)
            << (s.upper_lower ? fixed(*s.upper_lower) : "-") << std::setw(7) << fixed(s.omit_rate)
            << "  " << flags_cell(s) << "\n";
        if (!s.options.empty()) out << std::string(22, ' ') << options_cell(s) << "\n";
    }
    out << "\nby knowledge point:\n";
    for (auto const& g : t.by_knowledge_point)
        out << "  " << g.name << ": " << g.items << " items, facility " << fixed(g.facility)
            << ", discrimination " << (g.discrimination ? fixed(*g.discrimination) : "-") << "\n";
    int flagged = 0;
    for (auto const& s : t.items) flagged += s.flags.empty() ? 0 : 1;
    out << "\n" << flagged << " of " << t.items.size() << " items flagged\n";
    return out.str();
}

std::string statistics_html(std::string const& sitting, core::test_statistics const& t) {
    std::ostringstream out;
    out << "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>"
        << html(sitting)
        << " — 试题分析 Item statistics</title>\n<style>body{font-family:sans-serif;margin:2em;"
           "max-width:72em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid "
           "#bbb;padding:3px 6px;text-align:left;vertical-align:top}figure{display:inline-block;"
           "margin:0 2em 1em 0}</style></head><body>\n<h1>试题分析 Item statistics: "
        << html(sitting) << "</h1>\n<p>" << t.candidates << " candidates · mean "
        << fixed(t.mean_percent, 1) << " % · SD " << fixed(t.sd_percent, 1) << " %";
    if (t.alpha)
        out << " · Cronbach's α " << fixed(*t.alpha) << " over " << t.common_items
            << " common items · SEM " << fixed(*t.sem_percent, 1) << " %";
    out << "</p>\n<figure>" << distribution_svg(t.distribution)
        << "<figcaption>成绩分布 candidates per 10 % band</figcaption></figure><figure>"
        << scatter_svg(t.items)
        << "<figcaption>each item: red when flagged; shaded: discrimination below "
           "0.15</figcaption></figure>\n<h2>试题 Items</h2>\n";
    table_html(out, item_table(t));
    out << "<h2>选项 Options</h2>\n";
    table_html(out, option_table(t));
    out << "<h2>知识点与难度 Knowledge points and difficulty</h2>\n";
    table_html(out, group_table(t));
    out << "<p>Thresholds: facility ≥ 0.95 too easy, ≤ 0.20 too hard; discrimination (corrected "
           "point-biserial) below 0 or 0.15; a distractor chosen by under 5 % or more by the "
           "top 27 % than the bottom 27 %; unanswered by over 10 %.</p>\n</body></html>\n";
    return out.str();
}

} // namespace craftmark::cli
