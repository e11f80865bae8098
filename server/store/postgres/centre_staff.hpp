#pragma once
// The staff of the alliance's organisations at the centre: each account belongs to one
// organisation and sees what it may (centre_results.hpp); passwords as the venue keeps them
// (scrypt).
#include "server/store/postgres/pg.hpp"
#include "server/store/postgres/venue_chains.hpp"

#include <optional>
#include <string>
#include <vector>

namespace craftmark::store {

struct centre_staff_row {
    std::string username, organisation;
};

class centre_staff {
  public:
    explicit centre_staff(pg::connection& db) : db_(db) {}

    /// Refuses (std::invalid_argument) an organisation that does not exist or a user name taken.
    void
    add(std::string const& username, std::string const& organisation, std::string const& password);
    /// The account's organisation when the password is right.
    std::optional<organisation_row> sign_in(std::string const& username,
                                            std::string const& password);
    std::vector<centre_staff_row> list();

  private:
    pg::connection& db_;
};

} // namespace craftmark::store
