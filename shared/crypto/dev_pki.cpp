#include "shared/crypto/dev_pki.hpp"

#include "shared/crypto/x509.hpp"
#include "shared/util/files.hpp"

#include <openssl/x509v3.h>

namespace craftmark::crypto {
std::string subject_alt_names(std::vector<std::string> const& extra_names) {
    std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    for (auto const& name : extra_names) {
        bool is_ip = name.find_first_not_of("0123456789.:") == std::string::npos;
        san += (is_ip ? ",IP:" : ",DNS:") + name;
    }
    return san;
}

tls_files ensure_dev_pki(std::filesystem::path const& dir,
                         std::vector<std::string> const& extra_names) {
    tls_files files{dir / "ca.pem", dir / "server.pem", dir / "server.key"};
    if (std::filesystem::exists(files.ca_certificate) &&
        std::filesystem::exists(files.server_certificate) &&
        std::filesystem::exists(files.server_key))
        return files;
    std::filesystem::create_directories(dir);

    auto ca_key = make_p256_key();
    auto ca = make_certificate(ca_key.get(),
                               {{"O", "Craftmark development"}, {"CN", "Craftmark development CA"}},
                               nullptr, 3650);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    sign_certificate(ca.get(), ca_key.get());

    auto server_key = make_p256_key();
    auto server = make_certificate(
        server_key.get(), {{"O", "Craftmark development"}, {"CN", "localhost"}}, ca.get(), 825);
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name, subject_alt_names(extra_names));
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign_certificate(server.get(), ca_key.get());

    util::write_file_atomically(dir / "ca.key", private_key_pem(ca_key.get()),
                                util::file_kind::secret);
    util::write_file_atomically(files.server_key, private_key_pem(server_key.get()),
                                util::file_kind::secret);
    util::write_file_atomically(files.ca_certificate, to_pem(ca.get()));
    util::write_file_atomically(files.server_certificate, to_pem(server.get()));
    return files;
}

} // namespace craftmark::crypto
