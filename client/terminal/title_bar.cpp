#include "client/terminal/title_bar.hpp"

#include "client/terminal/text_layout.hpp"
#include "client/ui/curses_kit.hpp"

#include <chrono>
#include <curses.h>

namespace craftmark::client {

using namespace ui;

void draw_title_bar(nlohmann::json const& view,
                    exam_client::status const& s,
                    std::string const& place_label) {
    auto local_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto remaining =
        s.time_state == "paused" ? s.remaining_ms : s.deadline - (local_now + s.offset_ms);
    fill_line(0, colour_attr(c_title) | A_BOLD);
    put(0, 1,
        truncate(view["sitting"].value("title", "") + "  " + view["candidate"].value("name", "") +
                     "  " + place_label + " " + view["candidate"].value("seat", ""),
                 COLS - 24),
        colour_attr(c_title) | A_BOLD);
    auto clock =
        (s.time_state == "paused" ? "暂停 PAUSED " : "剩余 left ") + format_remaining(remaining);
    put(0, COLS - display_width(clock) - 1, clock,
        colour_attr(remaining < 5 * 60'000 ? c_bad : c_title) | A_BOLD);
}

} // namespace craftmark::client
