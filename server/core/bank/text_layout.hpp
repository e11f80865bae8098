#pragma once
// The layout Chinese question banks are written in, in Word and then saved as text:
//
//   一、单项选择题
//   1、[单选]电流的单位是（ ）。
//   A．伏特   B．安培
//   C．欧姆   D．瓦特
//   答案：B
//   解析：……        难度：易        知识点：电工基础        分值：2
//
// Numbered items (1、 1. 1．), an optional type marker ([单选] 【多选】 (判断) [填空] [简答], or
// the section heading's type), options A–H (A. A、 A．, several to a line), and the fields
// 答案 (or 正确答案/参考答案), 解析, 难度, 知识点 and 分值. Full-width letters, digits and
// punctuation count as their ASCII forms; blank lines are not needed between items.
#include "server/core/bank/bank_import.hpp"

#include <string>
#include <string_view>

namespace craftmark::core {

/// Reads the layout leniently, reporting each problem with its line: an item with an error is
/// skipped ("line 14: answer E is not an option of this single-choice item"), one with a
/// warning is kept. Items get `<id_prefix>-<n>` ids, n counting the items read from 1.
bank_import parse_text_layout(std::string_view text,
                              std::string const& file_name = {},
                              std::string const& id_prefix = "text");

/// Whether `text` looks like the layout rather than GIFT: numbered items and an answer line,
/// and none of GIFT's braces.
bool looks_like_text_layout(std::string_view text);

} // namespace craftmark::core
