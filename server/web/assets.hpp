#pragma once
// The portal's pages, script and style sheet, compiled into the server from server/web/assets/,
// and the libraries the browser exam carries (server/web/package.json).
#include <optional>
#include <string_view>

namespace craftmark::web {

/// The contents of an asset ("certificate.html", "portal.js", "katex/katex.min.js",
/// "katex/fonts/KaTeX_Main-Regular.woff2", …), or nullopt.
std::optional<std::string_view> asset(std::string_view name);

} // namespace craftmark::web
