#include "server/core/bank/bank_workbook_cells.hpp"

#include "server/core/bank/chinese_words.hpp"

#include <charconv>
#include <cmath>

namespace craftmark::core::cells {

using nlohmann::json;

std::optional<double> number_in(std::string_view text) {
    auto t = trimmed(text);
    double value = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<numeric_answer> numeric_in(std::string const& text) {
    for (std::string_view plus_minus : {"±", "+-", "+/-"})
        if (auto at = text.find(plus_minus); at != std::string::npos) {
            auto value = number_in(text.substr(0, at));
            auto tolerance = number_in(text.substr(at + plus_minus.size()));
            if (!value || !tolerance || *tolerance < 0) return std::nullopt;
            return numeric_answer{*value - *tolerance, *value + *tolerance, 1, {}};
        }
    for (std::string_view to : {"..", "～", "~"})
        if (auto at = text.find(to, 1); at != std::string::npos) {
            auto low = number_in(text.substr(0, at));
            auto high = number_in(text.substr(at + to.size()));
            if (!low || !high) return std::nullopt;
            return numeric_answer{*low, *high, 1, {}};
        }
    auto value = number_in(text);
    if (!value) return std::nullopt;
    return numeric_answer{*value, *value, 1, {}};
}

std::string number_text(double value) {
    char buffer[32];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

std::vector<std::string> split(std::string const& text, std::string_view separators) {
    std::vector<std::string> parts;
    std::string current;
    for (cursor c{text}; !c.done(); c.next()) {
        auto s = c.peek();
        if (s != 0 && separators.find(s) != std::string_view::npos) {
            if (auto t = trimmed(current); !t.empty()) parts.push_back(t);
            current.clear();
        } else {
            current += text.substr(c.at, symbol_at(text, c.at).length);
        }
    }
    if (auto t = trimmed(current); !t.empty()) parts.push_back(t);
    return parts;
}

std::string join(std::vector<std::string> const& parts, std::string_view separator) {
    std::string out;
    for (auto const& p : parts) out += (out.empty() ? "" : std::string(separator)) + p;
    return out;
}

std::optional<match_pair> pair_in(std::string const& cell) {
    for (std::string_view arrow : {"->", "→"})
        if (auto at = cell.find(arrow); at != std::string::npos)
            return match_pair{trimmed(cell.substr(0, at)), trimmed(cell.substr(at + arrow.size()))};
    return std::nullopt;
}

std::optional<json> rubric_lines(std::string const& cell, std::string& problem) {
    json aspects = json::array();
    int n = 0;
    for (auto const& line : split(cell, "\n")) {
        auto text = line;
        for (std::string_view close : {")", "）"})
            if (text.size() >= close.size() &&
                text.compare(text.size() - close.size(), close.size(), close) == 0)
                text.resize(text.size() - close.size());
        if (text.size() >= 3 && text.compare(text.size() - 3, 3, "分") == 0)
            text.resize(text.size() - 3);
        auto digits = text.find_last_not_of("0123456789.");
        auto mark = number_in(text.substr(digits == std::string::npos ? 0 : digits + 1));
        if (!mark || !(*mark > 0)) {
            problem = "\"" + line + "\" does not end with its marks, as in \"停电、验电 (2)\"";
            return std::nullopt;
        }
        auto description = trimmed(text.substr(0, digits == std::string::npos ? 0 : digits + 1));
        for (std::string_view open : {"(", "（"})
            if (description.size() >= open.size() &&
                description.compare(description.size() - open.size(), open.size(), open) == 0)
                description = trimmed(description.substr(0, description.size() - open.size()));
        aspects.push_back({{"code", "R" + std::to_string(++n)},
                           {"type", "measurement"},
                           {"maxMark", *mark},
                           {"description", description},
                           {"rule", {{"kind", "all_or_nothing"}}}});
    }
    if (aspects.empty()) return json();
    return aspects;
}

std::string rubric_as_lines(json const& rubric) {
    std::string out;
    int n = 0;
    for (auto const& a : rubric) {
        json expected = {{"code", "R" + std::to_string(++n)},
                         {"type", "measurement"},
                         {"maxMark", a.value("maxMark", 0.0)},
                         {"description", a.value("description", "")},
                         {"rule", {{"kind", "all_or_nothing"}}}};
        auto description = a.value("description", "");
        if (a != expected || description.empty() || description.find('\n') != std::string::npos)
            return {};
        out += (out.empty() ? "" : "\n") + description + " (" +
               number_text(a["maxMark"].get<double>()) + ")";
    }
    return out;
}

} // namespace craftmark::core::cells
