#include "shared/text/readable_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace craftmark::text {
namespace {

// Written by hand rather than with an HTML parser: the server has already kept only an
// allow-list of markup, and all a terminal needs is to drop tags and keep line structure.

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// The entity at text[at] ('&'), decoded into `out`; returns how many bytes it took (1 when it
/// is no entity, and the '&' is kept).
std::size_t entity(std::string_view text, std::size_t at, std::string& out) {
    auto end = text.find(';', at);
    if (end == std::string_view::npos || end - at > 10) {
        out += '&';
        return 1;
    }
    auto name = text.substr(at + 1, end - at - 1);
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"amp", "&"},    {"lt", "<"},    {"gt", ">"},     {"quot", "\""},  {"apos", "'"},
        {"nbsp", " "},   {"times", "×"}, {"divide", "÷"}, {"plusmn", "±"}, {"deg", "°"},
        {"le", "≤"},     {"ge", "≥"},    {"ne", "≠"},     {"middot", "·"}, {"hellip", "…"},
        {"Omega", "Ω"},  {"omega", "ω"}, {"mu", "μ"},     {"micro", "µ"},  {"pi", "π"},
        {"alpha", "α"},  {"beta", "β"},  {"Delta", "Δ"},  {"phi", "φ"},    {"theta", "θ"},
        {"lambda", "λ"}, {"sigma", "σ"}, {"Sigma", "Σ"}};
    for (auto const& [n, v] : named)
        if (name == n) {
            out += v;
            return end - at + 1;
        }
    if (name.size() > 1 && name[0] == '#') {
        bool hex = name[1] == 'x' || name[1] == 'X';
        auto digits = name.substr(hex ? 2 : 1);
        std::uint32_t cp = 0;
        auto [p, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        if (ec == std::errc() && p == digits.data() + digits.size() && !digits.empty()) {
            append_utf8(out, cp);
            return end - at + 1;
        }
    }
    out += '&';
    return 1;
}

/// An attribute's value from a tag's text (`<img alt="电路" src=…>`), entities not decoded.
std::string attribute(std::string_view tag, std::string_view name) {
    auto low = lower(tag);
    for (auto at = low.find(name); at != std::string::npos; at = low.find(name, at + 1)) {
        if (at == 0 || !std::isspace(static_cast<unsigned char>(low[at - 1]))) continue;
        auto eq = low.find_first_not_of(" \t\r\n", at + name.size());
        if (eq == std::string::npos || low[eq] != '=') continue;
        auto v = low.find_first_not_of(" \t\r\n", eq + 1);
        if (v == std::string::npos) return {};
        char quote = tag[v];
        bool quoted = quote == '"' || quote == '\'';
        auto begin = quoted ? v + 1 : v;
        auto stop = quoted ? tag.find(quote, begin) : tag.find_first_of(" \t\r\n/>", begin);
        return std::string(
            tag.substr(begin, stop == std::string_view::npos ? tag.size() - begin : stop - begin));
    }
    return {};
}

std::string figure_note(std::string const& alt, std::string const& source, int& figures) {
    auto what = alt.empty() ? source.substr(source.rfind('/') + 1) : alt;
    return "[图 Figure " + std::to_string(++figures) + (what.empty() ? "" : ": " + what) + "]";
}

/// Lines without the spaces around them, and at most one empty line between paragraphs.
std::string tidy(std::string const& text) {
    std::string out;
    std::size_t begin = 0;
    int blank = 0;
    while (begin <= text.size()) {
        auto end = text.find('\n', begin);
        if (end == std::string::npos) end = text.size();
        auto line = std::string_view(text).substr(begin, end - begin);
        auto first = line.find_first_not_of(' ');
        line = first == std::string_view::npos
                   ? std::string_view{}
                   : line.substr(first, line.find_last_not_of(' ') - first + 1);
        if (line.empty()) {
            ++blank;
        } else {
            if (!out.empty()) out += blank ? "\n\n" : "\n";
            out += line;
            blank = 0;
        }
        begin = end + 1;
    }
    return out;
}

