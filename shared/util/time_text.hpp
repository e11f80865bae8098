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

/// When a sitting starts, as staff type it: "now", "+15m", "+2h", or local time
/// "2026-11-23 09:00" / "2026-11-23T09:00"; nullopt for any other shape.
inline std::optional<millis> parse_start(std::string const& text, millis now) {
    if (text == "now") return now;
    if (text.size() > 2 && text[0] == '+' && (text.back() == 'm' || text.back() == 'h')) {
        auto digits = text.substr(1, text.size() - 2);
        if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 6)
            return std::nullopt;
        return now + std::stoll(digits) * (text.back() == 'm' ? 60'000 : 3'600'000);
    }
    std::tm tm{};
    char const* end =
        strptime(text.c_str(),
                 text.find('T') != std::string::npos ? "%Y-%m-%dT%H:%M" : "%Y-%m-%d %H:%M", &tm);
    if (!end || (*end && std::string(end) != ":00")) return std::nullopt;
    tm.tm_isdst = -1;
    return static_cast<millis>(std::mktime(&tm)) * 1000;
}

/// 2026-11-23
inline std::string iso_date(millis at) {
    return iso8601(at).substr(0, 10);
}

} // namespace craftmark::util
