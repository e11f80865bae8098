#pragma once
#include "server/net/connection_stream.hpp"
#include "server/net/session_deps.hpp"

#include <boost/asio/ssl/context.hpp>

namespace craftmark::server::net {

/// Serves one accepted connection: TLS handshake, HTTPS requests (/healthz), and the upgrade of
/// /ws to a WebSocket session.
void run_http_session(connection_slot slot,
                      connection_socket&& socket,
                      boost::asio::ssl::context& tls,
                      session_deps const& deps);

} // namespace craftmark::server::net
