#pragma once
// The item as a candidate sees it, written as JSON text once per sitting: a paper is then
// assembled from text for each candidate rather than built and printed as a JSON tree (which
// was most of the server's work when ten thousand terminals reconnect and reopen their papers).
#include "server/core/bank/item.hpp"
#include "server/core/exam/candidate_ids.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace craftmark::core {

/// The candidate's view of one item: no answer keys, no feedback, no origin. The ids of its
/// options and premises, the order of its options and its points differ between candidates.
struct item_view_text {
    std::string fixed;       // the members no candidate changes, without braces
    std::string options_key; // "choices" or "responses"; empty when it has neither
    // Each option and premise as its object's members after "id", with the closing brace: the
    // candidate's id goes in front. In the item's own order.
    std::vector<std::string> options;
    std::vector<std::string> premises;
    bool shuffled = false; // options in a per-candidate order
};

item_view_text write_candidate_view(item const& it);

/// Appends the item's view as one candidate sees it: with the ids `ids` gives it, its options
/// in the order those ids give (when the item shuffles), and the points the candidate's paper
/// gives the item.
void append_candidate_view(std::string& out,
                           item_view_text const& view,
                           candidate_ids const& ids,
                           double points);

} // namespace craftmark::core
