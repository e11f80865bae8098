#pragma once
// Small ncursesw helpers shared by the exam terminal and the proctor console.
#include <optional>
#include <string>
#include <vector>

namespace craftmark::client::ui {

enum colour { c_title = 1, c_ok, c_warn, c_bad, c_answered, c_flagged, c_cursor };

/// Sets up the screen (UTF-8 locale, colours, keypad, 200 ms input timeout); restores it on exit.
class curses_session {
  public:
    curses_session();
    ~curses_session();
    curses_session(curses_session const&) = delete;
    curses_session& operator=(curses_session const&) = delete;
};

/// Writes UTF-8 text at (y, x) with curses attributes.
void put(int y, int x, std::string const& text, int attr = 0);
/// Paints row `y` across the screen in `attr`.
void fill_line(int y, int attr);
/// Reads a line of text (wide characters included) on row `y`; nullopt on Esc.
std::optional<std::string>
read_line(int y, std::string const& prompt, std::string text, bool secret = false);
/// Centred lines on a cleared screen.
void message_screen(std::vector<std::string> const& lines, int attr = 0);
/// Waits for one key (no timeout) and returns it.
int wait_key();
/// The colour pair attribute for `c` (0 when the terminal has no colours).
int colour_attr(colour c);

} // namespace craftmark::client::ui
