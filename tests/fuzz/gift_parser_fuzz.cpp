// Fuzz target: the GIFT parser is lenient by design, so every input must parse (with
// diagnostics), and what it yields must survive the writer and the parser again.
#include "server/core/bank/gift.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    auto imported = craftmark::core::parse_gift(text, "fuzz.gift");
    auto again =
        craftmark::core::parse_gift(craftmark::core::write_gift(imported.items), "again.gift");
    if (again.items.size() != imported.items.size()) std::abort(); // the writer lost a question
    return 0;
}
