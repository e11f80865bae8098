#pragma once
// The CLI's one download: `craftmark verify` fetching a certificate's status lists from the
// address the certificate names. Beast over OpenSSL; the server's certificate is checked
// against the system's CAs (or a given CA file) and the URL's host name.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace craftmark::cli {

struct https_options {
    std::filesystem::path ca_file; // empty: the system's trusted CAs
    /// curl's --connect-to HOST1:PORT1:HOST2:PORT2: requests for HOST1:PORT1 go to HOST2:PORT2
    /// (the TLS check still names HOST1), e.g. before the portal's name is in DNS.
    std::vector<std::string> connect_to;
    std::chrono::seconds timeout{15}; // connecting, TLS and the answer (name lookup is the
                                      // system resolver's, with its own timeout)
    std::size_t max_bytes = 4 << 20;
};

/// The body of a 200 answer to GET `url` (https only; redirects are not followed). Throws
/// std::runtime_error naming the URL and what went wrong (refused, timed out, the server's
/// certificate, the HTTP status, a body over `max_bytes`).
std::string https_get(std::string const& url, https_options const& options);

} // namespace craftmark::cli
