#include "server/core/bank/qti.hpp"

#include "server/core/bank/bank_xml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <pugixml.hpp>
#include <set>

namespace craftmark::core {
namespace {

/// QTI 2's name for an element or attribute, whichever version wrote it: the namespace prefix
/// dropped and QTI 3's spelling undone ("qti-simple-choice" → "simpleChoice", "max-choices" →
/// "maxChoices").
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

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// Runs of white space as one space, none at the ends: how XHTML shows the text.
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

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// An href written in a file of `folder` as a path from the package's root, percent-escapes
/// decoded; nothing when it is absolute, has a scheme (http:, data:) or climbs out of the
/// package.
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

bool is_interaction(std::string_view name) {
    return name.size() > 11 && name.ends_with("Interaction");
}

/// One diagnostic sink for a file: lines are counted in its text.
struct file_report {
    std::string_view source;
    std::string file;
    bank_import& out;

    int line_of(pugi::xml_node node) const { return line_at(source, node.offset_debug()); }
    void add(pugi::xml_node at, char const* severity, std::string message) {
        out.diagnostics.push_back({at ? line_of(at) : 1, severity, std::move(message), {}, file});
    }
};

/// Content as the XHTML a stem or a choice keeps (see kept_elements); figures are named by
/// their path in the package. The item's interaction is written by `interaction`.
struct xhtml_writer {
    std::string folder;
    std::function<void(pugi::xml_node, xhtml_writer&)> interaction;
    std::string html = {};
    std::vector<std::string> media = {};
    std::vector<std::string> scorer_notes = {}; // rubric blocks for the markers
    std::set<std::string> losses = {};          // what could not be kept, for one warning
    int pre = 0;

