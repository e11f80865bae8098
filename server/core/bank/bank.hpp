#pragma once
#include "server/core/bank/item.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace craftmark::core {

/// A question bank: items for one occupation and level (question-banks/schema/qbank.schema.json).
struct bank {
    std::string id;
    std::string title;
    std::string lang = "zh-CN";
    std::string occupation_code;
    std::string occupation_name;
    std::string level;
    std::vector<item> items;
};

/// Reads a native bank document; throws std::invalid_argument with the first structural
/// problem. Item-level problems are reported by validate_bank.
bank bank_from_json(nlohmann::json const& j);
nlohmann::json bank_to_json(bank const& b);

/// Every problem that makes the bank unusable (duplicate ids, items failing validate()).
std::vector<std::string> validate_bank(bank const& b);

} // namespace craftmark::core
