#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::crypto {

/// Where a TLS server finds its certificate chain and key, and clients the CA to trust.
struct tls_files {
    std::filesystem::path ca_certificate;
    std::filesystem::path server_certificate;
    std::filesystem::path server_key;
};

/// A server certificate's subjectAltName in openssl.cnf syntax: localhost, 127.0.0.1, ::1 and
/// `extra_names` (each an IP address or a DNS name).
std::string subject_alt_names(std::vector<std::string> const& extra_names);

/// Creates a development CA and a server certificate (ECDSA P-256) in `dir` unless they exist.
/// The server certificate names localhost, 127.0.0.1 and `extra_names` (DNS names or IPs).
/// Keys are written owner-only. Only for development and tests: production deployments pass
/// their own certificate to the server.
tls_files ensure_dev_pki(std::filesystem::path const& dir,
                         std::vector<std::string> const& extra_names = {});

} // namespace craftmark::crypto
