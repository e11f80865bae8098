#pragma once
// A bank's figures: the circuit diagrams, drawings of parts and photographs its items show.
// They are checked when a bank is imported and stored by content (the SHA-256 of their bytes),
// so one drawing named by many items, or by the banks of several years, is kept once.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

/// A drawing scanned at print quality is a few megabytes; more is a mistake, and the cap.
constexpr std::size_t max_figure_bytes = 4u << 20;

struct figure {
    std::string media_type; // "image/png", "image/jpeg" or "image/svg+xml"
    std::string bytes;
    std::string sha256; // lower-case hex of the bytes
};

struct figure_check {
    figure fig;
    std::string problem;              // empty when the figure is usable
    std::vector<std::string> removed; // what an SVG lost to the sanitiser (see svg_sanitiser)
};

/// What a figure file is, by its own bytes (not its name), or why it cannot be one: "larger
/// than 4 MiB", "not a PNG, JPEG or SVG image", "its PNG header is damaged", "0 × 0 pixels".
/// An SVG comes back rewritten by the sanitiser; its SHA-256 is that of the rewritten text.
figure_check check_figure(std::string_view bytes);

} // namespace craftmark::core
