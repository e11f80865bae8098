#include "server/store/postgres/centre_certificates.hpp"

#include "server/store/postgres/centre_results.hpp"

namespace craftmark::store {

void centre_certificates::record(std::vector<registered_certificate> const& certificates) {
    pg::transaction tx(db_);
    for (auto const& c : certificates)
        db_.exec("INSERT INTO certificates (number, id, national_id, holder, occupation, "
                 "occupation_code, level, issued, status, status_reason) VALUES ($1, $2, $3, $4, "
                 "$5, $6, $7, $8, $9, $10) ON CONFLICT (number) DO UPDATE SET status = "
                 "excluded.status, status_reason = excluded.status_reason",
                 {c.number, c.id, c.national_id, c.holder, c.occupation, c.occupation_code, c.level,
                  c.issued, c.status, c.status_reason});
    tx.commit();
}

std::vector<registered_certificate> centre_certificates::visible_to(organisation_row const& viewer,
                                                                    std::string const& number) {
    // A person's organisation is the one the rosters named with their results.
    auto r = db_.exec("SELECT number, id, national_id, holder, occupation, occupation_code, level, "
                      "issued, status, status_reason FROM certificates c WHERE ($1 = '' OR "
                      "EXISTS (SELECT 1 FROM results r WHERE r.national_id = c.national_id AND "
                      "r.organisation = $1)) AND ($2 = '' OR number = $2) ORDER BY number",
                      {centre_results::members_of(viewer), number});
    std::vector<registered_certificate> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4),
                       r.text(i, 5), r.text(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9)});
    return out;
}

} // namespace craftmark::store
