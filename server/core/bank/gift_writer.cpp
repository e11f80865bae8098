#include "server/core/bank/gift.hpp"

#include <cmath>
#include <cstdio>

namespace craftmark::core {
namespace {

std::string escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\r') continue;
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\\' || c == '~' || c == '=' || c == '#' || c == '{' || c == '}' || c == ':')
            out += '\\';
        out += c;
    }
    return out;
}

std::string number(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.10g", v);
    return buffer;
}

std::string weight(double fraction) {
    return "%" + number(fraction * 100) + "%";
}

std::string feedback(std::string const& f) {
    return f.empty() ? "" : " #" + escape(f);
}

std::string category_line(std::vector<std::string> const& path) {
    std::string line = "$CATEGORY: $course$/top";
    for (auto const& part : path) {
        line += '/';
        for (char c : part) line += c == '/' ? std::string("//") : std::string(1, c);
    }
    return line;
}

std::string answers(item const& it) {
    std::string out;
    switch (it.type) {
    case item_type::single_choice:
        for (auto const& c : it.choices) {
            out += "\n\t";
            out += c.fraction >= 1 ? "=" : "~" + (c.fraction != 0 ? weight(c.fraction) : "");
            out += escape(c.text) + feedback(c.feedback);
        }
        return out + "\n";
    case item_type::multiple_choice:
        for (auto const& c : it.choices)
            out += "\n\t~" + weight(c.fraction) + escape(c.text) + feedback(c.feedback);
        return out + "\n";
    case item_type::true_false: return it.correct ? "TRUE" : "FALSE";
    case item_type::short_answer:
        for (auto const& a : it.answers)
            out += " =" + (a.fraction != 1 ? weight(a.fraction) : "") + escape(a.text) +
                   feedback(a.feedback);
        return out + " ";
    case item_type::numerical:
        out = "#";
        for (auto const& n : it.numeric)
            out += "\n\t=" + weight(n.fraction) + number((n.min + n.max) / 2) + ":" +
                   number((n.max - n.min) / 2) + feedback(n.feedback);
        return out + "\n";
    case item_type::matching:
        for (auto const& p : it.pairs)
            out += "\n\t=" + escape(p.premise) + " -> " + escape(p.response);
        for (auto const& d : it.distractors) out += "\n\t= -> " + escape(d);
        return out + "\n";
    default: return {};
    }
}

} // namespace

std::string write_gift(std::vector<item> const& items) {
    std::string out;
    std::vector<std::string> category;
    for (auto const& it : items) {
        if (it.category != category) {
            category = it.category;
            out += category_line(category) + "\n\n";
        }
        out += "// [id:" + it.id + "]";
        for (auto const& tag : it.tags) out += " [tag:" + tag + "]";
        if (!it.shuffle) out += " [shuffle:no]";
        out += "\n";
        if (!it.title.empty()) out += "::" + escape(it.title) + "::";
        // A stem that starts like a comment, a category or a format marker would be read back
        // as one at the start of a line; an explicit format marker keeps it a stem.
        bool ambiguous_start = it.title.empty() && !it.stem.empty() &&
                               (it.stem[0] == '/' || it.stem[0] == '$' || it.stem[0] == '[');
        if (it.stem_format != "moodle" || ambiguous_start) out += "[" + it.stem_format + "]";
        out += escape(it.stem);
        if (it.type != item_type::description) {
            auto general = it.general_feedback.empty() ? "" : "####" + escape(it.general_feedback);
            out += "{" + answers(it) + general + "}";
        }
        out += "\n\n";
    }
    return out;
}

} // namespace craftmark::core
