#include "server/core/bank/bank_figures.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace craftmark::core {
namespace {

constexpr std::string_view moodle_files = "@@PLUGINFILE@@/";

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

std::size_t find_nocase(std::string_view text, std::string_view what, std::size_t from) {
    for (auto at = from; at + what.size() <= text.size(); ++at)
        if (starts_with_nocase(text.substr(at), what)) return at;
    return std::string_view::npos;
}

/// "circuit%20diagram.png" → "circuit diagram.png"; a malformed escape stays as written.
std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string without_moodle_prefix(std::string text) {
    for (auto at = text.find(moodle_files); at != std::string::npos;
         at = text.find(moodle_files, at))
        text.erase(at, moodle_files.size());
    return text;
}

/// The src of each <img> in HTML text. Scanned by hand, not with std::regex: libstdc++'s regex
/// recurses per character and overflows the stack on a long stem.
std::vector<std::string> image_sources(std::string_view html) {
    std::vector<std::string> sources;
    for (auto at = find_nocase(html, "<img", 0); at != std::string_view::npos;
         at = find_nocase(html, "<img", at + 4)) {
        auto end = html.find('>', at);
        auto tag = html.substr(at, end == std::string_view::npos ? html.size() - at : end - at);
        for (auto src = find_nocase(tag, "src", 4); src != std::string_view::npos;
             src = find_nocase(tag, "src", src + 3)) {
            if (!std::isspace(static_cast<unsigned char>(tag[src - 1]))) continue; // data-src
            auto eq = tag.find_first_not_of(" \t\r\n", src + 3);
            if (eq == std::string_view::npos || tag[eq] != '=') continue;
            auto value = tag.find_first_not_of(" \t\r\n", eq + 1);
            if (value == std::string_view::npos) break;
            char quote = tag[value];
            auto begin = quote == '"' || quote == '\'' ? value + 1 : value;
            auto stop = quote == '"' || quote == '\'' ? tag.find(quote, begin)
                                                      : tag.find_first_of(" \t\r\n", begin);
            sources.emplace_back(tag.substr(
                begin, stop == std::string_view::npos ? std::string_view::npos : stop - begin));
            break;
        }
    }
    return sources;
}

/// The target of each ![alt](target "title") in Markdown text.
std::vector<std::string> markdown_images(std::string_view text) {
    std::vector<std::string> targets;
    for (auto at = text.find("!["); at != std::string_view::npos; at = text.find("![", at + 2)) {
        auto close = text.find("](", at + 2);
        if (close == std::string_view::npos) break;
        auto begin = close + 2;
        auto stop = text.find_first_of(") \t\r\n", begin);
        targets.emplace_back(text.substr(
            begin, stop == std::string_view::npos ? std::string_view::npos : stop - begin));
    }
    return targets;
}

std::vector<std::string> figures_in(std::string_view text, std::string_view format) {
    if (format == "markdown") return markdown_images(text);
    if (format == "html" || format == "moodle") return image_sources(text);
    return {};
}

diagnostic about(item const& it, std::string severity, std::string message) {
    diagnostic d{it.origin ? it.origin->line : 0, std::move(severity),
                 "item " + it.id + ": " + std::move(message)};
    if (it.origin && it.origin->format == "xlsx") d.column = "图片 Figures";
    if (it.origin && it.origin->format == "qti") d.file = it.origin->file; // a package's item file
    return d;
}

} // namespace

std::string figure_name_problem(std::string_view name) {
    if (name.empty()) return "an empty figure name";
    if (name.find('\\') != std::string_view::npos)
        return "a figure name with a backslash (write folders with /)";
    if (name.front() == '/') return "an absolute path";
    if (name.find(':') != std::string_view::npos) return "a URL or drive, not a file of the bank";
    for (std::size_t begin = 0; begin <= name.size();) {
        auto end = name.find('/', begin);
        auto part =
            name.substr(begin, end == std::string_view::npos ? name.size() - begin : end - begin);
        if (part.empty() || part == "." || part == "..")
            return "a path that leaves the bank's folder or has an empty part";
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20; }))
        return "a figure name with control characters";
    return {};
}

void name_figures_in_text(std::vector<item>& items, std::vector<diagnostic>& diagnostics) {
    for (auto& it : items) {
        for (auto& m : it.media)
            if (m.starts_with(moodle_files)) m = percent_decoded(m.substr(moodle_files.size()));
        auto note = [&](std::string const& text, std::string const& format) {
            for (auto const& source : figures_in(text, format)) {
                auto name = starts_with_nocase(source, moodle_files)
                                ? percent_decoded(source.substr(moodle_files.size()))
                                : percent_decoded(source);
                if (starts_with_nocase(source, "data:")) {
                    diagnostics.push_back(about(it, "warning",
                                                "a figure written into the text (a data: URL) is "
                                                "not kept; give it as a file"));
                } else if (name.find("://") != std::string::npos || name.starts_with("//")) {
                    diagnostics.push_back(about(it, "warning",
                                                "the figure " + name +
                                                    " is on another server, which the exam does "
                                                    "not fetch from; give it as a file"));
                } else if (std::find(it.media.begin(), it.media.end(), name) == it.media.end()) {
                    it.media.push_back(name);
                }
            }
        };
        it.stem = without_moodle_prefix(std::move(it.stem));
        note(it.stem, it.stem_format);
        for (auto& c : it.choices) {
            c.text = without_moodle_prefix(std::move(c.text));
            note(c.text, it.stem_format);
        }
        it.general_feedback = without_moodle_prefix(std::move(it.general_feedback));
    }
}

std::vector<item_figure> gather_figures(bank_import& parsed, package_files const& files) {
    std::map<std::pair<std::string, std::string>, std::string const*> attached;
    for (auto const& a : parsed.attached) attached.emplace(std::pair{a.item_id, a.name}, &a.bytes);
    std::vector<item_figure> figures;
    std::vector<item> kept;
    for (auto& it : parsed.items) {
        std::vector<item_figure> own;
        std::string problem;
        for (auto const& name : it.media) {
            if (auto p = figure_name_problem(name); !p.empty()) {
                problem = "figure " + name + " is " + p;
                break;
            }
            std::string bytes;
            try {
                if (auto a = attached.find({it.id, name}); a != attached.end())
                    bytes = *a->second;
                else if (files.has(name))
                    bytes = files.read(name);
                else {
                    problem = "figure " + name +
                              " is not with the bank (give the folder or zip "
                              "that holds it)";
                    break;
                }
            } catch (std::invalid_argument const& e) {
                problem = "figure " + name + " cannot be read: " + e.what();
                break;
            }
            auto check = check_figure(bytes);
            if (!check.problem.empty()) {
                problem = "figure " + name + " is " + check.problem;
                break;
            }
            if (!check.removed.empty()) {
                std::string list;
                for (auto const& r : check.removed) list += (list.empty() ? "" : ", ") + r;
                parsed.diagnostics.push_back(
                    about(it, "warning", "figure " + name + " was cleaned of " + list));
            }
            own.push_back({it.id, name, std::move(check.fig)});
        }
        if (!problem.empty()) {
            parsed.diagnostics.push_back(about(it, "error", problem));
            continue;
        }
        for (auto& f : own) figures.push_back(std::move(f));
        kept.push_back(std::move(it));
    }
    parsed.items = std::move(kept);
    parsed.attached.clear();
    return figures;
}

} // namespace craftmark::core
