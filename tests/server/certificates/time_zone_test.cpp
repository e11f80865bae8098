#include "server/certificates/time_zone.hpp"
#include "shared/util/time_text.hpp"

#include <doctest/doctest.h>

using namespace craftmark;

namespace {
util::millis utc(char const* text) {
    auto at = util::parse_iso8601(text);
    REQUIRE(at);
    return *at;
}
} // namespace

TEST_CASE("certificates are dated in the issuing body's time zone, with its offset") {
    // 07:30 in Beijing is still the day before in UTC: the date must be Beijing's.
    CHECK(certificates::iso8601_in("Asia/Shanghai", utc("2026-11-30T23:30:00Z")) ==
          "2026-12-01T07:30:00+08:00");
    CHECK(certificates::iso8601_in("Europe/Berlin", utc("2026-07-01T12:00:00Z")) ==
          "2026-07-01T14:00:00+02:00"); // summer time
    CHECK(certificates::iso8601_in("Europe/Berlin", utc("2026-12-01T12:00:00Z")) ==
          "2026-12-01T13:00:00+01:00");
    CHECK(certificates::iso8601_in("America/St_Johns", utc("2026-12-01T02:00:00Z")) ==
          "2026-11-30T22:30:00-03:30");
    CHECK(certificates::iso8601_in("UTC", utc("2026-12-01T02:00:00Z")) ==
          "2026-12-01T02:00:00+00:00");
}

TEST_CASE("an unknown time zone is refused, not taken for UTC") {
    CHECK(certificates::is_time_zone("Asia/Shanghai"));
    CHECK_FALSE(certificates::is_time_zone("Asia/Beijing"));
    CHECK_FALSE(certificates::is_time_zone("Mars/Olympus_Mons"));
    CHECK_FALSE(certificates::is_time_zone(""));
    CHECK_FALSE(certificates::is_time_zone("../../etc/passwd"));
    CHECK_THROWS_WITH(certificates::iso8601_in("Asia/Beijing", 0),
                      doctest::Contains("unknown time zone"));
}

TEST_CASE("ISO 8601 times with an offset read back to the same instant") {
    CHECK(utc("2026-12-01T07:30:00+08:00") == utc("2026-11-30T23:30:00Z"));
    CHECK(utc("2026-11-30T22:30:00-03:30") == utc("2026-12-01T02:00:00Z"));
    for (auto bad : {"2026-12-01T07:30:00+8", "2026-12-01T07:30:00+08:00Z", "2026-12-01T07:30:00",
                     "2026-12-01T07:30:00+24:00", "2026-12-01"})
        CHECK_MESSAGE(!util::parse_iso8601(bad), bad);
}
