#include "server/core/bank/moodle_xml.hpp"

#include "server/core/bank/bank_xml.hpp"
#include "shared/crypto/base64.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <pugixml.hpp>
#include <sstream>

namespace craftmark::core {
namespace {

// Moodle's text formats and Craftmark's.
constexpr std::pair<std::string_view, std::string_view> formats[] = {
    {"html", "html"},
    {"moodle_auto_format", "moodle"},
    {"markdown", "markdown"},
    {"plain_text", "plain"},
};

std::string format_from_moodle(std::string_view f) {
    for (auto const& [moodle, ours] : formats)
        if (moodle == f) return std::string(ours);
    return "html"; // Moodle's default for questiontext
}

std::string format_to_moodle(std::string_view f) {
    for (auto const& [moodle, ours] : formats)
        if (ours == f) return std::string(moodle);
    return "html";
}

std::string trimmed(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

/// <element><text>…</text></element>
std::string text_of(pugi::xml_node node) {
    return trimmed(node.child("text").text().get());
}

double number(std::string_view text, double fallback) {
    auto t = trimmed(text);
    double value = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    return ec == std::errc() && end == t.data() + t.size() && std::isfinite(value) ? value
                                                                                   : fallback;
}

bool flag(pugi::xml_node node, bool fallback) {
    auto t = trimmed(node.text().get());
    if (t == "1" || t == "true") return true;
    if (t == "0" || t == "false") return false;
    return fallback;
}

std::string number_text(double value) {
    char buffer[32];
    return {buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr};
}

/// "$course$/top/电工/基础" → {"电工", "基础"}: the context and Moodle's "top" are not ours.
std::vector<std::string> category_path(std::string const& text) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, '/');)
        if (auto t = trimmed(part); !t.empty()) parts.push_back(t);
    if (!parts.empty() && parts.front().size() > 1 && parts.front().front() == '$' &&
        parts.front().back() == '$')
        parts.erase(parts.begin());
    if (!parts.empty() && parts.front() == "top") parts.erase(parts.begin());
    return parts;
}

/// A file's name as the question's text refers to it: its folder in the file area ("/" mostly)
/// and its name, "images/circuit.png".
std::string file_name(pugi::xml_node file) {
    std::string folder = file.attribute("path").as_string("/");
    while (!folder.empty() && folder.front() == '/') folder.erase(0, 1);
    if (!folder.empty() && folder.back() != '/') folder += '/';
    return folder + file.attribute("name").value();
}

struct reader {
    std::string_view source;
    std::string file, prefix;
    bank_import out;
    std::vector<std::string> category;
    int count = 0;

    int line_of(pugi::xml_node node) const { return line_at(source, node.offset_debug()); }
    void warn(pugi::xml_node at, std::string m) {
        out.diagnostics.push_back({line_of(at), "warning", std::move(m)});
    }
    void error(pugi::xml_node at, std::string m) {
        out.diagnostics.push_back({line_of(at), "error", std::move(m)});
    }

