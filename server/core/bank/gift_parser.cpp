#include "server/core/bank/gift.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

namespace craftmark::core {
namespace {

// Escaped GIFT control characters are swapped for private-use code points (UTF-8) while the
// structure is parsed, and swapped back in every text field at the end.
constexpr std::string_view controls = "~=#{}:";
std::string placeholder(char c) {
    auto index = static_cast<char>(controls.find(c));
    return std::string("\xEE\x80") + static_cast<char>('\x80' + index);
}
std::string restore(std::string s) {
    for (char c : controls) {
        auto p = placeholder(c);
        for (auto pos = s.find(p); pos != std::string::npos; pos = s.find(p, pos + 1))
            s.replace(pos, p.size(), 1, c);
    }
    auto slash = std::string("\xEE\x80\x90");
    for (auto pos = s.find(slash); pos != std::string::npos; pos = s.find(slash, pos + 1))
        s.replace(pos, slash.size(), 1, '\\');
    return s;
}

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

/// Follows the unescaped braces of a question's lines, to tell when its answers have closed.
struct brace_state {
    int depth = 0;
    bool answers_closed = false;

    void read(std::string_view line) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\\')
                ++i;
            else if (line[i] == '{')
                ++depth;
            else if (line[i] == '}' && depth > 0 && --depth == 0)
                answers_closed = true;
        }
    }
    /// A line that cannot continue a question whose answers have closed: a title, or a new
    /// answer set. Moodle would merge it into the question before; the file meant a new one.
    bool starts_new_question(std::string_view line) const {
        if (!answers_closed || depth > 0) return false;
        if (starts_with(line, "::")) return true;
        brace_state next;
        next.read(line);
        return next.depth > 0 || next.answers_closed;
    }
};

struct block {
    int line = 0;
    brace_state braces;
    std::vector<std::string> lines;
    std::string id;
    std::vector<std::string> tags;
    bool shuffle = true; // "[shuffle:no]": the choices keep their order ("all of the above")
};

struct parser {
    std::string file;
    std::string prefix;
    bank_import out;
    std::vector<std::string> category;
    int count = 0;

    void warn(int line, std::string m) {
        out.diagnostics.push_back({line, "warning", std::move(m)});
    }
    void error(int line, std::string m) {
        out.diagnostics.push_back({line, "error", std::move(m)});
    }

    std::string unescape(std::string const& s, int line) {
        std::string r;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] != '\\' || i + 1 == s.size()) {
                r += s[i];
                continue;
            }
            char next = s[i + 1];
            if (next == '\\') {
                r += "\xEE\x80\x90";
                ++i;
            } else if (controls.find(next) != std::string_view::npos) {
                r += placeholder(next);
                ++i;
            } else if (next == 'n') {
                if (s.compare(i, 4, "\\neq") == 0 || s.compare(i, 6, "\\nabla") == 0 ||
                    s.compare(i, 3, "\\nu") == 0)
                    warn(line, "\\n in a LaTeX command becomes a new line; write \\\\n");
                r += '\n';
                ++i;
            } else {
                r += '\\'; // any other \x stays as written, so LaTeX \( \) survives
            }
        }
        return r;
    }

    // Splits "[html]text" into format and text.
    static std::pair<std::string, std::string> format_of(std::string const& s,
                                                         std::string fallback) {
        for (std::string f : {"html", "moodle", "plain", "markdown"})
            if (starts_with(s, "[" + f + "]")) return {f, s.substr(f.size() + 2)};
        return {std::move(fallback), s};
    }

    // "%50%rest" -> (0.5, "rest"); no weight -> nullopt.
    std::optional<double> weight(std::string& s, int line) {
        if (s.empty() || s[0] != '%') return std::nullopt;
        auto end = s.find('%', 1);
        if (end == std::string::npos) return std::nullopt;
        double value = 0;
        auto number = s.substr(1, end - 1);
        auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (ec != std::errc() || ptr != number.data() + number.size()) {
            warn(line, "\"%" + number + "%\" is not a weight; kept as answer text");
            return std::nullopt;
        }
        if (std::abs(value) > 100) warn(line, "weight " + number + "% is outside -100..100");
        s = trim(s.substr(end + 1));
        return value / 100.0;
    }

    // "text#feedback" -> text, feedback.
    static std::pair<std::string, std::string> feedback_of(std::string const& s) {
        auto hash = s.find('#');
        if (hash == std::string::npos) return {trim(s), {}};
        return {trim(s.substr(0, hash)), trim(s.substr(hash + 1))};
    }

    void add_block(block& b);
    void parse_question(block& b, std::string text);
    bool parse_answers(item& it, std::string const& answers, int line);
    bool parse_choices(item& it, std::string const& answers, int line);
    bool parse_numerical(item& it, std::string const& answers, int line);
    bool parse_matching(item& it, std::string const& answers, int line);
    bool parse_short(item& it, std::string const& answers, int line);
};

