#pragma once
// The proctor's messages about one seat: who is there, which terminal may speak for it, where it
// is. Typed here for the server and every client (the console builds them, the server decodes
// them from untrusted JSON).
#include "shared/protocol/messages.hpp"

#include <string>

namespace craftmark::protocol {

/// candidate.check_in: the candidate arrived (`checked_in`, `late`: a new access code is
/// issued), did not come (`no_show`) or left (`checked_out`): the code dies.
struct check_in {
    std::string ticket;
    std::string state;
    friend bool operator==(check_in const&, check_in const&) = default;
};

/// candidate.photo: the candidate's photo from the roster, to compare with the face at check-in.
struct photo_request {
    std::string ticket;
    friend bool operator==(photo_request const&, photo_request const&) = default;
};

/// candidate.unlock: lift a ticket's lock after five wrong access codes.
struct candidate_unlock {
    std::string ticket;
    std::string reason;
    friend bool operator==(candidate_unlock const&, candidate_unlock const&) = default;
};

/// terminal.approve: the attempt goes to the terminal waiting for it; the old one is cut off.
struct terminal_approve {
    std::string ticket;
    std::string reason;
    friend bool operator==(terminal_approve const&, terminal_approve const&) = default;
};

/// candidate.move: the candidate moves to another seat (and signs in at its terminal).
struct candidate_move {
    std::string ticket;
    std::string seat;
    std::string reason;
    friend bool operator==(candidate_move const&, candidate_move const&) = default;
};

/// candidate.message: a private message to one candidate (answering a raised hand lowers it).
struct candidate_message {
    std::string ticket;
    std::string text;
    friend bool operator==(candidate_message const&, candidate_message const&) = default;
};

void to_json(nlohmann::json& j, check_in const& m);
void from_json(nlohmann::json const& j, check_in& m);
void to_json(nlohmann::json& j, photo_request const& m);
void from_json(nlohmann::json const& j, photo_request& m);
void to_json(nlohmann::json& j, candidate_unlock const& m);
void from_json(nlohmann::json const& j, candidate_unlock& m);
void to_json(nlohmann::json& j, terminal_approve const& m);
void from_json(nlohmann::json const& j, terminal_approve& m);
void to_json(nlohmann::json& j, candidate_move const& m);
void from_json(nlohmann::json const& j, candidate_move& m);
void to_json(nlohmann::json& j, candidate_message const& m);
void from_json(nlohmann::json const& j, candidate_message& m);

} // namespace craftmark::protocol
