#include "server/core/marking/marking_scheme.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

namespace {

// Marks are given to two decimals; sums are compared to half of that.
constexpr double mark_epsilon = 0.005;

[[noreturn]] void fail(std::string const& where, std::string const& what) {
    throw std::invalid_argument(where + ": " + what);
}

std::string text(json const& j, char const* key, std::string const& where, bool required) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) fail(where, std::string("\"") + key + "\" is missing");
        return {};
    }
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) // {"zh-CN": ..., "en": ...}
        for (char const* lang : {"zh-CN", "en"})
            if (auto t = it->find(lang); t != it->end() && t->is_string())
                return t->get<std::string>();
    fail(where, std::string("\"") + key + "\" must be text");
}

double number(json const& j, char const* key, std::string const& where) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number())
        fail(where, std::string("\"") + key + "\" must be a number");
    double v = it->get<double>();
    if (!std::isfinite(v)) fail(where, std::string("\"") + key + "\" must be finite");
    return v;
}

double mark(json const& j, char const* key, std::string const& where) {
    double v = number(j, key, where);
    if (v < 0 || v > 1000) fail(where, std::string("\"") + key + "\" must be between 0 and 1000");
    return v;
}

int integer(json const& j, char const* key, std::string const& where, int fallback) {
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (!it->is_number_integer())
        fail(where, std::string("\"") + key + "\" must be a whole number");
    auto v = it->get<std::int64_t>();
    if (v < 0 || v > 100) fail(where, std::string("\"") + key + "\" is out of range");
    return static_cast<int>(v);
}

bool flag(json const& j, char const* key, std::string const& where, bool fallback) {
    auto it = j.find(key);
    if (it == j.end()) return fallback;
    if (!it->is_boolean()) fail(where, std::string("\"") + key + "\" must be true or false");
    return it->get<bool>();
}

json const& array(json const& j, char const* key, std::string const& where) {
    static json const empty = json::array();
    auto it = j.find(key);
    if (it == j.end()) return empty;
    if (!it->is_array()) fail(where, std::string("\"") + key + "\" must be a list");
    return *it;
}

void read_measurement(json const& j, aspect& a, std::string const& where) {
    auto rule = j.find("rule");
    if (rule == j.end() || !rule->is_object()) fail(where, "a measurement needs a \"rule\"");
    auto kind = text(*rule, "kind", where, true);
    if (kind == "all_or_nothing") {
        a.rule = measurement_kind::all_or_nothing;
    } else if (kind == "deductions") {
        a.rule = measurement_kind::deductions;
        std::set<std::string> ids;
        for (auto const& d : array(*rule, "deductions", where)) {
            if (!d.is_object()) fail(where, "a deduction must be an object");
            deduction_rule r{text(d, "id", where, true), text(d, "text", where, false),
                             mark(d, "amount", where), flag(d, "perOccurrence", where, true)};
            if (!ids.insert(r.id).second) fail(where, "deduction \"" + r.id + "\" appears twice");
            if (r.amount <= 0 || r.amount > a.max_mark + mark_epsilon)
                fail(where, "deduction \"" + r.id +
                                "\" must take off more than 0 and at most the "
                                "aspect's mark");
            a.deductions.push_back(std::move(r));
        }
        if (a.deductions.empty()) fail(where, "\"deductions\" lists no faults");
    } else if (kind == "bands") {
        a.rule = measurement_kind::bands;
        a.nominal = number(*rule, "nominal", where);
        a.unit = text(*rule, "unit", where, false);
        for (auto const& b : array(*rule, "bands", where)) {
            if (!b.is_object()) fail(where, "a band must be an object");
            tolerance_band band{number(b, "within", where), mark(b, "mark", where)};
            if (band.within < 0) fail(where, "a band's \"within\" cannot be negative");
            if (band.mark > a.max_mark + mark_epsilon)
                fail(where, "a band gives more than the aspect's mark");
            a.bands.push_back(band);
        }
        if (a.bands.empty()) fail(where, "\"bands\" lists no tolerance");
        std::sort(a.bands.begin(), a.bands.end(),
                  [](auto const& x, auto const& y) { return x.within < y.within; });
    } else {
        fail(where, "rule kind \"" + kind + "\" is not all_or_nothing, deductions or bands");
    }
    a.checker = text(j, "checker", where, false);
}

void read_judgement(json const& j, aspect& a, std::string const& where) {
    for (auto const& d : array(j, "scale", where)) {
        if (d.is_string())
            a.descriptors.push_back(d.get<std::string>());
        else if (d.is_object())
            a.descriptors.push_back(text(d, "descriptor", where, true));
        else
            fail(where, "a scale entry must be text or {\"score\", \"descriptor\"}");
    }
    if (a.descriptors.size() != 4)
        fail(where, "a judgement needs a descriptor for each score 0, 1, 2 and 3");
    a.judges = integer(j, "judges", where, 3);
    // 3 or 5 for WorldSkills panels; 1 or 2 for written answers (two markers, 双评).
    if (a.judges < 1 || a.judges > 5 || a.judges == 4)
        fail(where, "\"judges\" must be 1, 2, 3 or 5");
    a.max_spread = integer(j, "maxSpread", where, 1);
    if (a.max_spread < 0 || a.max_spread > 3) fail(where, "\"maxSpread\" must be 0 to 3");
}