std::vector<std::string> category_path(std::string path) {
    std::vector<std::string> parts;
    std::string current;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '/' && i + 1 < path.size() && path[i + 1] == '/') {
            current += '/'; // "//" is an escaped slash
            ++i;
        } else if (path[i] == '/') {
            parts.push_back(trim(current));
            current.clear();
        } else {
            current += path[i];
        }
    }
    parts.push_back(trim(current));
    std::erase_if(parts, [](std::string const& p) { return p.empty(); });
    if (!parts.empty() && parts.front().size() > 1 && parts.front().front() == '$' &&
        parts.front().back() == '$')
        parts.erase(parts.begin());
    if (!parts.empty() && parts.front() == "top") parts.erase(parts.begin());
    return parts;
}

void parser::add_block(block& b) {
    if (b.lines.empty()) return;
    if (starts_with(b.lines.front(), "$CATEGORY:")) {
        category = category_path(trim(b.lines.front().substr(10)));
        if (b.lines.size() == 1) return;
        warn(b.line, "$CATEGORY: should be followed by a blank line (Moodle would read the next "
                     "question into the category name)");
        b.lines.erase(b.lines.begin());
        ++b.line;
    }
    std::string text;
    for (auto const& l : b.lines) text += (text.empty() ? "" : "\n") + l;
    parse_question(b, unescape(trim(text), b.line));
}

void parser::parse_question(block& b, std::string text) {
    item it;
    ++count;
    it.id = b.id.empty() ? prefix + "-" + std::to_string(count) : b.id;
    it.category = category;
    it.tags = b.tags;
    it.shuffle = b.shuffle;
    it.origin = item_origin{"gift", file, b.line, {}};
    for (auto const& l : b.lines) it.origin->raw += (it.origin->raw.empty() ? "" : "\n") + l;

    if (starts_with(text, "::")) {
        auto end = text.find("::", 2);
        if (end == std::string::npos) {
            warn(b.line, "title has no closing \"::\"; kept as question text");
        } else {
            it.title = trim(text.substr(2, end - 2));
            text = trim(text.substr(end + 2));
        }
    }
    auto open = text.find('{');
    auto close = text.find('}');
    if (open == std::string::npos && close == std::string::npos) {
        it.type = item_type::description;
        it.points = 0;
        std::tie(it.stem_format, it.stem) = format_of(text, "moodle");
    } else if (open == std::string::npos || close == std::string::npos || close < open) {
        error(b.line, "unbalanced { } in the question; question skipped");
        return;
    } else {
        if (text.find('{', close) != std::string::npos)
            warn(b.line, "only the first {...} holds answers; later braces are kept as text");
        auto before = text.substr(0, open);
        auto after = trim(text.substr(close + 1));
        auto stem = after.empty() ? trim(before) : trim(trim(before) + " _____ " + after);
        std::tie(it.stem_format, it.stem) = format_of(stem, "moodle");
        auto answers = text.substr(open + 1, close - open - 1);
        if (auto general = answers.rfind("####"); general != std::string::npos) {
            it.general_feedback = restore(trim(answers.substr(general + 4)));
            answers = answers.substr(0, general);
        }
        if (!parse_answers(it, trim(answers), b.line)) return;
    }
    it.title = restore(it.title);
    it.stem = restore(it.stem);
    if (it.title.empty() && it.stem.empty()) {
        error(b.line, "question has no text; skipped");
        return;
    }
    for (auto const& p : validate(it)) warn(b.line, p);
    out.items.push_back(std::move(it));
}

