#include "shared/protocol/centre_messages.hpp"

#include "shared/protocol/errors.hpp"
#include "shared/protocol/messages.hpp"

#include <initializer_list>

namespace craftmark::protocol {

using nlohmann::json;

namespace {

/// `value` when it is one of `allowed`; otherwise the refusal names them.
std::string one_of(std::string value, char const* key, std::initializer_list<char const*> allowed) {
    std::string names;
    for (auto const* a : allowed) {
        if (value == a) return value;
        names += (names.empty() ? "" : ", ") + std::string(a);
    }
    throw protocol_error(errc::invalid_field, "\"" + std::string(key) + "\" must be " + names);
}

} // namespace

void to_json(json& j, sitting_create const& m) {
    j = {{"sitting_id", m.sitting_id},
         {"assessment", m.assessment},
         {"title", m.title},
         {"venue", m.venue},
         {"room", m.room},
         {"starts_at", m.starts_at},
         {"duration_minutes", m.duration_minutes},
         {"review", m.review},
         {"checkin", m.checkin},
         {"delivery", m.delivery}};
}

void from_json(json const& j, sitting_create& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.assessment = required_string(j, "assessment", max_identifier);
    m.title = optional_string(j, "title", 200);
    m.venue = optional_string(j, "venue", max_identifier);
    if (auto room = optional_string(j, "room", max_identifier); !room.empty()) m.room = room;
    // From 2000 to 2100: a date typed wrong by a century is refused, not scheduled.
    m.starts_at = required_integer(j, "starts_at", 946'684'800'000, 4'102'444'800'000);
    if (j.contains("duration_minutes"))
        m.duration_minutes = required_integer(j, "duration_minutes", 0, 24 * 60);
    if (auto review = optional_string(j, "review", 8); !review.empty())
        m.review = one_of(review, "review", {"none", "score", "items"});
    if (auto checkin = optional_string(j, "checkin", 16); !checkin.empty())
        m.checkin = one_of(checkin, "checkin", {"required", "not_required"});
    if (auto delivery = optional_string(j, "delivery", 8); !delivery.empty())
        m.delivery = one_of(delivery, "delivery", {"any", "browser"});
}

void to_json(json& j, roster_import const& m) {
    j = {{"sitting_id", m.sitting_id}, {"name", m.name},         {"data", m.data},
         {"sheet", m.sheet},           {"encoding", m.encoding}, {"dry_run", m.dry_run}};
}

void from_json(json const& j, roster_import& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.name = required_string(j, "name", 255);
    m.data = required_string(j, "data", max_file_base64);
    m.sheet = optional_string(j, "sheet", 31); // Excel's longest sheet name
    if (auto encoding = optional_string(j, "encoding", 16); !encoding.empty())
        m.encoding = encoding;
    if (j.contains("dry_run")) m.dry_run = required_bool(j, "dry_run");
}

void to_json(json& j, results_export const& m) {
    j = {{"sitting_id", m.sitting_id}, {"format", m.format}};
}

void from_json(json const& j, results_export& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    if (auto format = optional_string(j, "format", 8); !format.empty())
        m.format = one_of(format, "format", {"csv", "xlsx", "json"});
}

void to_json(json& j, certificate_issue const& m) {
    j = {{"sitting_id", m.sitting_id}};
}

void from_json(json const& j, certificate_issue& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
}

void to_json(json& j, certificate_status_change const& m) {
    j = {{"certificate", m.certificate}, {"status", m.status}, {"reason", m.reason}};
}

void from_json(json const& j, certificate_status_change& m) {
    m.certificate = required_string(j, "certificate", max_identifier);
    m.status =
        one_of(required_string(j, "status", 16), "status", {"revoked", "suspended", "active"});
    m.reason = required_string(j, "reason", 500);
}

void to_json(json& j, staff_put const& m) {
    j = m.account;
    j["password"] = m.password;
}

void from_json(json const& j, staff_put& m) {
    auto& a = m.account;
    a.username = required_string(j, "username", max_identifier);
    a.display_name = optional_string(j, "display_name", 100);
    a.role = one_of(required_string(j, "role", 16), "role", {"admin", "proctor", "examiner"});
    a.scopes = optional_strings(j, "scopes", 100);
    if (a.scopes.empty() || a.scopes.size() > 50)
        throw protocol_error(errc::invalid_field,
                             "\"scopes\" must name 1 to 50: *, sitting:ID, venue:NAME or chief");
    a.organisation = optional_string(j, "organisation", 100);
    m.password = optional_string(j, "password", 256);
}

void to_json(json& j, audit_verdict const& m) {
    j = {{"intact", m.intact},
         {"entries", m.entries},
         {"answers", m.answers},
         {"first_broken", m.first_broken ? json(*m.first_broken) : json(nullptr)},
         {"reason", m.reason}};
}

void from_json(json const& j, audit_verdict& m) {
    m.intact = j.at("intact").get<bool>();
    m.entries = j.at("entries").get<std::int64_t>();
    m.answers = j.at("answers").get<std::int64_t>();
    if (auto const& f = j.at("first_broken"); !f.is_null()) m.first_broken = f.get<std::int64_t>();
    m.reason = j.at("reason").get<std::string>();
}

} // namespace craftmark::protocol
