#include "server/core/bank/text_layout.hpp"

#include "server/core/bank/chinese_words.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace craftmark::core {
namespace {

// The layout is read line by line with a cursor that sees full-width forms as ASCII (the
// layout's authors type either), so that a line's syntax is recognised while its text is kept
// as written. Hand-written because no library reads this layout; std::regex would see UTF-8
// bytes, not characters.

/// 一、单项选择题: the type of the items that follow.
std::optional<item_type> section_heading(std::string_view line) {
    cursor c{line};
    c.skip_space();
    int numerals = 0;
    while (true) {
        bool any = false;
        for (std::string_view n : {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"})
            if (c.eat_word(n)) any = true;
        if (!any) break;
        ++numerals;
    }
    if (numerals == 0 || !c.eat_any(",.")) return std::nullopt;
    c.skip_space();
    return eat_type_word(c);
}

struct item_start {
    std::optional<item_type> marked;
    std::string stem;
};

/// 12、[单选]stem… (or 12. / 12．/ 12) and 【多选】/ (判断)); nullopt for any other line.
std::optional<item_start> numbered_item(std::string_view line) {
    cursor c{line};
    c.skip_space();
    int digits = 0;
    while (c.peek() >= '0' && c.peek() <= '9') {
        c.next();
        ++digits;
    }
    if (digits == 0 || digits > 5) return std::nullopt;
    c.skip_space();
    if (!c.eat_any(",.)")) return std::nullopt;
    if (c.peek() >= '0' && c.peek() <= '9') return std::nullopt; // 2.5 V is not item 2
    c.skip_space();
    item_start start;
    auto before_marker = c.at;
    if (c.eat_any("[(")) {
        c.skip_space();
        start.marked = eat_type_word(c);
        c.skip_space();
        if (!start.marked || !c.eat_any("])")) {
            start.marked.reset();
            c.at = before_marker; // a stem that starts with a bracket
        }
    }
    start.stem = c.rest();
    return start;
}

/// Option letters after one "A." at the start of `line`: several options may share a line
/// (A．伏特   B．安培), each letter the next in order after space.
std::vector<std::pair<char, std::string>> options_on(std::string_view line) {
    std::vector<std::pair<char, std::string>> found;
    cursor c{line};
    c.skip_space();
    char letter = c.peek();
    if (letter < 'A' || letter > 'H') return found;
    c.next();
    c.skip_space();
    if (!c.eat_any(".,:)")) return found;
    auto text_start = c.at;
    for (char expected = static_cast<char>(letter + 1);;) {
        // The next option begins after white space with the next letter and its mark.
        std::size_t split = std::string_view::npos, resume = 0;
        cursor scan{line, text_start};
        bool after_space = false;
        while (!scan.done()) {
            if (after_space && expected <= 'H' && scan.peek() == expected) {
                cursor mark = scan;
                mark.next();
                mark.skip_space();
                if (mark.eat_any(".,:)")) {
                    split = scan.at;
                    resume = mark.at;
                    break;
                }
            }
            after_space = scan.peek() == ' ' || scan.peek() == '\t';
            scan.next();
        }
        found.emplace_back(letter, trimmed(line.substr(text_start, split - text_start)));
        if (split == std::string_view::npos) break;
        letter = expected++;
        text_start = resume;
    }
    return found;
}

enum class field { answer, explanation, difficulty, knowledge_point, points };

constexpr std::pair<std::string_view, field> field_labels[] = {
    {"正确答案", field::answer},      {"参考答案", field::answer},
    {"标准答案", field::answer},      {"答案解析", field::explanation},
    {"答案", field::answer},          {"解析", field::explanation},
    {"难度", field::difficulty},      {"知识点", field::knowledge_point},
    {"考点", field::knowledge_point}, {"分值", field::points},
    {"分数", field::points},
};

/// A label and its colon at the cursor: 答案： 难度: …
std::optional<field> eat_label(cursor& c) {
    auto start = c.at;
    for (auto const& [label, which] : field_labels) {
        if (!c.eat_word(label)) continue;
        c.skip_space();
        if (c.eat(':')) return which;
        c.at = start;
    }
    return std::nullopt;
}

/// The fields on a line (答案：B    难度：易): nothing when the line does not start with one.
std::vector<std::pair<field, std::string>> fields_on(std::string_view line) {
    std::vector<std::pair<field, std::string>> found;
    cursor c{line};
    c.skip_space();
    auto which = eat_label(c);
    while (which) {
        auto value_start = c.at;
        std::optional<field> following;
        std::size_t value_end = line.size();
        bool after_space = false;
        while (!c.done()) {
            if (after_space) {
                auto here = c.at;
                if ((following = eat_label(c))) {
                    value_end = here;
                    break;
                }
            }
            after_space = c.peek() == ' ' || c.peek() == '\t';
            c.next();
        }
        found.emplace_back(*which, trimmed(line.substr(value_start, value_end - value_start)));
        which = following;
    }
    return found;
}

struct draft {
    int line = 0;
    std::optional<item_type> type;
    bool type_guessed = false;
    std::string stem;
    std::vector<std::pair<char, std::string>> options;
    std::optional<std::string> answer;
    int answer_line = 0;
    std::string explanation, difficulty, knowledge_point, points;
    int points_line = 0, difficulty_line = 0;
    std::string* continued = nullptr; // where a line that is nothing else belongs
};

struct reader {
    std::string file, prefix;
    bank_import out;
    std::optional<item_type> section;
    int count = 0;

    void warn(int line, std::string m) {
        out.diagnostics.push_back({line, "warning", std::move(m)});
    }
    void error(int line, std::string m) {
        out.diagnostics.push_back({line, "error", std::move(m)});
    }

    /// The item a draft describes, or nothing (with an error) when it cannot be used.
    void finish(draft& d) {
        if (d.stem.empty()) return error(d.line, "an item without a question (题干)");
        if (!d.type) {
            d.type_guessed = true;
            auto letters = d.answer ? answer_letters(*d.answer) : std::nullopt;
            d.type = !d.options.empty()
                         ? (letters && letters->size() > 1 ? item_type::multiple_choice
                                                           : item_type::single_choice)
                     : d.answer && true_or_false(*d.answer) ? item_type::true_false
                     : d.answer                             ? item_type::short_answer
                                                            : item_type::essay;
        }
        item it;
        it.type = *d.type;
        it.stem = d.stem;
        it.knowledge_point = d.knowledge_point;
        it.general_feedback = d.explanation;
        it.origin = item_origin{"text", file, d.line, {}};
        auto kind = std::string(type_label(it.type));
        int answer_line = d.answer_line ? d.answer_line : d.line;
        if (it.type != item_type::essay && !d.answer) {
            return error(d.line, "a " + kind + " item without an answer (答案)");
        }
        switch (it.type) {
        case item_type::single_choice:
        case item_type::multiple_choice: {
            if (d.options.size() < 2) {
                return error(d.line, "a " + kind + " item needs at least two options (A. B. …)");
            }
            std::set<char> seen;
            for (auto const& option : d.options)
                if (!seen.insert(option.first).second)
                    return error(d.line, std::string("option ") + option.first +
                                             " appears twice in this item");
            auto letters = answer_letters(*d.answer);
            if (!letters) {
                return error(answer_line, "answer \"" + *d.answer + "\" is not option letters");
            }
            std::set<char> right(letters->begin(), letters->end());
            for (char l : right)
                if (std::none_of(d.options.begin(), d.options.end(),
                                 [l](auto const& o) { return o.first == l; })) {
                    return error(answer_line, std::string("answer ") + l +
                                                  " is not an option of this " + kind + " item");
                }
            if (it.type == item_type::single_choice && right.size() > 1) {
                return error(answer_line, "a single-choice item has one answer, not " + *letters +
                                              " (mark it [多选])");
            }
            for (auto const& [letter, text] : d.options)
                it.choices.push_back(
                    {std::string(1, letter),
                     text,
                     right.count(letter) ? 1.0 / static_cast<double>(right.size()) : 0.0,
                     {}});
            break;
        }
        case item_type::true_false: {
            auto value = true_or_false(*d.answer);
            // A true/false item written as options (A．正确 B．错误) answered by letter.
            if (!value && d.options.size() == 2)
                if (auto letters = answer_letters(*d.answer); letters && letters->size() == 1)
                    for (auto const& [letter, text] : d.options)
                        if (letter == (*letters)[0]) value = true_or_false(text);
            if (!value) {
                return error(answer_line, "answer \"" + *d.answer +
                                              "\" of a true/false item is not 对/错 (√/×)");
            }
            it.correct = *value;
            break;
        }
        case item_type::short_answer:
            for (auto const& a : alternatives(*d.answer)) it.answers.push_back({a, 1, {}});
            if (it.answers.empty()) {
                return error(answer_line, "a fill-in item without an answer (答案)");
            }
            break;
        case item_type::essay:
            // The reference answer is for the examiners and for review after the exam.
            if (d.answer)
                it.general_feedback =
                    "参考答案：" + *d.answer + (d.explanation.empty() ? "" : "\n" + d.explanation);
            break;
        default: break;
        }
        if (!d.difficulty.empty()) {
            if (auto level = difficulty_from_word(d.difficulty))
                it.difficulty = *level;
            else
                warn(d.difficulty_line,
                     "difficulty \"" + d.difficulty + "\" is not 易/中/难: read as medium");
        }
        if (!d.points.empty()) {
            double value = 0;
            auto [end, ec] =
                std::from_chars(d.points.data(), d.points.data() + d.points.size(), value);
            if (ec != std::errc{} || end != d.points.data() + d.points.size() || !(value > 0))
                warn(d.points_line, "分值 \"" + d.points + "\" is not a positive number: 1 point");
            else
                it.points = value;
        }
        if (d.type_guessed)
            warn(d.line, "no type marker: read as " + kind +
                             " (mark it [单选] [多选] [判断] "
                             "[填空] or [简答])");
        it.id = prefix + "-" + std::to_string(++count);
        out.items.push_back(std::move(it));
    }

    void read(std::string_view text) {
        std::optional<draft> current;
        int number = 0;
        for (std::size_t at = 0; at <= text.size();) {
            auto end = text.find('\n', at);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(at, end - at);
            at = end + 1;
            ++number;
            if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
            if (trimmed(line).empty()) continue;
            if (auto type = section_heading(line)) {
                if (current) finish(*current);
                current.reset();
                section = type;
                continue;
            }
            if (auto start = numbered_item(line)) {
                if (current) finish(*current);
                current = draft{};
                current->continued = &current->stem;
                current->line = number;
                current->type = start->marked ? start->marked : section;
                current->stem = start->stem;
                continue;
            }
            if (!current) {
                warn(number, "not part of a question (before the first numbered item): ignored");
                continue;
            }
            if (auto fields = fields_on(line); !fields.empty()) {
                for (auto& [which, value] : fields) {
                    switch (which) {
                    case field::answer:
                        current->answer = value;
                        current->answer_line = number;
                        current->continued = &*current->answer;
                        break;
                    case field::explanation:
                        current->explanation = value;
                        current->continued = &current->explanation;
                        break;
                    case field::difficulty:
                        current->difficulty = value;
                        current->difficulty_line = number;
                        break;
                    case field::knowledge_point: current->knowledge_point = value; break;
                    case field::points:
                        current->points = value;
                        current->points_line = number;
                        break;
                    }
                }
                continue;
            }
            if (auto options = options_on(line); !options.empty()) {
                for (auto& option : options) current->options.push_back(std::move(option));
                current->continued = &current->options.back().second;
                continue;
            }
            *current->continued += (current->continued->empty() ? "" : "\n") + trimmed(line);
        }
        if (current) finish(*current);
    }
};

} // namespace

bank_import parse_text_layout(std::string_view text,
                              std::string const& file_name,
                              std::string const& id_prefix) {
    reader r{file_name, id_prefix, {}, std::nullopt, 0};
    r.read(text);
    return std::move(r.out);
}

bool looks_like_text_layout(std::string_view text) {
    if (text.find('{') != std::string_view::npos) return false;
    bool numbered = false, answered = false;
    for (std::size_t at = 0; at < text.size() && !(numbered && answered);) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(at, end - at);
        at = end + 1;
        numbered = numbered || numbered_item(line).has_value();
        answered = answered || !fields_on(line).empty();
    }
    return numbered && answered;
}

} // namespace craftmark::core
