#include "shared/protocol/competition_messages.hpp"

#include "shared/protocol/messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

void to_json(json& j, event_reveal const& m) {
    j = {{"event", m.event}, {"skill", m.skill}, {"module", m.module}, {"password", m.password}};
}
void from_json(json const& j, event_reveal& m) {
    m.event = required_string(j, "event", max_identifier);
    m.skill = required_string(j, "skill", max_identifier);
    m.module = required_string(j, "module", max_identifier);
    m.password = required_string(j, "password", 256);
}

} // namespace craftmark::protocol
