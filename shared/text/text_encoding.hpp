#pragma once
// Text from the files people bring, as UTF-8. A roster saved from Excel on a Chinese Windows
// machine is GBK (code page 936) unless "CSV UTF-8" was chosen, and then it starts with a
// byte-order mark; both must read the same.
#include <string>
#include <string_view>

namespace craftmark::text {

/// The encodings `--encoding` names: auto, utf-8, gbk, gb18030.
inline constexpr char const* encodings = "auto, utf-8, gbk or gb18030";

/// `bytes` as UTF-8 without a byte-order mark. `encoding` "utf-8"; "gbk" or "gb18030" (read as
/// GB 18030, which contains GBK and GB 2312); or "auto": UTF-8 when the bytes are valid UTF-8,
/// otherwise GB 18030. Throws std::invalid_argument naming the line and the bytes of the first
/// sequence that is not in the encoding.
std::string as_utf8(std::string_view bytes, std::string const& encoding);

} // namespace craftmark::text
