#pragma once
// The portal's pages, script and style sheet, compiled into the server from server/web/assets/.
#include <optional>
#include <string_view>

namespace craftmark::web {

/// The contents of an asset ("certificate.html", "portal.js", …), or nullopt.
std::optional<std::string_view> asset(std::string_view name);

} // namespace craftmark::web
