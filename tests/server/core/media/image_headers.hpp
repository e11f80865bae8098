#pragma once
// The first bytes of PNG and JPEG files, as the header checks read them (what follows the
// header is filler: the checks never decode an image).
#include <string>

namespace craftmark::testing {

inline std::string big_endian(unsigned value, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
    return out;
}

inline std::string png_header(unsigned width, unsigned height) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + big_endian(13, 4) + "IHDR" + big_endian(width, 4) +
           big_endian(height, 4) + std::string(200, '\x10');
}

/// A JPEG as cameras write it: start of image, an APP0 (JFIF) segment, then a baseline frame.
inline std::string jpeg_header(unsigned width, unsigned height) {
    std::string app0 = "JFIF" + std::string("\0\x01\x01\0\0\x01\0\x01\0\0", 10);
    return std::string("\xFF\xD8", 2) + "\xFF\xE0" + big_endian(2 + app0.size(), 2) + app0 +
           "\xFF\xC0" + big_endian(17, 2) + "\x08" + big_endian(height, 2) + big_endian(width, 2) +
           std::string(12, '\x01') + std::string(100, '\x20');
}

} // namespace craftmark::testing
