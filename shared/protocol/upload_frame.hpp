#pragma once
#include "shared/protocol/envelope.hpp"

#include <string>
#include <string_view>

namespace craftmark::protocol {

/// upload.chunk travels as a binary WebSocket frame: a 28-byte header, then the bytes.
///   0..3   "CMU1"      frame kind and version
///   4..11  request id  (unsigned 64-bit, big-endian), echoed in the JSON reply
///   12..19 upload id   from upload.begin
///   20..27 offset      where these bytes go in the file; must equal what has arrived so far
inline constexpr std::size_t upload_header_size = 28;
/// The largest chunk a client sends; with the header it stays below the message limit.
inline constexpr std::size_t upload_chunk_size = 128 * 1024;

std::string encode_upload_chunk(std::int64_t request_id,
                                std::int64_t upload_id,
                                std::int64_t offset,
                                std::string_view bytes);

/// Decodes an untrusted binary frame into an "upload.chunk" request (body: upload, offset;
/// payload: the bytes). Throws protocol_error(bad_request) when the header is short or unknown.
request parse_upload_chunk(std::string_view frame, std::optional<std::int64_t>& id_out);

} // namespace craftmark::protocol
