#include "server/core/bank/item.hpp"

#include "server/core/marking/essay_marking.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

namespace {
constexpr std::pair<item_type, std::string_view> type_names[] = {
    {item_type::single_choice, "single_choice"},
    {item_type::multiple_choice, "multiple_choice"},
    {item_type::true_false, "true_false"},
    {item_type::short_answer, "short_answer"},
    {item_type::numerical, "numerical"},
    {item_type::matching, "matching"},
    {item_type::essay, "essay"},
    {item_type::description, "description"},
};

template <class T> T field(json const& j, char const* key, T fallback) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    try {
        return it->get<T>();
    } catch (json::exception const&) {
        throw std::invalid_argument(std::string("field \"") + key + "\" has the wrong type");
    }
}

} // namespace

std::string_view type_name(item_type t) {
    for (auto const& [type, name] : type_names)
        if (type == t) return name;
    return "description";
}

std::optional<item_type> parse_type(std::string_view name) {
    for (auto const& [type, n] : type_names)
        if (n == name) return type;
    return std::nullopt;
}

std::vector<std::string> validate(item const& it) {
    std::vector<std::string> problems;
    auto problem = [&](std::string text) { problems.push_back(it.id + ": " + std::move(text)); };
    if (it.id.empty()) problems.push_back("an item has no id");
    if (it.stem.find_first_not_of(" \t\r\n") == std::string::npos)
        problem("has no question text (stem)");
    if (!(it.points >= 0)) problem("points must be zero or more");
    switch (it.type) {
    case item_type::single_choice:
    case item_type::multiple_choice: {
        if (it.choices.size() < 2) problem("a choice item needs at least two choices");
        double best = 0, positive = 0;
        for (auto const& c : it.choices) {
            best = std::max(best, c.fraction);
            positive += std::max(0.0, c.fraction);
            if (c.id.empty()) problem("every choice needs an id");
        }
        if (it.type == item_type::single_choice && std::abs(best - 1) > 1e-6)
            problem("a single-choice item needs one choice worth 100%");
        if (it.type == item_type::multiple_choice && std::abs(positive - 1) > 0.01)
            problem("the positive weights of a multiple-choice item must add up to 100%");
        break;
    }
    case item_type::short_answer:
        if (it.answers.empty()) problem("a short-answer item needs at least one accepted answer");
        break;
    case item_type::numerical:
        if (it.numeric.empty())
            problem("a numerical item needs at least one accepted value or range");
        for (auto const& n : it.numeric)
            if (!(n.min <= n.max)) problem("a numerical range has its minimum above its maximum");
        break;
    case item_type::matching:
        if (it.pairs.size() < 2) problem("a matching item needs at least two pairs");
        break;
    default: break;
    }
    if (!it.rubric.is_null()) {
        if (it.type != item_type::essay) problem("only an essay takes a \"rubric\"");
        try {
            rubric_scheme(it);
        } catch (std::exception const& e) {
            problem(std::string("rubric: ") + e.what());
        }
    }
    return problems;
}

void to_json(json& j, item const& it) {
    j = {{"id", it.id},
         {"type", type_name(it.type)},
         {"stem", {{"format", it.stem_format}, {"text", it.stem}}},
         {"points", it.points},
         {"difficulty", it.difficulty}};
    if (!it.title.empty()) j["title"] = it.title;
    if (!it.category.empty()) j["category"] = it.category;
    if (!it.knowledge_point.empty()) j["knowledgePoint"] = it.knowledge_point;
    if (!it.media.empty()) j["media"] = it.media;
    if (!it.tags.empty()) j["tags"] = it.tags;
    if (!it.general_feedback.empty()) j["generalFeedback"] = it.general_feedback;
    if (!it.rubric.is_null()) j["rubric"] = it.rubric;
    switch (it.type) {
    case item_type::single_choice:
    case item_type::multiple_choice:
        j["choices"] = json::array();
        for (auto const& c : it.choices) {
            json cj{{"id", c.id}, {"text", c.text}, {"fraction", c.fraction}};
            if (!c.feedback.empty()) cj["feedback"] = c.feedback;
            j["choices"].push_back(std::move(cj));
        }
        j["shuffle"] = it.shuffle;
        if (it.type == item_type::multiple_choice)
            j["scoring"] = it.scoring == credit::partial ? "partial" : "all_or_nothing";
        break;
    case item_type::true_false: j["correct"] = it.correct; break;
    case item_type::short_answer:
        j["answers"] = json::array();
        for (auto const& a : it.answers)
            j["answers"].push_back({{"text", a.text}, {"fraction", a.fraction}});
        j["caseSensitive"] = it.case_sensitive;
        break;
    case item_type::numerical:
        j["numeric"] = json::array();
        for (auto const& n : it.numeric)
            j["numeric"].push_back({{"min", n.min}, {"max", n.max}, {"fraction", n.fraction}});
        break;
    case item_type::matching:
        j["pairs"] = json::array();
        for (auto const& p : it.pairs)
            j["pairs"].push_back({{"premise", p.premise}, {"response", p.response}});
        if (!it.distractors.empty()) j["distractors"] = it.distractors;
        j["scoring"] = it.scoring == credit::partial ? "partial" : "all_or_nothing";
        break;
    default: break;
    }
    if (it.origin)
        j["origin"] = {{"format", it.origin->format},
                       {"file", it.origin->file},
                       {"line", it.origin->line},
                       {"raw", it.origin->raw}};
}

