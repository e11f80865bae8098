#include "client/ui/text_layout.hpp"

#include <cwchar>

namespace craftmark::client::ui {
namespace {

struct glyph {
    std::string_view bytes;
    int width;
    bool space;
    bool breakable_after; // wide characters can be broken between
};

std::vector<glyph> glyphs(std::string_view text) {
    std::vector<glyph> out;
    std::mbstate_t state{};
    std::size_t i = 0;
    while (i < text.size()) {
        wchar_t wc = 0;
        auto n = std::mbrtowc(&wc, text.data() + i, text.size() - i, &state);
        if (n == 0 || n == static_cast<std::size_t>(-1) || n == static_cast<std::size_t>(-2)) {
            state = {};
            out.push_back({text.substr(i, 1), 1, false, false}); // show invalid bytes as one column
            ++i;
            continue;
        }
        int w = ::wcwidth(wc);
        if (wc == L'\t') w = 1;
        out.push_back({text.substr(i, n), w < 0 ? 0 : w, wc == L' ' || wc == L'\t', w == 2});
        i += n;
    }
    return out;
}

} // namespace

int display_width(std::string_view text) {
    int w = 0;
    for (auto const& g : glyphs(text)) w += g.width;
    return w;
}

std::vector<std::string> wrap(std::string_view text, int width) {
    std::vector<std::string> lines;
    auto push = [&lines](std::string line) {
        line.erase(line.find_last_not_of(' ') + 1);
        lines.push_back(std::move(line));
    };
    if (width < 2) width = 2;
    std::size_t start = 0;
    while (true) {
        auto end = text.find('\n', start);
        auto paragraph = text.substr(start, end == std::string_view::npos ? std::string_view::npos
                                                                          : end - start);
        auto gs = glyphs(paragraph);
        std::string line;
        int line_width = 0;
        std::size_t last_break = std::string::npos; // byte length of `line` at the last break point
        for (auto const& g : gs) {
            if (line_width + g.width > width && !line.empty()) {
                if (last_break != std::string::npos && !g.space) {
                    std::string rest = line.substr(last_break);
                    line.resize(last_break);
                    push(line);
                    auto b = rest.find_first_not_of(' ');
                    line = b == std::string::npos ? "" : rest.substr(b);
                    line_width = display_width(line);
                } else {
                    push(line);
                    line.clear();
                    line_width = 0;
                }
                last_break = std::string::npos;
                if (g.space) continue;
            }
            line += g.bytes;
            line_width += g.width;
            if (g.space || g.breakable_after) last_break = line.size();
        }
        push(line);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

std::string truncate(std::string_view text, int width) {
    if (display_width(text) <= width) return std::string(text);
    std::string out;
    int w = 0;
    for (auto const& g : glyphs(text)) {
        if (w + g.width > width - 1) break;
        out += g.bytes;
        w += g.width;
    }
    return out + "…";
}

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

std::string format_remaining(long long ms) {
    if (ms < 0) ms = 0;
    long long s = (ms + 999) / 1000;
    char buffer[32];
    if (s >= 3600)
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", s / 60, s % 60);
    return buffer;
}

} // namespace craftmark::client::ui
