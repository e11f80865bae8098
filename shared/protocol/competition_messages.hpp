#pragma once
// The chief judge's reveal from a console: its request and reply.
#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::protocol {

/// event.reveal: release a locked module's results to the board.
struct event_reveal {
    std::string event;
    std::string skill;
    std::string module;
    std::string password; // the chief judge's, typed again
    friend bool operator==(event_reveal const&, event_reveal const&) = default;
};

/// event.reveal's reply.
struct event_revealed {
    std::string event;
    std::string skill;
    std::string module;
    friend bool operator==(event_revealed const&, event_revealed const&) = default;
};

void to_json(nlohmann::json& j, event_reveal const& m);
void from_json(nlohmann::json const& j, event_reveal& m);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(event_revealed, event, skill, module)

} // namespace craftmark::protocol
