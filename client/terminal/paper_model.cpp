#include "client/terminal/paper_model.hpp"

#include "client/ui/text_layout.hpp"

#include <algorithm>
#include <charconv>

namespace craftmark::client {

using nlohmann::json;

std::vector<question> flatten(protocol::paper const& paper) {
    std::vector<question> out;
    for (auto const& section : paper.sections)
        for (auto const& item : section.items)
            out.push_back({static_cast<int>(out.size()) + 1, section.title, item});
    return out;
}

bool has_answer(json const& response) {
    if (!response.is_object() || response.empty()) return false;
    for (auto const& [key, value] : response.items()) {
        if (value.is_string() &&
            value.get<std::string>().find_first_not_of(" \t\n") == std::string::npos)
            continue;
        if ((value.is_array() || value.is_object()) && value.empty()) continue;
        return true;
    }
    return false;
}

question_state state_of(question const& q,
                        std::map<std::string, json> const& answers,
                        std::set<std::string> const& flags) {
    if (flags.count(q.id())) return question_state::flagged;
    auto it = answers.find(q.id());
    return it != answers.end() && has_answer(it->second) ? question_state::answered
                                                         : question_state::unanswered;
}

std::vector<int> unanswered_numbers(std::vector<question> const& paper,
                                    std::map<std::string, json> const& answers) {
    std::vector<int> out;
    for (auto const& q : paper) {
        auto it = answers.find(q.id());
        if (q.item.type != "description" && (it == answers.end() || !has_answer(it->second)))
            out.push_back(q.number);
    }
    return out;
}

std::vector<std::string> option_texts(question const& q) {
    if (q.item.type == "true_false") return {"正确 True", "错误 False"};
    std::vector<std::string> out;
    for (auto const& c : q.item.choices) out.push_back(c.text);
    return out;
}

bool is_picked(question const& q, json const& response, std::size_t index) {
    auto const& type = q.item.type;
    if (!response.is_object()) return false;
    if (type == "true_false")
        return response.contains("value") && response["value"] == (index == 0);
    auto const& choices = q.item.choices;
    if (index >= choices.size()) return false;
    json id = choices[index].id;
    if (type == "single_choice") return response.value("choice", json()) == id;
    auto picked = response.value("choices", json::array());
    return std::find(picked.begin(), picked.end(), id) != picked.end();
}

json pick_option(question const& q, json const& current, std::size_t index) {
    auto const& type = q.item.type;
    if (type == "true_false") return {{"value", index == 0}};
    auto const& choices = q.item.choices;
    if (index >= choices.size()) return current;
    json id = choices[index].id;
    if (type == "single_choice") return {{"choice", id}};
    auto picked = current.is_object() ? current.value("choices", json::array()) : json::array();
    auto it = std::find(picked.begin(), picked.end(), id);
    if (it != picked.end())
        picked.erase(it);
    else
        picked.push_back(id);
    return {{"choices", picked}};
}

json pick_match(question const& q, json const& current, std::size_t premise, std::size_t choice) {
    auto const& premises = q.item.premises;
    auto const& responses = q.item.responses;
    if (premise >= premises.size() || choice >= responses.size()) return current;
    auto pairs = current.is_object() ? current.value("pairs", json::object()) : json::object();
    pairs[premises[premise].id] = responses[choice].id;
    return {{"pairs", pairs}};
}

std::optional<json> text_response(question const& q, std::string const& text) {
    if (q.item.type != "numerical") return json{{"text", text}};
    auto t = text;
    std::replace(t.begin(), t.end(), ',', '.'); // a decimal comma is a common habit
    t.erase(0, t.find_first_not_of(' '));
    t.erase(t.find_last_not_of(' ') + 1);
    if (t.empty()) return json::object();
    double value = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
    return json{{"value", value}};
}

std::vector<std::string> result_lines(std::optional<protocol::exam_result> const& result) {
    using ui::format_number;
    if (!result || !result->final())
        return {"已交卷，成绩在评分后公布", "handed in — results after marking"};
    return {"成绩 score: " + format_number(result->total) + " / " + format_number(result->max),
            result->passed ? "合格 PASS" : "不合格 NOT PASSED"};
}

} // namespace craftmark::client
