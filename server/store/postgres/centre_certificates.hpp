#pragma once
// The register of the certificates the centre issued, on PostgreSQL: what the alliance's staff
// and employers' enquiries look up. The centre's issuing office (centre/certificate_commands)
// signs them and keeps the keys and status lists; after every issue or change of status the
// register is brought up to the office's state (`record` is an upsert, so a register that
// missed a change catches up on the next).
#include "server/store/postgres/pg.hpp"
#include "server/store/postgres/venue_chains.hpp"

#include <string>
#include <vector>

namespace craftmark::store {

struct registered_certificate {
    std::string number, id, national_id, holder, occupation, occupation_code, level, issued;
    std::string status, status_reason;
};

class centre_certificates {
  public:
    explicit centre_certificates(pg::connection& db) : db_(db) {}

    void record(std::vector<registered_certificate> const& certificates);
    /// The certificates `viewer` may see: its members' (the bureau, all); one when `number` is
    /// given.
    std::vector<registered_certificate> visible_to(organisation_row const& viewer,
                                                   std::string const& number = "");

  private:
    pg::connection& db_;
};

} // namespace craftmark::store
