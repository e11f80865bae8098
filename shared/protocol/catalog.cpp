#include "shared/protocol/catalog.hpp"

#include <algorithm>

namespace craftmark::protocol {

namespace {
constexpr unsigned anyone = role::none | role::candidate | role::proctor | role::examiner |
                            static_cast<unsigned>(role::admin);
constexpr unsigned candidate_only = static_cast<unsigned>(role::candidate);

constexpr message_spec table[] = {
    {"ping", anyone, "liveness check; replies with the server time"},
    {"auth.sign_in", static_cast<unsigned>(role::none),
     "candidate signs in with ticket and access code"},
    {"auth.resume", static_cast<unsigned>(role::none),
     "continue a signed-in attempt after a reconnect"},
    {"lobby.status", candidate_only, "sitting and attempt state, for the waiting room"},
    {"paper.get", candidate_only,
     "the candidate's paper (starts the attempt once the sitting is open)"},
    {"answer.save", candidate_only, "save one answer durably"},
    {"item.flag", candidate_only, "flag or unflag an item for review"},
    {"time.sync", candidate_only, "the attempt's clock now"},
    {"attempt.submit", candidate_only, "hand in the paper"},
    {"result.get", candidate_only, "the result as far as the review policy releases it"},
};

constexpr std::string_view pushes[] = {"time.changed", "attempt.closed"};
} // namespace

std::string_view role_name(role r) {
    switch (r) {
    case role::none: return "none";
    case role::candidate: return "candidate";
    case role::proctor: return "proctor";
    case role::examiner: return "examiner";
    case role::admin: return "admin";
    }
    return "none";
}

std::span<message_spec const> client_messages() {
    return table;
}

message_spec const* find_message(std::string_view type) {
    auto it = std::find_if(std::begin(table), std::end(table),
                           [&](message_spec const& m) { return m.type == type; });
    return it == std::end(table) ? nullptr : it;
}

std::span<std::string_view const> push_types() {
    return pushes;
}

} // namespace craftmark::protocol