void from_json(json const& j, item& it) {
    if (!j.is_object()) throw std::invalid_argument("an item must be a JSON object");
    it.id = field<std::string>(j, "id", "");
    auto type = parse_type(field<std::string>(j, "type", ""));
    if (!type) throw std::invalid_argument("item " + it.id + ": unknown or missing \"type\"");
    it.type = *type;
    it.title = field<std::string>(j, "title", "");
    if (auto s = j.find("stem"); s != j.end() && s->is_object()) {
        it.stem = field<std::string>(*s, "text", "");
        it.stem_format = field<std::string>(*s, "format", "plain");
    } else {
        it.stem = field<std::string>(j, "stem", "");
    }
    it.category = field<std::vector<std::string>>(j, "category", {});
    it.knowledge_point = field<std::string>(j, "knowledgePoint", "");
    it.difficulty = field<std::string>(j, "difficulty", "medium");
    it.points = field<double>(j, "points", 1.0);
    it.media = field<std::vector<std::string>>(j, "media", {});
    it.tags = field<std::vector<std::string>>(j, "tags", {});
    it.general_feedback = field<std::string>(j, "generalFeedback", "");
    it.shuffle = field<bool>(j, "shuffle", true);
    it.scoring = field<std::string>(j, "scoring", "all_or_nothing") == "partial"
                     ? credit::partial
                     : credit::all_or_nothing;
    it.correct = field<bool>(j, "correct", true);
    it.case_sensitive = field<bool>(j, "caseSensitive", false);
    for (auto const& c : field<json>(j, "choices", json::array()))
        it.choices.push_back({field<std::string>(c, "id", ""), field<std::string>(c, "text", ""),
                              field<double>(c, "fraction", 0.0),
                              field<std::string>(c, "feedback", "")});
    for (auto const& a : field<json>(j, "answers", json::array()))
        it.answers.push_back({field<std::string>(a, "text", ""), field<double>(a, "fraction", 1.0),
                              field<std::string>(a, "feedback", "")});
    for (auto const& n : field<json>(j, "numeric", json::array())) {
        numeric_answer na;
        if (n.contains("value")) {
            double value = field<double>(n, "value", 0.0);
            double tolerance = std::abs(field<double>(n, "tolerance", 0.0));
            na.min = value - tolerance;
            na.max = value + tolerance;
        } else {
            na.min = field<double>(n, "min", 0.0);
            na.max = field<double>(n, "max", 0.0);
        }
        na.fraction = field<double>(n, "fraction", 1.0);
        na.feedback = field<std::string>(n, "feedback", "");
        it.numeric.push_back(na);
    }
    for (auto const& p : field<json>(j, "pairs", json::array()))
        it.pairs.push_back(
            {field<std::string>(p, "premise", ""), field<std::string>(p, "response", "")});
    it.distractors = field<std::vector<std::string>>(j, "distractors", {});
    it.rubric = field<json>(j, "rubric", json());
    if (auto o = j.find("origin"); o != j.end() && o->is_object())
        it.origin =
            item_origin{field<std::string>(*o, "format", ""), field<std::string>(*o, "file", ""),
                        field<int>(*o, "line", 0), field<std::string>(*o, "raw", "")};
}

std::vector<std::string> matching_responses(item const& it) {
    std::vector<std::string> responses;
    auto add = [&](std::string const& r) {
        if (std::find(responses.begin(), responses.end(), r) == responses.end())
            responses.push_back(r);
    };
    for (auto const& p : it.pairs) add(p.response);
    for (auto const& d : it.distractors) add(d);
    return responses;
}

} // namespace craftmark::core
