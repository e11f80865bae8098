#include "server/core/marking/marking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace craftmark::core {

using nlohmann::json;

double round_mark(double v) {
    return std::round(v * 100) / 100;
}

std::optional<std::string> check_measurement(aspect const& a, json const& entry) {
    if (!entry.is_object()) return "an entry must be an object";
    switch (a.rule) {
    case measurement_kind::all_or_nothing:
        if (!entry.contains("met") || !entry["met"].is_boolean())
            return "\"met\" must be true or false";
        return std::nullopt;
    case measurement_kind::deductions: {
        auto faults = entry.find("faults");
        if (faults == entry.end() || !faults->is_object()) return "\"faults\" must be an object";
        for (auto const& fault : faults->items()) {
            auto const& id = fault.key();
            auto const& count = fault.value();
            bool known = std::any_of(a.deductions.begin(), a.deductions.end(),
                                     [&](auto const& d) { return d.id == id; });
            if (!known) return "\"" + id + "\" is not a deduction of aspect " + a.code;
            if (!count.is_number_integer() || count.get<std::int64_t>() < 0 ||
                count.get<std::int64_t>() > 1000)
                return "the count of \"" + id + "\" must be a whole number from 0 to 1000";
        }
        return std::nullopt;
    }
    case measurement_kind::bands:
        if (!entry.contains("value") || !entry["value"].is_number() ||
            !std::isfinite(entry["value"].get<double>()))
            return "\"value\" must be a number";
        return std::nullopt;
    }
    return "unknown rule";
}

double measurement_mark(aspect const& a, json const& entry) {
    switch (a.rule) {
    case measurement_kind::all_or_nothing: return entry["met"].get<bool>() ? a.max_mark : 0;
    case measurement_kind::deductions: {
        double off = 0;
        for (auto const& d : a.deductions) {
            auto count = entry["faults"].value(d.id, std::int64_t{0});
            if (count > 0)
                off += d.per_occurrence ? d.amount * static_cast<double>(count) : d.amount;
        }
        return std::max(0.0, a.max_mark - off); // 扣完为止: never below zero
    }
    case measurement_kind::bands: {
        double off = std::abs(entry["value"].get<double>() - a.nominal);
        for (auto const& b : a.bands) // tightest first
            if (off <= b.within + 1e-9) return b.mark;
        return 0;
    }
    }
    return 0;
}

double judgement_mark(aspect const& a, std::vector<int> scores) {
    if (scores.empty()) return 0;
    std::sort(scores.begin(), scores.end());
    if (scores.size() == 5) scores = {scores.begin() + 1, scores.end() - 1};
    double mean =
        std::accumulate(scores.begin(), scores.end(), 0.0) / static_cast<double>(scores.size());
    return a.max_mark * mean / 3;
}

namespace {

aspect_mark mark_measurement(aspect const& a, task_marks const& marks) {
    auto entry = marks.measured.find(a.code);
    if (entry == marks.measured.end() || check_measurement(a, entry->second))
        return {a.code, 0, aspect_state::pending};
    return {a.code, round_mark(measurement_mark(a, entry->second)), aspect_state::marked};
}

aspect_mark mark_judgement(aspect const& a, task_marks const& marks) {
    std::vector<int> scores;
    if (auto found = marks.judged.find(a.code); found != marks.judged.end())
        for (auto const& [judge, score] : found->second) scores.push_back(score);
    if (static_cast<int>(scores.size()) < a.judges) return {a.code, 0, aspect_state::pending};
    auto [low, high] = std::minmax_element(scores.begin(), scores.end());
    auto state = *high - *low > a.max_spread ? aspect_state::reconcile : aspect_state::marked;
    return {a.code, round_mark(judgement_mark(a, scores)), state};
}

} // namespace

task_score score_task(marking_scheme const& scheme, task_marks const& marks) {
    task_score s;
    for (auto const* a : scheme.aspects()) {
        auto m = a->type == aspect::kind::measurement ? mark_measurement(*a, marks)
                                                      : mark_judgement(*a, marks);
        s.raw += m.mark;
        s.aspects.push_back(std::move(m));
    }
    s.raw = round_mark(s.raw);
    if (scheme.overtime && marks.overtime_ms > 0) {
        auto const& o = *scheme.overtime;
        auto periods = (marks.overtime_ms + o.every_ms - 1) / o.every_ms; // every started period
        s.overtime_deduction = round_mark(o.deduct * static_cast<double>(periods));
        s.stopped = o.stop_after_ms > 0 && marks.overtime_ms >= o.stop_after_ms;
    }
    s.vetoed = std::any_of(scheme.veto.begin(), scheme.veto.end(),
                           [&](auto const& v) { return marks.vetoes.count(v.id) > 0; });
    s.total = s.vetoed ? 0 : std::max(0.0, round_mark(s.raw - s.overtime_deduction));
    return s;
}

std::vector<std::string> task_score::pending() const {
    std::vector<std::string> codes;
    for (auto const& a : aspects)
        if (a.state == aspect_state::pending) codes.push_back(a.code);
    return codes;
}

std::vector<std::string> task_score::to_reconcile() const {
    std::vector<std::string> codes;
    for (auto const& a : aspects)
        if (a.state == aspect_state::reconcile) codes.push_back(a.code);
    return codes;
}

protocol::work_score score_view(task_score const& s) {
    protocol::work_score view{.raw = s.raw,
                              .overtime_deduction = s.overtime_deduction,
                              .vetoed = s.vetoed,
                              .stopped = s.stopped,
                              .total = s.total,
                              .complete = s.complete()};
    for (auto const& a : s.aspects)
        view.aspects[a.code] = {a.mark, a.state == aspect_state::marked    ? "marked"
                                        : a.state == aspect_state::pending ? "pending"
                                                                           : "reconcile"};
    return view;
}

} // namespace craftmark::core
