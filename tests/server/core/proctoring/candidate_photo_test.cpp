#include "server/core/proctoring/candidate_photo.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;

namespace {

std::string big_endian(unsigned value, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
    return out;
}

std::string png(unsigned width, unsigned height) {
    return std::string("\x89PNG\r\n\x1a\n", 8) + big_endian(13, 4) + "IHDR" + big_endian(width, 4) +
           big_endian(height, 4) + std::string(200, '\x10');
}

/// A JPEG as cameras write it: start of image, an APP0 (JFIF) segment, then a baseline frame.
std::string jpeg(unsigned width, unsigned height) {
    std::string app0 = "JFIF" + std::string("\0\x01\x01\0\0\x01\0\x01\0\0", 10);
    return std::string("\xFF\xD8", 2) + "\xFF\xE0" + big_endian(2 + app0.size(), 2) + app0 +
           "\xFF\xC0" + big_endian(17, 2) + "\x08" + big_endian(height, 2) + big_endian(width, 2) +
           std::string(12, '\x01') + std::string(100, '\x20');
}

} // namespace

TEST_CASE("a photo is what its header says, of a size a photo has") {
    auto p = check_photo(png(358, 441));
    CHECK(p.problem.empty());
    CHECK(p.facts.media_type == "image/png");
    CHECK(p.facts.width == 358);
    CHECK(p.facts.height == 441);
    auto j = check_photo(jpeg(295, 413));
    CHECK(j.problem.empty());
    CHECK(j.facts.media_type == "image/jpeg");
    CHECK(j.facts.width == 295);
    CHECK(j.facts.height == 413);

    CHECK(check_photo("GIF89a....").problem == "not a JPEG or PNG image");
    CHECK(check_photo("<svg onload=\"alert(1)\"/>").problem == "not a JPEG or PNG image");
    CHECK(check_photo(png(358, 441).substr(0, 20)).problem == "its PNG header is damaged");
    CHECK(check_photo(std::string("\xFF\xD8\xFF\xDA\0\x02", 6) + std::string(50, 'x'))
              .problem.find("its JPEG header is damaged") == 0);
    CHECK(check_photo(png(1, 90000)).problem == "1 × 90000 pixels is not a photo");
    CHECK(check_photo(png(4000, 100)).problem == "4000 × 100 pixels is not a photo");
    auto huge = png(358, 441) + std::string(max_photo_bytes, '\0');
    CHECK(check_photo(huge).problem == "larger than 1 MiB");
}

TEST_CASE("a photo file is for the ticket or ID number it is named after") {
    CHECK(photo_owner("DG2026110001.jpg") == "DG2026110001");
    CHECK(photo_owner("440106199003070017.PNG") == "440106199003070017");
    CHECK(photo_owner("11010519491231002x.jpeg") == "11010519491231002X");
    CHECK(photo_owner("notes.txt").empty());
    CHECK(photo_owner(".jpg").empty());
    CHECK(photo_owner("DG2026110001").empty());
}