std::string from_html(std::string_view text, bool line_breaks_kept, int& figures) {
    std::string out;
    bool pre = false;
    auto space = [&] {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    };
    auto new_line = [&] {
        if (!out.empty() && out.back() != '\n') out += '\n';
    };
    auto new_paragraph = [&] { // an empty line before what follows (tidy drops a leading one)
        new_line();
        if (!out.ends_with("\n\n")) out += '\n';
    };
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '&') {
            i += entity(text, i, out);
            continue;
        }
        if (c != '<') {
            if (!pre && (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !line_breaks_kept)))
                space();
            else
                out += c;
            ++i;
            continue;
        }
        if (text.substr(i, 4) == "<!--") {
            auto end = text.find("-->", i + 4);
            i = end == std::string_view::npos ? text.size() : end + 3;
            continue;
        }
        auto close = text.find('>', i);
        if (close == std::string_view::npos) { // not a tag after all
            out += c;
            ++i;
            continue;
        }
        auto tag = text.substr(i + 1, close - i - 1);
        i = close + 1;
        bool closing = !tag.empty() && tag[0] == '/';
        auto name_start = closing ? 1 : 0;
        auto name_end = tag.find_first_of(" \t\r\n/", name_start);
        auto name = lower(tag.substr(name_start, name_end == std::string_view::npos
                                                     ? std::string_view::npos
                                                     : name_end - name_start));
        if (name == "script" || name == "style") {
            if (closing) continue;
            auto end = lower(text.substr(i)).find("</" + name);
            i = end == std::string::npos ? text.size() : i + end;
            continue;
        }
        if (name == "br") {
            out += '\n';
        } else if (name == "img") {
            space();
            out += figure_note(attribute(tag, "alt"), attribute(tag, "src"), figures);
            out += ' ';
        } else if (name == "li") {
            new_line();
            if (!closing) out += "• ";
        } else if (name == "tr" || name == "div") {
            new_line();
        } else if (name == "td" || name == "th") {
            if (!closing && !out.empty() && out.back() != '\n') out += " | ";
        } else if (name == "sub" || name == "sup") {
            if (!closing) out += name == "sub" ? '_' : '^';
        } else if (name == "pre") {
            pre = !closing;
            new_line();
        } else if (name == "p" || name == "table" || name == "ul" || name == "ol" ||
                   name == "blockquote" ||
                   (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')) {
            new_paragraph();
        }
    }
    return tidy(out);
}

std::string from_markdown(std::string_view text, int& figures) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, 2) == "![") {
            auto mid = text.find("](", i + 2);
            auto end = mid == std::string_view::npos ? mid : text.find(')', mid + 2);
            if (end != std::string_view::npos) {
                auto target = text.substr(mid + 2, end - mid - 2);
                out += figure_note(std::string(text.substr(i + 2, mid - i - 2)),
                                   std::string(target.substr(0, target.find(' '))), figures);
                i = end + 1;
                continue;
            }
        }
        if (text.substr(i, 2) == "**" || text.substr(i, 2) == "__") {
            i += 2;
            continue;
        }
        if (text[i] == '`') {
            ++i;
            continue;
        }
        if (text[i] == '#' && (i == 0 || text[i - 1] == '\n')) { // a heading's marks
            while (i < text.size() && text[i] == '#') ++i;
            continue;
        }
        out += text[i++];
    }
    return tidy(out);
}

} // namespace

std::string readable_text(std::string_view text, std::string_view format, int& figures) {
    if (format == "html") return from_html(text, false, figures);
    if (format == "moodle") return from_html(text, true, figures); // its new lines are breaks
    if (format == "markdown") return from_markdown(text, figures);
    return std::string(text);
}

} // namespace craftmark::text
