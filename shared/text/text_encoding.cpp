#include "shared/text/text_encoding.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <unicode/ucnv.h>

namespace craftmark::text {
namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

struct converter_closer {
    void operator()(UConverter* c) const { ucnv_close(c); }
};

/// Where bytes stop being an encoding: the first sequence that is not in it.
struct invalid_bytes {
    std::size_t at = std::string_view::npos, length = 0;
};

/// The first byte sequence in `bytes` that is not `encoding` (at = npos when there is none;
/// then `utf8`, when given, receives the text as UTF-8).
invalid_bytes first_invalid(std::string_view bytes, char const* encoding, std::string* utf8) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, converter_closer> from(ucnv_open(encoding, &status));
    std::unique_ptr<UConverter, converter_closer> to(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU has no ") + encoding);
    // Stop at the first byte sequence the encoding does not define, instead of substituting.
    ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    char const* source = bytes.data();
    char const* const end = bytes.data() + bytes.size();
    std::string out(bytes.size() * 2 + 16, '\0'); // GB 18030's 2 bytes become at most 3
    char* target = out.data();
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, end, nullptr,
                   nullptr, nullptr, nullptr, true, true, &status);
    if (U_FAILURE(status)) {
        // The converter has consumed the offending sequence: back up to its first byte.
        char errors[8];
        int8_t length = sizeof errors;
        UErrorCode ignored = U_ZERO_ERROR;
        ucnv_getInvalidChars(from.get(), errors, &length, &ignored);
        auto consumed = static_cast<std::size_t>(source - bytes.data());
        auto invalid = std::min(static_cast<std::size_t>(std::max<int8_t>(length, 1)), consumed);
        return {consumed - invalid, invalid};
    }
    if (utf8) *utf8 = out.substr(0, static_cast<std::size_t>(target - out.data()));
    return {};
}

[[noreturn]] void refuse(std::string_view bytes, invalid_bytes bad, std::string const& encoding) {
    auto line = std::count(bytes.begin(), bytes.begin() + static_cast<long>(bad.at), '\n') + 1;
    std::string shown;
    for (std::size_t i = bad.at; i < std::min(bytes.size(), bad.at + bad.length); ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned char>(bytes[i]));
        shown += (shown.empty() ? "" : " ") + std::string(hex);
    }
    throw std::invalid_argument("line " + std::to_string(line) + ": bytes " + shown + " are not " +
                                encoding + " (save the file as CSV UTF-8, or give --encoding)");
}

} // namespace

std::string as_utf8(std::string_view bytes, std::string const& encoding) {
    // Every leading mark: a file passed through two tools that each add one has two, and the
    // second would otherwise stick to the first header.
    while (bytes.starts_with(byte_order_mark)) bytes.remove_prefix(byte_order_mark.size());
    bool utf8_wanted = encoding == "utf-8" || encoding == "auto";
    if (utf8_wanted) {
        auto bad = first_invalid(bytes, "UTF-8", nullptr);
        if (bad.at == std::string_view::npos) return std::string(bytes);
        if (encoding == "utf-8") refuse(bytes, bad, "UTF-8");
    } else if (encoding != "gbk" && encoding != "gb18030") {
        throw std::invalid_argument("unknown encoding \"" + encoding + "\" (give " + encodings +
                                    ")");
    }
    std::string utf8;
    auto bad = first_invalid(bytes, "GB18030", &utf8);
    if (bad.at != std::string_view::npos)
        refuse(bytes, bad, encoding == "auto" ? "UTF-8 or GBK/GB 18030" : "GBK/GB 18030");
    return utf8;
}

} // namespace craftmark::text
