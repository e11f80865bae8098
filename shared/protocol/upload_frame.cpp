#include "shared/protocol/upload_frame.hpp"

namespace craftmark::protocol {

namespace {

constexpr std::string_view magic = "CMU1";

void put_u64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

std::uint64_t get_u64(std::string_view s) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
    return v;
}

} // namespace

std::string encode_upload_chunk(std::int64_t request_id,
                                std::int64_t upload_id,
                                std::int64_t offset,
                                std::string_view bytes) {
    std::string frame(magic);
    frame.reserve(upload_header_size + bytes.size());
    put_u64(frame, static_cast<std::uint64_t>(request_id));
    put_u64(frame, static_cast<std::uint64_t>(upload_id));
    put_u64(frame, static_cast<std::uint64_t>(offset));
    frame.append(bytes);
    return frame;
}

request parse_upload_chunk(std::string_view frame, std::optional<std::int64_t>& id_out) {
    if (frame.size() < upload_header_size || frame.substr(0, 4) != magic)
        throw protocol_error(errc::bad_request,
                             "a binary frame must be an upload chunk (\"CMU1\" header)");
    auto id = get_u64(frame.substr(4));
    auto upload = get_u64(frame.substr(12));
    auto offset = get_u64(frame.substr(20));
    constexpr std::uint64_t max_safe = 1ull << 53; // what a JSON number carries exactly
    if (id >= max_safe || upload >= max_safe || offset >= max_safe)
        throw protocol_error(errc::bad_request,
                             "an upload chunk's header numbers are out of range");
    request r;
    r.id = static_cast<std::int64_t>(id);
    id_out = r.id;
    r.type = "upload.chunk";
    r.body = {{"upload", upload}, {"offset", offset}};
    r.payload = std::string(frame.substr(upload_header_size));
    return r;
}

} // namespace craftmark::protocol
