#include "server/store/results.hpp"

#include "server/core/marking/essay_marking.hpp"
#include "server/core/marking/marking_scheme.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

using nlohmann::json;

namespace {

json json_column(SQLite::Column const& c) {
    return c.isNull() ? json() : json::parse(c.getString());
}

std::map<std::string, double> scheme_totals(SQLite::Database& db) {
    std::map<std::string, double> totals;
    SQLite::Statement q(db, "SELECT id, document FROM marking_schemes");
    while (q.executeStep())
        totals[q.getColumn(0).getString()] =
            core::marking_scheme_from_json(json::parse(q.getColumn(1).getString())).total_marks;
    return totals;
}

/// Reads a sitting's results and the qualification results of its candidates.
class results_reader {
  public:
    results_reader(SQLite::Database& db, std::string const& sitting_id)
        : db_(db), qualification_(qualification_of(db, sitting_id)), totals_(scheme_totals(db)) {
        for (auto const& a : qualification_.assessments) assessment_of_[a.id] = &a;
        SQLite::Statement q(db_, "SELECT id, assessment_id FROM sittings");
        while (q.executeStep())
            if (auto a = assessment_of_.find(q.getColumn(1).getString()); a != assessment_of_.end())
                sitting_assessment_[q.getColumn(0).getString()] = a->second;
    }

    /// The result of one attempt in its own sitting: the paper's with its marked essays, or the
    /// practical works'.
    json result_of(std::string const& sitting_id,
                   std::int64_t attempt_id,
                   json paper_result,
                   json const& paper) {
        auto const& a = *sitting_assessment_.at(sitting_id);
        auto works = works_of(attempt_id);
        if (!a.practical()) {
            if (paper_result.is_null() || paper.is_null() ||
                paper_result.value("pendingItems", 0) == 0)
                return paper_result;
            return core::apply_item_marks(std::move(paper_result), core::paper_from_json(paper),
                                          core::marked_shares(works), a.pass_percent);
        }
        return core::practical_result(a, works, [this](std::string const& scheme) {
            auto t = totals_.find(scheme);
            return t == totals_.end() ? 0.0 : t->second;
        });
    }

    std::vector<core::work_record> works_of(std::int64_t attempt_id) {
        std::vector<core::work_record> works;
        SQLite::Statement q(db_,
                            "SELECT task, state, round, score FROM works WHERE attempt_id = ?");
        q.bind(1, attempt_id);
        while (q.executeStep()) {
            core::work_record w;
            w.task = q.getColumn(0).getString();
            w.state = q.getColumn(1).getString();
            w.round = q.getColumn(2).getInt();
            w.score = json_column(q.getColumn(3));
            works.push_back(std::move(w));
        }
        return works;
    }

    /// Every component result of the person with `national_id` (or only `ticket`'s, when the
    /// candidate was registered without one), combined.
    json qualification_of_person(std::string const& national_id, std::string const& ticket) {
        SQLite::Statement q(
            db_, national_id.empty()
                     ? "SELECT c.sitting_id, a.id, a.state, a.result, a.closed_at, a.paper "
                       "FROM candidates c JOIN attempts a ON a.ticket = c.ticket "
                       "WHERE c.ticket = ?"
                     : "SELECT c.sitting_id, a.id, a.state, a.result, a.closed_at, a.paper "
                       "FROM candidates c JOIN attempts a ON a.ticket = c.ticket "
                       "WHERE c.national_id = ?");
        q.bind(1, national_id.empty() ? ticket : national_id);
        std::vector<core::component_result> components;
        while (q.executeStep()) {
            auto sitting = q.getColumn(0).getString();
            auto it = qualification_.component_of_sitting.find(sitting);
            if (it == qualification_.component_of_sitting.end()) continue;
            core::component_result r;
            r.component = it->second;
            r.sitting_id = sitting;
            r.attempt_state = q.getColumn(2).getString();
            r.result = result_of(sitting, q.getColumn(1).getInt64(), json_column(q.getColumn(3)),
                                 json_column(q.getColumn(5)));
            r.final = !r.result.is_null() && r.result.value("pendingItems", 0) == 0;
            r.closed_at = q.getColumn(4).getInt64();
            components.push_back(std::move(r));
        }
        return core::combine(qualification_.rule, components);
    }

  private:
    SQLite::Database& db_;
    qualification qualification_;
    std::map<std::string, double> totals_;
    std::map<std::string, core::assessment const*> assessment_of_;
    std::map<std::string, core::assessment const*> sitting_assessment_;
};

} // namespace

qualification qualification_of(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement own(db, "SELECT assessment_id FROM sittings WHERE id = ?");
    own.bind(1, sitting_id);
    if (!own.executeStep()) throw std::invalid_argument("no sitting \"" + sitting_id + "\"");
    auto own_id = own.getColumn(0).getString();
    qualification out;
    std::vector<core::assessment> others;
    SQLite::Statement q(db, "SELECT id, document FROM assessments ORDER BY id");
    while (q.executeStep()) {
        auto a = core::assessment_from_json(json::parse(q.getColumn(1).getString()));
        (a.id == own_id ? out.assessments : others).push_back(std::move(a));
    }
    auto const& mine = out.assessments.at(0);
    // Without an occupation and level an assessment is a qualification of its own.
    if (!mine.occupation_code.empty() && !mine.level.empty())
        for (auto& a : others)
            if (a.occupation_code == mine.occupation_code && a.level == mine.level)
                out.assessments.push_back(std::move(a));
    std::vector<core::assessment const*> listed;
    for (auto const& a : out.assessments) listed.push_back(&a);
    out.rule = core::combination_of(listed);
    SQLite::Statement sittings(db, "SELECT id, assessment_id FROM sittings");
    while (sittings.executeStep())
        for (auto const& a : out.assessments)
            if (a.id == sittings.getColumn(1).getString())
                out.component_of_sitting[sittings.getColumn(0).getString()] = core::component_of(a);
    return out;
}

namespace {

std::vector<result_row>
read_results(SQLite::Database& db, std::string const& sitting_id, bool with_qualification) {
    results_reader reader(db, sitting_id);
    SQLite::Statement q(
        db,
        "SELECT c.ticket, c.name, c.national_id, c.seat, a.state, a.close_reason, "
        "a.started_at, a.closed_at, a.id, a.result, a.paper, c.romanised_name FROM candidates c "
        "JOIN attempts a "
        "ON a.ticket = c.ticket WHERE c.sitting_id = ? ORDER BY c.ticket");
    q.bind(1, sitting_id);
    std::vector<result_row> rows;
    while (q.executeStep()) {
        result_row r{q.getColumn(0).getString(), q.getColumn(1).getString(),
                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getString(), q.getColumn(5).getString(),
                     q.getColumn(6).getInt64(),  q.getColumn(7).getInt64()};
        r.result = reader.result_of(sitting_id, q.getColumn(8).getInt64(),
                                    json_column(q.getColumn(9)), json_column(q.getColumn(10)));
        r.romanised_name = q.getColumn(11).getString();
        if (with_qualification)
            r.qualification = reader.qualification_of_person(r.national_id, r.ticket);
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace

std::vector<result_row> sitting_results(SQLite::Database& db, std::string const& sitting_id) {
    return read_results(db, sitting_id, true);
}

std::vector<result_row> sitting_own_results(SQLite::Database& db, std::string const& sitting_id) {
    return read_results(db, sitting_id, false);
}

} // namespace craftmark::store
