#pragma once
// Included only by http_session.cpp: the upgrade hands the TLS stream over.
#include "server/net/session_deps.hpp"

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace craftmark::server::net {

/// Takes over an upgraded connection and serves the JSON protocol on it.
void run_websocket_session(connection_slot slot,
                           boost::beast::ssl_stream<boost::beast::tcp_stream>&& stream,
                           boost::beast::http::request<boost::beast::http::string_body>&& upgrade,
                           session_deps const& deps);

} // namespace craftmark::server::net
