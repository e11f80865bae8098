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

bool required_bool(json const& j, char const* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_boolean()) bad_field(key, "true or false");
    return it->get<bool>();
}

std::vector<std::string> optional_strings(json const& j, char const* key, std::size_t max) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) bad_field(key, "an array of strings");
    for (auto const& s : *it) {
        if (!s.is_string() || s.get_ref<std::string const&>().empty() ||
            s.get_ref<std::string const&>().size() > max)
            bad_field(key,
                      ("an array of non-empty strings of at most " + std::to_string(max) + " bytes")
                          .c_str());
        out.push_back(s.get<std::string>());
    }
    return out;
}

namespace {
// Which program a candidate signs in with: a sitting can require the browser.
std::string client_kind(json const& j) {
    auto client = optional_string(j, "client", 16);
    if (!client.empty() && client != "browser" && client != "terminal")
        bad_field("client", "\"browser\" or \"terminal\"");
    return client;
}
} // namespace

void to_json(json& j, sign_in const& m) {
    j = {{"ticket", m.ticket}, {"access_code", m.access_code}, {"terminal_id", m.terminal_id}};
    if (!m.client.empty()) j["client"] = m.client;
}
void from_json(json const& j, sign_in& m) {
    m.ticket = required_string(j, "ticket", max_identifier);
    m.access_code = required_string(j, "access_code", max_identifier);
    m.terminal_id = required_string(j, "terminal_id", max_identifier);
    m.client = client_kind(j);
}

void to_json(json& j, resume const& m) {
    j = {{"resume_token", m.resume_token}, {"terminal_id", m.terminal_id}};
    if (!m.client.empty()) j["client"] = m.client;
}
void from_json(json const& j, resume& m) {
    m.resume_token = required_string(j, "resume_token", 128);
    m.terminal_id = required_string(j, "terminal_id", max_identifier);
    m.client = client_kind(j);
}

void to_json(json& j, answer_save const& m) {
    j = {{"item_id", m.item_id}, {"seq", m.seq}, {"response", m.response}};
}
void from_json(json const& j, answer_save& m) {
    m.item_id = required_string(j, "item_id", max_identifier);
    m.seq = required_integer(j, "seq", 1, max_safe_integer);
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
    m.flagged = required_bool(j, "flagged");
}

void to_json(json& j, figure_request const& m) {
    j = {{"item_id", m.item_id}, {"name", m.name}};
}
void from_json(json const& j, figure_request& m) {
    m.item_id = required_string(j, "item_id", max_identifier);
    m.name = required_string(j, "name", 255);
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

void to_json(json& j, no_fields const&) {
    j = json::object();
}
void from_json(json const&, no_fields&) {}

void to_json(json& j, staff_sign_in const& m) {
    j = {{"username", m.username}, {"password", m.password}};
}
void from_json(json const& j, staff_sign_in& m) {
    m.username = required_string(j, "username", max_identifier);
    m.password = required_string(j, "password", 256);
}

void to_json(json& j, staff_resume const& m) {
    j = {{"token", m.token}};
}
void from_json(json const& j, staff_resume& m) {
    m.token = required_string(j, "token", 128);
}

void to_json(json& j, sign_out const& m) {
    j = {{"everywhere", m.everywhere}};
}
void from_json(json const& j, sign_out& m) {
    auto it = j.find("everywhere");
    m.everywhere = it != j.end() && it->is_boolean() && it->get<bool>();
}

void to_json(json& j, terminal_focus const& m) {
    j = {{"focused", m.focused}};
}
void from_json(json const& j, terminal_focus& m) {
    m.focused = required_bool(j, "focused");
}

void to_json(json& j, upload_finish const& m) {
    j = {{"upload", m.upload}};
}
void from_json(json const& j, upload_finish& m) {
    m.upload = required_integer(j, "upload", 1, max_safe_integer);
}

upload_chunk upload_chunk_of(request const& r) {
    if (r.payload.empty())
        throw protocol_error(errc::bad_request, "upload.chunk is sent as a binary frame with at "
                                                "least one byte (see Uploads)");
    return {required_integer(r.body, "upload", 0, max_safe_integer),
            required_integer(r.body, "offset", 0, max_safe_integer), r.payload};
}

void to_json(json& j, sitting_ref const& m) {
    j = {{"sitting_id", m.sitting_id}};
}
void from_json(json const& j, sitting_ref& m) {
    m.sitting_id = required_string(j, "sitting_id", max_identifier);
}

void to_json(json& j, scoreboard_watch const& m) {
    j = {{"event", m.event}};
}
void from_json(json const& j, scoreboard_watch& m) {
    m.event = required_string(j, "event", max_identifier);
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
    constexpr std::int64_t any_time = max_safe_integer;
    m.server_time = required_integer(j, "server_time", 0, any_time);
    m.state = required_string(j, "state", max_identifier);
    m.starts_at = required_integer(j, "starts_at", 0, any_time);
    m.deadline = required_integer(j, "deadline", 0, any_time);
    m.remaining_ms = required_integer(j, "remaining_ms", -any_time, any_time);
    m.reason = optional_string(j, "reason", max_identifier);
}

} // namespace craftmark::protocol