bool parser::parse_answers(item& it, std::string const& answers, int line) {
    if (answers.empty()) {
        it.type = item_type::essay;
        return true;
    }
    if (answers[0] == '#') return parse_numerical(it, trim(answers.substr(1)), line);
    if (answers.find('~') != std::string::npos) return parse_choices(it, answers, line);
    if (answers.find('=') != std::string::npos && answers.find("->") != std::string::npos)
        return parse_matching(it, answers, line);
    auto head = trim(answers.substr(0, answers.find('#')));
    if (head == "T" || head == "TRUE" || head == "F" || head == "FALSE") {
        it.type = item_type::true_false;
        it.correct = head[0] == 'T';
        return true;
    }
    return parse_short(it, answers, line);
}

bool parser::parse_choices(item& it, std::string const& answers, int line) {
    bool has_equals = answers.find('=') != std::string::npos;
    it.type = has_equals ? item_type::single_choice : item_type::multiple_choice;
    it.scoring = credit::partial;
    std::string marked; // Moodle's trick: every "=" also starts an answer
    for (char c : answers) marked += c == '=' ? std::string("~=") : std::string(1, c);
    std::size_t start = 0;
    for (;;) {
        auto next = marked.find('~', start);
        auto part = trim(marked.substr(start, next == std::string::npos ? next : next - start));
        if (!part.empty()) {
            bool right = part[0] == '=';
            if (right) part = trim(part.substr(1));
            double fraction = right ? 1.0 : weight(part, line).value_or(0.0);
            auto [text, feedback] = feedback_of(part);
            auto id = std::string(
                1, static_cast<char>('A' + std::min<std::size_t>(it.choices.size(), 25)));
            if (it.choices.size() >= 26) id = "C" + std::to_string(it.choices.size() + 1);
            it.choices.push_back(
                {id, restore(format_of(text, it.stem_format).second), fraction, restore(feedback)});
        }
        if (next == std::string::npos) break;
        start = next + 1;
    }
    if (it.type == item_type::multiple_choice &&
        std::count_if(it.choices.begin(), it.choices.end(),
                      [](auto& c) { return c.fraction > 0; }) == 1 &&
        std::any_of(it.choices.begin(), it.choices.end(), [](auto& c) { return c.fraction >= 1; }))
        warn(line, "no \"=\" answer, so this is a multiple-response item although one answer has "
                   "100%; write \"=\" for a single-choice item");
    return true;
}

std::optional<numeric_answer> numeric_value(std::string s) {
    auto parse = [](std::string const& t, double& v) {
        auto x = trim(t);
        auto [p, ec] = std::from_chars(x.data(), x.data() + x.size(), v);
        return ec == std::errc() && p == x.data() + x.size() && !x.empty();
    };
    numeric_answer n;
    if (auto dots = s.find(".."); dots != std::string::npos) {
        if (!parse(s.substr(0, dots), n.min) || !parse(s.substr(dots + 2), n.max))
            return std::nullopt;
    } else if (auto colon = s.find(':'); colon != std::string::npos) {
        double value = 0, tolerance = 0;
        if (!parse(s.substr(0, colon), value) || !parse(s.substr(colon + 1), tolerance))
            return std::nullopt;
        n.min = value - std::abs(tolerance);
        n.max = value + std::abs(tolerance);
    } else {
        double value = 0;
        if (!parse(s, value)) return std::nullopt;
        n.min = n.max = value;
    }
    return n;
}

bool parser::parse_numerical(item& it, std::string const& answers, int line) {
    it.type = item_type::numerical;
    auto add = [&](std::string part, double fraction) {
        auto [text, feedback] = feedback_of(part);
        auto value = numeric_value(text);
        if (!value) {
            warn(line, "\"" + restore(text) +
                           "\" is not a number; answer ignored (Moodle would "
                           "accept any answer here)");
            return;
        }
        value->fraction = fraction;
        value->feedback = restore(feedback);
        it.numeric.push_back(*value);
    };
    if (answers.find('=') == std::string::npos) {
        add(answers.substr(0, answers.find('~')), 1.0);
    } else {
        auto body = answers.substr(0, answers.find('~')); // after "~" is the catch-all wrong answer
        std::size_t start = body.find('=');
        while (start != std::string::npos) {
            auto next = body.find('=', start + 1);
            auto part =
                trim(body.substr(start + 1, next == std::string::npos ? next : next - start - 1));
            auto fraction = weight(part, line).value_or(1.0);
            add(part, fraction);
            start = next;
        }
    }
    if (it.numeric.empty()) {
        error(line, "numerical question without a usable answer; skipped");
        return false;
    }
    return true;
}

