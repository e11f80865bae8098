#pragma once
#include "server/net/session_deps.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace craftmark::server::net {

/// Serves one accepted connection: TLS handshake, HTTPS requests (/healthz), and the upgrade of
/// /ws to a WebSocket session.
void run_http_session(connection_slot slot,
                      boost::asio::ip::tcp::socket&& socket,
                      boost::asio::ssl::context& tls,
                      session_deps const& deps);

} // namespace craftmark::server::net
