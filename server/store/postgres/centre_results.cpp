#include "server/store/postgres/centre_results.hpp"

#include "server/core/qualification/qualification.hpp"

#include <iostream>
#include <map>
#include <tuple>

namespace craftmark::store {

using nlohmann::json;

namespace {

void project_release(pg::connection& db, std::string const& venue, core::chain_entry const& e) {
    auto detail = json::parse(e.detail);
    auto assessment = core::assessment_from_json(detail.at("assessment"));
    db.exec("INSERT INTO released_assessments (id, occupation_code, level, document) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET occupation_code = "
            "excluded.occupation_code, level = excluded.level, document = excluded.document",
            {assessment.id, assessment.occupation_code, assessment.level,
             detail.at("assessment").dump()});
    auto sitting = detail.at("sitting").get<std::string>();
    auto component = detail.at("component").get<std::string>();
    bool shared = detail.value("shared", false);
    for (auto const& r : detail.at("results")) {
        auto text = [&r](char const* key) { return r.at(key).get<std::string>(); };
        db.exec("INSERT INTO results (venue, sitting, ticket, national_id, name, romanised_name, "
                "organisation, assessment_id, component, closed_at, final, result, released_at, "
                "shared) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
                "ON CONFLICT (venue, sitting, ticket) DO UPDATE SET national_id = "
                "excluded.national_id, name = excluded.name, romanised_name = "
                "excluded.romanised_name, organisation = excluded.organisation, assessment_id = "
                "excluded.assessment_id, component = excluded.component, closed_at = "
                "excluded.closed_at, final = excluded.final, result = excluded.result, "
                "released_at = excluded.released_at, shared = excluded.shared "
                "WHERE results.released_at <= excluded.released_at",
                {venue, sitting, text("ticket"), text("national_id"), text("name"),
                 text("romanised_name"), text("organisation"), assessment.id, component,
                 r.at("closed_at").get<std::int64_t>(), r.at("final").get<bool>() ? "t" : "f",
                 r.at("result").dump(), e.at, shared ? "t" : "f"});
    }
}

} // namespace

void project_results(pg::connection& db,
                     std::string const& venue,
                     std::vector<core::chain_entry> const& applied) {
    for (auto const& e : applied) {
        if (e.action != "results.release") continue;
        try {
            project_release(db, venue, e);
        } catch (json::exception const& x) {
            std::cerr << "craftmark-centre: venue " << venue << " entry " << e.seq
                      << ": a results release that cannot be read (" << x.what() << ")\n";
        } catch (std::invalid_argument const& x) {
            std::cerr << "craftmark-centre: venue " << venue << " entry " << e.seq
                      << ": a results release that cannot be read (" << x.what() << ")\n";
        }
    }
}

std::string centre_results::members_of(organisation_row const& viewer) {
    return viewer.kind == "bureau" ? "" : viewer.id;
}

std::vector<centre_result> centre_results::visible_to(organisation_row const& viewer,
                                                      std::string const& national_id) {
    auto r = db_.exec("SELECT venue, sitting, ticket, national_id, name, romanised_name, "
                      "organisation, "
                      "assessment_id, component, final, result::text, closed_at FROM results "
                      "WHERE ($1 = '' OR organisation = $1 OR shared) "
                      "AND ($2 = '' OR national_id = $2) "
                      "ORDER BY national_id, venue, sitting, ticket",
                      {members_of(viewer), national_id});
    std::vector<centre_result> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                       r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9) == "t",
                       r.integer(i, 11), json::parse(r.text(i, 10))});
    return out;
}

std::vector<person_qualification> centre_results::qualifications(organisation_row const& viewer,
                                                                 std::string const& national_id) {
    std::map<std::string, core::assessment> assessments;
    auto a = db_.exec("SELECT id, document FROM released_assessments");
    for (int i = 0; i < a.rows(); ++i)
        assessments.emplace(a.text(i, 0), core::assessment_from_json(json::parse(a.text(i, 1))));
    // A qualification is an occupation at a level; an assessment without them is one of its own.
    auto qualification_of = [&](core::assessment const& x) {
        return x.occupation_code.empty() || x.level.empty()
                   ? std::make_tuple(std::string(), std::string(), x.id)
                   : std::make_tuple(x.occupation_code, x.level, std::string());
    };
    using key = std::tuple<std::string, std::tuple<std::string, std::string, std::string>>;
    std::map<key, std::vector<centre_result>> of_person;
    auto members = members_of(viewer);
    for (auto& r : visible_to(viewer, national_id)) {
        auto it = assessments.find(r.assessment_id);
        if (r.national_id.empty() || it == assessments.end() ||
            (!members.empty() && r.organisation != members))
            continue;
        of_person[{r.national_id, qualification_of(it->second)}].push_back(std::move(r));
    }
    std::vector<person_qualification> out;
    for (auto const& [k, rows] : of_person) {
        auto const& first = assessments.at(rows.front().assessment_id);
        std::vector<core::assessment const*> listed{&first};
        for (auto const& [id, x] : assessments)
            if (&x != &first && qualification_of(x) == std::get<1>(k)) listed.push_back(&x);
        std::vector<core::component_result> components;
        for (auto const& r : rows)
            components.push_back(
                {r.component, r.venue + "/" + r.sitting, "closed", r.result, r.final, r.closed_at});
        auto rule = core::combination_of(listed);
        auto const& person = rows.front();
        out.push_back({person.national_id, person.name, person.romanised_name, person.organisation,
                       first.occupation_code, first.occupation_name, first.level,
                       core::combine(rule, components), core::assessment_to_json(first),
                       core::criteria_text(rule)});
    }
    return out;
}

} // namespace craftmark::store
