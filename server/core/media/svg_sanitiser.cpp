#include "server/core/media/svg_sanitiser.hpp"

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>
#include <set>
#include <sstream>

namespace craftmark::core {
namespace {

// Elements that draw, group or define what is drawn (SVG 1.1 / SVG 2 static content). An <a>
// is kept as a group: its drawing stays, its link goes.
std::set<std::string, std::less<>> const drawing_elements = {"svg",
                                                             "g",
                                                             "defs",
                                                             "symbol",
                                                             "use",
                                                             "title",
                                                             "desc",
                                                             "style",
                                                             "switch",
                                                             "path",
                                                             "rect",
                                                             "circle",
                                                             "ellipse",
                                                             "line",
                                                             "polyline",
                                                             "polygon",
                                                             "text",
                                                             "tspan",
                                                             "textPath",
                                                             "linearGradient",
                                                             "radialGradient",
                                                             "stop",
                                                             "pattern",
                                                             "clipPath",
                                                             "mask",
                                                             "marker",
                                                             "image",
                                                             "filter",
                                                             "feBlend",
                                                             "feColorMatrix",
                                                             "feComponentTransfer",
                                                             "feComposite",
                                                             "feConvolveMatrix",
                                                             "feDiffuseLighting",
                                                             "feDisplacementMap",
                                                             "feDistantLight",
                                                             "feDropShadow",
                                                             "feFlood",
                                                             "feFuncA",
                                                             "feFuncB",
                                                             "feFuncG",
                                                             "feFuncR",
                                                             "feGaussianBlur",
                                                             "feMerge",
                                                             "feMergeNode",
                                                             "feMorphology",
                                                             "feOffset",
                                                             "fePointLight",
                                                             "feSpecularLighting",
                                                             "feSpotLight",
                                                             "feTile",
                                                             "feTurbulence"};

// Editors' bookkeeping: not dangerous, not drawn, not worth a warning.
bool editor_markup(std::string_view name) {
    return name == "metadata" || name.starts_with("sodipodi:") || name.starts_with("inkscape:") ||
           name.starts_with("rdf:") || name.starts_with("cc:") || name.starts_with("dc:");
}

std::string lower_without_space(std::string_view s) {
    std::string out;
    for (unsigned char c : s)
        if (!std::isspace(c) && c != '\\') out += static_cast<char>(std::tolower(c));
    return out;
}

/// Whether a reference stays inside the file: "#id", "url(#id)".
bool local_reference(std::string_view target) {
    return target.starts_with("#");
}

/// An embedded raster picture, as Inkscape writes one: data:image/png;base64,….
bool embedded_raster(std::string_view href) {
    auto h = lower_without_space(href);
    return h.starts_with("data:image/png;base64,") || h.starts_with("data:image/jpeg;base64,");
}

/// CSS (a style attribute, a presentation attribute or a <style> element) that can load or run
/// nothing: every url() points inside the file, and there is no @import, expression(), script
/// URL or binding.
bool harmless_css(std::string_view css) {
    auto c = lower_without_space(css);
    for (std::string_view bad :
         {"@import", "expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:",
          "@font-face", "@namespace", "image-set(", "image(", "cross-fade(", "element("})
        if (c.find(bad) != std::string::npos) return false;
    for (auto at = c.find("url("); at != std::string::npos; at = c.find("url(", at + 4)) {
        std::string_view target = std::string_view(c).substr(at + 4);
        if (!target.empty() && (target.front() == '"' || target.front() == '\''))
            target.remove_prefix(1);
        if (!local_reference(target)) return false;
    }
    return true;
}

/// All the text in an element (a style sheet may be split over text and CDATA sections).
std::string text_of(pugi::xml_node element) {
    std::string text;
    for (auto c : element.children())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
            text += c.value();
        else
            text += "@import"; // an element inside a style sheet: refuse the sheet
    return text;
}

struct sanitiser {
    std::set<std::string> removed;

    void note(std::string what) { removed.insert(std::move(what)); }

    void attributes(pugi::xml_node element) {
        std::string_view element_name = element.name();
        for (auto a = element.first_attribute(); a;) {
            auto next = a.next_attribute();
            std::string name = a.name();
            std::string lower = lower_without_space(name);
            std::string_view local = lower; // without a namespace prefix: ev:onclick is onclick
            if (auto colon = local.rfind(':'); colon != std::string_view::npos)
                local.remove_prefix(colon + 1);
            std::string_view value = a.value();
            bool keep = true;
            if (local.starts_with("on")) {
                note(lower + " attribute");
                keep = false;
            } else if (lower == "href" || lower.ends_with(":href")) {
                keep =
                    local_reference(value) || (element_name == "image" && embedded_raster(value));
                if (!keep)
                    note(std::string("a link to ") +
                         std::string(value.substr(0, std::min<std::size_t>(value.size(), 40))));
            } else if (lower == "xml:base" || editor_markup(name)) {
                keep = false;
            } else if (lower.starts_with("xmlns:") && editor_markup(lower.substr(6) + ":")) {
                keep = false; // the editors' namespaces go with their markup
            } else if (!harmless_css(value)) {
                note(name + " that loads or runs something");
                keep = false;
            }
            if (!keep) element.remove_attribute(a);
            a = next;
        }
    }

    void element(pugi::xml_node node) {
        for (auto child = node.first_child(); child;) {
            auto next = child.next_sibling();
            if (child.type() == pugi::node_element) {
                std::string name = child.name();
                if (name == "a") {
                    child.set_name("g");
                    name = "g";
                }
                if (editor_markup(name)) {
                    node.remove_child(child);
                } else if (!drawing_elements.contains(name)) {
                    note(name);
                    node.remove_child(child);
                } else if (name == "style" && !harmless_css(text_of(child))) {
                    note("a style sheet that loads or runs something");
                    node.remove_child(child);
                } else {
                    attributes(child);
                    element(child);
                }
            } else if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) {
                node.remove_child(child);
            }
            child = next;
        }
    }
};

} // namespace

sanitised_svg sanitise_svg(std::string_view text) {
    pugi::xml_document doc;
    // pugixml reads no DTD: entities a DOCTYPE declares are neither expanded nor fetched.
    auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
    if (!parsed) return {{}, {}, std::string("it is not well-formed XML: ") + parsed.description()};
    auto root = doc.document_element();
    if (std::string_view(root.name()) != "svg") return {{}, {}, "its root element is not <svg>"};
    for (auto n = doc.first_child(); n;) {
        auto next = n.next_sibling();
        if (n != root) doc.remove_child(n);
        n = next;
    }
    sanitiser s;
    s.attributes(root);
    s.element(root);
    if (!root.attribute("xmlns")) root.prepend_attribute("xmlns") = "http://www.w3.org/2000/svg";
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return {out.str(), {s.removed.begin(), s.removed.end()}, {}};
}

} // namespace craftmark::core
