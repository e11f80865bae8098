#include "server/store/item_analysis.hpp"

#include "server/core/bank/assessment.hpp"
#include "server/core/bank/scoring.hpp"
#include "server/store/results.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <set>

namespace craftmark::store {

using nlohmann::json;

scored_sitting scored_papers(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement assessment(db, "SELECT a.document FROM sittings s JOIN assessments a ON "
                                     "a.id = s.assessment_id WHERE s.id = ?");
    assessment.bind(1, sitting_id);
    if (!assessment.executeStep()) throw std::invalid_argument("no sitting \"" + sitting_id + "\"");
    auto a = core::assessment_from_json(json::parse(assessment.getColumn(0).getString()));
    std::set<std::string> banks;
    for (auto const& s : a.sections)
        for (auto const& d : s.draws) banks.insert(d.bank);

    scored_sitting out;
    SQLite::Statement items(db, "SELECT bank_id, document FROM items");
    while (items.executeStep())
        if (!a.forms.empty() || banks.count(items.getColumn(0).getString())) {
            auto it = json::parse(items.getColumn(1).getString()).get<core::item>();
            out.items[it.id] = std::move(it);
        }

    // The last response to each item, by ticket: what the candidate handed in.
    std::map<std::string, std::map<std::string, json>> responses;
    SQLite::Statement answers(db, "SELECT t.ticket, w.item_id, w.response FROM answers w JOIN "
                                  "attempts t ON t.id = w.attempt_id WHERE t.sitting_id = ? "
                                  "ORDER BY w.attempt_id, w.seq");
    answers.bind(1, sitting_id);
    while (answers.executeStep())
        responses[answers.getColumn(0).getString()][answers.getColumn(1).getString()] =
            json::parse(answers.getColumn(2).getString());

    for (auto const& row : sitting_own_results(db, sitting_id)) {
        if (!row.result.is_object() || !row.result.contains("items")) continue;
        core::scored_paper paper;
        for (auto const& [id, scored] : row.result["items"].items()) {
            if (scored.value("pending", false)) continue;
            core::item_outcome o{scored.value("points", 0.0), scored.value("max", 0.0), false, {}};
            auto given = responses[row.ticket].find(id);
            auto it = out.items.find(id);
            if (given != responses[row.ticket].end()) {
                o.answered = core::is_answered(given->second);
                if (it != out.items.end())
                    o.chosen = core::chosen_options(it->second, given->second);
            }
            paper[id] = std::move(o);
        }
        out.papers.push_back(std::move(paper));
    }
    return out;
}

} // namespace craftmark::store
