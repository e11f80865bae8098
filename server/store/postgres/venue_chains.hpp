#pragma once
// The centre's copy of every venue's outbox (core/centre/outbox_chain.hpp) on PostgreSQL: the
// venues it trusts, each venue database's chain with its head, the entries, and the batches it
// refused. One batch is one transaction, serialised per chain by a row lock on its head, so two
// uploads of the same venue at once cannot both extend it.
#include "server/core/centre/outbox_chain.hpp"
#include "server/store/postgres/pg.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::store {

struct organisation_row {
    std::string id, name;
    std::string kind; // bureau | school | enterprise | park
};

struct venue_row {
    std::string id, name, organisation;
    std::string certificate; // PEM: the venue's certificate, issued by the centre
};

/// What the centre did with one batch, as the venue is told.
struct ingest_report {
    std::int64_t received = 0, applied = 0, duplicates = 0;
    std::int64_t acknowledged = 0;            // the chain's head: send the entries after it
    std::optional<std::int64_t> missing_from; // the batch skipped entries from here
    std::string refusal;                      // the batch was refused as a whole (and logged)
};

struct chain_status {
    std::string venue, epoch;
    std::int64_t head_seq = 0;
    std::string last_received; // ISO 8601, "" before the first entry
};

struct chain_verdict {
    std::int64_t entries = 0;
    std::string reason; // "" when the chain verifies from its first entry to its head
};

struct refused_batch {
    std::string venue, epoch, received_at, source, reason;
};

class venue_chains {
  public:
    explicit venue_chains(pg::connection& db) : db_(db) {}

    /// Refuses (std::invalid_argument) an id that exists or a kind that is not one of the four.
    void add_organisation(organisation_row const& o);
    std::vector<organisation_row> organisations();

    /// Refuses (std::invalid_argument) a venue id that exists, or an organisation that does not.
    void add_venue(venue_row const& v);
    std::optional<venue_row> venue(std::string const& id);
    std::vector<venue_row> venues();

    /// Applies the entries that continue `venue`'s chain for `epoch` and reports the head. A
    /// refused batch changes nothing but the log of refusals. `source` says how it came
    /// ("file seg.json", "upload from 10.0.0.7").
    ingest_report ingest(std::string const& venue,
                         std::string const& epoch,
                         std::vector<core::chain_entry> entries,
                         std::string const& source);
    /// Logs a batch refused before its entries could be read (a bad signature, a wrong venue).
    void log_refusal(std::string const& venue,
                     std::string const& epoch,
                     std::string const& source,
                     std::string const& reason);

    std::vector<chain_status> chains();
    /// How many entries of each kind ("answer.save", "attempt.close", …) a chain holds after
    /// seq `after` (read by its primary key, so a live view can follow a long chain cheaply).
    std::map<std::string, std::int64_t>
    actions_after(std::string const& venue, std::string const& epoch, std::int64_t after);
    std::vector<refused_batch> refusals();
    /// How many batches each venue had refused (the live view's column).
    std::map<std::string, std::int64_t> refusal_counts();
    /// Walks a chain from its first entry: every link and every hash.
    chain_verdict verify(std::string const& venue, std::string const& epoch);

  private:
    pg::connection& db_;
};

} // namespace craftmark::store
