#pragma once
// The TLS side shared by the client's connections (OpenSSL's handles stay out of the public
// headers): the context every connection is made from, and resuming TLS sessions.
#include "client/net/connection.hpp"

#include <boost/asio/ssl/context.hpp>
#include <string>

namespace craftmark::client {

/// A client context as every connection needs it: the server's certificate checked against
/// `options.ca_file`, TLS 1.2 at least, and the sessions the server grants handed to the
/// tls_session each connection is given. Streams must be made from it only once it is
/// returned: OpenSSL copies a context's settings into each connection as it is made. Throws
/// connection_error when the CA cannot be read.
boost::asio::ssl::context make_client_context(connect_options const& options);

/// The server a session belongs to: its address and the CA that checked it.
std::string peer_of(connect_options const& options);

/// Before the handshake: offers the session kept in `session` if it was granted by `peer`,
/// and has the sessions the server grants this connection kept there. `session` must outlive
/// `connection`.
void resume_with(SSL* connection, tls_session& session, std::string const& peer);

} // namespace craftmark::client
