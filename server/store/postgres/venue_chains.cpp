#include "server/store/postgres/venue_chains.hpp"

#include "server/core/centre/outbox_segment.hpp"
#include "server/store/postgres/centre_results.hpp"

#include <stdexcept>

namespace craftmark::store {

void venue_chains::add_organisation(organisation_row const& o) {
    if (o.kind != "bureau" && o.kind != "school" && o.kind != "enterprise" && o.kind != "park")
        throw std::invalid_argument("organisation " + o.id +
                                    ": the kind is bureau, school, "
                                    "enterprise or park, not \"" +
                                    o.kind + "\"");
    core::check_venue_id(o.id, "organisation id");
    auto added = db_.exec("INSERT INTO organisations (id, name, kind) VALUES ($1, $2, $3) "
                          "ON CONFLICT (id) DO NOTHING",
                          {o.id, o.name, o.kind});
    if (added.affected() == 0)
        throw std::invalid_argument("organisation " + o.id + " exists already");
}

std::vector<organisation_row> venue_chains::organisations() {
    std::vector<organisation_row> all;
    auto r = db_.exec("SELECT id, name, kind FROM organisations ORDER BY id");
    for (int i = 0; i < r.rows(); ++i) all.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2)});
    return all;
}

void venue_chains::add_venue(venue_row const& v) {
    auto known = db_.exec("SELECT 1 FROM organisations WHERE id = $1", {v.organisation});
    if (known.rows() == 0)
        throw std::invalid_argument("there is no organisation " + v.organisation +
                                    ": add it first (craftmark-centre organisation add)");
    auto added = db_.exec("INSERT INTO venues (id, name, organisation, certificate) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                          {v.id, v.name, v.organisation, v.certificate});
    if (added.affected() == 0) throw std::invalid_argument("venue " + v.id + " exists already");
}

std::optional<venue_row> venue_chains::venue(std::string const& id) {
    auto r = db_.exec("SELECT id, name, organisation, certificate FROM venues WHERE id = $1", {id});
    if (r.rows() == 0) return std::nullopt;
    return venue_row{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3)};
}

std::vector<venue_row> venue_chains::venues() {
    std::vector<venue_row> all;
    auto r = db_.exec("SELECT id, name, organisation, certificate FROM venues ORDER BY id");
    for (int i = 0; i < r.rows(); ++i)
        all.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    return all;
}

ingest_report venue_chains::ingest(std::string const& venue,
                                   std::string const& epoch,
                                   std::vector<core::chain_entry> entries,
                                   std::string const& source) {
    ingest_report report;
    report.received = static_cast<std::int64_t>(entries.size());
    std::int64_t first = 0, last = 0;
    for (auto const& e : entries) {
        first = first ? std::min(first, e.seq) : e.seq;
        last = std::max(last, e.seq);
    }
    pg::transaction tx(db_);
    // The commit need not wait for the disk: the venue keeps every entry for ever and sends on
    // from whatever head the centre reports, so a batch that a crash of PostgreSQL loses after
    // its acknowledgement is asked for and sent again (a gap), never lost. Waiting cost a tenth
    // of a long drain (docs/performance.md).
    db_.exec("SET LOCAL synchronous_commit TO OFF");
    db_.exec("INSERT INTO venue_chains (venue, epoch, head_hash) VALUES ($1, $2, $3) "
             "ON CONFLICT DO NOTHING",
             {venue, epoch, core::chain_genesis});
    auto head_row = db_.exec("SELECT head_seq, head_hash FROM venue_chains "
                             "WHERE venue = $1 AND epoch = $2 FOR UPDATE",
                             {venue, epoch});
    core::chain_head head{head_row.integer(0, 0), head_row.text(0, 1)};

    std::map<std::int64_t, std::string> held;
    if (first && first <= head.seq) {
        auto r = db_.exec("SELECT seq, hash FROM outbox_entries WHERE venue = $1 AND epoch = $2 "
                          "AND seq BETWEEN $3 AND $4",
                          {venue, epoch, first, std::min(last, head.seq)});
        for (int i = 0; i < r.rows(); ++i) held[r.integer(i, 0)] = r.text(i, 1);
    }
    auto plan = core::plan_batch(head, std::move(entries), held);
    if (plan.refused()) {
        tx.rollback();
        report.acknowledged = head.seq;
        report.refusal = plan.refusal;
        db_.exec("INSERT INTO refused_batches (venue, epoch, source, first_seq, last_seq, reason) "
                 "VALUES ($1, $2, $3, $4, $5, $6)",
                 {venue, epoch, source, first, last, plan.refusal});
        return report;
    }
    if (!plan.extend.empty()) {
        // COPY, the fastest way in. No row of the batch can be there already: entries are
        // only ever added right after the head, which this transaction holds locked.
        std::vector<std::string> numbers;
        numbers.reserve(plan.extend.size() * 2);
        for (auto const& e : plan.extend) {
            numbers.push_back(std::to_string(e.seq));
            numbers.push_back(std::to_string(e.at));
        }
        std::vector<std::vector<std::string_view>> rows;
        rows.reserve(plan.extend.size());
        for (std::size_t i = 0; i < plan.extend.size(); ++i) {
            auto const& e = plan.extend[i];
            rows.push_back({venue, epoch, numbers[2 * i], numbers[2 * i + 1], e.actor, e.action,
                            e.subject, e.detail, e.prev_hash, e.hash});
        }
        report.applied = db_.copy_rows("outbox_entries (venue, epoch, seq, at, actor, action, "
                                       "subject, detail, prev_hash, hash)",
                                       rows);
        db_.exec("UPDATE venue_chains SET head_seq = $3, head_hash = $4, last_received = now() "
                 "WHERE venue = $1 AND epoch = $2",
                 {venue, epoch, plan.head.seq, plan.head.hash});
        // Released results are kept in the same transaction: applied once, projected once.
        project_results(db_, venue, plan.extend);
    }
    tx.commit();
    report.duplicates = plan.duplicates;
    report.acknowledged = plan.head.seq;
    report.missing_from = plan.missing_from;
    return report;
}

