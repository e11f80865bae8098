#include "server/core/bank/bank_workbook.hpp"

#include "server/core/bank/bank_workbook_cells.hpp"
#include "server/core/bank/chinese_words.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace craftmark::core {
namespace {

using nlohmann::json;
using namespace cells;

enum class column {
    id,
    type,
    title,
    stem,
    stem_format,
    answer,
    points,
    difficulty,
    knowledge_point,
    explanation,
    category,
    tags,
    figures,
    rubric,
    scoring,
    shuffle,
    option, // 选项A … 选项H, told apart by their letter
};

struct heading {
    column which;
    std::string_view zh, en;
};

// In the order the template and the export write them; options go after the stem.
constexpr heading headings[] = {
    {column::id, "编号", "ID"},
    {column::type, "题型", "Type"},
    {column::title, "标题", "Title"},
    {column::stem, "题干", "Stem"},
    {column::answer, "答案", "Answer"},
    {column::points, "分值", "Points"},
    {column::difficulty, "难度", "Difficulty"},
    {column::knowledge_point, "知识点", "Knowledge point"},
    {column::explanation, "解析", "Explanation"},
    {column::category, "分类", "Category"},
    {column::tags, "标签", "Tags"},
    {column::figures, "图片", "Figures"},
    {column::rubric, "评分要点", "Rubric"},
    {column::scoring, "计分", "Scoring"},
    {column::shuffle, "选项乱序", "Shuffle"},
    {column::stem_format, "题干格式", "Stem format"},
};
constexpr std::string_view option_letters = "ABCDEFGH";

/// Types as the Type cell names them, besides the text layout's words and the native names.
constexpr std::pair<std::string_view, item_type> more_type_words[] = {
    {"数值", item_type::numerical},   {"数值题", item_type::numerical},
    {"计算", item_type::numerical},   {"计算题", item_type::numerical},
    {"匹配", item_type::matching},    {"匹配题", item_type::matching},
    {"连线", item_type::matching},    {"连线题", item_type::matching},
    {"说明", item_type::description}, {"描述", item_type::description},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

struct place {
    column which;
    char letter = 0; // options
};

/// "答案", "Answer", "答案 Answer", "答案（Answer）": the heading a cell names, if any.
std::optional<place> heading_of(std::string const& cell) {
    auto text = trimmed(cell);
    auto lowered = lower(text);
    // Not "题干格式" for "题干": after the Chinese words, the end, a space or a bracket.
    auto names = [&](std::string_view zh, std::string_view en) {
        if (lowered == lower(en)) return true;
        if (text.rfind(zh, 0) != 0) return false;
        auto rest = text.substr(zh.size());
        return rest.empty() || rest[0] == ' ' || rest[0] == '(' || rest[0] == '/' ||
               rest.rfind("（", 0) == 0;
    };
    for (char letter : option_letters) {
        std::string zh = std::string("选项") + letter, en = std::string("Option ") + letter;
        if (names(zh, en)) return place{column::option, letter};
    }
    for (auto const& h : headings)
        if (names(h.zh, h.en)) return place{h.which};
    return std::nullopt;
}

std::string heading_text(column which, char letter = 0) {
    if (which == column::option) return std::string("选项") + letter + " Option " + letter;
    for (auto const& h : headings)
        if (h.which == which) return std::string(h.zh) + " " + std::string(h.en);
    return {};
}

std::optional<item_type> type_from_cell(std::string const& cell) {
    auto text = trimmed(cell);
    if (auto native = parse_type(lower(text))) return native;
    for (auto const& [word, type] : more_type_words)
        if (text == word) return type;
    cursor c{text};
    c.eat_any("[");
    auto type = eat_type_word(c);
    c.eat_any("]");
    if (type && c.rest().empty()) return type;
    return std::nullopt;
}

constexpr std::string_view reference_answer = "参考答案：";

struct row_reader {
    std::map<std::size_t, place> columns;
    std::string file, prefix;
    bank_import out;
    sheet::row const* row = nullptr;
    bool failed = false;

    std::string cell(column which, char letter = 0) const {
        for (auto const& [index, p] : columns)
            if (p.which == which && p.letter == letter)
                return trimmed(sheet::table::cell(*row, index));
        return {};
    }
    void report(std::string severity, column which, std::string message, char letter = 0) {
        out.diagnostics.push_back(
            {row->number, std::move(severity), std::move(message), heading_text(which, letter)});
    }
    void error(column which, std::string message, char letter = 0) {
        report("error", which, std::move(message), letter);
        failed = true;
    }
    void warn(column which, std::string message) { report("warning", which, std::move(message)); }

    void read_answer(item& it, std::vector<std::pair<char, std::string>> const& options) {
        auto answer = cell(column::answer);
        auto kind =
            std::string(type_label(it.type).empty() ? type_name(it.type) : type_label(it.type));
        bool needs_answer = it.type != item_type::essay && it.type != item_type::matching &&
                            it.type != item_type::description;
        if (needs_answer && answer.empty())
            return error(column::answer, "a " + kind + " item needs an answer");
        switch (it.type) {
        case item_type::single_choice:
        case item_type::multiple_choice: {
            if (options.size() < 2)
                return error(column::option, "a " + kind + " item needs at least two options", 'A');
            auto letters = answer_letters(answer);
            if (!letters) return error(column::answer, "'" + answer + "' is not option letters");
            std::set<char> right(letters->begin(), letters->end());
            for (char l : right)
                if (std::none_of(options.begin(), options.end(),
                                 [l](auto const& o) { return o.first == l; }))
                    return error(column::answer, std::string("'") + l +
                                                     "' is not an option of this " + kind +
                                                     " item");
            if (it.type == item_type::single_choice && right.size() > 1)
                return error(column::answer, "a single-choice item has one answer, not " +
                                                 *letters + " (make it 多选)");
            for (auto const& [letter, text] : options)
                it.choices.push_back(
                    {std::string(1, letter),
                     text,
                     right.count(letter) ? 1.0 / static_cast<double>(right.size()) : 0.0,
                     {}});
            break;
        }
        case item_type::true_false:
            if (auto value = true_or_false(answer))
                it.correct = *value;
            else
                return error(column::answer, "'" + answer + "' is not 对/错 (√/×, T/F)");
            break;
        case item_type::short_answer:
            for (auto const& a : alternatives(answer)) it.answers.push_back({a, 1, {}});
            break;
        case item_type::numerical:
            for (auto const& part : split(answer, "|;")) {
                auto n = numeric_in(part);
                if (!n)
                    return error(column::answer,
                                 "'" + part + "' is not a number, 230±5 or 220..240");
                it.numeric.push_back(*n);
            }
            break;
        case item_type::matching:
            for (auto const& [letter, text] : options) {
                auto pair = pair_in(text);
                if (!pair)
                    return error(column::option,
                                 "'" + text + "' is not a pair written \"premise -> response\"",
                                 letter);
                if (pair->premise.empty())
                    it.distractors.push_back(pair->response);
                else
                    it.pairs.push_back(*pair);
            }
            break;
        case item_type::essay:
            if (!answer.empty()) it.general_feedback = std::string(reference_answer) + answer;
            break;
        default: break;
        }
    }

    void read() {
        failed = false;
        item it;
        auto type_text = cell(column::type);
        auto type = type_from_cell(type_text);
        if (!type)
            return error(column::type,
                         type_text.empty()
                             ? "empty: say which type (单选 多选 判断 填空 数值 匹配 简答 说明)"
                             : "'" + type_text +
                                   "' is not a type (单选 多选 判断 填空 数值 匹配 简答 说明)");
        it.type = *type;
        it.id = cell(column::id);
        if (it.id.empty()) it.id = prefix + "-" + std::to_string(row->number);
        it.title = cell(column::title);
        it.stem = cell(column::stem);
        if (it.stem.empty()) return error(column::stem, "empty: an item needs its question");
        if (auto format = cell(column::stem_format); !format.empty()) {
            if (format != "plain" && format != "markdown" && format != "html" && format != "moodle")
                return error(column::stem_format,
                             "'" + format + "' is not plain, markdown, html or moodle");
            it.stem_format = format;
        }
        std::vector<std::pair<char, std::string>> options;
        for (char letter : option_letters)
            if (auto text = cell(column::option, letter); !text.empty())
                options.emplace_back(letter, text);
        if (!options.empty() && it.type != item_type::single_choice &&
            it.type != item_type::multiple_choice && it.type != item_type::matching)
            warn(column::option,
                 "a " + std::string(type_name(it.type)) + " item has no options; they are ignored");
        read_answer(it, options);
        if (failed) return;

        if (auto explanation = cell(column::explanation); !explanation.empty())
            it.general_feedback += (it.general_feedback.empty() ? "" : "\n") + explanation;
        it.points = it.type == item_type::description ? 0 : 1;
        if (auto points = cell(column::points); !points.empty()) {
            auto value = number_in(points);
            if (!value || *value < 0)
                return error(column::points, "'" + points + "' is not a number of points");
            it.points = *value;
        }
        if (auto difficulty = cell(column::difficulty); !difficulty.empty()) {
            if (auto level = difficulty_from_word(difficulty))
                it.difficulty = *level;
            else
                warn(column::difficulty, "'" + difficulty + "' is not 易/中/难: read as medium");
        }
        it.knowledge_point = cell(column::knowledge_point);
        it.category = split(cell(column::category), "/");
        it.tags = split(cell(column::tags), ",;");
        it.media = split(cell(column::figures), ",;");
        if (auto scoring = lower(cell(column::scoring)); !scoring.empty()) {
            if (scoring == "部分" || scoring == "partial" || scoring == "部分得分")
                it.scoring = credit::partial;
            else if (scoring != "全对" && scoring != "all_or_nothing" && scoring != "全对得分")
                return error(column::scoring,
                             "'" + scoring + "' is not 全对 (all_or_nothing) or 部分 (partial)");
        }
        if (auto shuffle = lower(cell(column::shuffle)); !shuffle.empty()) {
            if (auto value = true_or_false(shuffle))
                it.shuffle = *value;
            else
                return error(column::shuffle, "'" + shuffle + "' is not 是/否");
        }
        if (auto rubric = cell(column::rubric); !rubric.empty()) {
            if (it.type != item_type::essay)
                return error(column::rubric, "only an essay takes a rubric");
            if (rubric[0] == '[') {
                it.rubric = json::parse(rubric, nullptr, false);
                if (it.rubric.is_discarded())
                    return error(column::rubric, "starts with '[' but is not JSON");
            } else {
                std::string problem;
                auto aspects = rubric_lines(rubric, problem);
                if (!aspects) return error(column::rubric, problem);
                it.rubric = *aspects;
            }
        }
        it.origin = item_origin{"xlsx", file, row->number, {}};
        for (auto const& p : validate(it)) {
            // validate() names the item; the row already does.
            auto message = p.rfind(it.id + ": ", 0) == 0 ? p.substr(it.id.size() + 2) : p;
            error(column::id, message);
        }
        if (failed) return;
        out.items.push_back(std::move(it));
    }
};

} // namespace

bool is_bank_table(sheet::table const& table) {
    if (table.rows.empty()) return false;
    std::set<column> found;
    for (auto const& cell : table.rows.front().cells)
        if (auto p = heading_of(cell)) found.insert(p->which);
    return found.count(column::type) && found.count(column::stem) && found.count(column::answer);
}

bank_import read_bank_table(sheet::table const& table,
                            std::string const& file_name,
                            std::string const& id_prefix) {
    row_reader reader;
    reader.file = file_name;
    reader.prefix = id_prefix;
    if (table.rows.empty()) return {};
    auto const& head = table.rows.front();
    for (std::size_t i = 0; i < head.cells.size(); ++i) {
        if (head.cells[i].empty()) continue;
        if (auto p = heading_of(head.cells[i]))
            reader.columns[i] = *p;
        else
            reader.out.diagnostics.push_back({head.number, "warning",
                                              "column " + sheet::column_name(i) + " '" +
                                                  head.cells[i] +
                                                  "' is not one of the template's; ignored"});
    }
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        reader.row = &table.rows[r];
        reader.read();
    }
    return std::move(reader.out);
}

