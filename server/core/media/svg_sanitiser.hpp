#pragma once
// SVG figures arrive from drawing programs (Inkscape, Illustrator, Visio, draw.io) and from
// other systems' banks. An SVG is a document that can carry script, event handlers, links and
// references to other servers; a figure must carry none of them, whoever opens it and however.
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core {

struct sanitised_svg {
    std::string text;                 // the drawing, rewritten; empty when refused
    std::vector<std::string> removed; // what was taken out: "script", "onclick attribute", …
    std::string problem;              // why the file is no SVG drawing; empty when it is
};

/// Rewrites an SVG keeping an allow-list of drawing elements (shapes, paths, text, gradients,
/// patterns, markers, clip paths, masks, filters, embedded PNG/JPEG) and of their attributes.
/// Script, foreign objects, animation, event handlers, links, references to anything outside
/// the file and CSS that could load or run something are removed and named in `removed`;
/// editors' own markup (Inkscape's, Sodipodi's, metadata) is removed silently.
sanitised_svg sanitise_svg(std::string_view text);

} // namespace craftmark::core