    void read(pugi::xml_node q) {
        std::string type = q.attribute("type").value();
        if (type == "category") {
            category = category_path(text_of(q.child("category")));
            return;
        }
        ++count;
        item it;
        it.title = text_of(q.child("name"));
        auto idnumber = trimmed(q.child("idnumber").text().get());
        it.id = idnumber.empty() ? prefix + "-" + std::to_string(count) : idnumber;
        if (it.title == idnumber) it.title.clear(); // Moodle needs a name; ours may have none
        auto named =
            "question " + std::to_string(count) + (it.title.empty() ? "" : " \"" + it.title + "\"");
        auto text = q.child("questiontext");
        it.stem = text_of(text);
        it.stem_format = format_from_moodle(text.attribute("format").as_string("html"));
        it.general_feedback = text_of(q.child("generalfeedback"));
        it.points = number(q.child("defaultgrade").text().get(), 1);
        it.category = category;
        for (auto tag : q.child("tags").children("tag")) it.tags.push_back(text_of(tag));
        for (auto f : text.children("file")) it.media.push_back(file_name(f));
        it.origin = item_origin{"moodle", file, line_of(q), {}};

        if (type == "multichoice" || type == "multichoiceset") {
            it.type = type == "multichoice" && flag(q.child("single"), true)
                          ? item_type::single_choice
                          : item_type::multiple_choice;
            it.shuffle = flag(q.child("shuffleanswers"), true);
            char letter = 'A';
            for (auto a : q.children("answer")) {
                it.choices.push_back({std::string(1, letter), text_of(a),
                                      number(a.attribute("fraction").value(), 0) / 100,
                                      text_of(a.child("feedback"))});
                letter = static_cast<char>(letter == 'Z' ? 'a' : letter + 1);
            }
            // Moodle's multiple-response questions give partial credit by their weights; the
            // "All-or-Nothing Multiple Choice" plugin (multichoiceset) gives none.
            if (type == "multichoice" && it.type == item_type::multiple_choice)
                it.scoring = credit::partial;
        } else if (type == "truefalse") {
            it.type = item_type::true_false;
            for (auto a : q.children("answer"))
                if (number(a.attribute("fraction").value(), 0) > 0)
                    it.correct = trimmed(text_of(a)) == "true";
        } else if (type == "shortanswer") {
            it.type = item_type::short_answer;
            it.case_sensitive = flag(q.child("usecase"), false);
            for (auto a : q.children("answer"))
                it.answers.push_back({text_of(a), number(a.attribute("fraction").value(), 0) / 100,
                                      text_of(a.child("feedback"))});
        } else if (type == "numerical") {
            it.type = item_type::numerical;
            for (auto a : q.children("answer")) {
                auto value = text_of(a);
                if (value == "*") {
                    warn(a, named + ": the catch-all answer \"*\" is left out");
                    continue;
                }
                double v = number(value, NAN),
                       tolerance = std::abs(number(a.child("tolerance").text().get(), 0));
                if (std::isnan(v)) {
                    error(a, named + ": answer \"" + value + "\" is not a number; skipped");
                    return;
                }
                it.numeric.push_back({v - tolerance, v + tolerance,
                                      number(a.attribute("fraction").value(), 0) / 100,
                                      text_of(a.child("feedback"))});
            }
        } else if (type == "matching") {
            it.type = item_type::matching;
            it.shuffle = flag(q.child("shuffleanswers"), true);
            for (auto s : q.children("subquestion")) {
                auto premise = text_of(s), response = text_of(s.child("answer"));
                if (premise.empty())
                    it.distractors.push_back(response);
                else
                    it.pairs.push_back({premise, response});
            }
            it.scoring = credit::partial; // Moodle scores each pair
        } else if (type == "essay") {
            it.type = item_type::essay;
            if (auto info = text_of(q.child("graderinfo")); !info.empty())
                it.general_feedback +=
                    (it.general_feedback.empty() ? "" : "\n") + std::string("参考答案：") + info;
        } else if (type == "description") {
            it.type = item_type::description;
            it.points = 0;
        } else {
            error(q, named + ": Moodle type \"" + type +
                         "\" has no Craftmark equivalent; left out (multichoice, truefalse, "
                         "shortanswer, numerical, matching, essay and description are read)");
            return;
        }
        for (auto const& problem : validate(it)) {
            error(q, named + ": " + problem + "; left out");
            return;
        }
        // Moodle keeps a question's figures in its text's file area as base64 <file> elements
        // (in the question text, the answers and the feedback alike).
        for (auto const& found : q.select_nodes(".//file")) {
            auto f = found.node();
            auto bytes = crypto::base64_decode(f.text().get());
            if (!bytes) {
                error(f, named + ": the file " + file_name(f) + " is not valid base64; left out");
                return;
            }
            out.attached.push_back({it.id, file_name(f), std::move(*bytes)});
        }
        // Moodle 1.9 kept one figure in <image> and <image_base64>; Moodle's importer shows it
        // after the question text, and so does this.
        auto old_image = trimmed(q.child("image").text().get());
        if (!old_image.empty() && q.child("image_base64")) {
            auto bytes = crypto::base64_decode(q.child("image_base64").text().get());
            if (!bytes || old_image.find_first_of("\"<>&") != std::string::npos) {
                error(q.child("image"), named + ": the image " + old_image +
                                            " cannot be read (not valid base64, or its name "
                                            "has markup in it); left out");
                return;
            }
            it.stem += "<img src=\"" + old_image + "\" />";
            out.attached.push_back({it.id, old_image, std::move(*bytes)});
        }
        out.items.push_back(std::move(it));
    }
};