sheet::table bank_table(bank const& b, std::vector<std::string>& not_kept) {
    std::size_t options = 6;
    for (auto const& it : b.items)
        options = std::max({options, it.choices.size(), it.pairs.size() + it.distractors.size()});
    options = std::min(options, option_letters.size());

    std::vector<place> order = {{column::id}, {column::type}, {column::title}, {column::stem}};
    for (std::size_t i = 0; i < options; ++i) order.push_back({column::option, option_letters[i]});
    for (auto const& h : headings)
        if (h.which != column::id && h.which != column::type && h.which != column::title &&
            h.which != column::stem)
            order.push_back({h.which});

    sheet::table t{b.id, {}, {}};
    sheet::row head{1, {}};
    for (std::size_t i = 0; i < order.size(); ++i) {
        head.cells.push_back(heading_text(order[i].which, order[i].letter));
        if (order[i].which == column::points) t.number_columns.push_back(i);
    }
    t.rows.push_back(std::move(head));

    static constexpr std::pair<item_type, std::string_view> type_words[] = {
        {item_type::single_choice, "单选"}, {item_type::multiple_choice, "多选"},
        {item_type::true_false, "判断"},    {item_type::short_answer, "填空"},
        {item_type::numerical, "数值"},     {item_type::matching, "匹配"},
        {item_type::essay, "简答"},         {item_type::description, "说明"}};
    for (auto const& it : b.items) {
        std::map<std::pair<column, char>, std::string> cells;
        auto lose = [&](std::string what) { not_kept.push_back(it.id + ": " + what); };
        for (auto const& [type, word] : type_words)
            if (type == it.type) cells[{column::type, 0}] = word;
        cells[{column::id, 0}] = it.id;
        cells[{column::title, 0}] = it.title;
        cells[{column::stem, 0}] = it.stem;
        if (it.stem_format != "plain") cells[{column::stem_format, 0}] = it.stem_format;
        auto explanation = it.general_feedback;
        std::string answer;
        switch (it.type) {
        case item_type::single_choice:
        case item_type::multiple_choice: {
            std::size_t right = 0;
            for (auto const& c : it.choices) right += c.fraction > 0;
            for (std::size_t i = 0; i < it.choices.size() && i < options; ++i) {
                auto const& c = it.choices[i];
                cells[{column::option, option_letters[i]}] = c.text;
                if (c.fraction > 0) answer += option_letters[i];
                if (c.id != std::string(1, option_letters[i]))
                    lose("option id " + c.id + " (written as " + option_letters[i] + ")");
                if (!c.feedback.empty()) lose("option " + c.id + "'s feedback");
                if (c.fraction != 0 &&
                    std::abs(c.fraction - 1.0 / static_cast<double>(right)) > 1e-9)
                    lose("option " + c.id + "'s weight " + number_text(c.fraction * 100) + "%");
            }
            if (it.choices.size() > options)
                lose("options after " + std::string(1, option_letters.back()));
            if (it.type == item_type::multiple_choice && it.scoring == credit::partial)
                cells[{column::scoring, 0}] = "部分";
            break;
        }
        case item_type::true_false: answer = it.correct ? "对" : "错"; break;
        case item_type::short_answer:
            for (auto const& a : it.answers) {
                answer += (answer.empty() ? "" : " | ") + a.text;
                if (a.fraction != 1 || !a.feedback.empty())
                    lose("answer " + a.text + "'s weight or feedback");
            }
            if (it.case_sensitive) lose("case-sensitive answers");
            break;
        case item_type::numerical:
            for (auto const& n : it.numeric) {
                answer += (answer.empty() ? "" : " | ") +
                          (n.min == n.max ? number_text(n.min)
                                          : number_text(n.min) + ".." + number_text(n.max));
                if (n.fraction != 1 || !n.feedback.empty()) lose("a value's weight or feedback");
            }
            break;
        case item_type::matching: {
            std::size_t i = 0;
            for (auto const& p : it.pairs)
                if (i < options)
                    cells[{column::option, option_letters[i++]}] = p.premise + " -> " + p.response;
            for (auto const& d : it.distractors)
                if (i < options) cells[{column::option, option_letters[i++]}] = "-> " + d;
            if (it.pairs.size() + it.distractors.size() > options) lose("pairs after the eighth");
            if (it.scoring == credit::partial) cells[{column::scoring, 0}] = "部分";
            break;
        }
        case item_type::essay:
            if (explanation.rfind(reference_answer, 0) == 0) {
                auto end = explanation.find('\n');
                answer = explanation.substr(
                    reference_answer.size(),
                    end == std::string::npos ? std::string::npos : end - reference_answer.size());
                explanation = end == std::string::npos ? "" : explanation.substr(end + 1);
            }
            if (!it.rubric.is_null()) {
                auto lines = rubric_as_lines(it.rubric);
                cells[{column::rubric, 0}] = lines.empty() ? it.rubric.dump() : lines;
            }
            break;
        default: break;
        }
        cells[{column::answer, 0}] = answer;
        cells[{column::explanation, 0}] = explanation;
        cells[{column::points, 0}] = number_text(it.points);
        cells[{column::difficulty, 0}] = it.difficulty == "easy"   ? "易"
                                         : it.difficulty == "hard" ? "难"
                                                                   : "中";
        cells[{column::knowledge_point, 0}] = it.knowledge_point;
        cells[{column::category, 0}] = join(it.category, "/");
        cells[{column::tags, 0}] = join(it.tags, ", ");
        cells[{column::figures, 0}] = join(it.media, ", ");
        if (!it.shuffle) cells[{column::shuffle, 0}] = "否";
        sheet::row r{static_cast<int>(t.rows.size()) + 1, {}};
        for (auto const& p : order) r.cells.push_back(cells[{p.which, p.letter}]);
        t.rows.push_back(std::move(r));
    }
    return t;
}

} // namespace craftmark::core
