#include "server/core/proctoring/candidate_photo.hpp"

#include "server/core/media/image_header.hpp"

#include <algorithm>
#include <cctype>

namespace craftmark::core {

photo_check check_photo(std::string_view bytes) {
    if (bytes.size() > max_photo_bytes)
        return {{}, "larger than " + std::to_string(max_photo_bytes >> 20) + " MiB"};
    auto header = read_image_header(bytes);
    if (!header.problem.empty()) return {{}, header.problem};
    photo_check c{{header.media_type, header.width, header.height}, {}};
    auto [w, h] = std::pair{header.width, header.height};
    if (w < 16 || h < 16 || w > 10000 || h > 10000 || w > 8 * h || h > 8 * w)
        return {{}, std::to_string(w) + " × " + std::to_string(h) + " pixels is not a photo"};
    return c;
}

std::string photo_owner(std::string_view file_name) {
    auto dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    std::string ext(file_name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext != "jpg" && ext != "jpeg" && ext != "png") return {};
    std::string owner(file_name.substr(0, dot));
    if (!owner.empty() && owner.back() == 'x') owner.back() = 'X'; // 44010619900307001x
    return owner;
}

} // namespace craftmark::core
