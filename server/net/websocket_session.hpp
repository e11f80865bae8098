#pragma once
// Included only by http_session.cpp: the upgrade hands the TLS stream over.
#include "server/net/connection_stream.hpp"
#include "server/net/session_deps.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace craftmark::server::net {

/// Takes over an upgraded connection and serves the JSON protocol on it.
void run_websocket_session(connection_slot slot,
                           connection_stream&& stream,
                           boost::beast::http::request<boost::beast::http::string_body>&& upgrade,
                           session_deps const& deps);

} // namespace craftmark::server::net
