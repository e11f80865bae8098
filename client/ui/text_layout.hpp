#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace craftmark::client::ui {

/// Columns `text` takes on a terminal (CJK characters take two). Needs a UTF-8 locale.
int display_width(std::string_view text);

/// Breaks UTF-8 `text` into lines of at most `width` columns: at spaces where it can, anywhere
/// between CJK characters, and at every '\n'.
std::vector<std::string> wrap(std::string_view text, int width);

/// Cuts `text` to at most `width` columns, ending with "…" when it was cut.
std::string truncate(std::string_view text, int width);

/// A number as people write it: 2, 2.5, 71.25 (no trailing zeros).
std::string format_number(double value);

/// mm:ss or h:mm:ss for a duration in milliseconds (negative shows as 0:00).
std::string format_remaining(long long ms);

} // namespace craftmark::client::ui
