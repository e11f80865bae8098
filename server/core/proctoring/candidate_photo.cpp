#include "server/core/proctoring/candidate_photo.hpp"

#include <algorithm>
#include <cctype>

namespace craftmark::core {
namespace {

// The header is read by hand, not decoded with an image library: the server never shows the
// photo itself (the staff's browser decodes it), so all it needs is to know the file is the
// image it claims to be and of a plausible size, which the first bytes say.

unsigned byte_at(std::string_view b, std::size_t i) {
    return static_cast<unsigned char>(b[i]);
}

unsigned big_endian(std::string_view b, std::size_t at, int bytes) {
    unsigned v = 0;
    for (int i = 0; i < bytes; ++i) v = v << 8 | byte_at(b, at + static_cast<std::size_t>(i));
    return v;
}

photo_check png(std::string_view b) {
    // Signature, then the IHDR chunk: length 13, "IHDR", width, height (PNG spec 11.2.2).
    if (b.size() < 24 || b.substr(12, 4) != "IHDR") return {{}, "its PNG header is damaged"};
    return {{"image/png", static_cast<int>(std::min(big_endian(b, 16, 4), 1u << 30)),
             static_cast<int>(std::min(big_endian(b, 20, 4), 1u << 30))},
            {}};
}

photo_check jpeg(std::string_view b) {
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
            return {{"image/jpeg", static_cast<int>(big_endian(b, at + 7, 2)),
                     static_cast<int>(big_endian(b, at + 5, 2))},
                    {}};
        if (length < 2 || marker == 0xDA) break; // the image data starts before any frame
        at += 2 + length;
    }
    return {{}, "its JPEG header is damaged (no frame size)"};
}

} // namespace

photo_check check_photo(std::string_view bytes) {
    if (bytes.size() > max_photo_bytes)
        return {{}, "larger than " + std::to_string(max_photo_bytes >> 20) + " MiB"};
    photo_check c;
    if (bytes.starts_with("\x89PNG\r\n\x1a\n"))
        c = png(bytes);
    else if (bytes.starts_with("\xFF\xD8\xFF"))
        c = jpeg(bytes);
    else
        return {{}, "not a JPEG or PNG image"};
    if (!c.problem.empty()) return c;
    auto [w, h] = std::pair{c.facts.width, c.facts.height};
    if (w < 16 || h < 16 || w > 10000 || h > 10000 || w > 8 * h || h > 8 * w)
        return {{}, std::to_string(w) + " × " + std::to_string(h) + " pixels is not a photo"};
    return c;
}

std::string photo_owner(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    std::string ext(file_name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext != "jpg" && ext != "jpeg" && ext != "png") return {};
    std::string owner(file_name.substr(0, dot));
    if (!owner.empty() && owner.back() == 'x') owner.back() = 'X'; // 44010619900307001x
    return owner;
}

} // namespace craftmark::core
