// Fuzz target: the WebSocket frame decoders, server side (requests and their bodies, upload
// chunks) and client side (replies and pushes). Any input gives a value or a protocol_error, never
// a crash.
#include "shared/protocol/messages.hpp"
#include "shared/protocol/upload_frame.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

template <class Message> void decode_body(nlohmann::json const& body) {
    try {
        Message m;
        from_json(body, m);
    } catch (craftmark::protocol::protocol_error const&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::protocol;
    std::string_view frame(reinterpret_cast<char const*>(data), size);
    try {
        std::optional<std::int64_t> id;
        auto request = parse_request(frame, id);
        decode_body<sign_in>(request.body);
        decode_body<resume>(request.body);
        decode_body<answer_save>(request.body);
        decode_body<item_flag>(request.body);
        decode_body<upload_begin>(request.body);
    } catch (protocol_error const&) {
    }
    try { // binary frames: upload chunks
        std::optional<std::int64_t> id;
        auto chunk = parse_upload_chunk(frame, id);
        if (chunk.payload.size() + upload_header_size != frame.size()) std::abort();
    } catch (protocol_error const&) {
    }
    try {
        auto pushed = parse_incoming(frame);
        if (pushed.type == "time.changed") decode_body<time_status>(pushed.body);
    } catch (protocol_error const&) {
    }
    return 0;
}
