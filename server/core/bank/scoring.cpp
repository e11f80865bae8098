#include "server/core/bank/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace craftmark::core {

using nlohmann::json;

namespace {

std::string trim(std::string s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::string ascii_lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// Matches `text` against `pattern`, where * stands for any run of characters.
bool wildcard_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

double clamp_unit(double x) {
    return std::clamp(x, 0.0, 1.0);
}

double choice_fraction(item const& it, std::string const& id) {
    for (auto const& c : it.choices)
        if (c.id == id) return c.fraction;
    return 0;
}

double multiple_choice_fraction(item const& it, json const& chosen) {
    std::set<std::string> picked;
    for (auto const& c : chosen) picked.insert(c.get<std::string>());
    if (it.scoring == credit::partial) {
        double sum = 0;
        for (auto const& id : picked) sum += choice_fraction(it, id);
        return clamp_unit(sum);
    }
    std::set<std::string> key;
    for (auto const& c : it.choices)
        if (c.fraction > 0) key.insert(c.id);
    return picked == key ? 1.0 : 0.0;
}

double short_answer_fraction(item const& it, std::string const& given) {
    auto text = trim(given);
    double best = 0;
    for (auto const& a : it.answers) {
        bool hit = it.case_sensitive ? wildcard_match(trim(a.text), text)
                                     : wildcard_match(ascii_lower(trim(a.text)), ascii_lower(text));
        if (hit) best = std::max(best, a.fraction);
    }
    return best;
}

double numerical_fraction(item const& it, double value) {
    double best = 0;
    for (auto const& n : it.numeric)
        if (value >= n.min - 1e-12 && value <= n.max + 1e-12) best = std::max(best, n.fraction);
    return best;
}

double matching_fraction(item const& it, json const& pairs) {
    auto responses = matching_responses(it);
    std::size_t right = 0;
    for (std::size_t i = 0; i < it.pairs.size(); ++i) {
        auto premise = "p" + std::to_string(i + 1);
        if (!pairs.contains(premise)) continue;
        auto const& chosen = pairs[premise].get_ref<std::string const&>();
        auto expected = std::find(responses.begin(), responses.end(), it.pairs[i].response);
        if (chosen == "r" + std::to_string(expected - responses.begin() + 1)) ++right;
    }
    if (it.pairs.empty()) return 0;
    if (it.scoring == credit::partial) return double(right) / double(it.pairs.size());
    return right == it.pairs.size() ? 1.0 : 0.0;
}

bool all_strings(json const& a) {
    return a.is_array() &&
           std::all_of(a.begin(), a.end(), [](json const& x) { return x.is_string(); });
}

} // namespace

bool is_answered(json const& response) {
    if (!response.is_object() || response.empty()) return false;
    for (auto const& [key, value] : response.items()) {
        if (value.is_string() && trim(value.get<std::string>()).empty()) continue;
        if ((value.is_array() || value.is_object()) && value.empty()) continue;
        return true;
    }
    return false;
}

bool response_fits(item const& it, json const& r) {
    if (!r.is_object()) return false;
    if (r.empty()) return true;
    switch (it.type) {
    case item_type::single_choice:
        return r.size() == 1 && r.contains("choice") && r["choice"].is_string();
    case item_type::multiple_choice:
        return r.size() == 1 && r.contains("choices") && all_strings(r["choices"]);
    case item_type::true_false:
        return r.size() == 1 && r.contains("value") && r["value"].is_boolean();
    case item_type::short_answer:
    case item_type::essay: return r.size() == 1 && r.contains("text") && r["text"].is_string();
    case item_type::numerical:
        return r.size() == 1 && r.contains("value") && r["value"].is_number();
    case item_type::matching:
        if (r.size() != 1 || !r.contains("pairs") || !r["pairs"].is_object()) return false;
        return std::all_of(r["pairs"].begin(), r["pairs"].end(),
                           [](json const& v) { return v.is_string(); });
    case item_type::description: return false;
    }
    return false;
}

item_score score(item const& it, json const& r) {
    if (it.type == item_type::essay) return {0, true};
    if (!response_fits(it, r) || r.empty()) return {0, false};
    double fraction = 0;
    switch (it.type) {
    case item_type::single_choice:
        fraction = choice_fraction(it, r["choice"].get<std::string>());
        break;
    case item_type::multiple_choice: fraction = multiple_choice_fraction(it, r["choices"]); break;
    case item_type::true_false: fraction = r["value"].get<bool>() == it.correct ? 1 : 0; break;
    case item_type::short_answer:
        fraction = short_answer_fraction(it, r["text"].get<std::string>());
        break;
    case item_type::numerical: fraction = numerical_fraction(it, r["value"].get<double>()); break;
    case item_type::matching: fraction = matching_fraction(it, r["pairs"]); break;
    default: break;
    }
    return {it.points * clamp_unit(fraction), false};
}

} // namespace craftmark::core
