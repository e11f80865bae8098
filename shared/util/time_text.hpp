#pragma once
// Times as people and documents write them (UTC).
#include "shared/util/clock.hpp"

#include <ctime>
#include <optional>
#include <string>

namespace craftmark::util {

/// 2026-11-23T09:14:05Z
inline std::string iso8601(millis at) {
    std::time_t t = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

/// 2026-11-23T09:14:05Z back to milliseconds; nullopt for any other shape.
inline std::optional<millis> parse_iso8601(std::string const& text) {
    std::tm tm{};
    char const* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end != '\0') return std::nullopt;
    return static_cast<millis>(timegm(&tm)) * 1000;
}

/// 2026-11-23
inline std::string iso_date(millis at) {
    return iso8601(at).substr(0, 10);
}

} // namespace craftmark::util
