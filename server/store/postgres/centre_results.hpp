#pragma once
// Results at the centre (core/qualification): what each venue released, kept per candidate of a
// sitting, and the qualifications they combine into across venues — a person is one national
// ID wherever they sat. Who sees what is the alliance's rule: the bureau everything,
// every other organisation its own members (the candidates its rosters named: a school's
// students, an enterprise's employees) and the results released to all (competitions').
#include "server/core/centre/outbox_chain.hpp"
#include "server/store/postgres/pg.hpp"
#include "server/store/postgres/venue_chains.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::store {

/// Keeps the results of every `results.release` among `applied` (entries just added to
/// `venue`'s chain, in the caller's transaction). A release that cannot be read is skipped with
/// a line on standard error: its entry is in the chain, and refusing the batch would stop the
/// venue's outbox for good.
void project_results(pg::connection& db,
                     std::string const& venue,
                     std::vector<core::chain_entry> const& applied);

struct centre_result {
    std::string venue, sitting, ticket, national_id, name, romanised_name, organisation;
    std::string assessment_id, component;
    bool final = false;
    std::int64_t closed_at = 0;
    nlohmann::json result; // total, max, percent, passMark, passed, pendingItems
};

struct person_qualification {
    std::string national_id, name, romanised_name, organisation;
    std::string occupation_code, occupation_name, level;
    nlohmann::json outcome;    // core::combine's: passed, final, why, components
    nlohmann::json assessment; // one of the qualification's assessments, as released
    std::string criteria;      // the qualification's rule, as a certificate states it
};

class centre_results {
  public:
    explicit centre_results(pg::connection& db) : db_(db) {}

    /// The organisation whose members `viewer` sees, "" for everyone (the bureau): the
    /// alliance's rule, which every list applies.
    static std::string members_of(organisation_row const& viewer);

    /// The results `viewer` may see (its members', and those released to all), of one person
    /// when `national_id` is given.
    std::vector<centre_result> visible_to(organisation_row const& viewer,
                                          std::string const& national_id = "");
    /// The qualifications of the people `viewer` may see (its members; the bureau, everyone —
    /// a result released to all shows who sat, not what they hold): per occupation and level,
    /// their component results from every venue combined by the qualification's rule.
    std::vector<person_qualification> qualifications(organisation_row const& viewer,
                                                     std::string const& national_id = "");

  private:
    pg::connection& db_;
};

} // namespace craftmark::store
