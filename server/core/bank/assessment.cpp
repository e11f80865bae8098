#include "server/core/bank/assessment.hpp"

#include "server/core/bank/seeded_random.hpp"
#include "server/core/qualification/qualification.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

std::string_view review_name(review_policy r) {
    switch (r) {
    case review_policy::none: return "none";
    case review_policy::score: return "score";
    case review_policy::items: return "items";
    }
    return "none";
}

review_policy parse_review(std::string const& s) {
    if (s == "none") return review_policy::none;
    if (s == "items") return review_policy::items;
    if (s == "score") return review_policy::score;
    throw std::invalid_argument("the review policy must be none, score or items");
}

namespace {

std::string text_of(json const& j, char const* key) {
    auto v = j.value(key, json());
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) return v.value("zh-CN", v.value("en", ""));
    return {};
}

bool matches(item const& it, draw_rule const& rule) {
    if (rule.type && it.type != *rule.type) return false;
    if (!rule.category.empty() && (it.category.empty() || it.category.front() != rule.category))
        return false;
    if (!rule.knowledge_point.empty() && it.knowledge_point.rfind(rule.knowledge_point, 0) != 0)
        return false;
    if (!rule.difficulty.empty() && it.difficulty != rule.difficulty) return false;
    return it.type != item_type::description;
}
} // namespace

