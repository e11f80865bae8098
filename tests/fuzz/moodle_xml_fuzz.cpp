// Fuzz target: Moodle XML from anyone reads (with diagnostics) or is refused with a diagnostic;
// every item kept is usable, and the items can be written out again.
#include "server/core/bank/item.hpp"
#include "server/core/bank/moodle_xml.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::core;
    std::string_view text(reinterpret_cast<char const*>(data), size);
    (void)looks_like_moodle_xml(text);
    auto imported = parse_moodle_xml(text, "fuzz.xml", "fuzz");
    for (auto const& it : imported.items)
        if (!validate(it).empty()) std::abort(); // kept an unusable item
    (void)write_moodle_xml(imported.items);
    return 0;
}