void add_text(pugi::xml_node parent,
              char const* name,
              std::string const& text,
              std::string const& format = {}) {
    auto node = parent.append_child(name);
    if (!format.empty()) node.append_attribute("format") = format.c_str();
    node.append_child("text").text() = text.c_str();
}

void add_value(pugi::xml_node parent, char const* name, std::string const& value) {
    parent.append_child(name).text() = value.c_str();
}

pugi::xml_node add_answer(pugi::xml_node q,
                          double fraction,
                          std::string const& text,
                          std::string const& feedback,
                          std::string const& format = "html") {
    auto a = q.append_child("answer");
    a.append_attribute("fraction") = number_text(fraction * 100).c_str();
    a.append_attribute("format") = format.c_str();
    a.append_child("text").text() = text.c_str();
    add_text(a, "feedback", feedback, "html");
    return a;
}

/// HTML whose figures name files of the bank ("circuit.png") as Moodle writes them
/// ("@@PLUGINFILE@@/circuit.png"); figures with a URL are left as they are.
std::string with_moodle_references(std::string html) {
    for (std::string_view src : {"src=\"", "src='"}) {
        for (auto at = html.find(src); at != std::string::npos; at = html.find(src, at + 1)) {
            auto begin = at + src.size();
            auto end = html.find(src.back(), begin);
            auto target = std::string_view(html).substr(begin, end - begin);
            if (end == std::string::npos || target.find(':') != std::string_view::npos ||
                target.starts_with("/"))
                continue;
            html.insert(begin, "@@PLUGINFILE@@/");
        }
    }
    return html;
}

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text)
        out += c == '&'   ? "&amp;"
               : c == '<' ? "&lt;"
               : c == '>' ? "&gt;"
               : c == '"' ? "&quot;"
                          : std::string(1, c);
    return out;
}

/// The question text and its Moodle format. Moodle shows only the figures its text places, so
/// figures the item's text does not place (a workbook's 图片 column) follow the text, which
/// becomes HTML for them if it was plain or Markdown.
std::pair<std::string, std::string> moodle_question_text(item const& it) {
    auto placed = [&it](std::string const& name) {
        return it.stem.find(name) != std::string::npos ||
               std::any_of(it.choices.begin(), it.choices.end(),
                           [&](choice const& c) { return c.text.find(name) != std::string::npos; });
    };
    std::string figures;
    for (auto const& m : it.media)
        if (!placed(m)) figures += "<p><img src=\"" + escaped(m) + "\" alt=\"\"></p>";
    if (figures.empty()) return {with_moodle_references(it.stem), format_to_moodle(it.stem_format)};
    if (it.stem_format == "html" || it.stem_format == "moodle")
        return {with_moodle_references(it.stem + figures), format_to_moodle(it.stem_format)};
    std::string html = "<p>";
    for (char c : escaped(it.stem)) html += c == '\n' ? std::string("<br>") : std::string(1, c);
    return {with_moodle_references(html + "</p>" + figures), "html"};
}

} // namespace

bank_import parse_moodle_xml(std::string_view text,
                             std::string const& file_name,
                             std::string const& id_prefix) {
    reader r{text, file_name, id_prefix, {}, {}, 0};
    auto doc = load_xml(text, {}, r.out);
    if (!doc) return std::move(r.out);
    auto quiz = doc->child("quiz");
    if (!quiz) {
        r.out.diagnostics.push_back({1, "error", "not Moodle XML: the root element is not <quiz>"});
        return std::move(r.out);
    }
    for (auto q : quiz.children("question")) r.read(q);
    return std::move(r.out);
}

bool looks_like_moodle_xml(std::string_view text) {
    auto start = text.find('<');
    if (start == std::string_view::npos) return false;
    auto quiz = text.find("<quiz");
    return quiz != std::string_view::npos && text.substr(start, 5) != "<html" &&
           (text.substr(start, 5) == "<?xml" || quiz == start || text.substr(start, 4) == "<!--");
}

