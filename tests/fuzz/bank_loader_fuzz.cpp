// Fuzz target: the question-bank and assessment loaders on untrusted JSON. They either load
// or throw a clear exception; a loaded bank must validate without crashing.
#include "server/core/assessment.hpp"
#include "server/core/bank.hpp"

#include <cstddef>
#include <cstdint>
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
    return 0;
}
