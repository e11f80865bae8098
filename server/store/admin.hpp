#pragma once
#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_figures.hpp"
#include "server/core/records.hpp"

#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::store {

/// Administrative writes, used by the `craftmark` CLI. Each runs in one transaction with its
/// audit entry, and either applies completely or not at all.

/// An audit entry for an action that changes nothing else in the database (a backup taken).
void record_admin_action(SQLite::Database& db,
                         std::string const& actor,
                         std::string const& action,
                         std::string const& subject,
                         nlohmann::json detail);

/// Stores (or replaces) a bank, its items and their figures.
void import_bank(SQLite::Database& db,
                 core::bank const& b,
                 std::string const& actor,
                 std::vector<core::item_figure> const& figures = {});
std::optional<core::bank> load_bank(SQLite::Database& db, std::string const& id);

/// Stores an assessment after checking that every section can be drawn from stored banks.
void put_assessment(SQLite::Database& db, core::assessment const& a, std::string const& actor);
/// Adds or replaces a marking scheme (checked by marking_scheme_from_json first).
void put_marking_scheme(SQLite::Database& db,
                        nlohmann::json const& document,
                        std::string const& actor);

void create_sitting(SQLite::Database& db, core::sitting_record const& s, std::string const& actor);
std::optional<core::sitting_record> find_sitting(SQLite::Database& db, std::string const& id);
std::vector<core::sitting_record> all_sittings(SQLite::Database& db);
std::optional<core::assessment> find_assessment(SQLite::Database& db, std::string const& id);
std::vector<core::assessment> all_assessments(SQLite::Database& db);
/// The tickets of `people` registered already (for any sitting: a ticket names one person).
std::vector<std::string> registered_tickets(SQLite::Database& db,
                                            std::vector<core::candidate_record> const& people);

/// Registers candidates for a sitting. A sitting that does not check candidates in gives each
/// a fresh access code now (written into `candidates`); otherwise check-in issues it.
/// Refuses the whole list if any ticket is already registered.
void register_candidates(SQLite::Database& db,
                         std::string const& sitting_id,
                         std::vector<core::candidate_record>& candidates,
                         std::string const& actor);

/// The same writes for a caller that holds the write transaction already: a package from the
/// centre (store/venue_packages) brings several sittings, all stored or none.
namespace in_transaction {
void import_bank(SQLite::Database& db,
                 core::bank const& b,
                 std::string const& actor,
                 std::vector<core::item_figure> const& figures = {});
void put_assessment(SQLite::Database& db, core::assessment const& a, std::string const& actor);
/// Stores an assessment document as it is: for one whose banks come later, sealed.
void store_assessment(SQLite::Database& db,
                      std::string const& id,
                      nlohmann::json const& document,
                      std::string const& actor);
/// Throws, naming the rule, when a paper of `a` cannot be drawn from the stored banks.
void check_drawable(SQLite::Database& db, core::assessment const& a);
void create_sitting(SQLite::Database& db, core::sitting_record const& s, std::string const& actor);
void register_candidates(SQLite::Database& db,
                         std::string const& sitting_id,
                         std::vector<core::candidate_record>& candidates,
                         std::string const& actor);
} // namespace in_transaction

/// Creates or replaces a staff account (the password is stored as an scrypt hash; without one,
/// an existing account keeps its own).
void put_staff(SQLite::Database& db,
               core::staff_record const& s,
               std::optional<std::string> const& password,
               std::string const& actor);
std::vector<core::staff_record> list_staff(SQLite::Database& db);
/// One account with its password hash and scopes.
std::optional<core::staff_record> find_staff(SQLite::Database& db, std::string const& username);

std::vector<core::candidate_record> sitting_candidates(SQLite::Database& db,
                                                       std::string const& sitting_id);

/// Issues access codes, without a check-in, to the sitting's candidates who have none (except
/// those recorded as no-show or checked out), with one audit entry naming them; returns every
/// candidate of the sitting with their codes. For rooms whose check-in happens outside
/// Craftmark.
std::vector<core::candidate_record>
release_codes(SQLite::Database& db, std::string const& sitting_id, std::string const& actor);

} // namespace craftmark::store
