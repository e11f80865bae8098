#include "shared/protocol/envelope.hpp"

namespace craftmark::protocol {

using nlohmann::json;

std::string sendable_text(json const& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

request parse_request(std::string_view frame, std::optional<std::int64_t>& id_out) {
    json j = json::parse(frame, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw protocol_error(errc::bad_request);
    auto id = j.find("id");
    if (id == j.end() || !id->is_number_integer())
        throw protocol_error(errc::bad_request, "\"id\" must be an integer");
    request r;
    r.id = id->get<std::int64_t>();
    id_out = r.id;
    auto v = j.find("v");
    if (v == j.end() || !v->is_number_integer())
        throw protocol_error(errc::bad_request, "\"v\" must be the integer 1");
    if (v->get<std::int64_t>() != version) throw protocol_error(errc::unsupported_version);
    auto type = j.find("type");
    if (type == j.end() || !type->is_string())
        throw protocol_error(errc::bad_request, "\"type\" must be a string");
    r.type = type->get<std::string>();
    if (auto body = j.find("body"); body != j.end()) {
        if (!body->is_object())
            throw protocol_error(errc::invalid_field, "\"body\" must be an object");
        r.body = std::move(*body);
    }
    return r;
}

// Envelopes are written around the body's own text, in the order nlohmann/json sorts their keys:
// a JSON object built around `body` would copy it, and a paper is a large tree (the copy was a
// tenth of the server's work in a reconnect storm).
std::string encode_request(std::int64_t id, std::string_view type, json const& body) {
    return R"({"body":)" + body.dump() + R"(,"id":)" + std::to_string(id) + R"(,"type":)" +
           json(type).dump() + R"(,"v":)" + std::to_string(version) + "}";
}

std::string encode_reply(std::int64_t id, json const& body) {
    return encode_reply_text(id, sendable_text(body));
}

std::string encode_reply_text(std::int64_t id, std::string_view body) {
    std::string reply = R"({"body":)";
    reply.reserve(body.size() + 40);
    reply += body;
    reply += R"(,"id":)" + std::to_string(id) + R"(,"ok":true})";
    return reply;
}

std::string encode_error(std::optional<std::int64_t> id, errc code, std::string_view message) {
    json j{{"ok", false}, {"error", {{"code", code_name(code)}, {"message", message}}}};
    j["id"] = id ? json(*id) : json(nullptr);
    return sendable_text(j);
}

std::string encode_push(std::string_view type, json const& body) {
    return R"({"body":)" + sendable_text(body) + R"(,"type":)" + sendable_text(json(type)) + "}";
}

incoming parse_incoming(std::string_view frame) {
    json j = json::parse(frame, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw protocol_error(errc::bad_request, "server frame is not a JSON object");
    incoming in;
    if (auto body = j.find("body"); body != j.end() && body->is_object())
        in.body = std::move(*body); // moved: a paper is a large tree
    auto ok = j.find("ok");
    if (ok == j.end()) {
        if (!j.contains("type") || !j["type"].is_string())
            throw protocol_error(errc::bad_request, "push without a type");
        in.what = incoming::kind::push;
        in.type = j["type"].get<std::string>();
        return in;
    }
    if (j.contains("id") && j["id"].is_number_integer()) in.id = j["id"].get<std::int64_t>();
    if (ok->is_boolean() && ok->get<bool>()) {
        in.what = incoming::kind::reply;
        return in;
    }
    in.what = incoming::kind::error;
    if (auto e = j.find("error"); e != j.end() && e->is_object()) {
        in.code = e->value("code", "internal_error");
        in.message = e->value("message", "");
    }
    return in;
}

} // namespace craftmark::protocol
