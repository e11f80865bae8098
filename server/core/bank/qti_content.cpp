#include "server/core/bank/qti_content.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace craftmark::core::qti {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void escape_into(std::string& out, std::string_view text, bool attribute) {
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"':
            if (attribute) {
                out += "&quot;";
                break;
            }
            [[fallthrough]];
        default: out += c;
        }
    }
}

// The XHTML a stem may keep: what QTI's content model allows that a paper needs, without links,
// forms, scripts, styles or event handlers. Attributes other than these are dropped.
constexpr std::string_view kept_elements[] = {
    "abbr",   "acronym", "address",  "b",     "big",   "blockquote", "br",    "caption", "cite",
    "code",   "col",     "colgroup", "dd",    "dfn",   "div",        "dl",    "dt",      "em",
    "h1",     "h2",      "h3",       "h4",    "h5",    "h6",         "hr",    "i",       "img",
    "kbd",    "li",      "ol",       "p",     "pre",   "q",          "samp",  "small",   "span",
    "strong", "sub",     "sup",      "table", "tbody", "td",         "tfoot", "th",      "thead",
    "tr",     "tt",      "u",        "ul",    "var"};
constexpr std::string_view void_elements[] = {"br", "col", "hr", "img"};
constexpr std::string_view block_elements[] = {
    "address", "blockquote", "br",    "caption", "col",   "colgroup", "dd",    "div", "dl", "dt",
    "h1",      "h2",         "h3",    "h4",      "h5",    "h6",       "hr",    "li",  "ol", "p",
    "pre",     "table",      "tbody", "td",      "tfoot", "th",       "thead", "tr",  "ul"};
constexpr std::pair<std::string_view, std::string_view> kept_attributes[] = {
    {"img", "alt"},    {"img", "width"},    {"img", "height"}, {"td", "colspan"},
    {"td", "rowspan"}, {"th", "colspan"},   {"th", "rowspan"}, {"ol", "start"},
    {"col", "span"},   {"colgroup", "span"}};
// QTI's own content that is not the question (feedback shown after answering, template logic,
// style sheets, catalog data), and what a hostile file might carry, with its text.
constexpr std::string_view left_out_elements[] = {"script",         "style",
                                                  "noscript",       "iframe",
                                                  "feedbackBlock",  "feedbackInline",
                                                  "modalFeedback",  "templateBlock",
                                                  "templateInline", "printedVariable",
                                                  "stylesheet",     "catalogInfo",
                                                  "infoControl",    "companionMaterialsInfo"};

template <std::size_t n> bool among(std::string_view name, std::string_view const (&names)[n]) {
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

} // namespace

std::string qti_name(std::string_view name) {
    if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    if (name.starts_with("qti-")) name.remove_prefix(4);
    std::string out;
    bool upper = false;
    for (char c : name) {
        if (c == '-') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

std::string name_of(pugi::xml_node n) {
    return qti_name(n.name());
}

pugi::xml_node child(pugi::xml_node n, std::string_view name) {
    for (auto c : n.children())
        if (c.type() == pugi::node_element && name_of(c) == name) return c;
    return {};
}

std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view name) {
    std::vector<pugi::xml_node> out;
    for (auto c : n.children())
        if (c.type() == pugi::node_element && name_of(c) == name) out.push_back(c);
    return out;
}

std::string attr(pugi::xml_node n, std::string_view name) {
    for (auto a : n.attributes())
        if (qti_name(a.name()) == name) return a.value();
    return {};
}

bool is_interaction(std::string_view name) {
    return name.size() > 11 && name.ends_with("Interaction");
}

std::string collapsed(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        out += c;
        space = false;
    }
    return out;
}

