#pragma once
#include "shared/protocol/errors.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace craftmark::protocol {

inline constexpr int version = 1;

/// A client request: {"v":1,"id":N,"type":"answer.save","body":{...}}.
struct request {
    std::int64_t id = 0;
    std::string type;
    nlohmann::json body = nlohmann::json::object();
    std::string payload; // upload.chunk: the chunk's bytes (binary frames only)
};

/// Decodes an untrusted frame; throws protocol_error (bad_request, unsupported_version,
/// invalid_field). `id_out` receives the id as soon as it is known, so the error reply can
/// carry it.
request parse_request(std::string_view frame, std::optional<std::int64_t>& id_out);

std::string encode_request(std::int64_t id, std::string_view type, nlohmann::json const& body);
/// JSON as the server sends it: text that is not UTF-8 is replaced rather than refused. Also
/// for parts of a body written ahead as text (the items of a paper).
std::string sendable_text(nlohmann::json const& j);

std::string encode_reply(std::int64_t id, nlohmann::json const& body);
/// A reply whose body is already JSON text (an object's), as the server writes a paper.
std::string encode_reply_text(std::int64_t id, std::string_view body);
std::string encode_error(std::optional<std::int64_t> id, errc code, std::string_view message);
std::string encode_push(std::string_view type, nlohmann::json const& body);

/// What a client receives: a reply (ok or error) to one of its requests, or a push.
struct incoming {
    enum class kind { reply, error, push } what = kind::push;
    std::int64_t id = 0;
    std::string type; // pushes only
    nlohmann::json body = nlohmann::json::object();
    std::string code; // errors only
    std::string message;
};

/// Decodes a server frame on the client side; throws protocol_error(bad_request).
incoming parse_incoming(std::string_view frame);

} // namespace craftmark::protocol
