#include "server/certificates/time_zone.hpp"

#include "shared/util/time_text.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <unicode/ucal.h>
#include <unicode/utypes.h>

namespace craftmark::certificates {
namespace {

std::u16string utf16(std::string const& ascii) {
    return std::u16string(ascii.begin(), ascii.end()); // zone names are ASCII
}

} // namespace

bool is_time_zone(std::string const& zone) {
    if (zone.empty() ||
        zone.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789/_+-") != std::string::npos)
        return false;
    auto id = utf16(zone);
    UChar canonical[64];
    UBool system = false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_getCanonicalTimeZoneID(id.data(), static_cast<int32_t>(id.size()), canonical, 64, &system,
                                &status);
    return U_SUCCESS(status) && system;
}

std::string iso8601_in(std::string const& zone, util::millis at) {
    if (!is_time_zone(zone)) throw std::invalid_argument("unknown time zone \"" + zone + "\"");
    auto id = utf16(zone);
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCalendar, decltype(&ucal_close)> calendar(
        ucal_open(id.data(), static_cast<int32_t>(id.size()), "en", UCAL_GREGORIAN, &status),
        ucal_close);
    if (U_FAILURE(status))
        throw std::runtime_error("ICU calendar: " + std::string(u_errorName(status)));
    ucal_setMillis(calendar.get(), static_cast<UDate>(at), &status);
    int offset_ms = ucal_get(calendar.get(), UCAL_ZONE_OFFSET, &status) +
                    ucal_get(calendar.get(), UCAL_DST_OFFSET, &status);
    if (U_FAILURE(status))
        throw std::runtime_error("ICU offset: " + std::string(u_errorName(status)));
    int minutes = offset_ms / 60000;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                  std::abs(minutes) / 60, std::abs(minutes) % 60);
    std::string local = util::iso8601(at + static_cast<util::millis>(minutes) * 60000);
    local.pop_back(); // its Z
    return local + suffix;
}

} // namespace craftmark::certificates
