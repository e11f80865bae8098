#include "server/core/qualification/qualification.hpp"

#include "server/core/marking/marking.hpp"

#include <cmath>
#include <sstream>

namespace craftmark::core {

using nlohmann::json;

namespace {

std::string percent_text(double p) {
    std::ostringstream out;
    out << p << " %";
    return out.str();
}

std::string whole(double v) {
    return std::to_string(static_cast<int>(std::lround(v)));
}

// Which of a component's results counts.
component_result const* counted(std::vector<component_result const*> const& of_component) {
    component_result const* best = nullptr;
    auto better = [&](component_result const* r) {
        if (!best) return true;
        bool passed = r->final && r->result.value("passed", false);
        bool best_passed = best->final && best->result.value("passed", false);
        if (passed != best_passed) return passed;
        if (r->final != best->final) return r->final;
        return r->closed_at >= best->closed_at;
    };
    for (auto const* r : of_component)
        if (better(r)) best = r;
    return best;
}

// Why a component has no final result yet.
std::string not_final(std::string const& component, component_result const& r) {
    if (r.result.is_null()) {
        if (component == "practical" && r.attempt_state == "closed")
            return "practical marking not locked yet";
        return "no " + component + " result yet (attempt " + r.attempt_state + ")";
    }
    if (auto pending = r.result.value("pendingItems", 0); pending > 0)
        return "results not final (" + std::to_string(pending) + " item(s) await marking)";
    return component + " result not final";
}

} // namespace

std::string component_of(assessment const& a) {
    return a.practical() ? "practical" : "theory";
}

void check_combination(json const& c) {
    auto fail = [](std::string const& why) {
        throw std::invalid_argument("\"combination\": " + why);
    };
    if (!c.is_object()) fail("must be an object");
    auto rule = c.value("rule", "each");
    if (rule != "each" && rule != "weighted") fail("\"rule\" is \"each\" or \"weighted\"");
    auto percent = [&](json const& v, std::string const& what) {
        if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100)
            fail(what + " must be a percentage 0–100");
    };
    for (auto const& key : {"theory", "practical"})
        if (c.contains(key)) percent(c[key], std::string("\"") + key + "\"");
    if (rule == "weighted") {
        if (!c.contains("weights") || !c["weights"].is_object() || c["weights"].empty())
            fail("a weighted rule needs \"weights\": {\"theory\": 30, \"practical\": 70}");
        double sum = 0;
        for (auto const& [component, w] : c["weights"].items()) {
            if (component != "theory" && component != "practical")
                fail("weights are for \"theory\" and \"practical\", not \"" + component + "\"");
            percent(w, "a weight");
            sum += w.get<double>();
        }
        if (std::abs(sum - 100) > 1e-9) fail("the weights must add up to 100");
        percent(c.value("passPercent", json(60)), "\"passPercent\"");
    } else if (!c.contains("theory") && !c.contains("practical")) {
        fail("name the components' pass marks, as in {\"theory\": 60, \"practical\": 60}");
    }
}

combination_rule combination_of(std::vector<assessment const*> const& assessments) {
    combination_rule rule;
    for (auto const* a : assessments)
        if (!rule.pass.count(component_of(*a))) rule.pass[component_of(*a)] = a->pass_percent;
    for (auto const* a : assessments) {
        if (a->combination.is_null()) continue;
        auto const& c = a->combination;
        check_combination(c);
        rule = {};
        rule.weighted = c.value("rule", "each") == "weighted";
        for (auto const& key : {"theory", "practical"})
            if (c.contains(key)) rule.pass[key] = c[key].get<double>();
        if (rule.weighted) {
            for (auto const& [component, w] : c["weights"].items())
                rule.weights[component] = w.get<double>();
            rule.pass_percent = c.value("passPercent", 60.0);
        }
        break;
    }
    return rule;
}

