#pragma once
// What a PNG or JPEG file is, read from its first bytes: candidates' photos and bank figures are
// both checked this way before they are stored.
#include <string>
#include <string_view>

namespace craftmark::core {

struct image_header {
    std::string media_type; // "image/jpeg" or "image/png" (even if damaged); empty when neither
    int width = 0, height = 0;
    std::string problem; // empty when the header is sound
};

/// The image's type and size in pixels from its own header (not its file name), or why not:
/// "not a JPEG or PNG image", "its PNG header is damaged", ….
image_header read_image_header(std::string_view bytes);

} // namespace craftmark::core
