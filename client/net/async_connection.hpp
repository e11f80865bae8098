#pragma once
#include "client/net/connection.hpp"

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace craftmark::client {

/// A protocol connection for programs that hold thousands at once (the load generator): it
/// runs on the caller's io_context and reports to callbacks on that context's thread, with no
/// thread of its own. Like `connection`, it verifies the server's certificate and host name,
/// and matches replies to requests by id (a frame that carries a pending request's id answers
/// it, so a bare echo server's echo counts as the reply).
class async_connection {
  public:
    /// `error` is empty on success, else a sentence saying what failed.
    using connected_handler = std::function<void(std::string const& error)>;
    /// The reply (ok or error). When the connection is lost first, an error with code
    /// `connection_lost`.
    using reply_handler = std::function<void(protocol::incoming const& reply)>;
    using push_handler = std::function<void(protocol::incoming const& push)>;

    virtual ~async_connection() = default;
    /// TCP and TLS within the options' timeout, then the WebSocket handshake (Beast's 30 s).
    virtual void connect(connected_handler done) = 0;
    virtual void call(std::string_view type, nlohmann::json const& body, reply_handler done) = 0;
    /// Pushes, and frames that answer no pending request.
    virtual void on_push(push_handler handler) = 0;
    /// A polite WebSocket close; pending requests are answered `connection_lost`.
    virtual void close() = 0;
    /// Drops the connection at once, as when the network goes: no closing handshake; the
    /// socket is reset and its port released now (no TIME_WAIT, which matters when one
    /// machine plays thousands of terminals). Pending requests are answered `connection_lost`.
    virtual void drop() = 0;
    /// Whether the TLS handshake resumed an earlier session (no certificate was sent).
    virtual bool tls_resumed() const = 0;
};

/// Makes async connections to one server: the CA is read and the host resolved once.
class async_client {
  public:
    /// Throws connection_error when the CA cannot be read or the host not resolved.
    async_client(boost::asio::io_context& io, connect_options options);
    ~async_client();
    /// Connections resume the TLS session kept in `session` (one per simulated terminal, kept
    /// across its reconnects); null: always a full handshake.
    std::shared_ptr<async_connection> make_connection(std::shared_ptr<tls_session> session);

    struct shared_state; // the TLS context and endpoints, shared with every connection made

  private:
    std::shared_ptr<shared_state> state_;
};

} // namespace craftmark::client
