#include "server/store/postgres/centre_staff.hpp"

#include "shared/crypto/password.hpp"

#include <stdexcept>

namespace craftmark::store {

void centre_staff::add(std::string const& username,
                       std::string const& organisation,
                       std::string const& password) {
    if (username.empty() || username.size() > 64)
        throw std::invalid_argument("a user name is 1 to 64 characters");
    if (password.size() < 8)
        throw std::invalid_argument("a staff password needs at least 8 characters");
    if (db_.exec("SELECT 1 FROM organisations WHERE id = $1", {organisation}).rows() == 0)
        throw std::invalid_argument("there is no organisation " + organisation +
                                    " (craftmark-centre organisation list)");
    auto added = db_.exec("INSERT INTO staff (username, organisation, password_hash) "
                          "VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING",
                          {username, organisation, crypto::hash_password(password)});
    if (added.affected() == 0) throw std::invalid_argument("user " + username + " exists already");
}

std::optional<organisation_row> centre_staff::sign_in(std::string const& username,
                                                      std::string const& password) {
    auto r = db_.exec("SELECT s.password_hash, o.id, o.name, o.kind FROM staff s "
                      "JOIN organisations o ON o.id = s.organisation WHERE s.username = $1",
                      {username});
    // A user name that does not exist costs the same scrypt as a wrong password.
    auto stored = r.rows() ? r.text(0, 0) : crypto::hash_password("no such account");
    if (!crypto::verify_password(password, stored) || r.rows() == 0) return std::nullopt;
    return organisation_row{r.text(0, 1), r.text(0, 2), r.text(0, 3)};
}

std::vector<centre_staff_row> centre_staff::list() {
    std::vector<centre_staff_row> out;
    auto r = db_.exec("SELECT username, organisation FROM staff ORDER BY organisation, username");
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1)});
    return out;
}

} // namespace craftmark::store
