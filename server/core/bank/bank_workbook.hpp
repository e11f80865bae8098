#pragma once
// A question bank as a worksheet, one row per item, the way Chinese bank authors keep them in
// Excel (question-banks/templates/bank-template.xlsx):
//
//   题型 Type | 题干 Stem | 选项A Option A … 选项F Option F | 答案 Answer | 分值 Points |
//   难度 Difficulty | 知识点 Knowledge point | 解析 Explanation | …
//
// A heading is recognised by its Chinese or its English words, in any column order. The answer
// is written as authors write it: option letters (B, ACD), 对/错, fill-in alternatives
// (欧姆|Ω), numbers with a tolerance (230±5) or a range (220..240); a matching item's pairs are
// its option cells ("电压 -> 伏特", a distractor "-> 瓦特"); an essay's 评分要点 Rubric cell
// holds one key point a line ("停电、验电 (2)") or the rubric's JSON.
#include "server/core/bank/bank.hpp"
#include "server/core/bank/bank_import.hpp"
#include "shared/sheet/table.hpp"

#include <string>
#include <vector>

namespace craftmark::core {

/// Whether the table's first row is the template's heading (type, stem and answer at least).
bool is_bank_table(sheet::table const& table);

/// Reads the rows after the heading. A row with an error is left out and reported with its row
/// number and column ("row 14, 答案 Answer: 'E' is not an option of this single-choice item");
/// items without an id get `<id_prefix>-<row>`.
bank_import read_bank_table(sheet::table const& table,
                            std::string const& file_name,
                            std::string const& id_prefix);

/// The bank as the template's sheet, named by the bank's id. What the workbook cannot carry
/// (an option's feedback, unequal weights, a case-sensitive answer …) is listed in `not_kept`,
/// one sentence per item and property.
sheet::table bank_table(bank const& b, std::vector<std::string>& not_kept);

} // namespace craftmark::core
