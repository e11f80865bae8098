#include "server/core/bank/bank_xml.hpp"

#include <algorithm>

namespace craftmark::core {

int line_at(std::string_view source, std::ptrdiff_t offset) {
    auto end =
        std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, offset)), source.size());
    return 1 + static_cast<int>(std::count(source.begin(), source.begin() + end, '\n'));
}

std::optional<pugi::xml_document>
load_xml(std::string_view text, std::string const& file, bank_import& out) {
    pugi::xml_document doc;
    auto parsed =
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (parsed) return doc;
    out.diagnostics.push_back({line_at(text, parsed.offset),
                               "error",
                               std::string("not well-formed XML: ") + parsed.description(),
                               {},
                               file});
    return std::nullopt;
}

} // namespace craftmark::core
