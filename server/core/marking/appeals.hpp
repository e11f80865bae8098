#pragma once
// The rules of appeals and re-checks against practical marking. The store applies them inside
// its transactions; they see no database, so the marking room's tests drive them directly.
#include "server/core/records.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// Why an appeal cannot be opened, or empty. An appeal needs a reason, at most one is open per
/// candidate, and it follows the chief examiner's lock: the candidate's practical result
/// (`result`, with its tasks) must exist.
std::string appeal_refusal(std::string const& ticket,
                           std::string const& sitting_id,
                           std::string const& reason,
                           std::optional<std::int64_t> open_appeal,
                           nlohmann::json const& result);

/// The works of the second marking: each task's latest work again as the next round, under a
/// new code (examiners know works by code only), with the automatic check carried over: it is
/// objective, and its failures stay visible to the second examiners. In the order of `latest`.
std::vector<work_record> second_marking(std::vector<work_record> const& latest);

/// The appeal's outcome, "changed" or "unchanged", comparing the totals of the result before
/// the appeal and after its second marking; nullopt while the second marking is not locked
/// (`after` null).
std::optional<std::string> appeal_outcome(nlohmann::json const& before,
                                          nlohmann::json const& after);

/// A work's entries as they count now: the latest entry of each aspect by anyone, and the
/// checker's and the examiners' own.
struct work_entries {
    std::map<std::string, nlohmann::json> effective, by_checker, by_examiners;
    /// Adds one entry, in the order they were entered.
    void add(std::string const& aspect, std::string const& judge, nlohmann::json const& entry);
};

/// A re-check's difference: the entries of the aspects the checker measures, before and after
/// the checker's entries are replaced by `measured` (an aspect it no longer measures falls back
/// to the examiners' entry, or to none).
std::pair<nlohmann::json, nlohmann::json>
recheck_difference(work_entries const& now, std::map<std::string, nlohmann::json> const& measured);

} // namespace craftmark::core
