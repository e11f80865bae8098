#pragma once
// How a QTI file's content is read, whichever version wrote it: its names (QTI 2's camel case or
// QTI 3's kebab case), its text as XHTML shows it, paths inside a package, and the XHTML a stem
// keeps (an allow-list: no links, forms, scripts, styles or event handlers). Used by qti.cpp.
#include <functional>
#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::core::qti {

/// QTI 2's name for an element or attribute, whichever version wrote it: the namespace prefix
/// dropped and QTI 3's spelling undone ("qti-simple-choice" → "simpleChoice", "max-choices" →
/// "maxChoices").
std::string qti_name(std::string_view name);
std::string name_of(pugi::xml_node n);
/// The first child element called `name` (in QTI 2's spelling), or none.
pugi::xml_node child(pugi::xml_node n, std::string_view name);
std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view name);
/// The attribute called `name` (in QTI 2's spelling), or "".
std::string attr(pugi::xml_node n, std::string_view name);
bool is_interaction(std::string_view name);
/// Every interaction in the item body, in document order.
std::vector<pugi::xml_node> interactions_in(pugi::xml_node body);

/// Runs of white space as one space, none at the ends: how XHTML shows the text.
std::string collapsed(std::string_view s);
/// A finite number written as the whole of `text` (white space aside), or nothing.
std::optional<double> number(std::string_view text);

/// The folder part of a path in the package, with its slash ("items/" for "items/q1.xml").
std::string folder_of(std::string const& path);
/// An href written in a file of `folder` as a path from the package's root, percent-escapes
/// decoded; nothing when it is absolute, has a scheme (http:, data:) or climbs out of the
/// package.
std::optional<std::string> package_path(std::string const& folder, std::string_view href);

/// Content as the XHTML a stem or a choice keeps; figures are named by their path in the
/// package. The item's interaction is written by `interaction`.
struct xhtml_writer {
    std::string folder;
    std::function<void(pugi::xml_node, xhtml_writer&)> interaction;
    std::string html = {};
    std::vector<std::string> media = {};
    std::vector<std::string> scorer_notes = {}; // rubric blocks for the markers
    std::set<std::string> losses = {};          // what could not be kept, for one warning
    int pre = 0;

    void text(std::string_view t);
    void contents(pugi::xml_node n);
    void figure(pugi::xml_node at, std::string_view source, std::string_view alt);
    void element(pugi::xml_node n);
    /// The XHTML written, without the spaces that text left at the ends and beside block
    /// elements ("<p> a </p>" is "<p>a</p>").
    std::string result() const;
};

} // namespace craftmark::core::qti
