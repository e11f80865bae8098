#pragma once
// Certificates are dated in the issuing body's time zone, not UTC: a certificate issued in
// Beijing at 07:30 is dated that day, not the day before. Zones are IANA names, read through ICU
// (glibc's localtime needs the process-wide TZ variable; libstdc++ 12 has no chrono time zones).
#include "shared/util/clock.hpp"

#include <string>

namespace craftmark::certificates {

/// Whether `zone` is an IANA time zone ICU knows ("Asia/Shanghai", "Europe/Berlin").
bool is_time_zone(std::string const& zone);

/// `at` as the local time in `zone` with its offset: 2026-12-06T07:30:00+08:00.
std::string iso8601_in(std::string const& zone, util::millis at);

} // namespace craftmark::certificates
