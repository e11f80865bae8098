#pragma once
// How a client reads a server's reply: a missing or null member keeps its default, an unknown
// one is ignored, so a terminal keeps working against a newer server. A member of the wrong
// type is a broken reply and throws.
#include <nlohmann/json.hpp>
#include <optional>

namespace craftmark::protocol {

template <class T> void read_lenient(nlohmann::json const& j, char const* key, T& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<T>();
}

template <class T>
void read_lenient(nlohmann::json const& j, char const* key, std::optional<T>& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->template get<T>();
}

} // namespace craftmark::protocol
