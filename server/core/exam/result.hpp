#pragma once
#include "server/core/bank/assessment.hpp"
#include "server/core/records.hpp"

#include <map>

namespace craftmark::core {

/// Scores a closed paper: points per item, per section and in total, and pass/fail against the
/// assessment's pass mark. Essays count as pending until an examiner marks them.
nlohmann::json score_paper(assessment const& a,
                           paper const& p,
                           std::map<std::string, item> const& items,
                           std::map<std::string, answer_record> const& answers);

/// The part of a result that `policy` lets the candidate see; nothing under policy `none` or
/// before there is a result.
std::optional<protocol::exam_result> result_view(nlohmann::json const& result,
                                                 review_policy policy);

} // namespace craftmark::core
