#include "server/store/venue_packages.hpp"

#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/crypto/envelope.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <stdexcept>

namespace craftmark::store {

using nlohmann::json;

namespace {

std::optional<std::string> sealed_box(SQLite::Database& db, std::string const& sitting) {
    SQLite::Statement q(db, "SELECT box FROM sealed_papers WHERE sitting_id = ?");
    q.bind(1, sitting);
    if (!q.executeStep()) return std::nullopt;
    auto box = q.getColumn(0);
    return std::string(static_cast<char const*>(box.getBlob()),
                       static_cast<std::size_t>(box.getBytes()));
}

/// Stores the packaged assessment unless the venue holds the same one; refuses a different one
/// under the same id (a local sitting may use it).
void store_packaged_assessment(SQLite::Database& db,
                               json const& document,
                               std::string const& actor) {
    auto a = core::assessment_from_json(document); // throws, naming the field, if it is wrong
    auto normal = core::assessment_to_json(a);
    if (auto held = find_assessment(db, a.id)) {
        if (core::assessment_to_json(*held) != normal)
            throw std::invalid_argument("assessment " + a.id +
                                        " differs from the one this venue holds under that id");
        return;
    }
    in_transaction::store_assessment(db, a.id, normal, actor);
}

} // namespace

std::vector<received_sitting> receive_package(SQLite::Database& db,
                                              core::venue_package const& package,
                                              std::string const& actor,
                                              util::millis at) {
    write_transaction tx(db);
    std::vector<received_sitting> received;
    for (auto const& p : package.sittings) {
        auto const& id = p.sitting.id;
        if (find_sitting(db, id)) {
            if (sealed_box(db, id) != p.paper)
                throw std::invalid_argument("sitting " + id +
                                            " exists at this venue already, not from this package");
            received.push_back({id, p.candidates.size(), true});
            continue;
        }
        store_packaged_assessment(db, p.assessment, actor);
        in_transaction::create_sitting(db, p.sitting, actor);
        auto people = p.candidates;
        in_transaction::register_candidates(db, id, people, actor);
        SQLite::Statement paper(db, "INSERT INTO sealed_papers (sitting_id, box, received_at) "
                                    "VALUES (?, ?, ?)");
        paper.bind(1, id);
        paper.bind(2, p.paper.data(), static_cast<int>(p.paper.size()));
        paper.bind(3, at);
        paper.exec();
        received.push_back({id, people.size(), false});
    }
    json sittings = json::array();
    for (auto const& r : received)
        if (!r.held_already) sittings.push_back(r.id);
    if (!sittings.empty()) {
        append_audit(db,
                     {actor,
                      "package.receive",
                      package.venue,
                      {{"made_at", package.made_at}, {"sittings", sittings}}},
                     at);
        tx.commit();
    }
    return received;
}

std::vector<packaged_sitting_status> packaged_sittings(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT s.id, s.title, s.starts_at, p.received_at, p.opened_at, "
                            "(SELECT count(*) FROM candidates c WHERE c.sitting_id = s.id) "
                            "FROM sealed_papers p JOIN sittings s ON s.id = p.sitting_id "
                            "ORDER BY s.starts_at, s.id");
    std::vector<packaged_sitting_status> out;
    while (q.executeStep()) {
        packaged_sitting_status s{q.getColumn(0).getString(),
                                  q.getColumn(1).getString(),
                                  q.getColumn(2).getInt64(),
                                  q.getColumn(3).getInt64(),
                                  std::nullopt,
                                  static_cast<std::size_t>(q.getColumn(5).getInt64())};
        if (!q.getColumn(4).isNull()) s.opened_at = q.getColumn(4).getInt64();
        out.push_back(std::move(s));
    }
    return out;
}

opened_paper open_paper(SQLite::Database& db,
                        std::string const& venue_id,
                        core::paper_key const& key,
                        std::string const& actor,
                        util::millis at) {
    write_transaction tx(db);
    auto sitting = find_sitting(db, key.sitting);
    auto box = sealed_box(db, key.sitting);
    if (!sitting || !box)
        throw std::invalid_argument("sitting " + key.sitting +
                                    " has no paper from the centre here");
    if (!sitting->paper_sealed) return {0, 0, true};
    auto text = crypto::aead_open(key.key, core::paper_binding(venue_id, key.sitting), *box);
    if (!text)
        throw std::invalid_argument("this key does not open the paper of sitting " + key.sitting);
    opened_paper opened;
    for (auto const& document : core::parse_paper(*text)) {
        auto b = core::bank_from_json(document);
        in_transaction::import_bank(db, b, actor);
        ++opened.banks;
        opened.items += b.items.size();
    }
    auto a = find_assessment(db, sitting->assessment_id);
    if (!a) throw std::invalid_argument("sitting " + key.sitting + " has no assessment");
    in_transaction::check_drawable(db, *a);
    SQLite::Statement mark(db, "UPDATE sealed_papers SET opened_at = ? WHERE sitting_id = ?");
    mark.bind(1, at);
    mark.bind(2, key.sitting);
    mark.exec();
    append_audit(
        db, {actor, "paper.open", key.sitting, {{"banks", opened.banks}, {"items", opened.items}}},
        at);
    tx.commit();
    return opened;
}

} // namespace craftmark::store
