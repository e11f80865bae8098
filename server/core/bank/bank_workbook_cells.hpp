#pragma once
// How a bank worksheet's cells write what they hold, both ways: numbers and their intervals
// ("230±5", "220..240"), lists with ASCII or full-width separators, matching pairs ("电压 ->
// 伏特") and an essay's key points, one a line ("停电、验电 (2)").
#include "server/core/bank/item.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core::cells {

/// A finite number written as the whole cell (spaces aside), or nothing.
std::optional<double> number_in(std::string_view text);

/// "230", "230±5", "220..240" (also with ～ or ~ between the ends): the accepted interval.
std::optional<numeric_answer> numeric_in(std::string const& text);

/// The shortest text that reads back as `value` ("230", "0.5").
std::string number_text(double value);

/// Splits on any of the separators (ASCII or full-width), trimming and dropping empty parts.
std::vector<std::string> split(std::string const& text, std::string_view separators);

/// The parts with `separator` between them: split's inverse for the export.
std::string join(std::vector<std::string> const& parts, std::string_view separator);

/// "电压 -> 伏特" (or →): a matching pair; an empty premise makes a distractor.
std::optional<match_pair> pair_in(std::string const& cell);

/// One key point a line, worth the number at its end: "停电、验电 (2)", "验电（1分）", "接地 2分".
std::optional<nlohmann::json> rubric_lines(std::string const& cell, std::string& problem);

/// The lines form of a rubric when it is one (every aspect a key point given or not), else "".
std::string rubric_as_lines(nlohmann::json const& rubric);

} // namespace craftmark::core::cells
