#pragma once
#include "server/core/bank/item.hpp"

#include <nlohmann/json_fwd.hpp>

namespace craftmark::core {

/// Whether `response` has the shape `it`'s type expects (see docs/protocol.md, "Responses").
/// An empty object always fits: it clears the answer.
bool response_fits(item const& it, nlohmann::json const& response);

/// Whether the response holds an answer at all (an empty object or empty text does not).
bool is_answered(nlohmann::json const& response);

struct item_score {
    double points = 0;
    bool needs_marking = false; // essays: scored by an examiner later
};

/// Scores one response to an objective item. Fractions are shares of `it.points`; a negative
/// total is floored at zero, as in a paper exam.
item_score score(item const& it, nlohmann::json const& response);

} // namespace craftmark::core
