// Fuzz target: a file in any encoding, or in none. Every input is either refused with
// std::invalid_argument or read as valid UTF-8; what "auto" reads as UTF-8 is the input itself.
#include "shared/text/text_encoding.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace {

std::string read(std::string_view bytes, char const* encoding) {
    try {
        return craftmark::text::as_utf8(bytes, encoding);
    } catch (std::invalid_argument const&) {
        return {};
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<char const*>(data), size);
    auto as_utf8 = read(bytes, "utf-8");
    // Whatever came out must itself read as UTF-8, unchanged (no byte-order mark left in it).
    if (!as_utf8.empty() && read(as_utf8, "utf-8") != as_utf8) std::abort();
    auto guessed = read(bytes, "auto");
    if (!as_utf8.empty() && guessed != as_utf8) std::abort(); // valid UTF-8 is taken as UTF-8
    auto gb = read(bytes, "gb18030");
    if (!gb.empty() && read(gb, "utf-8") != gb) std::abort();
    return 0;
}