assessment assessment_from_json(json const& j) {
    if (!j.is_object() || j.value("kind", "") != "assessment")
        throw std::invalid_argument("not an assessment: expected {\"kind\": \"assessment\", ...}");
    assessment a;
    a.id = j.value("id", "");
    if (a.id.empty()) throw std::invalid_argument("\"id\" is missing");
    a.title = text_of(j, "title");
    if (auto o = j.find("occupation"); o != j.end() && o->is_object()) {
        a.occupation_code = o->value("code", "");
        a.occupation_name = o->value("name", "");
    }
    a.level = j.value("level", "");
    auto minutes = j.value("durationMinutes", 0.0);
    if (!(minutes > 0)) throw std::invalid_argument("\"durationMinutes\" must be positive");
    a.duration_ms = static_cast<std::int64_t>(minutes * 60'000);
    a.pass_percent = j.value("passPercent", 60.0);
    a.combination = j.value("combination", nlohmann::json());
    if (!a.combination.is_null()) check_combination(a.combination);
    a.review = parse_review(j.value("reviewPolicy", "score"));
    for (auto const& sj : j.value("sections", json::array())) {
        section s;
        s.id = sj.value("id", "");
        s.title = text_of(sj, "title");
        if (sj.contains("pointsPerItem")) s.points_per_item = sj["pointsPerItem"].get<double>();
        for (auto const& dj : sj.value("draw", json::array())) {
            draw_rule d;
            d.bank = dj.value("bank", "");
            if (dj.contains("type")) {
                d.type = parse_type(dj["type"].get<std::string>());
                if (!d.type) throw std::invalid_argument("section " + s.id + ": unknown item type");
            }
            d.category = dj.value("category", "");
            d.knowledge_point = dj.value("knowledgePoint", "");
            d.difficulty = dj.value("difficulty", "");
            d.count = dj.value("count", 0);
            if (d.count <= 0)
                throw std::invalid_argument("section " + s.id + ": count must be positive");
            s.draws.push_back(d);
        }
        a.sections.push_back(std::move(s));
    }
    for (auto const& fj : j.value("forms", json::array())) {
        fixed_form f;
        f.id = fj.value("id", "");
        auto sections = fj.value("sections", json::object()); // items() must not outlive it
        for (auto const& [section_id, ids] : sections.items())
            f.sections.emplace_back(section_id, ids.get<std::vector<std::string>>());
        a.forms.push_back(std::move(f));
    }
    for (auto const& tj : j.value("tasks", json::array())) {
        a.tasks.push_back(practical_task_from_json(tj));
        if (a.find_task(a.tasks.back().id) != &a.tasks.back())
            throw std::invalid_argument("task " + a.tasks.back().id + " appears twice");
    }
    if (a.sections.empty() && a.tasks.empty())
        throw std::invalid_argument("an assessment needs at least one section or task");
    return a;
}

practical_task const* assessment::find_task(std::string const& task_id) const {
    for (auto const& t : tasks)
        if (t.id == task_id) return &t;
    return nullptr;
}

json assessment_to_json(assessment const& a) {
    json sections = json::array();
    for (auto const& s : a.sections) {
        json draws = json::array();
        for (auto const& d : s.draws) {
            json dj{{"bank", d.bank}, {"count", d.count}};
            if (d.type) dj["type"] = type_name(*d.type);
            if (!d.category.empty()) dj["category"] = d.category;
            if (!d.knowledge_point.empty()) dj["knowledgePoint"] = d.knowledge_point;
            if (!d.difficulty.empty()) dj["difficulty"] = d.difficulty;
            draws.push_back(dj);
        }
        json sj{{"id", s.id}, {"title", s.title}, {"draw", draws}};
        if (s.points_per_item) sj["pointsPerItem"] = *s.points_per_item;
        sections.push_back(sj);
    }
    json forms = json::array();
    for (auto const& f : a.forms) {
        json fs = json::object();
        for (auto const& [id, items] : f.sections) fs[id] = items;
        forms.push_back({{"id", f.id}, {"sections", fs}});
    }
    json tasks = json::array();
    for (auto const& t : a.tasks) tasks.push_back(practical_task_to_json(t));
    json out = {{"kind", "assessment"},
                {"id", a.id},
                {"title", a.title},
                {"occupation", {{"code", a.occupation_code}, {"name", a.occupation_name}}},
                {"level", a.level},
                {"durationMinutes", static_cast<double>(a.duration_ms) / 60'000},
                {"passPercent", a.pass_percent},
                {"reviewPolicy", review_name(a.review)},
                {"sections", sections},
                {"forms", forms},
                {"tasks", tasks}};
    if (!a.combination.is_null()) out["combination"] = a.combination;
    return out;
}

json paper_to_json(paper const& p) {
    json parts = json::array();
    for (auto const& part : p.parts) {
        json entries = json::array();
        for (auto const& e : part.entries)
            entries.push_back({{"item", e.item_id}, {"points", e.points}});
        parts.push_back({{"section", part.section_id}, {"title", part.title}, {"items", entries}});
    }
    return {{"seed", std::to_string(p.seed)}, {"form", p.form}, {"parts", parts}};
}

paper paper_from_json(json const& j) {
    paper p;
    p.seed = std::stoull(j.at("seed").get<std::string>());
    p.form = j.value("form", "");
    for (auto const& pj : j.at("parts")) {
        paper::part part{pj.at("section").get<std::string>(), pj.value("title", ""), {}};
        for (auto const& e : pj.at("items"))
            part.entries.push_back({e.at("item").get<std::string>(), e.at("points").get<double>()});
        p.parts.push_back(std::move(part));
    }
    return p;
}

namespace {
item const* find_item(item_pool const& pool, std::string const& id) {
    for (auto const& [bank, items] : pool)
        for (auto const& it : items)
            if (it.id == id) return &it;
    return nullptr;
}
} // namespace

paper draw_paper(assessment const& a, item_pool const& pool, std::uint64_t seed) {
    paper p;
    p.seed = seed;
    seeded_random random(seed);
    if (!a.forms.empty()) {
        auto const& form = a.forms[random.below(a.forms.size())];
        p.form = form.id;
        for (auto const& s : a.sections) {
            paper::part part{s.id, s.title, {}};
            for (auto const& [section_id, ids] : form.sections) {
                if (section_id != s.id) continue;
                for (auto const& id : ids) {
                    auto const* it = find_item(pool, id);
                    if (!it) throw std::invalid_argument("form " + form.id + ": no item " + id);
                    part.entries.push_back({id, s.points_per_item.value_or(it->points)});
                }
            }
            p.parts.push_back(std::move(part));
        }
        return p;
    }
    std::set<std::string> used;
    for (auto const& s : a.sections) {
        paper::part part{s.id, s.title, {}};
        for (auto const& rule : s.draws) {
            auto bank = pool.find(rule.bank);
            if (bank == pool.end())
                throw std::invalid_argument("section " + s.id + ": no bank " + rule.bank);
            std::vector<item const*> candidates;
            for (auto const& it : bank->second)
                if (matches(it, rule) && !used.count(it.id)) candidates.push_back(&it);
            if (candidates.size() < static_cast<std::size_t>(rule.count))
                throw std::invalid_argument("section " + s.id + " wants " +
                                            std::to_string(rule.count) + " items but bank " +
                                            rule.bank + " has only " +
                                            std::to_string(candidates.size()) + " that match");
            random.shuffle(candidates);
            for (int i = 0; i < rule.count; ++i) {
                used.insert(candidates[i]->id);
                part.entries.push_back(
                    {candidates[i]->id, s.points_per_item.value_or(candidates[i]->points)});
            }
        }
        p.parts.push_back(std::move(part));
    }
    return p;
}

} // namespace craftmark::core
