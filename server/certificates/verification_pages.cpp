#include "server/certificates/verification_pages.hpp"

#include "server/web/assets.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/util/files.hpp"

#include <stdexcept>

namespace craftmark::certificates {
namespace fs = std::filesystem;

std::string pinned_certificate_page(std::string const& key_set) {
    std::string page(*web::asset("certificate.html"));
    auto head_end = page.find("</head>");
    if (head_end == std::string::npos) throw std::logic_error("certificate.html has no </head>");
    // Data, not script: the page's policy runs no inline script, and a JWK set holds no "<".
    page.insert(head_end,
                "<script type=\"application/json\" id=\"pinned-keys\">" + key_set + "</script>\n");
    return page;
}

void publish_certificate_page(fs::path const& public_dir, std::string const& id) {
    util::write_file_atomically(
        public_dir / "c" / id / "index.html",
        pinned_certificate_page(util::read_file(public_dir / "pki" / "jwks.json")),
        util::file_kind::regenerable);
}

void publish_verification_pages(fs::path const& public_dir) {
    fs::create_directories(public_dir / "assets");
    for (auto name : {"portal.js", "portal.css"})
        util::write_file_atomically(public_dir / "assets" / name, std::string(*web::asset(name)),
                                    util::file_kind::regenerable);
    if (!fs::exists(public_dir / "c")) return;
    std::string page = pinned_certificate_page(util::read_file(public_dir / "pki" / "jwks.json"));
    for (auto const& entry : fs::directory_iterator(public_dir / "c"))
        if (entry.is_directory() && credential::is_certificate_id(entry.path().filename().string()))
            util::write_file_atomically(entry.path() / "index.html", page,
                                        util::file_kind::regenerable);
}

} // namespace craftmark::certificates
