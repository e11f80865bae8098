// Fuzz target: a QTI item, test or manifest from anyone reads (with diagnostics) or is refused
// with a diagnostic; every item kept is usable. As a package, every file it lists is the input
// itself, so a manifest that lists itself, or paths that climb out, are tried too.
#include "server/core/bank/item.hpp"
#include "server/core/bank/qti.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::core;
    std::string text(reinterpret_cast<char const*>(data), size);
    (void)qti_document_kind(text);
    auto check = [](bank_import const& imported) {
        for (auto const& it : imported.items)
            if (!validate(it).empty()) std::abort(); // kept an unusable item
    };
    check(parse_qti_item(text, "fuzz.xml", "fuzz"));
    check(parse_qti_package(
        "imsmanifest.xml", {[](std::string const& path) {
                                if (path.empty() || path.front() == '/' || path == ".." ||
                                    path.starts_with("../") ||
                                    path.find("/../") != std::string::npos || path.ends_with("/.."))
                                    std::abort(); // a path out of the package was followed
                                return true;
                            },
                            [&text](std::string const&) { return text; }}));
    return 0;
}
