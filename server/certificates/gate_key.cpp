#include "server/certificates/gate_key.hpp"

#include "shared/crypto/digest.hpp"

#include <stdexcept>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

namespace craftmark::certificates {
namespace {

/// What JavaScript's \s matches (WhiteSpace and LineTerminator).
bool is_js_space(UChar32 c) {
    return c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x20 ||
           c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

std::u16string nfkc(std::string const& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8WithSub(nullptr, 0, &length, utf8.data(), static_cast<int32_t>(utf8.size()),
                         0xFFFD, nullptr, &status);
    std::u16string text(static_cast<std::size_t>(length), u'\0');
    status = U_ZERO_ERROR;
    u_strFromUTF8WithSub(text.data(), length, nullptr, utf8.data(),
                         static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
    UNormalizer2 const* normalizer = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC unavailable");
    int32_t needed = unorm2_normalize(normalizer, text.data(), length, nullptr, 0, &status);
    std::u16string out(static_cast<std::size_t>(needed), u'\0');
    status = U_ZERO_ERROR;
    unorm2_normalize(normalizer, text.data(), length, out.data(), needed, &status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC failed");
    return out;
}

} // namespace

std::string gate_key(std::string const& id, std::string const& typed) {
    std::u16string text = nfkc(typed);
    std::u16string kept;
    for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
        UChar32 c;
        U16_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
        if (is_js_space(c)) continue;
        if (c >= 'a' && c <= 'z') c -= 'a' - 'A';
        if (U_IS_BMP(c)) {
            kept += static_cast<char16_t>(c);
        } else {
            kept += static_cast<char16_t>(U16_LEAD(c));
            kept += static_cast<char16_t>(U16_TRAIL(c));
        }
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strToUTF8(nullptr, 0, &length, kept.data(), static_cast<int32_t>(kept.size()), &status);
    std::string normalised(static_cast<std::size_t>(length), '\0');
    status = U_ZERO_ERROR;
    u_strToUTF8(normalised.data(), length, nullptr, kept.data(), static_cast<int32_t>(kept.size()),
                &status);
    return crypto::sha256_hex(id + "|" + normalised);
}

} // namespace craftmark::certificates
