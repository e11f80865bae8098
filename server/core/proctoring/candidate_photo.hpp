#pragma once
// Candidates' photos, as a centre's roster brings them: one JPEG or PNG per candidate, named by
// the admission ticket or the resident ID number ("DG2026110001.jpg", "440106199003070017.png").
// They are stored with the person and shown only to the staff who check that person in.
#include <cstddef>
#include <string>
#include <string_view>

namespace craftmark::core {

/// An ID photo is tens of kilobytes; a megabyte is a scan at full resolution, and the cap.
constexpr std::size_t max_photo_bytes = 1u << 20;

struct photo_facts {
    std::string media_type; // "image/jpeg" or "image/png"
    int width = 0, height = 0;
};

/// What the bytes are, read from the image's own header (not its file name), or why they
/// cannot be a candidate's photo: "not a JPEG or PNG image", "larger than 1 MiB", "its header
/// is damaged", "1 × 90000 pixels is not a photo".
struct photo_check {
    photo_facts facts;
    std::string problem; // empty when the photo is usable
};
photo_check check_photo(std::string_view bytes);

/// Whom a photo file is for, by its name: the name without its .jpg, .jpeg or .png (any case),
/// an ID number's check letter in upper case; empty for other files.
std::string photo_owner(std::string_view file_name);

} // namespace craftmark::core