void venue_chains::log_refusal(std::string const& venue,
                               std::string const& epoch,
                               std::string const& source,
                               std::string const& reason) {
    db_.exec("INSERT INTO refused_batches (venue, epoch, source, reason) VALUES ($1, $2, $3, $4)",
             {venue, epoch, source, reason});
}

std::vector<chain_status> venue_chains::chains() {
    std::vector<chain_status> all;
    auto r = db_.exec("SELECT venue, epoch, head_seq, coalesce(to_char(last_received AT TIME "
                      "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM venue_chains "
                      "ORDER BY venue, epoch");
    for (int i = 0; i < r.rows(); ++i)
        all.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2), r.text(i, 3)});
    return all;
}

std::map<std::string, std::int64_t> venue_chains::actions_after(std::string const& venue,
                                                                std::string const& epoch,
                                                                std::int64_t after) {
    std::map<std::string, std::int64_t> counts;
    auto r = db_.exec("SELECT action, count(*) FROM outbox_entries WHERE venue = $1 AND epoch = $2 "
                      "AND seq > $3 GROUP BY action",
                      {venue, epoch, after});
    for (int i = 0; i < r.rows(); ++i) counts[r.text(i, 0)] = r.integer(i, 1);
    return counts;
}

std::map<std::string, std::int64_t> venue_chains::refusal_counts() {
    std::map<std::string, std::int64_t> counts;
    auto r = db_.exec("SELECT venue, count(*) FROM refused_batches GROUP BY venue");
    for (int i = 0; i < r.rows(); ++i) counts[r.text(i, 0)] = r.integer(i, 1);
    return counts;
}

std::vector<refused_batch> venue_chains::refusals() {
    std::vector<refused_batch> all;
    auto r = db_.exec("SELECT venue, epoch, to_char(received_at AT TIME ZONE 'UTC', "
                      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), source, reason FROM refused_batches "
                      "ORDER BY id");
    for (int i = 0; i < r.rows(); ++i)
        all.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)});
    return all;
}

chain_verdict venue_chains::verify(std::string const& venue, std::string const& epoch) {
    chain_verdict verdict;
    auto head = db_.exec("SELECT head_seq FROM venue_chains WHERE venue = $1 AND epoch = $2",
                         {venue, epoch});
    if (head.rows() == 0) {
        verdict.reason = "no chain for venue " + venue + " epoch " + epoch;
        return verdict;
    }
    auto r = db_.exec("SELECT seq, at, actor, action, subject, detail, prev_hash, hash "
                      "FROM outbox_entries WHERE venue = $1 AND epoch = $2 ORDER BY seq",
                      {venue, epoch});
    std::string prev = core::chain_genesis;
    for (int i = 0; i < r.rows(); ++i) {
        core::chain_entry e{r.integer(i, 0), r.integer(i, 1), r.text(i, 2), r.text(i, 3),
                            r.text(i, 4),    r.text(i, 5),    r.text(i, 6), r.text(i, 7)};
        auto fail = [&](std::string why) {
            verdict.reason = "entry " + std::to_string(e.seq) + ": " + std::move(why);
            return verdict;
        };
        if (e.seq != i + 1) {
            verdict.reason = "entry " + std::to_string(i + 1) + " is missing";
            return verdict;
        }
        if (e.prev_hash != prev) return fail("it does not follow the entry before it");
        if (core::chain_entry_hash(e) != e.hash)
            return fail("its content does not match its hash (changed at the centre)");
        prev = e.hash;
        ++verdict.entries;
    }
    if (verdict.entries != head.integer(0, 0))
        verdict.reason = "the head says " + head.text(0, 0) + " entries, the chain has " +
                         std::to_string(verdict.entries);
    return verdict;
}

} // namespace craftmark::store