std::optional<double> number(std::string_view text) {
    auto t = collapsed(text);
    double value = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string folder_of(std::string const& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::optional<std::string> package_path(std::string const& folder, std::string_view href) {
    std::string decoded;
    for (std::size_t i = 0; i < href.size(); ++i) {
        int high = 0, low = 0;
        if (href[i] == '%' && i + 2 < href.size() && (high = hex_digit(href[i + 1])) >= 0 &&
            (low = hex_digit(href[i + 2])) >= 0) {
            decoded += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            decoded += href[i];
        }
    }
    auto first_slash = decoded.find('/');
    if (decoded.empty() || decoded.front() == '/' || decoded.front() == '\\' ||
        decoded.find(':') < first_slash || decoded.find('\0') != std::string::npos)
        return std::nullopt;
    std::vector<std::string> parts;
    auto walk = [&](std::string const& path) {
        std::size_t start = 0;
        while (start <= path.size()) {
            auto end = std::min(path.find_first_of("/\\", start), path.size());
            auto part = path.substr(start, end - start);
            if (part == "..") {
                if (parts.empty()) return false;
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            start = end + 1;
        }
        return true;
    };
    if (!walk(folder) || !walk(decoded) || parts.empty()) return std::nullopt;
    std::string out;
    for (auto const& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

std::vector<pugi::xml_node> interactions_in(pugi::xml_node body) {
    std::vector<pugi::xml_node> found;
    auto gather = [&](auto& self, pugi::xml_node n) -> void {
        for (auto c : n.children())
            if (c.type() == pugi::node_element) {
                if (is_interaction(name_of(c)))
                    found.push_back(c);
                else
                    self(self, c);
            }
    };
    gather(gather, body);
    return found;
}

void xhtml_writer::text(std::string_view t) {
    if (pre) {
        escape_into(html, t, false);
        return;
    }
    // White space between elements stays one space, so "a <em>b</em>" keeps its gap
    // (result() drops it again beside block elements, where it shows nothing).
    bool space = false;
    for (char c : t) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && !html.empty() && !is_space(html.back())) html += ' ';
        space = false;
        escape_into(html, std::string_view(&c, 1), false);
    }
    if (space && !html.empty() && !is_space(html.back())) html += ' ';
}

void xhtml_writer::contents(pugi::xml_node n) {
    for (auto c : n.children()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
            text(c.value());
        else if (c.type() == pugi::node_element)
            element(c);
    }
}

void xhtml_writer::figure(pugi::xml_node at, std::string_view source, std::string_view alt) {
    auto path = package_path(folder, source);
    if (!path) {
        losses.insert("a figure outside the package (" + std::string(source) + ")");
        return;
    }
    media.push_back(*path);
    html += "<img src=\"";
    escape_into(html, *path, true);
    html += "\" alt=\"";
    escape_into(html, collapsed(alt), true);
    html += "\"";
    for (auto const* size : {"width", "height"})
        if (auto v = at.attribute(size); v && number(v.value())) {
            html += std::string(" ") + size + "=\"";
            escape_into(html, v.value(), true);
            html += "\"";
        }
    html += "/>";
}

void xhtml_writer::element(pugi::xml_node n) {
    auto name = name_of(n);
    if (is_interaction(name)) {
        if (interaction) interaction(n, *this);
        return;
    }
    if (among(name, left_out_elements)) return;
    if (name == "rubricBlock") {
        // Instructions to the candidate stay in the question; notes to the markers become
        // the item's feedback for them.
        if (attr(n, "view").find("candidate") != std::string::npos) {
            contents(n);
        } else {
            xhtml_writer notes{folder, nullptr};
            notes.contents(n);
            if (auto note = notes.result(); !note.empty()) scorer_notes.push_back(note);
        }
        return;
    }
    if (name == "img") return figure(n, n.attribute("src").value(), n.attribute("alt").value());
    if (name == "object") {
        if (std::string_view(attr(n, "type")).starts_with("image/"))
            return figure(n, attr(n, "data"), n.text().get());
        losses.insert(std::string("a ") +
                      (attr(n, "type").empty() ? "embedded object" : attr(n, "type")) +
                      " object (its fallback text is kept)");
        return contents(n);
    }
    if (name == "math") {
        losses.insert("MathML formulas (kept as their text)");
        return text(collapsed(n.text().get()));
    }
    if (!among(name, kept_elements)) return contents(n); // a wrapper: its content counts
    html += "<" + name;
    for (auto a : n.attributes())
        for (auto const& [element, attribute] : kept_attributes)
            if (element == name && attribute == a.name()) {
                html += " " + std::string(attribute) + "=\"";
                escape_into(html, a.value(), true);
                html += "\"";
            }
    if (among(name, void_elements)) {
        html += "/>";
        return;
    }
    html += ">";
    pre += name == "pre";
    contents(n);
    pre -= name == "pre";
    html += "</" + name + ">";
}

std::string xhtml_writer::result() const {
    // Text is escaped, so every < and > in the XHTML belongs to a tag.
    auto block_tag_at = [](std::string const& x, std::size_t lt) {
        auto b = lt + 1 + (lt + 1 < x.size() && x[lt + 1] == '/');
        auto e = x.find_first_of(" />", b);
        return among(std::string_view(x).substr(b, e - b), block_elements);
    };
    std::string out;
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] == ' ') {
            bool after_block =
                !out.empty() && out.back() == '>' && block_tag_at(out, out.rfind('<'));
            bool before_block =
                i + 1 == html.size() || (html[i + 1] == '<' && block_tag_at(html, i + 1));
            if (out.empty() || after_block || before_block) continue;
        }
        out += html[i];
    }
    return out;
}

} // namespace craftmark::core::qti
