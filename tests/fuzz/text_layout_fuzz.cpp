// Fuzz target: the Chinese text layout reader is lenient, so every input must read (with
// diagnostics), and every item it keeps must be usable: an item in error is skipped, not kept.
#include "server/core/bank/item.hpp"
#include "server/core/bank/text_layout.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    (void)craftmark::core::looks_like_text_layout(text);
    auto imported = craftmark::core::parse_text_layout(text, "fuzz.txt", "fuzz");
    for (auto const& it : imported.items)
        if (!craftmark::core::validate(it).empty()) std::abort(); // kept an unusable item
    return 0;
}
