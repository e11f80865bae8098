#pragma once
// The ids one candidate sees for an item's choices, premises and responses. A bank's own ids
// ("A", "B", … with the key often first) and the matching pairs' order ("p1"↔"r1") would give
// the key away, so each attempt shows short opaque tokens instead and the server maps them back
// when an answer is saved. The tokens come from the attempt's recorded seed, so a paper shows the
// same ids after a reconnect or a server restart without storing them.
#include "server/core/bank/item.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// One item's ids for one attempt. Distinct within the item; unrelated to the bank's ids.
struct candidate_ids {
    std::vector<std::string> options;  // choices or matching responses, in the item's own order
    std::vector<std::string> premises; // matching: one per pair, in the item's order

    /// The position of `id` among `options` (or `premises`), or nullopt if it is not there.
    std::optional<std::size_t> option_index(std::string_view id) const;
    std::optional<std::size_t> premise_index(std::string_view id) const;
};

/// The ids `seed` (an attempt's secret paper seed) gives item `item_id` with `options` options
/// and `premises` premises. A keyed hash of the seed: knowing ids shown on one paper tells
/// nothing about which is the key, nor about the ids on another.
candidate_ids draw_candidate_ids(std::uint64_t seed,
                                 std::string_view item_id,
                                 std::size_t options,
                                 std::size_t premises);

/// The same, sized for `it` as the candidate view shows it.
candidate_ids draw_candidate_ids(std::uint64_t seed, item const& it);

/// A stored response (the bank's ids) as the candidate sees it (the attempt's ids).
nlohmann::json
to_candidate_response(item const& it, candidate_ids const& ids, nlohmann::json const& stored);

/// A candidate's response (the attempt's ids) in the bank's ids, ready to store and score; null
/// when it names an option, premise or response that is not on the item, or one twice (as a
/// choice, or as a response more often than the item's pairs use it). `response` must already
/// have the item type's shape (`response_fits`).
std::optional<nlohmann::json>
from_candidate_response(item const& it, candidate_ids const& ids, nlohmann::json const& response);

} // namespace craftmark::core
