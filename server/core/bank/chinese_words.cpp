#include "server/core/bank/chinese_words.hpp"

#include <algorithm>
#include <utility>

namespace craftmark::core {

// Hand-written because no library reads these forms; std::regex would see UTF-8 bytes, not
// characters.

symbol symbol_at(std::string_view line, std::size_t at) {
    auto byte = [&](std::size_t i) {
        return i < line.size() ? static_cast<unsigned char>(line[i]) : 0u;
    };
    unsigned lead = byte(at);
    if (lead < 0x80) return {static_cast<char>(lead), 1};
    unsigned second = byte(at + 1), third = byte(at + 2);
    if (lead == 0xEF && second == 0xBC && third >= 0x81 && third <= 0xBF)
        return {static_cast<char>(0x21 + (third - 0x81)), 3};
    if (lead == 0xEF && second == 0xBD && third >= 0x80 && third <= 0x9E)
        return {static_cast<char>(0x60 + (third - 0x80)), 3};
    if (lead == 0xE3 && second == 0x80) {
        if (third == 0x80) return {' ', 3};
        if (third == 0x81) return {',', 3};
        if (third == 0x90) return {'[', 3};
        if (third == 0x91) return {']', 3};
    }
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return {0, std::min(length, line.size() - at)};
}

/// White space at both ends removed, the ideographic space included.
std::string trimmed(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (symbol_at(text, begin).ascii == ' ' || text[begin] == '\t'))
        begin += symbol_at(text, begin).length;
    while (begin < end) {
        char last = text[end - 1];
        if (last == ' ' || last == '\t' || last == '\r' || last == '\n') {
            --end;
        } else if (end - begin >= 3 && text.substr(end - 3, 3) == "\xE3\x80\x80") {
            end -= 3;
        } else {
            break;
        }
    }
    return std::string(text.substr(begin, end - begin));
}

namespace {

constexpr std::pair<std::string_view, item_type> type_words[] = {
    {"单项选择题", item_type::single_choice},
    {"单项选择", item_type::single_choice},
    {"单选题", item_type::single_choice},
    {"单选", item_type::single_choice},
    {"多项选择题", item_type::multiple_choice},
    {"多项选择", item_type::multiple_choice},
    {"多选题", item_type::multiple_choice},
    {"多选", item_type::multiple_choice},
    {"判断题", item_type::true_false},
    {"判断", item_type::true_false},
    {"填空题", item_type::short_answer},
    {"填空", item_type::short_answer},
    {"简答题", item_type::essay},
    {"简答", item_type::essay},
    {"问答题", item_type::essay},
    {"问答", item_type::essay},
    {"论述题", item_type::essay},
};

} // namespace

std::optional<item_type> eat_type_word(cursor& c) {
    for (auto const& [word, type] : type_words)
        if (c.eat_word(word)) return type;
    return std::nullopt;
}

/// The letters of a choice answer (B, ABD, A、B、D, A,B): nullopt when anything else is in it.
std::optional<std::string> answer_letters(std::string_view text) {
    std::string letters;
    for (cursor c{text}; !c.done(); c.next()) {
        char s = c.peek();
        if (s >= 'A' && s <= 'H')
            letters += s;
        else if (s >= 'a' && s <= 'h')
            letters += static_cast<char>(s - 'a' + 'A');
        else if (s != ' ' && s != ',' && s != '\t' && s != ';')
            return std::nullopt;
    }
    if (letters.empty()) return std::nullopt;
    return letters;
}

std::optional<bool> true_or_false(std::string_view answer) {
    auto text = trimmed(answer);
    for (std::string_view yes :
         {"对", "正确", "√", "✓", "✔", "是", "T", "TRUE", "True", "true", "Y", "Ｔ"})
        if (text == yes) return true;
    for (std::string_view no :
         {"错", "错误", "×", "✗", "✘", "否", "F", "FALSE", "False", "false", "N", "Ｆ", "X", "x"})
        if (text == no) return false;
    return std::nullopt;
}

/// Alternatives of a fill-in answer: 欧姆|Ω, or separated by ；/;.
std::vector<std::string> alternatives(std::string const& answer) {
    std::vector<std::string> out;
    std::string current;
    for (cursor c{answer}; !c.done(); c.next()) {
        char s = c.peek();
        if (s == '|' || s == ';') {
            if (auto t = trimmed(current); !t.empty()) out.push_back(t);
            current.clear();
        } else {
            current += std::string(answer.substr(c.at, symbol_at(answer, c.at).length));
        }
    }
    if (auto t = trimmed(current); !t.empty()) out.push_back(t);
    return out;
}

std::string_view type_label(item_type t) {
    switch (t) {
    case item_type::single_choice: return "single-choice";
    case item_type::multiple_choice: return "multiple-choice";
    case item_type::true_false: return "true/false";
    case item_type::short_answer: return "fill-in";
    case item_type::essay: return "essay";
    default: return "";
    }
}

std::optional<std::string> difficulty_from_word(std::string_view word) {
    static constexpr std::pair<std::string_view, std::string_view> levels[] = {
        {"易", "easy"},   {"容易", "easy"},   {"简单", "easy"},   {"较易", "easy"},
        {"中", "medium"}, {"中等", "medium"}, {"一般", "medium"}, {"难", "hard"},
        {"较难", "hard"}, {"困难", "hard"},   {"easy", "easy"},   {"medium", "medium"},
        {"hard", "hard"}};
    auto text = trimmed(word);
    for (auto const& [w, level] : levels)
        if (w == text) return std::string(level);
    return std::nullopt;
}

} // namespace craftmark::core