aspect read_aspect(json const& j, std::string const& where) {
    if (!j.is_object()) fail(where, "an aspect must be an object");
    aspect a;
    a.code = text(j, "code", where, true);
    auto here = where + " aspect " + a.code;
    a.description = text(j, "description", here, false);
    a.standard_ref = text(j, "standardRef", here, false);
    a.max_mark = mark(j, "maxMark", here);
    if (a.max_mark <= 0) fail(here, "\"maxMark\" must be positive");
    auto type = text(j, "type", here, true);
    if (type == "measurement") {
        a.type = aspect::kind::measurement;
        read_measurement(j, a, here);
    } else if (type == "judgement") {
        a.type = aspect::kind::judgement;
        read_judgement(j, a, here);
    } else {
        fail(here, "type \"" + type + "\" is not measurement or judgement");
    }
    return a;
}

sub_criterion read_sub_criterion(json const& j, std::string const& where) {
    if (!j.is_object()) fail(where, "a sub-criterion must be an object");
    sub_criterion s{text(j, "code", where, true), text(j, "name", where, false), {}};
    for (auto const& a : array(j, "aspects", where + " " + s.code))
        s.aspects.push_back(read_aspect(a, where + " " + s.code));
    if (s.aspects.empty()) fail(where + " " + s.code, "has no aspects");
    return s;
}

criterion read_criterion(json const& j) {
    if (!j.is_object()) fail("criteria", "a criterion must be an object");
    criterion c;
    c.code = text(j, "code", "criteria", true);
    auto where = "criterion " + c.code;
    c.name = text(j, "name", where, false);
    c.max_marks = mark(j, "maxMarks", where);
    for (auto const& s : array(j, "subCriteria", where))
        c.sub_criteria.push_back(read_sub_criterion(s, where));
    // A scoring sheet (评分记录表) row has its aspects directly under the criterion.
    if (j.contains("aspects")) {
        json shorthand = {{"code", c.code}, {"name", c.name}, {"aspects", j["aspects"]}};
        c.sub_criteria.push_back(read_sub_criterion(shorthand, where));
    }
    if (c.sub_criteria.empty()) fail(where, "has no sub-criteria or aspects");
    double sum = 0;
    for (auto const& s : c.sub_criteria)
        for (auto const& a : s.aspects) sum += a.max_mark;
    if (std::abs(sum - c.max_marks) > mark_epsilon)
        fail(where, "its aspects add up to " + std::to_string(sum) + ", not its maxMarks " +
                        std::to_string(c.max_marks));
    return c;
}

} // namespace

marking_scheme marking_scheme_from_json(json const& j) {
    if (!j.is_object() || j.value("kind", json()) != "markingScheme")
        throw std::invalid_argument(
            "not a marking scheme: expected {\"kind\": \"markingScheme\", ...}");
    marking_scheme m;
    m.id = text(j, "id", "scheme", true);
    if (m.id.empty()) fail("scheme", "\"id\" is empty");
    m.title = text(j, "title", "scheme", false);
    m.style = j.contains("style") ? text(j, "style", "scheme", true) : "worldskills";
    m.total_marks = mark(j, "totalMarks", "scheme");
    double sum = 0;
    std::set<std::string> codes;
    for (auto const& cj : array(j, "criteria", "scheme")) {
        auto c = read_criterion(cj);
        if (!codes.insert(c.code).second) fail("criteria", "code " + c.code + " appears twice");
        sum += c.max_marks;
        m.criteria.push_back(std::move(c));
    }
    if (m.criteria.empty()) fail("scheme", "\"criteria\" is empty");
    if (std::abs(sum - m.total_marks) > mark_epsilon)
        fail("scheme", "criteria add up to " + std::to_string(sum) + ", not totalMarks " +
                           std::to_string(m.total_marks));
    std::set<std::string> aspect_codes;
    for (auto const* a : m.aspects())
        if (!aspect_codes.insert(a->code).second)
            fail("scheme", "aspect " + a->code + " appears twice");
    for (auto const& v : array(j, "veto", "scheme")) {
        if (!v.is_object()) fail("veto", "a veto item must be an object");
        m.veto.push_back({text(v, "id", "veto", true), text(v, "text", "veto", true)});
    }
    if (auto t = j.find("overtime"); t != j.end()) {
        if (!t->is_object()) fail("overtime", "must be an object");
        overtime_rule o;
        double every = number(*t, "everyMinutes", "overtime");
        if (every <= 0 || every > 600) fail("overtime", "\"everyMinutes\" must be 0 to 600");
        o.every_ms = static_cast<std::int64_t>(every * 60'000);
        o.deduct = mark(*t, "deduct", "overtime");
        if (t->contains("stopAfterMinutes")) {
            double stop = number(*t, "stopAfterMinutes", "overtime");
            if (stop <= 0 || stop > 600) fail("overtime", "\"stopAfterMinutes\" must be 0 to 600");
            o.stop_after_ms = static_cast<std::int64_t>(stop * 60'000);
        }
        m.overtime = o;
    }
    return m;
}

aspect const* marking_scheme::find_aspect(std::string const& code) const {
    for (auto const& c : criteria)
        for (auto const& s : c.sub_criteria)
            for (auto const& a : s.aspects)
                if (a.code == code) return &a;
    return nullptr;
}

std::vector<aspect const*> marking_scheme::aspects() const {
    std::vector<aspect const*> all;
    for (auto const& c : criteria)
        for (auto const& s : c.sub_criteria)
            for (auto const& a : s.aspects) all.push_back(&a);
    return all;
}

} // namespace craftmark::core
