#include "server/core/proctoring/candidate_photo.hpp"
#include "tests/server/core/media/image_headers.hpp"

#include <doctest/doctest.h>

using namespace craftmark::core;
using craftmark::testing::jpeg_header;
using craftmark::testing::png_header;

TEST_CASE("a photo is what its header says, of a size a photo has") {
    auto p = check_photo(png_header(358, 441));
    CHECK(p.problem.empty());
    CHECK(p.facts.media_type == "image/png");
    CHECK(p.facts.width == 358);
    CHECK(p.facts.height == 441);
    auto j = check_photo(jpeg_header(295, 413));
    CHECK(j.problem.empty());
    CHECK(j.facts.media_type == "image/jpeg");
    CHECK(j.facts.width == 295);
    CHECK(j.facts.height == 413);

    CHECK(check_photo("GIF89a....").problem == "not a JPEG or PNG image");
    CHECK(check_photo("<svg onload=\"alert(1)\"/>").problem == "not a JPEG or PNG image");
    CHECK(check_photo(png_header(358, 441).substr(0, 20)).problem == "its PNG header is damaged");
    CHECK(check_photo(std::string("\xFF\xD8\xFF\xDA\0\x02", 6) + std::string(50, 'x'))
              .problem.find("its JPEG header is damaged") == 0);
    CHECK(check_photo(png_header(1, 90000)).problem == "1 × 90000 pixels is not a photo");
    CHECK(check_photo(png_header(4000, 100)).problem == "4000 × 100 pixels is not a photo");
    auto huge = png_header(358, 441) + std::string(max_photo_bytes, '\0');
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
