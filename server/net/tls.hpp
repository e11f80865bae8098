#pragma once
#include <boost/asio/ssl/context.hpp>
#include <filesystem>

namespace craftmark::server::net {

/// A server TLS context: TLS 1.2 minimum (1.3 preferred), the given chain and key.
/// (Not ssl::context::tlsv12, which on Boost 1.81 with OpenSSL 3 pins exactly TLS 1.2.)
boost::asio::ssl::context make_server_tls(std::filesystem::path const& certificate_chain,
                                          std::filesystem::path const& private_key);

} // namespace craftmark::server::net
