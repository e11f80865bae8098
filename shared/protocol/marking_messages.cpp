#include "shared/protocol/marking_messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, work_ref const& m) {
    j = {{"sitting_id", m.sitting_id}, {"code", m.code}};
}
void from_json(json const& j, work_ref& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
    m.code = required_string(j, "code", 16);
}

void to_json(json& j, marking_enter const& m) {
    to_json(j, m.work);
    j["aspect"] = m.aspect;
    j["entry"] = m.entry;
    if (!m.comment.empty()) j["comment"] = m.comment;
}
void from_json(json const& j, marking_enter& m) {
    from_json(j, m.work);
    m.aspect = required_string(j, "aspect", max_identifier);
    // Any JSON here: the marking scheme says what an aspect takes, and the server checks it.
    m.entry = j.value("entry", json());
    m.comment = optional_string(j, "comment", 2000);
}

void to_json(json& j, marking_file const& m) {
    to_json(j, m.work);
    j["name"] = m.name;
    j["offset"] = m.offset;
}
void from_json(json const& j, marking_file& m) {
    from_json(j, m.work);
    m.name = required_string(j, "name", 255);
    m.offset = j.contains("offset") ? required_integer(j, "offset", 0, max_safe_integer) : 0;
}

} // namespace craftmark::protocol
