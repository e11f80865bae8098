#pragma once
// Written answers marked by hand (essays) go through the same marking as practical work: each
// essay on a closed paper becomes a work, marked against the item's rubric.
#include "server/core/bank/assessment.hpp"
#include "server/core/marking/marking_scheme.hpp"
#include "server/core/records.hpp"

namespace craftmark::core {

/// The task name a written answer's work carries: "item:" and the item's id.
std::string essay_task(std::string const& item_id);
/// The item id of an essay work's task, or "" for a practical task.
std::string essay_item(std::string const& task);

/// The item's rubric as a marking scheme worth the item's points: its "rubric" aspects, or by
/// default one judgement of the whole answer by two markers. Throws std::invalid_argument when
/// the rubric does not fit (aspects not adding up to the points, a malformed aspect).
marking_scheme rubric_scheme(item const& it);

/// The share of its item's points each locked essay work earned (latest round), by item id.
std::map<std::string, double> marked_shares(std::vector<work_record> const& works);

/// The paper's result with the examiners' marks for its pending items (item id → share of the
/// item's points, 0–1): their points, the sections, the total, the pass and what still waits.
nlohmann::json apply_item_marks(nlohmann::json result,
                                paper const& p,
                                std::map<std::string, double> const& shares,
                                double pass_percent);

} // namespace craftmark::core
