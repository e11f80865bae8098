#pragma once
// A venue's outbox as the centre receives it. The outbox is the venue's audit chain: every change
// the venue records is an entry written in the same transaction as the change, carrying the hash
// of the entry before it. The centre keeps each venue's chain, extends it only by entries that
// continue it, and acknowledges the highest entry it holds without a gap; the venue resends
// from there. Delivery is at least once; applying is exactly once.
#include "shared/util/clock.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// One audit entry, as the venue hashed it.
struct chain_entry {
    std::int64_t seq = 0;
    util::millis at = 0;
    std::string actor, action, subject;
    std::string detail; // the JSON text exactly as hashed
    std::string prev_hash, hash;
};

/// The previous-hash of a chain's first entry.
inline constexpr char chain_genesis[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash an entry with these fields must carry (SHA-256, hex): what the venue's audit log
/// writes and `craftmark audit verify` checks.
std::string chain_entry_hash(std::string const& prev_hash,
                             std::int64_t seq,
                             util::millis at,
                             std::string const& actor,
                             std::string const& action,
                             std::string const& subject,
                             std::string const& detail);
std::string chain_entry_hash(chain_entry const& e);

/// Where the centre's copy of one venue's chain ends: its highest entry without a gap.
struct chain_head {
    std::int64_t seq = 0;
    std::string hash = chain_genesis;
};

/// What to do with a batch of a venue's entries, given the head the centre holds and the hashes
/// of the entries the batch repeats.
struct batch_plan {
    std::vector<chain_entry> extend; // continue the chain, in order
    std::int64_t duplicates = 0;     // held already, byte for byte
    /// Set when the batch skips entries: the venue must send from here (entries after the gap
    /// are not kept; they come again).
    std::optional<std::int64_t> missing_from;
    /// Set when the batch is refused as a whole: an entry that does not match its hash, does
    /// not follow the one before it, or differs from the copy held. Nothing of it is applied.
    std::string refusal;
    chain_head head; // the head after extending

    bool refused() const { return !refusal.empty(); }
};

/// The centre's rule for one batch. `entries` may come in any order; `held` maps the seq of
/// each entry the batch repeats (seq ≤ head.seq) to the hash the centre holds for it.
batch_plan plan_batch(chain_head const& head,
                      std::vector<chain_entry> entries,
                      std::map<std::int64_t, std::string> const& held);

} // namespace craftmark::core
