// Fuzz target: what a venue reads from the centre (a package letter, its contents once opened,
// a paper key, a paper's banks) is refused with a reason or read; a package read writes back
// to text that reads the same.
#include "server/core/centre/venue_package.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::core;
    std::string_view text(reinterpret_cast<char const*>(data), size);
    for (auto format : {venue_package_format, paper_key_format}) {
        try {
            auto letter = parse_letter(text, format);
            auto again = parse_letter(letter_text(letter), format);
            if (again.venue != letter.venue || again.sealed != letter.sealed) std::abort();
        } catch (std::invalid_argument const&) {
        }
    }
    try {
        parse_paper_key(text);
    } catch (std::invalid_argument const&) {
    }
    try {
        parse_paper(text);
    } catch (std::invalid_argument const&) {
    }
    venue_package package;
    try {
        package = parse_package_contents(text);
    } catch (std::invalid_argument const&) {
        return 0;
    }
    auto again = parse_package_contents(package_contents_text(package));
    if (again.venue != package.venue || again.sittings.size() != package.sittings.size())
        std::abort(); // the written form does not read back
    for (std::size_t i = 0; i < package.sittings.size(); ++i) {
        auto const &a = package.sittings[i], &b = again.sittings[i];
        if (a.sitting.id != b.sitting.id || a.sitting.starts_at != b.sitting.starts_at ||
            a.paper != b.paper || a.assessment != b.assessment ||
            a.candidates.size() != b.candidates.size())
            std::abort(); // a sitting changed on its way through the text
    }
    return 0;
}
