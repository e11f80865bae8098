#include "server/core/bank/bank.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace craftmark::core {

using nlohmann::json;

bank bank_from_json(json const& j) {
    if (!j.is_object() || j.value("kind", "") != "qbank")
        throw std::invalid_argument("not a question bank: expected {\"kind\": \"qbank\", ...}");
    if (!j.contains("bank") || !j["bank"].is_object())
        throw std::invalid_argument("a bank needs a \"bank\" object with its id and title");
    auto const& head = j["bank"];
    bank b;
    b.id = head.value("id", "");
    if (b.id.empty()) throw std::invalid_argument("\"bank.id\" is missing");
    auto title = head.value("title", json());
    b.title = title.is_string()   ? title.get<std::string>()
              : title.is_object() ? title.value("zh-CN", title.value("en", ""))
                                  : "";
    b.lang = head.value("lang", "zh-CN");
    if (auto o = head.find("occupation"); o != head.end() && o->is_object()) {
        b.occupation_code = o->value("code", "");
        b.occupation_name = o->value("name", "");
    }
    b.level = head.value("level", "");
    if (!j.contains("items") || !j["items"].is_array())
        throw std::invalid_argument("a bank needs an \"items\" array");
    std::size_t index = 0;
    for (auto const& ij : j["items"]) {
        ++index;
        try {
            b.items.push_back(ij.get<item>());
        } catch (std::exception const& e) {
            throw std::invalid_argument("item " + std::to_string(index) + ": " + e.what());
        }
    }
    return b;
}

json bank_to_json(bank const& b) {
    json items = json::array();
    for (auto const& it : b.items) items.push_back(it);
    return {{"kind", "qbank"},
            {"schemaVersion", "1.0"},
            {"bank",
             {{"id", b.id},
              {"title", b.title},
              {"lang", b.lang},
              {"level", b.level},
              {"occupation", {{"code", b.occupation_code}, {"name", b.occupation_name}}}}},
            {"items", items}};
}

std::vector<std::string> validate_bank(bank const& b) {
    std::vector<std::string> problems;
    std::set<std::string> ids;
    for (auto const& it : b.items) {
        if (!ids.insert(it.id).second) problems.push_back(it.id + ": duplicate item id");
        auto p = validate(it);
        problems.insert(problems.end(), p.begin(), p.end());
    }
    return problems;
}

} // namespace craftmark::core
