// Fuzz target: a figure file from anyone is refused with a reason or kept; a kept SVG is clean
// (cleaning it again changes nothing, so nothing that could run or load is left in it), and the
// figures an item's text names stay inside the bank. The same bytes as a stem go through the
// terminal's plain-text rendering.
#include "server/core/bank/bank_figures.hpp"
#include "server/core/media/figure.hpp"
#include "server/core/media/svg_sanitiser.hpp"
#include "shared/text/readable_text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::core;
    std::string_view bytes(reinterpret_cast<char const*>(data), size);
    auto check = check_figure(bytes);
    if (check.problem.empty() && check.fig.media_type == "image/svg+xml") {
        auto again = sanitise_svg(check.fig.bytes);
        if (!again.problem.empty() || again.text != check.fig.bytes || !again.removed.empty())
            std::abort(); // what was kept was not clean
    }
    std::vector<item> items(2);
    items[0].stem_format = "html";
    items[1].stem_format = "markdown";
    items[0].stem = items[1].stem = std::string(bytes);
    std::vector<diagnostic> diagnostics;
    name_figures_in_text(items, diagnostics);
    (void)figure_name_problem(bytes);
    int figures = 0; // and as a terminal shows such text
    for (auto format : {"html", "moodle", "markdown"})
        (void)craftmark::text::readable_text(bytes, format, figures);
    return 0;
}