bool parser::parse_matching(item& it, std::string const& answers, int line) {
    it.type = item_type::matching;
    it.scoring = credit::partial;
    std::size_t start = answers.find('=');
    while (start != std::string::npos) {
        auto next = answers.find('=', start + 1);
        auto part = answers.substr(start + 1, next == std::string::npos ? next : next - start - 1);
        auto arrow = part.find("->");
        if (arrow == std::string::npos) {
            warn(line, "matching answer without \"->\" ignored");
        } else {
            auto premise = restore(format_of(trim(part.substr(0, arrow)), it.stem_format).second);
            auto response = restore(trim(part.substr(arrow + 2)));
            if (premise.empty())
                it.distractors.push_back(response);
            else
                it.pairs.push_back({premise, response});
        }
        start = next;
    }
    return true;
}

bool parser::parse_short(item& it, std::string const& answers, int line) {
    it.type = item_type::short_answer;
    // Like Moodle: split on "=", and a first segment before any "=" is an answer too ({One}).
    std::size_t start = 0;
    for (;;) {
        auto next = answers.find('=', start);
        auto part = trim(answers.substr(start, next == std::string::npos ? next : next - start));
        if (!part.empty()) {
            auto fraction = weight(part, line).value_or(1.0);
            auto [text, feedback] = feedback_of(part);
            it.answers.push_back(
                {restore(format_of(text, it.stem_format).second), fraction, restore(feedback)});
        }
        if (next == std::string::npos) break;
        start = next + 1;
    }
    return true;
}

// Reads "[id:x]", "[tag:y]" and "[shuffle:no]" from a comment line (Craftmark's own metadata,
// written as Moodle writes "[id:…]" and "[tag:…]", so other GIFT readers skip it as a comment).
void read_comment_metadata(std::string const& comment, block& b) {
    auto read = [&](std::string const& key, auto on_value) {
        for (auto pos = comment.find("[" + key + ":"); pos != std::string::npos;
             pos = comment.find("[" + key + ":", pos + 1)) {
            std::string value;
            std::size_t i = pos + key.size() + 2;
            for (; i < comment.size() && comment[i] != ']'; ++i) {
                if (comment[i] == '\\' && i + 1 < comment.size() && comment[i + 1] == ']') ++i;
                value += comment[i];
            }
            if (i < comment.size()) on_value(trim(value));
        }
    };
    read("id", [&](std::string v) {
        if (b.id.empty()) b.id = std::move(v);
    });
    read("tag", [&](std::string v) { b.tags.push_back(std::move(v)); });
    read("shuffle", [&](std::string v) { b.shuffle = v != "no"; });
}

} // namespace

bank_import
parse_gift(std::string_view text, std::string const& file_name, std::string const& id_prefix) {
    parser p{file_name, id_prefix, {}, {}, 0};
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    bool cr_only =
        text.find('\n') == std::string_view::npos && text.find('\r') != std::string_view::npos;
    char separator = cr_only ? '\r' : '\n';
    block current;
    int line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(separator, start);
        auto raw = text.substr(start, end == std::string_view::npos ? end : end - start);
        ++line_number;
        auto line = trim(raw);
        if (line.empty()) {
            p.add_block(current);
            current = block{};
        } else if (starts_with(line, "//")) {
            read_comment_metadata(line, current);
        } else {
            if (current.braces.starts_new_question(line)) {
                p.warn(line_number, "no blank line before this question; read as a new question "
                                    "(GIFT separates questions with a blank line)");
                p.add_block(current);
                current = block{};
            }
            if (current.lines.empty()) current.line = line_number;
            current.braces.read(line);
            current.lines.push_back(line);
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    p.add_block(current);
    return std::move(p.out);
}

} // namespace craftmark::core
