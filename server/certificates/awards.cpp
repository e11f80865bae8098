// Competition award certificates: issued from the final board of a skill, signed and published
// like qualification certificates.
#include "server/certificates/certificate_batch.hpp"
#include "server/certificates/issuer.hpp"
#include "server/core/bank/assessment.hpp"
#include "server/store/competitions.hpp"
#include "server/store/database.hpp"
#include "server/store/scoreboard.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <sstream>

namespace craftmark::certificates {
namespace {

using nlohmann::json;

bool holds(SQLite::Database& db,
           std::string const& kind,
           std::vector<std::string> const& sittings,
           std::string const& national_id) {
    SQLite::Statement q(db, "SELECT c.sitting_id FROM certificates c JOIN candidates k ON "
                            "k.ticket = c.ticket WHERE c.kind = ? AND k.national_id = ?");
    q.bind(1, kind);
    q.bind(2, national_id);
    while (q.executeStep())
        if (std::count(sittings.begin(), sittings.end(), q.getColumn(0).getString())) return true;
    return false;
}

} // namespace

issue_report issuer::issue_awards(std::string const& event_id,
                                  std::string const& skill_id,
                                  std::string const& actor) {
    auto profile = pki_.profile();
    if (!profile)
        throw std::runtime_error("no certificate PKI yet: run `craftmark pki init` first");
    auto event = store::load_event(db_, event_id);
    auto const* skill = event.find_skill(skill_id);
    if (!skill) throw std::invalid_argument("event " + event_id + " has no skill " + skill_id);
    auto board = store::event_board(db_, event_id, true);
    auto const* skill_board = board.find_skill(skill_id);
    if (!skill_board)
        throw std::invalid_argument("event " + event_id + " has no skill " + skill_id);
    std::map<std::string, store::competitor> by_number;
    std::map<std::string, std::string> names;
    for (auto& c : store::skill_competitors(db_, event, *skill)) {
        names[c.number] = c.name;
        by_number[c.number] = c;
    }
    auto awards = core::skill_awards(event, *skill, *skill_board, names);
    auto a = certified_assessment(db_, skill->modules.front().sitting);
    std::vector<std::string> sittings;
    for (auto const& m : skill->modules) sittings.push_back(m.sitting);

    auto s = pki_.current_signer();
    issue_report report;
    store::write_transaction tx(db_);
    certificate_batch batch(db_, *profile, clock_.now());
    // One certificate per person: each member of a medalled team gets their own.
    auto award_kind = "award:" + event.id + "/" + skill->id;
    auto issue_one = [&](store::member const& m, std::string const& kind, auto&& complete) {
        auto on_record = kind == "award" ? award_kind : kind;
        if (holds(db_, on_record, sittings, m.national_id)) {
            ++report.already_issued;
            return;
        }
        auto f = facts_of(*profile, a, m.name);
        f.kind = kind;
        complete(f);
        // Recorded against the person's first module: once per person, skill and kind.
        auto const& [module, ticket] = *m.tickets.begin();
        auto sitting = skill->find_module(module)->sitting;
        publish_certificate(f.id, batch.record(f, sitting, ticket, on_record, s.kid, actor), s);
        report.issued.push_back(f.id);
    };
    for (auto const& award : awards)
        for (auto const& m : by_number.at(award.number).members) {
            issue_one(m, "award", [&](credential::certificate_facts& f) {
                f.award_title = award.award_title;
                f.award_path = award.award_path;
                f.criteria = award.criteria;
            });
            if (!award.level_criteria.empty())
                issue_one(m, "qualification", [&](credential::certificate_facts& f) {
                    f.criteria = award.level_criteria;
                });
        }
    for (long list : batch.new_lists()) publish_status_list(list, s);
    tx.commit();
    return report;
}

} // namespace craftmark::certificates
