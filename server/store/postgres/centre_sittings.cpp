#include "server/store/postgres/centre_sittings.hpp"

#include "shared/crypto/base64.hpp"

#include <stdexcept>

namespace craftmark::store {
namespace {

constexpr char sitting_columns[] =
    "SELECT id, venue, assessment_id, title, room, starts_at, duration_ms, review, checkin, "
    "delivery, assessment, encode(paper, 'base64') FROM sittings";

std::string bytes_of(std::string const& base64) {
    auto bytes = crypto::base64_decode(base64); // PostgreSQL breaks its base64 into lines
    if (!bytes) throw std::runtime_error("the centre's database holds a paper that is not base64");
    return *bytes;
}

core::packaged_sitting sitting_at(pg::result const& r, int i) {
    core::packaged_sitting s;
    s.sitting = {r.text(i, 0),    r.text(i, 2),    r.text(i, 3), r.text(i, 1), r.text(i, 4),
                 r.integer(i, 5), r.integer(i, 6), r.text(i, 7), r.text(i, 8), r.text(i, 9)};
    s.assessment = nlohmann::json::parse(r.text(i, 10));
    s.paper = bytes_of(r.text(i, 11));
    return s;
}

} // namespace

void centre_sittings::add(core::packaged_sitting const& s, std::string const& paper_key) {
    auto const& t = s.sitting;
    pg::transaction tx(db_);
    if (db_.exec("SELECT 1 FROM venues WHERE id = $1", {t.venue}).rows() == 0)
        throw std::invalid_argument("there is no venue " + t.venue +
                                    " (craftmark-centre venue list)");
    auto added = db_.exec(
        "INSERT INTO sittings (id, venue, assessment_id, title, room, starts_at, duration_ms, "
        "review, checkin, delivery, assessment, paper, paper_key) VALUES ($1, $2, $3, $4, $5, $6, "
        "$7, $8, $9, $10, $11, decode($12, 'base64'), decode($13, 'base64')) "
        "ON CONFLICT (id) DO NOTHING",
        {t.id, t.venue, t.assessment_id, t.title, t.room, t.starts_at, t.duration_ms, t.review,
         t.checkin, t.delivery, s.assessment.dump(), crypto::base64_encode(s.paper),
         crypto::base64_encode(paper_key)});
    if (added.affected() == 0) throw std::invalid_argument("sitting " + t.id + " exists already");
    for (auto const& c : s.candidates) {
        auto row = db_.exec(
            "INSERT INTO sitting_candidates (sitting, ticket, national_id, name, "
            "seat, organisation, romanised_name) VALUES ($1, $2, $3, $4, $5, $6, "
            "$7) ON CONFLICT DO NOTHING",
            {t.id, c.ticket, c.national_id, c.name, c.seat, c.organisation, c.romanised_name});
        if (row.affected() == 0)
            throw std::invalid_argument("ticket " + c.ticket + " is twice in the roster");
    }
    tx.commit();
}

std::vector<core::packaged_sitting> centre_sittings::of_venue(std::string const& venue) {
    std::vector<core::packaged_sitting> out;
    auto r = db_.exec(std::string(sitting_columns) + " WHERE venue = $1 ORDER BY starts_at, id",
                      {venue});
    for (int i = 0; i < r.rows(); ++i) out.push_back(sitting_at(r, i));
    auto people =
        db_.exec("SELECT c.sitting, c.ticket, c.national_id, c.name, c.seat, c.organisation, "
                 "c.romanised_name FROM sitting_candidates c JOIN sittings s ON s.id = c.sitting "
                 "WHERE s.venue = $1 ORDER BY c.sitting, c.seat, c.ticket",
                 {venue});
    for (int i = 0; i < people.rows(); ++i)
        for (auto& s : out)
            if (s.sitting.id == people.text(i, 0)) {
                core::candidate_record c;
                c.sitting_id = s.sitting.id;
                c.ticket = people.text(i, 1);
                c.national_id = people.text(i, 2);
                c.name = people.text(i, 3);
                c.seat = people.text(i, 4);
                c.organisation = people.text(i, 5);
                c.romanised_name = people.text(i, 6);
                s.candidates.push_back(std::move(c));
            }
    return out;
}

std::optional<core::packaged_sitting> centre_sittings::find(std::string const& id) {
    auto r = db_.exec(std::string(sitting_columns) + " WHERE id = $1", {id});
    if (r.rows() == 0) return std::nullopt;
    return sitting_at(r, 0);
}

std::string centre_sittings::release_key(std::string const& id) {
    auto r = db_.exec("UPDATE sittings SET key_released_at = coalesce(key_released_at, now()) "
                      "WHERE id = $1 RETURNING encode(paper_key, 'base64')",
                      {id});
    if (r.rows() == 0) throw std::invalid_argument("there is no sitting " + id);
    return bytes_of(r.text(0, 0));
}

std::vector<centre_sitting_summary> centre_sittings::list() {
    std::vector<centre_sitting_summary> out;
    auto r = db_.exec(
        "SELECT s.id, s.venue, s.starts_at, (SELECT count(*) FROM sitting_candidates c WHERE "
        "c.sitting = s.id), coalesce(to_char(s.key_released_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM sittings s ORDER BY s.starts_at, s.id");
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.integer(i, 3), r.text(i, 4)});
    return out;
}

} // namespace craftmark::store
