#pragma once
// The item as a candidate sees it, written as JSON text once per sitting: a paper is then
// assembled from text for each candidate rather than built and printed as a JSON tree (which
// was most of the server's work when ten thousand terminals reconnect and reopen their papers).
#include "server/core/item.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace craftmark::core {

/// The candidate's view of one item: no answer keys, no feedback, no origin. Only the order of
/// its options and its points differ between candidates.
struct item_view_text {
    std::string fixed;                // the members no candidate changes, without braces
    std::string options_key;          // "choices" or "responses"; empty when it has neither
    std::vector<std::string> options; // each option's object, in the item's own order
    bool shuffled = false;            // options in a per-candidate order
    std::uint64_t salt = 0;           // from the item id: each item shuffles differently
};

item_view_text write_candidate_view(item const& it);

/// Appends the item's view as one candidate sees it: options in the order `order_seed` (a
/// per-candidate value) gives, and the points the candidate's paper gives the item.
void append_candidate_view(std::string& out,
                           item_view_text const& view,
                           std::uint64_t order_seed,
                           double points);

} // namespace craftmark::core
