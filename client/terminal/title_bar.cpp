#include "client/terminal/title_bar.hpp"

#include "client/ui/curses_kit.hpp"
#include "client/ui/text_layout.hpp"

#include <chrono>
#include <curses.h>

namespace craftmark::client {

using namespace ui;

void draw_title_bar(protocol::session_view const& view,
                    exam_client::status const& s,
                    std::string const& place_label) {
    auto local_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto remaining =
        s.time_state == "paused" ? s.remaining_ms : s.deadline - (local_now + s.offset_ms);
    fill_line(0, colour_attr(c_title) | A_BOLD);
    put(0, 1,
        truncate(view.sitting.title + "  " + view.candidate.name + "  " + place_label + " " +
                     view.candidate.seat,
                 COLS - 24),
        colour_attr(c_title) | A_BOLD);
    auto clock =
        (s.time_state == "paused" ? "暂停 PAUSED " : "剩余 left ") + format_remaining(remaining);
    put(0, COLS - display_width(clock) - 1, clock,
        colour_attr(remaining < 5 * 60'000 ? c_bad : c_title) | A_BOLD);
}

bool draw_unless_paused(protocol::session_view const& view,
                        exam_client::status const& s,
                        std::string const& place_label,
                        std::function<void()> const& draw) {
    if (s.time_state != "paused") {
        draw();
        return false;
    }
    erase();
    draw_title_bar(view, s, place_label);
    auto center = [](int y, std::string const& text, int attr) {
        ui::put(y, std::max(1, (COLS - display_width(text)) / 2), text, attr);
    };
    center(LINES / 2 - 1, "考试已暂停 THE EXAM IS PAUSED", COLOR_PAIR(ui::c_warn) | A_BOLD);
    center(LINES / 2 + 1, "请在座位上等候监考老师的指示 please wait at your seat", A_BOLD);
    center(LINES / 2 + 2, "剩余时间不会减少 your remaining time is kept", A_DIM);
    center(LINES / 2 + 3, "继续后试卷重新显示 the paper returns when the exam continues", A_DIM);
    refresh();
    return true;
}

} // namespace craftmark::client
