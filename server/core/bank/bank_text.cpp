#include "server/core/bank/bank_text.hpp"

#include "server/core/bank/gift.hpp"
#include "server/core/bank/moodle_xml.hpp"
#include "server/core/bank/text_layout.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace craftmark::core {

std::string text_bank_format(std::string const& name, std::string const& text) {
    auto ext = std::filesystem::path(name).extension().string();
    if (ext == ".json") return "json";
    if (ext == ".gift") return "gift";
    if (ext == ".xml" || looks_like_moodle_xml(text)) return "moodle";
    if (looks_like_text_layout(text)) return "text";
    auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    return first != std::string::npos && text[first] == '{' ? "json" : "gift";
}

text_bank read_text_bank(std::string const& text,
                         std::string const& name,
                         std::string format,
                         std::string const& id,
                         package_files const& figures) {
    if (format == "auto") format = text_bank_format(name, text);
    auto stem = id.empty() ? std::filesystem::path(name).stem().string() : id;
    bank b;
    bank_import parsed;
    if (format == "json") {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(text);
        } catch (nlohmann::json::parse_error const& e) {
            // nlohmann's message names the line and column ("parse error at line 3, column 5:
            // syntax error …"); its "[json.exception.parse_error.101]" prefix is left out.
            std::string what = e.what();
            auto at = what.find("parse error");
            throw std::invalid_argument(
                name + " is not valid JSON: " + (at == std::string::npos ? what : what.substr(at)));
        }
        b = bank_from_json(j);
        if (!id.empty()) b.id = id;
        parsed.items = std::move(b.items);
    } else if (format == "gift" || format == "text" || format == "moodle") {
        parsed = format == "text"     ? parse_text_layout(text, name, stem)
                 : format == "moodle" ? parse_moodle_xml(text, name, stem)
                                      : parse_gift(text, name, stem);
        b = {stem, stem, "zh-CN", "", "", "", {}};
    } else {
        throw std::invalid_argument("a bank in " + format +
                                    " is read by `craftmark bank import`, not from text");
    }
    name_figures_in_text(parsed.items, parsed.diagnostics);
    std::vector<item_figure> shown;
    if (std::any_of(parsed.items.begin(), parsed.items.end(),
                    [](auto const& it) { return !it.media.empty(); }))
        shown = gather_figures(parsed, figures);
    b.items = std::move(parsed.items);
    return {std::move(b), format, std::move(parsed.diagnostics), std::move(shown)};
}

} // namespace craftmark::core
