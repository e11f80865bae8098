#pragma once
// Times as people and documents write them (UTC, or with an offset where a document has one).
#include "shared/util/clock.hpp"

#include <cstdio>
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

/// 2026-11-23T09:14:05Z, or with an offset (2026-11-23T17:14:05+08:00), back to milliseconds
/// since 1970 UTC; nullopt for any other shape.
inline std::optional<millis> parse_iso8601(std::string const& text) {
    std::tm tm{};
    char const* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end) return std::nullopt;
    millis local = static_cast<millis>(timegm(&tm)) * 1000;
    std::string zone(end);
    if (zone == "Z") return local;
    int hours = 0, minutes = 0;
    char sign = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        std::sscanf(zone.c_str(), "%c%2d:%2d", &sign, &hours, &minutes) != 3 || hours > 23 ||
        minutes > 59)
        return std::nullopt;
    millis offset = (hours * 60 + minutes) * 60000LL;
    return sign == '+' ? local - offset : local + offset;
}

/// 2026-11-23 17:14:05, as the machine's clock shows it (what a centre's staff read); "" for 0.
inline std::string local_time(millis at) {
    if (at == 0) return "";
    std::time_t t = static_cast<std::time_t>(at / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

/// 2026-11-23
inline std::string iso_date(millis at) {
    return iso8601(at).substr(0, 10);
}

} // namespace craftmark::util
