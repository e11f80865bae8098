#include "shared/protocol/messages.hpp"

namespace craftmark::protocol {

using nlohmann::json;

namespace {
[[noreturn]] void bad_field(char const* key, char const* expected) {
    throw protocol_error(errc::invalid_field,
                         std::string("field \"") + key + "\" must be " + expected);
}
} // namespace

std::string required_string(json const& j, char const* key, std::size_t max) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) bad_field(key, "a string");
    auto const& s = it->get_ref<std::string const&>();
    if (s.empty() || s.size() > max)
        bad_field(key, ("a non-empty string of at most " + std::to_string(max) + " bytes").c_str());
    return s;
}

std::string optional_string(json const& j, char const* key, std::size_t max) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null() ||
        (it->is_string() && it->get_ref<std::string const&>().empty()))
        return {};
    return required_string(j, key, max);
}

std::int64_t required_integer(json const& j, char const* key, std::int64_t min, std::int64_t max) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) bad_field(key, "an integer");
    auto value = it->get<std::int64_t>();
    if (value < min || value > max)
        bad_field(key, ("between " + std::to_string(min) + " and " + std::to_string(max)).c_str());
    return value;
}

void to_json(json& j, sign_in const& m) {
    j = {{"ticket", m.ticket}, {"access_code", m.access_code}, {"terminal_id", m.terminal_id}};
}
void from_json(json const& j, sign_in& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.access_code = required_string(j, "access_code", max_identifier);
    m.terminal_id = required_string(j, "terminal_id", max_identifier);
}

void to_json(json& j, resume const& m) {
    j = {{"resume_token", m.resume_token}, {"terminal_id", m.terminal_id}};
}
void from_json(json const& j, resume& m) {
    m.resume_token = required_string(j, "resume_token", 128);
    m.terminal_id = required_string(j, "terminal_id", max_identifier);
}

void to_json(json& j, answer_save const& m) {
    j = {{"item_id", m.item_id}, {"seq", m.seq}, {"response", m.response}};
}
void from_json(json const& j, answer_save& m) {
    m.item_id = required_string(j, "item_id", max_identifier);
    m.seq = required_integer(j, "seq", 1, std::int64_t{1} << 53);
    auto it = j.find("response");
    if (it == j.end() || !it->is_object()) bad_field("response", "an object");
    if (it->dump().size() > max_answer_json) bad_field("response", "at most 64 KiB of JSON");
    m.response = *it;
}

void to_json(json& j, item_flag const& m) {
    j = {{"item_id", m.item_id}, {"flagged", m.flagged}};
}
void from_json(json const& j, item_flag& m) {
    m.item_id = required_string(j, "item_id", max_identifier);
    auto it = j.find("flagged");
    if (it == j.end() || !it->is_boolean()) bad_field("flagged", "true or false");
    m.flagged = it->get<bool>();
}

void to_json(json& j, upload_begin const& m) {
    j = {{"task", m.task}, {"name", m.name}, {"size", m.size}, {"sha256", m.sha256}};
}
void from_json(json const& j, upload_begin& m) {
    m.task = required_string(j, "task", max_identifier);
    m.name = required_string(j, "name", 255);
    if (m.name == "." || m.name == ".." ||
        m.name.find_first_of(std::string("/\\\0", 3)) != std::string::npos)
        bad_field("name", "a plain file name");
    m.size = required_integer(j, "size", 0, std::int64_t{1} << 40);
    m.sha256 = required_string(j, "sha256", 64);
    if (m.sha256.size() != 64 ||
        m.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        bad_field("sha256", "64 lower-case hex digits");
}

void to_json(json& j, time_status const& m) {
    j = {{"server_time", m.server_time},
         {"state", m.state},
         {"starts_at", m.starts_at},
         {"deadline", m.deadline},
         {"remaining_ms", m.remaining_ms}};
    if (!m.reason.empty()) j["reason"] = m.reason;
}
void from_json(json const& j, time_status& m) {
    // Decoded on terminals from server pushes: a malformed push is refused like any frame.
    constexpr std::int64_t any_time = std::int64_t{1} << 53;
    m.server_time = required_integer(j, "server_time", 0, any_time);
    m.state = required_string(j, "state", max_identifier);
    m.starts_at = required_integer(j, "starts_at", 0, any_time);
    m.deadline = required_integer(j, "deadline", 0, any_time);
    m.remaining_ms = required_integer(j, "remaining_ms", -any_time, any_time);
    m.reason = optional_string(j, "reason", max_identifier);
}

} // namespace craftmark::protocol
