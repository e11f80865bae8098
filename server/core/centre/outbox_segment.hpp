#pragma once
// An outbox segment: a run of one venue's chain, as it travels to the centre — in an upload or
// in a file carried on a USB stick. The same bytes are signed by the venue (a detached CMS
// signature beside them), so the two paths are one format with one check.
//
//   {"format": "craftmark-outbox-segment/1", "venue": "A", "epoch": "…",
//    "entries": [{"seq": 1, "at": …, "actor": …, "action": …, "subject": …,
//                 "detail": "<the JSON text as hashed>", "prev_hash": …, "hash": …}, …]}
#include "server/core/centre/outbox_chain.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

inline constexpr char outbox_segment_format[] = "craftmark-outbox-segment/1";

struct outbox_segment {
    std::string venue, epoch;
    std::vector<chain_entry> entries;
};

std::string segment_text(outbox_segment const& segment);

/// Reads a segment; throws std::invalid_argument naming what is wrong (not JSON, another
/// format, a missing or mistyped field and the entry it is in). Checks the shape only: whether
/// the entries continue a chain is plan_batch's question.
outbox_segment parse_segment(std::string_view text);

/// Venue (and organisation) ids are what the centre's tables accept: letters, digits, '_', '.',
/// '-', at most 64, starting with a letter or digit. Throws std::invalid_argument otherwise,
/// naming it as `what`.
void check_venue_id(std::string const& id, std::string const& what = "venue id");

} // namespace craftmark::core
