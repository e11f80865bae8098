#pragma once
// A competition's steps from the console: the chief judge's reveal; the draws, the public
// board's freeze and the award certificates (administrators).
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

/// event.draw: round one draws competitor numbers, round two workstations.
struct event_draw {
    std::string event;
    std::string skill;
    std::string round = "numbers"; // or workstations
    friend bool operator==(event_draw const&, event_draw const&) = default;
};

/// event.freeze: keep the public board as it stands (frozen), or show the live one again.
struct event_freeze {
    std::string event;
    bool frozen = true;
    friend bool operator==(event_freeze const&, event_freeze const&) = default;
};

/// event.awards: the award certificates of a skill's medallists (its reply is a
/// certificate_issue_report).
struct event_awards {
    std::string event;
    std::string skill;
    friend bool operator==(event_awards const&, event_awards const&) = default;
};

/// event.put: a competition defined (or, before any draw, replaced) from its document, as
/// `craftmark event add` reads it (question-banks/schema/event.schema.json).
struct event_put {
    nlohmann::json event;
    friend bool operator==(event_put const&, event_put const&) = default;
};
struct event_defined {
    std::string id;
    std::int64_t skills = 0;
    friend bool operator==(event_defined const&, event_defined const&) = default;
};

void to_json(nlohmann::json& j, event_reveal const& m);
void from_json(nlohmann::json const& j, event_reveal& m);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(event_revealed, event, skill, module)
void to_json(nlohmann::json& j, event_draw const& m);
void from_json(nlohmann::json const& j, event_draw& m);
void to_json(nlohmann::json& j, event_freeze const& m);
void from_json(nlohmann::json const& j, event_freeze& m);
void to_json(nlohmann::json& j, event_awards const& m);
void from_json(nlohmann::json const& j, event_awards& m);
void to_json(nlohmann::json& j, event_put const& m);
void from_json(nlohmann::json const& j, event_put& m);
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(event_defined, id, skills)

} // namespace craftmark::protocol