json combine(combination_rule const& rule, std::vector<component_result> const& results) {
    std::vector<std::string> required;
    for (auto const& [component, pass] : rule.pass) required.push_back(component);
    for (auto const& [component, w] : rule.weights)
        if (!rule.pass.count(component)) required.push_back(component);

    json components = json::object();
    std::string why;
    std::vector<std::string> failed;
    bool final = true;
    double weighted_total = 0;
    for (auto const& component : required) {
        std::vector<component_result const*> of;
        for (auto const& r : results)
            if (r.component == component) of.push_back(&r);
        auto const* r = counted(of);
        if (!r || !r->final) {
            final = false;
            if (why.empty()) why = r ? not_final(component, *r) : "no " + component + " result";
            components[component] = {{"state", r ? "not final" : "missing"}};
            continue;
        }
        double percent = r->result.value("percent", 0.0);
        json c = {{"sitting", r->sitting_id}, {"percent", percent}};
        if (rule.pass.count(component)) {
            c["passMark"] = rule.pass.at(component);
            c["passed"] = percent + 1e-9 >= rule.pass.at(component);
            if (!c["passed"].get<bool>())
                failed.push_back(component + " " + percent_text(percent) + ", needs " +
                                 whole(rule.pass.at(component)));
        }
        if (rule.weighted) weighted_total += percent * rule.weights.at(component) / 100;
        components[component] = std::move(c);
    }
    json out = {{"rule", rule.weighted ? "weighted" : "each"}, {"components", components}};
    bool passed = final && failed.empty();
    if (final && rule.weighted) {
        weighted_total = round_mark(weighted_total);
        out["percent"] = weighted_total;
        out["passMark"] = rule.pass_percent;
        if (weighted_total + 1e-9 < rule.pass_percent) {
            passed = false;
            failed.insert(failed.begin(), "total " + percent_text(weighted_total) + ", needs " +
                                              whole(rule.pass_percent));
        }
    }
    if (final && !passed) {
        // One component alone: the familiar "did not pass (25 %)".
        if (required.size() == 1 && !rule.weighted)
            why = "did not pass (" + percent_text(components[required[0]].value("percent", 0.0)) +
                  ")";
        else {
            why = "did not pass (";
            for (std::size_t i = 0; i < failed.size(); ++i) why += (i ? "; " : "") + failed[i];
            why += ")";
        }
    }
    out["final"] = final;
    out["passed"] = passed;
    out["why"] = passed ? "" : why;
    return out;
}

std::string criteria_text(combination_rule const& rule) {
    static const std::map<std::string, std::pair<std::string, std::string>> names = {
        {"theory", {"理论知识考试", "theory examination"}},
        {"practical", {"技能操作考核", "practical assessment"}}};
    std::string zh, en;
    if (rule.weighted) {
        for (auto const& [component, w] : rule.weights) {
            zh += (zh.empty() ? "" : "、") + names.at(component).first + "占" + whole(w) + "%";
            en += (en.empty() ? "" : ", ") + names.at(component).second + " " + whole(w) + " %";
        }
        zh += "，总成绩达到" + whole(rule.pass_percent) + "分及以上";
        en = "weighted total (" + en + ") of " + whole(rule.pass_percent) + " % or above";
    }
    for (auto const& [component, pass] : rule.pass) {
        zh += (zh.empty() ? "" : "，") + names.at(component).first + "成绩达到" + whole(pass) +
              "分及以上";
        en += (en.empty() ? "" : "; ") + names.at(component).second + " passed at " + whole(pass) +
              " % or above";
    }
    return zh + " (" + en + ")";
}

json practical_result(assessment const& a,
                      std::vector<work_record> const& works,
                      std::function<double(std::string const& scheme_id)> const& max_of) {
    std::map<std::string, work_record const*> latest; // task → its latest round's work
    for (auto const& w : works)
        if (!latest[w.task] || latest[w.task]->round < w.round) latest[w.task] = &w;
    double total = 0, max = 0;
    json tasks = json::object();
    for (auto const& t : a.tasks) {
        auto it = latest.find(t.id);
        if (it == latest.end() || !it->second || it->second->state != "locked") return nullptr;
        total += it->second->score.value("total", 0.0);
        max += max_of(t.marking_scheme);
        tasks[t.id] = it->second->score;
        tasks[t.id]["round"] = it->second->round;
    }
    if (max <= 0) return nullptr;
    double percent = round_mark(100 * total / max);
    return {{"total", round_mark(total)},
            {"max", max},
            {"percent", percent},
            {"passMark", a.pass_percent},
            {"passed", percent + 1e-9 >= a.pass_percent},
            {"tasks", tasks}};
}

} // namespace craftmark::core