    void text(std::string_view t) {
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

    void contents(pugi::xml_node n) {
        for (auto c : n.children()) {
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
                text(c.value());
            else if (c.type() == pugi::node_element)
                element(c);
        }
    }

    void figure(pugi::xml_node at, std::string_view source, std::string_view alt) {
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

    void element(pugi::xml_node n) {
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

    /// The XHTML written, without the spaces that text left at the ends and beside block
    /// elements ("<p> a </p>" is "<p>a</p>").
    std::string result() const {
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
};

struct response_declaration {
    std::string cardinality, base_type;
    std::vector<std::string> correct;
    struct entry {
        std::string key;
        double value;
        bool case_sensitive;
    };
    std::vector<entry> mapping;
    std::optional<double> upper_bound;
};

response_declaration read_declaration(pugi::xml_node d) {
    response_declaration r{attr(d, "cardinality"), attr(d, "baseType"), {}, {}, {}};
    for (auto v : children(child(d, "correctResponse"), "value"))
        r.correct.push_back(collapsed(v.text().get()));
    auto mapping = child(d, "mapping");
    for (auto e : children(mapping, "mapEntry"))
        r.mapping.push_back({collapsed(attr(e, "mapKey")),
                             number(attr(e, "mappedValue")).value_or(0),
                             attr(e, "caseSensitive") != "false"});
    r.upper_bound = number(attr(mapping, "upperBound"));
    return r;
}

/// "C R" → {"C", "R"}: a pair or directed pair value.
std::optional<std::pair<std::string, std::string>> pair_of(std::string const& value) {
    auto space = value.find(' ');
    if (space == std::string::npos || value.find(' ', space + 1) != std::string::npos)
        return std::nullopt;
    return std::pair{value.substr(0, space), value.substr(space + 1)};
}

/// The tolerance a response's <equal> comparison allows below and above the correct value.
struct tolerance {
    double amount = 0;
    bool relative = false;
};
std::pair<tolerance, tolerance> tolerance_for(pugi::xml_node root, std::string const& response_id) {
    std::pair<tolerance, tolerance> found;
    auto visit = [&](auto& self, pugi::xml_node n) -> void {
        for (auto c : n.children()) {
            if (c.type() != pugi::node_element) continue;
            if (name_of(c) == "equal") {
                bool about = false;
                for (auto v : c.children())
                    about |= collapsed(attr(v, "identifier")) == response_id;
                auto mode = attr(c, "toleranceMode");
                auto amounts = collapsed(attr(c, "tolerance"));
                auto space = amounts.find(' ');
                auto first = number(amounts.substr(0, space)).value_or(0);
                auto second = space == std::string::npos
                                  ? first
                                  : number(amounts.substr(space + 1)).value_or(first);
                if (about && (mode == "absolute" || mode == "relative")) {
                    found = {{std::abs(first), mode == "relative"},
                             {std::abs(second), mode == "relative"}};
                    return;
                }
            }
            self(self, c);
        }
    };
    visit(visit, child(root, "responseProcessing"));
    return found;
}

/// Every interaction in the item body, in document order.
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

/// The stem's writer: a blank where a text entry sits, the prompt where a block interaction is.
xhtml_writer stem_writer(std::string const& folder) {
    return {folder, [](pugi::xml_node i, xhtml_writer& w) {
                if (name_of(i) == "textEntryInteraction" ||
                    name_of(i) == "inlineChoiceInteraction") {
                    w.html += "____";
                    return;
                }
                if (auto prompt = child(i, "prompt")) {
                    w.html += "<p>";
                    w.contents(prompt);
                    w.html += "</p>";
                }
            }};
}

/// Reads one item: its stem and its one interaction, mapped to a Craftmark item or refused.
class item_reader {
  public:
    item_reader(file_report report, std::string folder)
        : report_(std::move(report)), folder_(std::move(folder)) {}

    void read(pugi::xml_node root, std::string const& id_fallback) {
        it_.id = collapsed(attr(root, "identifier"));
        if (it_.id.empty()) it_.id = id_fallback;
        it_.title = collapsed(attr(root, "title"));
        if (it_.title == it_.id) it_.title.clear();
        named_ = "item " + it_.id + (it_.title.empty() ? "" : " \"" + it_.title + "\"");
        it_.origin = item_origin{"qti", report_.file, report_.line_of(root), {}};
        it_.stem_format = "html";
        if (auto why = map(root)) return refuse(interaction_ ? interaction_ : root, *why);
        it_.points = it_.type == item_type::description ? 0 : points_.value_or(1);
        if (auto problems = validate(it_); !problems.empty()) return refuse(root, problems.front());
        if (!losses_.empty()) {
            std::string list;
            for (auto const& l : losses_) list += (list.empty() ? "" : "; ") + l;
            report_.add(root, "warning", named_ + ": not kept: " + list);
        }
        report_.out.items.push_back(std::move(it_));
    }

  private:
    using refusal = std::optional<std::string>; // why the item is left out

    void refuse(pugi::xml_node at, std::string const& why) {
        report_.add(at, "error", named_ + ": " + why + "; left out");
    }

    refusal map(pugi::xml_node root) {
        if (attr(root, "adaptive") == "true")
            return "an adaptive item (several attempts with feedback between them) has no "
                   "Craftmark equivalent";
        if (child(root, "templateDeclaration"))
            return "template variables (values drawn for each candidate) have no Craftmark "
                   "equivalent";
        for (auto o : children(root, "outcomeDeclaration")) {
            auto id = collapsed(attr(o, "identifier"));
            if (id == "MAXSCORE")
                points_ = number(child(child(o, "defaultValue"), "value").text().get());
            else if (id == "SCORE" && !points_)
                points_ = number(attr(o, "normalMaximum"));
        }
        auto body = child(root, "itemBody");
        if (!body) return "there is no item body";
        auto interactions = interactions_in(body);
        if (interactions.size() > 1) {
            interaction_ = interactions[1];
            std::string kinds;
            for (auto i : interactions) kinds += (kinds.empty() ? "" : ", ") + name_of(i);
            return std::to_string(interactions.size()) + " interactions (" + kinds +
                   ") in one item; a Craftmark item takes one answer";
        }
        auto stem = stem_writer(folder_);
        stem.contents(body);
        it_.stem = stem.result();
        it_.media = stem.media;
        losses_ = stem.losses;
        for (auto const& note : stem.scorer_notes)
            it_.general_feedback += (it_.general_feedback.empty() ? "" : "\n") + note;
        if (interactions.empty()) {
            it_.type = item_type::description;
            return std::nullopt;
        }

        interaction_ = interactions.front();
        auto kind = name_of(interaction_);
        auto response_id = collapsed(attr(interaction_, "responseIdentifier"));
        for (auto d : children(root, "responseDeclaration"))
            if (collapsed(attr(d, "identifier")) == response_id) response_ = read_declaration(d);
        if (!response_)
            return "its " + kind + " has no response declaration \"" + response_id + "\"";
        if (kind != "extendedTextInteraction" && response_->correct.empty() &&
            response_->mapping.empty())
            return "there is no correct response";
        if (kind == "choiceInteraction") return read_choice();
        if (kind == "textEntryInteraction")
            return response_->base_type == "string" ? read_words()
                   : response_->base_type == "float" || response_->base_type == "integer"
                       ? read_number(tolerance_for(root, response_id))
                       : "a text entry of base type \"" + response_->base_type +
                             "\" has no Craftmark equivalent (string, float and integer are "
                             "read)";
        if (kind == "extendedTextInteraction") return read_essay();
        if (kind == "matchInteraction" || kind == "associateInteraction") return read_pairs(kind);
        return "QTI's " + kind +
               " has no Craftmark equivalent (choice, text entry, extended text, match and "
               "associate interactions are read)";
    }

    /// Choice: single or multiple response; a mapping's weights are shares of the best answer
    /// (single) or of all the positive ones (multiple, which then gives partial credit).
    refusal read_choice() {
        auto const& r = *response_;
        it_.type =
            r.cardinality == "single" ? item_type::single_choice : item_type::multiple_choice;
        it_.shuffle = attr(interaction_, "shuffle") == "true";
        double best = 0, positive = 0;
        for (auto const& e : r.mapping) {
            best = std::max(best, e.value);
            positive += std::max(0.0, e.value);
        }
        auto full = it_.type == item_type::single_choice ? best : positive;
        if (!r.mapping.empty() && full <= 0) return "its mapping gives no choice any points";
        char letter = 'A';
        for (auto c : children(interaction_, "simpleChoice")) {
            auto id = collapsed(attr(c, "identifier"));
            double fraction = 0;
            if (!r.mapping.empty()) {
                for (auto const& e : r.mapping)
                    if (e.key == id) fraction = e.value / full;
            } else if (std::find(r.correct.begin(), r.correct.end(), id) != r.correct.end()) {
                fraction = it_.type == item_type::single_choice
                               ? 1
                               : 1.0 / static_cast<double>(r.correct.size());
            }
            if (it_.shuffle && attr(c, "fixed") == "true")
                losses_.insert("choices fixed in place while the others shuffle (all shuffle)");
            it_.choices.push_back({std::string(1, letter), content_of(c), fraction, {}});
            letter = static_cast<char>(letter == 'Z' ? 'a' : letter + 1);
        }
        if (it_.type == item_type::multiple_choice && !r.mapping.empty())
            it_.scoring = credit::partial;
        if (!points_ && !r.mapping.empty()) points_ = r.upper_bound.value_or(full);
        return std::nullopt;
    }

    /// Text entry of words: the mapping's keys, or the correct responses, compared exactly
    /// unless a map entry says case does not matter.
    refusal read_words() {
        auto const& r = *response_;
        it_.type = item_type::short_answer;
        double best = 0;
        for (auto const& e : r.mapping) best = std::max(best, e.value);
        std::set<bool> sensitivity;
        for (auto const& e : r.mapping)
            if (e.value > 0) {
                it_.answers.push_back({e.key, e.value / best, {}});
                sensitivity.insert(e.case_sensitive);
            }
        if (r.mapping.empty())
            for (auto const& v : r.correct) it_.answers.push_back({v, 1, {}});
        it_.case_sensitive = !sensitivity.count(false);
        if (sensitivity.size() > 1)
            losses_.insert("case sensitivity that differs between answers (none is)");
        for (auto const& a : it_.answers)
            if (a.text.find('*') != std::string::npos)
                losses_.insert("a literal * in an answer (Craftmark reads it as a wildcard)");
        if (!points_ && best > 0) points_ = r.upper_bound.value_or(best);
        return std::nullopt;
    }

    /// Text entry of a number: each correct value widened by the item's tolerance.
    refusal read_number(std::pair<tolerance, tolerance> const& within) {
        auto const& r = *response_;
        auto const& [low, high] = within;
        it_.type = item_type::numerical;
        double best = 0;
        for (auto const& e : r.mapping) best = std::max(best, e.value);
        for (auto const& e : r.mapping)
            if (auto v = number(e.key); v && e.value > 0)
                it_.numeric.push_back({*v, *v, e.value / best, {}});
        for (auto const& value : r.correct) {
            auto v = number(value);
            if (!v) return "the correct response \"" + value + "\" is not a number";
            auto [min, max] =
                low.relative ? std::pair{*v * (1 - low.amount / 100), *v * (1 + high.amount / 100)}
                             : std::pair{*v - low.amount, *v + high.amount};
            it_.numeric.push_back({std::min(min, max), std::max(min, max), 1, {}});
        }
        return std::nullopt;
    }

    /// Extended text: an essay; a correct response, if any, is the examiners' model answer.
    refusal read_essay() {
        it_.type = item_type::essay;
        for (auto const& v : response_->correct)
            it_.general_feedback +=
                (it_.general_feedback.empty() ? "" : "\n") + std::string("参考答案：") + v;
        return std::nullopt;
    }

    /// Match (a first set of premises, a second of responses) or associate (pairs within one
    /// set): each premise paired with one response; choices in no pair are distractors.
    refusal read_pairs(std::string const& kind) {
        auto const& r = *response_;
        bool associate = kind == "associateInteraction";
        it_.type = item_type::matching;
        it_.shuffle = attr(interaction_, "shuffle") == "true";
        std::map<std::string, std::string> text; // of every choice, by identifier
        std::vector<std::string> order, premises;
        auto sets =
            associate ? std::vector{interaction_} : children(interaction_, "simpleMatchSet");
        for (std::size_t s = 0; s < sets.size(); ++s)
            for (auto c : children(sets[s], "simpleAssociableChoice")) {
                auto id = collapsed(attr(c, "identifier"));
                text[id] = content_of(c);
                order.push_back(id);
                if (s == 0 && !associate) premises.push_back(id);
            }
        std::map<std::string, std::string> response_of;
        for (auto const& value : r.correct) {
            auto pair = pair_of(value);
            if (!pair || !text.count(pair->first) || !text.count(pair->second))
                return "the correct pair \"" + value + "\" names no two choices";
            if (associate) premises.push_back(pair->first);
            if (!response_of.emplace(pair->first, pair->second).second)
                return "\"" + pair->first +
                       "\" is paired with several others; a Craftmark matching item pairs each "
                       "premise with one response";
        }
        std::set<std::string> used;
        for (auto const& p : premises) {
            auto partner = response_of.find(p);
            if (partner == response_of.end())
                return "\"" + p +
                       "\" has no correct partner; a Craftmark matching item pairs every premise";
            it_.pairs.push_back({text[p], text[partner->second]});
            used.insert(p);
            used.insert(partner->second);
        }
        for (auto const& id : order)
            if (!used.count(id)) it_.distractors.push_back(text[id]);
        if (associate)
            losses_.insert("an associate interaction's free pairing (shown as matching, the "
                           "first of each pair a premise)");
        std::set<double> weights;
        for (auto const& e : r.mapping) weights.insert(e.value);
        if (!r.mapping.empty()) it_.scoring = credit::partial;
        if (weights.size() > 1)
            losses_.insert("different weights for pairs (each pair counts the same)");
        if (!points_ && !r.mapping.empty()) {
            double sum = 0;
            for (auto const& e : r.mapping) sum += std::max(0.0, e.value);
            points_ = r.upper_bound.value_or(sum);
        }
        return std::nullopt;
    }

    /// A choice's content as XHTML; its figures join the item's.
    std::string content_of(pugi::xml_node n) {
        xhtml_writer w{folder_, nullptr};
        w.contents(n);
        it_.media.insert(it_.media.end(), w.media.begin(), w.media.end());
        losses_.insert(w.losses.begin(), w.losses.end());
        return w.result();
    }

    file_report report_;
    std::string folder_;
    item it_;
    std::string named_;            // "item ITEM007 \"Romeinse cijfers\""
    std::set<std::string> losses_; // what is not kept, for one warning
    std::optional<double> points_; // MAXSCORE, or what the mapping allows
    pugi::xml_node interaction_;   // the one mapped (or the one refused)
    std::optional<response_declaration> response_;
};

std::string stem_of(std::string const& path) {
    auto name = path.substr(path.rfind('/') + 1);
    return name.substr(0, name.rfind('.'));
}

void read_item_file(std::string_view text,
                    std::string const& file,
                    std::string const& id_fallback,
                    bank_import& out) {
    file_report report{text, file, out};
    auto doc = load_xml(text, report.file, report.out);
    if (!doc) return;
    auto root = doc->document_element();
    if (name_of(root) != "assessmentItem") {
        report.add(root, "error",
                   "not a QTI item: the root element is <" + std::string(root.name()) +
                       ">, not <assessmentItem> or "
                       "<qti-assessment-item>");
        return;
    }
    item_reader(report, folder_of(file)).read(root, id_fallback);
}

} // namespace

std::string qti_document_kind(std::string_view text) {
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8))
        return {};
    auto root = name_of(doc.document_element());
    return root == "assessmentItem"   ? "item"
           : root == "assessmentTest" ? "test"
           : root == "manifest"       ? "manifest"
                                      : "";
}

bank_import
parse_qti_item(std::string_view text, std::string const& file, std::string const& id_fallback) {
    bank_import out;
    read_item_file(text, file, id_fallback, out);
    return out;
}

bank_import parse_qti_package(std::string const& entry, package_files const& files) {
    bank_import out;
    std::string text;
    try {
        text = files.read(entry);
    } catch (std::invalid_argument const& e) {
        out.diagnostics.push_back({1, "error", e.what(), {}, entry});
        return out;
    }
    file_report report{text, entry, out};
    auto doc = load_xml(text, report.file, report.out);
    if (!doc) return out;
    auto root = doc->document_element();
    auto kind = name_of(root);
    std::vector<std::pair<std::string, pugi::xml_node>> listed; // item path, where it is listed
    auto list = [&](std::string const& folder, std::string_view href, pugi::xml_node at) {
        if (auto path = package_path(folder, href))
            listed.emplace_back(*path, at);
        else
            report.add(at, "error",
                       "\"" + std::string(href) + "\" is outside the package; left out");
    };
    if (kind == "manifest") {
        for (auto r : children(child(root, "resources"), "resource"))
            if (attr(r, "type").starts_with("imsqti_item_xmlv")) {
                auto base = folder_of(entry) + attr(r, "base");
                if (!base.empty() && base.back() != '/') base += '/';
                list(base, attr(r, "href"), r);
            }
    } else if (kind == "assessmentTest") {
        auto visit = [&](auto& self, pugi::xml_node n) -> void {
            for (auto c : n.children())
                if (c.type() == pugi::node_element) {
                    if (name_of(c) == "assessmentItemRef")
                        list(folder_of(entry), attr(c, "href"), c);
                    else
                        self(self, c);
                }
        };
        visit(visit, root);
    } else if (kind == "assessmentItem") {
        listed.emplace_back(entry, root);
    } else {
        report.add(root, "error",
                   "not a QTI package: " + entry + " is <" + std::string(root.name()) +
                       ">, not an IMS manifest, an assessment test or an item");
        return out;
    }
    if (listed.empty() && out.diagnostics.empty())
        report.add(root, "error",
                   "lists no QTI items (resources of type imsqti_item_xmlv2p1, v2p2 or v3p0)");

    std::set<std::string> seen;
    for (auto const& listing : listed) {
        // Named, not structured bindings: clang 14 (the fuzzing build) cannot capture those.
        auto const& path = listing.first;
        if (!seen.insert(path).second) continue;
        if (!files.has(path)) {
            report.add(listing.second, "error",
                       path + " is listed but not in the package; left out");
            continue;
        }
        try {
            read_item_file(files.read(path), path, stem_of(path), out);
        } catch (std::invalid_argument const& e) {
            out.diagnostics.push_back({1, "error", e.what(), {}, path});
        }
    }
    return out;
}

} // namespace craftmark::core
