// Fuzz target: the question-bank, assessment, marking-scheme and competition-event loaders on
// untrusted JSON. They either load or throw a clear exception; a loaded bank must validate, a
// loaded scheme must score any entry that its own check lets through, and a loaded event must
// rank any results without a rank out of order.
#include "server/core/bank/assessment.hpp"
#include "server/core/bank/bank.hpp"
#include "server/core/competition/competition.hpp"
#include "server/core/marking/marking.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto json = nlohmann::json::parse(data, data + size, nullptr, false);
    if (json.is_discarded()) return 0;
    try {
        auto bank = craftmark::core::bank_from_json(json);
        (void)craftmark::core::validate_bank(bank);
        (void)craftmark::core::bank_to_json(bank);
    } catch (std::exception const&) { // invalid_argument, json type_error/out_of_range
    }
    try {
        (void)craftmark::core::assessment_from_json(json);
    } catch (std::exception const&) {
    }
    try {
        auto scheme = craftmark::core::marking_scheme_from_json(json);
        craftmark::core::task_marks marks;
        for (auto const* aspect : scheme.aspects()) {
            if (aspect->type == craftmark::core::aspect::kind::judgement) {
                marks.judged[aspect->code] = {{"a", 0}, {"b", 3}, {"c", 1}, {"d", 2}, {"e", 3}};
                continue;
            }
            for (auto const& [key, entry] : json.items()) // any object in the input as an entry
                if (!craftmark::core::check_measurement(*aspect, entry))
                    marks.measured[aspect->code] = entry;
        }
        auto score = craftmark::core::score_task(scheme, marks);
        if (score.total < 0 || score.total > scheme.total_marks + 0.01) std::abort();
    } catch (std::invalid_argument const&) { // the loader refuses with invalid_argument only
    }
    try {
        auto event = craftmark::core::competition_event_from_json(json);
        for (auto const& skill : event.skills) {
            std::vector<craftmark::core::competitor_result> results;
            for (int i = 0; i < 5; ++i) {
                craftmark::core::competitor_result r{std::to_string(i), {}, {}};
                for (auto const& m : skill.modules) r.modules[m.id] = 20.0 * i;
                results.push_back(std::move(r));
            }
            auto ranked = craftmark::core::rank_skill(skill, results, true);
            for (std::size_t i = 1; i < ranked.size(); ++i)
                if (ranked[i].rank < ranked[i - 1].rank) std::abort();
        }
    } catch (std::invalid_argument const&) { // the loader refuses with invalid_argument only
    }
    return 0;
}