std::string write_moodle_xml(std::vector<item> const& items,
                             std::vector<item_figure> const& figures) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto quiz = doc.append_child("quiz");
    std::vector<std::string> category{"\x01"}; // none written yet
    static constexpr std::pair<item_type, char const*> types[] = {
        {item_type::single_choice, "multichoice"},
        {item_type::multiple_choice, "multichoice"},
        {item_type::true_false, "truefalse"},
        {item_type::short_answer, "shortanswer"},
        {item_type::numerical, "numerical"},
        {item_type::matching, "matching"},
        {item_type::essay, "essay"},
        {item_type::description, "description"}};
    for (auto const& it : items) {
        if (it.category != category) {
            category = it.category;
            auto c = quiz.append_child("question");
            c.append_attribute("type") = "category";
            std::string path = "$course$/top";
            for (auto const& part : category) path += "/" + part;
            add_text(c, "category", path);
        }
        auto q = quiz.append_child("question");
        for (auto const& [type, name] : types)
            if (type == it.type) q.append_attribute("type") = name;
        if (it.type == item_type::multiple_choice && it.scoring == credit::all_or_nothing)
            q.attribute("type") = "multichoiceset";
        add_text(q, "name", it.title.empty() ? it.id : it.title);
        auto [question_text, format] = moodle_question_text(it);
        add_text(q, "questiontext", question_text, format);
        // All of an item's figures go in its question text's file area, where Moodle finds
        // those the stem shows (and Craftmark, reading it back, those of the choices too).
        for (auto const& f : figures) {
            if (f.item_id != it.id) continue;
            auto slash = f.name.rfind('/');
            auto file = q.child("questiontext").append_child("file");
            file.append_attribute("name") =
                f.name.substr(slash == std::string::npos ? 0 : slash + 1).c_str();
            file.append_attribute("path") =
                ("/" + (slash == std::string::npos ? "" : f.name.substr(0, slash + 1))).c_str();
            file.append_attribute("encoding") = "base64";
            file.text() = crypto::base64_encode(f.fig.bytes).c_str();
        }
        auto feedback = it.general_feedback;
        std::string grader;
        if (it.type == item_type::essay && feedback.rfind("参考答案：", 0) == 0) {
            grader = feedback.substr(std::string_view("参考答案：").size());
            feedback.clear();
        }
        add_text(q, "generalfeedback", feedback, "html");
        add_value(q, "defaultgrade", number_text(it.points));
        add_value(q, "idnumber", it.id);
        switch (it.type) {
        case item_type::single_choice:
        case item_type::multiple_choice:
            add_value(q, "single", it.type == item_type::single_choice ? "true" : "false");
            add_value(q, "shuffleanswers", it.shuffle ? "true" : "false");
            for (auto const& c : it.choices) add_answer(q, c.fraction, c.text, c.feedback);
            break;
        case item_type::true_false:
            add_answer(q, it.correct ? 1 : 0, "true", "", "moodle_auto_format");
            add_answer(q, it.correct ? 0 : 1, "false", "", "moodle_auto_format");
            break;
        case item_type::short_answer:
            add_value(q, "usecase", it.case_sensitive ? "1" : "0");
            for (auto const& a : it.answers)
                add_answer(q, a.fraction, a.text, a.feedback, "moodle_auto_format");
            break;
        case item_type::numerical:
            for (auto const& n : it.numeric) {
                auto a = add_answer(q, n.fraction, number_text((n.min + n.max) / 2), n.feedback,
                                    "moodle_auto_format");
                add_value(a, "tolerance", number_text((n.max - n.min) / 2));
            }
            break;
        case item_type::matching:
            add_value(q, "shuffleanswers", it.shuffle ? "true" : "false");
            for (auto const& p : it.pairs) {
                auto s = q.append_child("subquestion");
                s.append_attribute("format") = "html";
                s.append_child("text").text() = p.premise.c_str();
                add_text(s, "answer", p.response);
            }
            for (auto const& d : it.distractors) {
                auto s = q.append_child("subquestion");
                s.append_attribute("format") = "html";
                s.append_child("text");
                add_text(s, "answer", d);
            }
            break;
        case item_type::essay:
            add_value(q, "responseformat", "editor");
            add_text(q, "graderinfo", grader, "html");
            break;
        default: break;
        }
        if (!it.tags.empty()) {
            auto tags = q.append_child("tags");
            for (auto const& t : it.tags) add_text(tags, "tag", t);
        }
    }
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

} // namespace craftmark::core
