#pragma once
// The words and marks Chinese question-bank authors write, wherever they write them: in the
// text layout and in the cells of a workbook. Full-width letters, digits and punctuation count
// as their ASCII forms (authors type either); text is kept as written.
#include "server/core/bank/item.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// One character as the syntax sees it: U+FF01–FF5E as their ASCII forms, 、 as ',', 【】 as
/// [], the ideographic space as ' '; any other non-ASCII character as 0. `length`: its bytes.
struct symbol {
    char ascii = 0;
    std::size_t length = 1;
};

symbol symbol_at(std::string_view line, std::size_t at);

/// White space at both ends removed, the ideographic space included.
std::string trimmed(std::string_view text);

/// Reads a line symbol by symbol, full-width forms as ASCII.
struct cursor {
    std::string_view line;
    std::size_t at = 0;

    bool done() const { return at >= line.size(); }
    char peek() const { return done() ? '\0' : symbol_at(line, at).ascii; }
    void next() { at += done() ? 0 : symbol_at(line, at).length; }
    bool eat(char c) {
        if (done() || peek() != c) return false;
        next();
        return true;
    }
    bool eat_any(std::string_view choices) {
        for (char c : choices)
            if (eat(c)) return true;
        return false;
    }
    bool eat_word(std::string_view word) {
        if (line.substr(at).substr(0, word.size()) != word) return false;
        at += word.size();
        return true;
    }
    void skip_space() {
        while (!done() && (peek() == ' ' || peek() == '\t')) next();
    }
    std::string rest() const { return trimmed(line.substr(std::min(at, line.size()))); }
};

/// 单选 单项选择题 多选 判断 填空 简答 问答 论述 at the cursor (eaten), or nullopt.
std::optional<item_type> eat_type_word(cursor& c);

/// The letters of a choice answer (B, ABD, A、B、D, A,B): nullopt when anything else is in it.
std::optional<std::string> answer_letters(std::string_view text);

/// 对/错, √/×, 正确/错误, T/F …: nullopt for anything else.
std::optional<bool> true_or_false(std::string_view answer);

/// Alternatives of a fill-in answer: 欧姆|Ω, or separated by ；/;.
std::vector<std::string> alternatives(std::string const& answer);

/// "single-choice", "fill-in", …: the type as messages name it.
std::string_view type_label(item_type t);

/// 易/中/难 (容易, 较难, …, or easy/medium/hard) as easy, medium or hard; nullopt otherwise.
std::optional<std::string> difficulty_from_word(std::string_view word);

} // namespace craftmark::core
