#include "server/core/media/figure.hpp"

#include "server/core/media/image_header.hpp"
#include "server/core/media/svg_sanitiser.hpp"
#include "shared/crypto/digest.hpp"

namespace craftmark::core {
namespace {

/// Whether the bytes look like an SVG document: XML (after a byte-order mark, a declaration,
/// comments or a DOCTYPE) whose first element is <svg.
bool looks_like_svg(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    auto head = bytes.substr(0, 4096);
    auto at = head.find("<svg");
    if (at == std::string_view::npos) return false;
    auto first = head.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && head[first] == '<';
}

} // namespace

figure_check check_figure(std::string_view bytes) {
    if (bytes.size() > max_figure_bytes)
        return {{}, "larger than " + std::to_string(max_figure_bytes >> 20) + " MiB", {}};
    figure_check c;
    if (looks_like_svg(bytes)) {
        auto svg = sanitise_svg(bytes);
        if (!svg.problem.empty()) return {{}, "an SVG that cannot be used: " + svg.problem, {}};
        c.fig = {"image/svg+xml", std::move(svg.text), {}};
        c.removed = std::move(svg.removed);
    } else {
        auto header = read_image_header(bytes);
        if (header.media_type.empty()) return {{}, "not a PNG, JPEG or SVG image", {}};
        if (!header.problem.empty()) return {{}, header.problem, {}};
        if (header.width < 1 || header.height < 1 || header.width > 20000 || header.height > 20000)
            return {{},
                    std::to_string(header.width) + " × " + std::to_string(header.height) +
                        " pixels is not a figure",
                    {}};
        c.fig = {header.media_type, std::string(bytes), {}};
    }
    c.fig.sha256 = crypto::sha256_hex(c.fig.bytes);
    return c;
}

} // namespace craftmark::core
