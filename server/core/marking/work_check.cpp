#include "server/core/marking/work_check.hpp"

#include "server/core/marking/marking.hpp"

namespace craftmark::core {

using nlohmann::json;

std::string_view status_name(check_outcome::status s) {
    switch (s) {
    case check_outcome::status::ok: return "ok";
    case check_outcome::status::failed: return "failed";
    case check_outcome::status::timed_out: return "timed_out";
    case check_outcome::status::bad_output: return "bad_output";
    case check_outcome::status::unavailable: return "unavailable";
    }
    return "unavailable";
}

applied_check apply_check(marking_scheme const& scheme, json const& results) {
    applied_check a;
    for (auto const* aspect : scheme.aspects()) {
        if (aspect->checker.empty()) continue;
        auto r = results.find(aspect->checker);
        if (r == results.end()) {
            a.problems.push_back(aspect->code + ": the checker reported no \"" + aspect->checker +
                                 "\"");
            continue;
        }
        if (auto why = check_measurement(*aspect, *r)) {
            a.problems.push_back(aspect->code + ": " + *why);
            continue;
        }
        a.measured[aspect->code] = *r;
    }
    return a;
}

work_check check_work(practical_task const& task,
                      std::optional<marking_scheme> const& scheme,
                      std::vector<work_file> const& files,
                      checker_runner const& run,
                      std::filesystem::path const& folder) {
    auto outcome = run(task, files, folder);
    work_check out;
    out.record = {{"status", status_name(outcome.state)},
                  {"message", outcome.message},
                  {"diagnostics", outcome.diagnostics},
                  {"problems", json::array()}};
    if (outcome.state == check_outcome::status::ok && scheme) {
        auto applied = apply_check(*scheme, outcome.results);
        out.record["problems"] = applied.problems;
        out.measured = std::move(applied.measured);
    }
    return out;
}

} // namespace craftmark::core
