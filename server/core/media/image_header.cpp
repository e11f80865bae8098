#include "server/core/media/image_header.hpp"

#include <algorithm>

namespace craftmark::core {
namespace {

// The header is read by hand, not decoded with an image library: the server never draws an
// image (the browser decodes it), so all it needs is to know the file is the image it claims
// to be and of a plausible size, which the first bytes say.

unsigned byte_at(std::string_view b, std::size_t i) {
    return static_cast<unsigned char>(b[i]);
}

unsigned big_endian(std::string_view b, std::size_t at, int bytes) {
    unsigned v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | byte_at(b, at + static_cast<std::size_t>(i));
    return v;
}

image_header png(std::string_view b) {
    // Signature, then the IHDR chunk: length 13, "IHDR", width, height (PNG spec 11.2.2).
    if (b.size() < 24 || b.substr(12, 4) != "IHDR")
        return {"image/png", 0, 0, "its PNG header is damaged"};
    return {"image/png",
            static_cast<int>(std::min(big_endian(b, 16, 4), 1u << 30)),
            static_cast<int>(std::min(big_endian(b, 20, 4), 1u << 30)),
            {}};
}

image_header jpeg(std::string_view b) {
    // Segments follow the start-of-image marker; a start-of-frame (SOF0…SOF15 but DHT, JPG and
    // DAC) holds the height and width (ITU T.81 B.2.2).
    std::size_t at = 2;
    while (at + 9 < b.size()) {
        if (byte_at(b, at) != 0xFF) break;
        unsigned marker = byte_at(b, at + 1);
        if (marker == 0xFF) {
            ++at; // fill byte
            continue;
        }
        unsigned length = big_endian(b, at + 2, 2);
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            return {"image/jpeg",
                    static_cast<int>(big_endian(b, at + 7, 2)),
                    static_cast<int>(big_endian(b, at + 5, 2)),
                    {}};
        if (length < 2 || marker == 0xDA) break; // the image data starts before any frame
        at += 2 + length;
    }
    return {"image/jpeg", 0, 0, "its JPEG header is damaged (no frame size)"};
}

} // namespace

image_header read_image_header(std::string_view bytes) {
    if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return png(bytes);
    if (bytes.starts_with("\xFF\xD8\xFF")) return jpeg(bytes);
    return {{}, 0, 0, "not a JPEG or PNG image"};
}

} // namespace craftmark::core
