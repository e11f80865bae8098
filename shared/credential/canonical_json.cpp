#include "shared/credential/canonical_json.hpp"

#include <stdexcept>

namespace craftmark::credential {
namespace {

constexpr std::int64_t largest_exact_integer = 9007199254740991; // 2^53 - 1

void check_subset(nlohmann::json const& value, std::string const& where) {
    switch (value.type()) {
    case nlohmann::json::value_t::number_float:
        throw std::invalid_argument(where +
                                    ": floating-point numbers are not canonical; use a string");
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: {
        bool fits = value.is_number_unsigned()
                        ? value.get<std::uint64_t>() <= largest_exact_integer
                        : std::abs(value.get<std::int64_t>()) <= largest_exact_integer;
        if (!fits) throw std::invalid_argument(where + ": integer beyond ±2^53");
        break;
    }
    case nlohmann::json::value_t::object:
        for (auto const& [key, item] : value.items()) {
            for (unsigned char c : key)
                if (c >= 0x80)
                    throw std::invalid_argument(where + ": non-ASCII key \"" + key + "\"");
            check_subset(item, where + "." + key);
        }
        break;
    case nlohmann::json::value_t::array:
        for (std::size_t i = 0; i < value.size(); ++i)
            check_subset(value[i], where + "[" + std::to_string(i) + "]");
        break;
    default: break;
    }
}

} // namespace

std::string canonical_json(nlohmann::json const& document) {
    check_subset(document, "$");
    return document.dump(); // throws on invalid UTF-8
}

bool is_canonical_json(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return !parsed.is_discarded() && is_canonical_json(text, parsed);
}

bool is_canonical_json(std::string_view text, nlohmann::json const& parsed) {
    try {
        return canonical_json(parsed) == text;
    } catch (std::exception const&) {
        return false;
    }
}

} // namespace craftmark::credential
