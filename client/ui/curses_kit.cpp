#include "client/ui/curses_kit.hpp"

#include "client/ui/text_layout.hpp"

#include <algorithm>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <curses.h>

namespace craftmark::client::ui {

curses_session::curses_session() {
    std::setlocale(LC_ALL, "");
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    timeout(200);
    set_escdelay(50);
    std::fputs("\033[?1004h", stdout); // ask the terminal to report focus changes
    std::fflush(stdout);
    if (has_colors()) {
        start_color();
        use_default_colors();
        init_pair(c_title, COLOR_WHITE, COLOR_BLUE);
        init_pair(c_ok, COLOR_GREEN, -1);
        init_pair(c_warn, COLOR_YELLOW, -1);
        init_pair(c_bad, COLOR_WHITE, COLOR_RED);
        init_pair(c_answered, COLOR_BLACK, COLOR_GREEN);
        init_pair(c_flagged, COLOR_BLACK, COLOR_YELLOW);
        init_pair(c_cursor, COLOR_BLACK, COLOR_CYAN);
    }
}

curses_session::~curses_session() {
    std::fputs("\033[?1004l", stdout);
    std::fflush(stdout);
    endwin();
}

int colour_attr(colour c) {
    return has_colors() ? COLOR_PAIR(c) : 0;
}

void put(int y, int x, std::string const& text, int attr) {
    if (attr) attron(attr);
    mvaddstr(y, x, text.c_str());
    if (attr) attroff(attr);
}

void fill_line(int y, int attr) {
    attron(attr);
    mvhline(y, 0, ' ', COLS);
    attroff(attr);
}

namespace {
std::string narrow(std::wstring const& w) {
    std::string bytes(w.size() * 4 + 1, '\0');
    bytes.resize(std::wcstombs(bytes.data(), w.c_str(), bytes.size()));
    return bytes;
}
} // namespace

std::optional<std::string>
read_line(int y, std::string const& prompt, std::string text, bool secret) {
    curs_set(1);
    timeout(-1);
    std::wstring w(text.size(), L'\0');
    w.resize(std::mbstowcs(w.data(), text.c_str(), w.size()));
    std::optional<std::string> result;
    for (;;) {
        move(y, 0);
        clrtoeol();
        put(y, 0, prompt + (secret ? std::string(w.size(), '*') : narrow(w)));
        refresh();
        wint_t ch;
        int kind = get_wch(&ch);
        bool erase =
            (kind == KEY_CODE_YES && ch == KEY_BACKSPACE) || (kind == OK && (ch == 127 || ch == 8));
        if (erase && !w.empty())
            w.pop_back();
        else if (kind == OK && ch == 27)
            break;
        else if (kind == OK && (ch == '\n' || ch == '\r')) {
            result = narrow(w);
            break;
        } else if (kind == OK && ch >= 32)
            w.push_back(static_cast<wchar_t>(ch));
    }
    curs_set(0);
    timeout(200);
    return result;
}

void message_screen(std::vector<std::string> const& lines, int attr) {
    erase();
    int y = std::max(1, (LINES - static_cast<int>(lines.size())) / 2);
    for (auto const& l : lines) put(y++, std::max(0, (COLS - display_width(l)) / 2), l, attr);
    refresh();
}

int wait_key() {
    timeout(-1);
    int key = getch();
    timeout(200);
    return key;
}

} // namespace craftmark::client::ui
