#include "server/store/sitting_office.hpp"

#include "server/store/admin.hpp"
#include "server/store/bank_media.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::store {

core::sitting_record
sitting_in_scope(SQLite::Database& db, std::string const& id, core::sitting_filter const& may_act) {
    auto sitting = find_sitting(db, id);
    if (!sitting) throw std::invalid_argument("no sitting " + id);
    if (!may_act(*sitting))
        throw std::invalid_argument("this account's scopes do not include sitting " + id);
    return *sitting;
}

void sitting_office::assessments(
    std::function<void(std::string refusal, std::vector<core::assessment>)> done) {
    auto all = std::make_shared<std::vector<core::assessment>>();
    worker_.submit([all](SQLite::Database& db) { *all = all_assessments(db); },
                   [all, done = std::move(done)](std::string const& refusal) {
                       done(refusal, std::move(*all));
                   });
}

void sitting_office::create_sitting(core::sitting_record s,
                                    std::string actor,
                                    std::function<void(std::string refusal, int figures)> done) {
    auto figures = std::make_shared<int>(0);
    worker_.submit(
        [s = std::move(s), actor = std::move(actor), figures](SQLite::Database& db) {
            if (find_sitting(db, s.id))
                throw std::invalid_argument("a sitting " + s.id + " exists already");
            if (!find_assessment(db, s.assessment_id))
                throw std::invalid_argument("no assessment " + s.assessment_id);
            store::create_sitting(db, s, actor);
            *figures = assessment_figures(db, s.assessment_id);
        },
        [figures, done = std::move(done)](std::string const& refusal) { done(refusal, *figures); });
}

void sitting_office::register_candidates(
    std::string sitting_id,
    std::vector<core::candidate_record> people,
    std::string actor,
    bool dry_run,
    core::sitting_filter may_act,
    std::function<void(std::string refusal, core::sitting_record, std::vector<std::string> taken)>
        done) {
    struct found {
        core::sitting_record sitting;
        std::vector<std::string> taken;
    };
    auto out = std::make_shared<found>();
    worker_.submit(
        [=, people = std::move(people)](SQLite::Database& db) mutable {
            out->sitting = sitting_in_scope(db, sitting_id, may_act);
            out->taken = registered_tickets(db, people);
            if (!dry_run && out->taken.empty())
                store::register_candidates(db, sitting_id, people, actor);
        },
        [out, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(out->sitting), std::move(out->taken));
        });
}

} // namespace craftmark::store
