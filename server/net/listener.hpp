#pragma once
#include "server/net/session_deps.hpp"
#include "server/net/tls.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>

namespace craftmark::server::net {

/// A running acceptor. stop() closes it; sessions already accepted carry on until closed.
class listener_handle {
  public:
    virtual ~listener_handle() = default;
    virtual std::uint16_t port() const = 0;
    virtual void stop() = 0;
    /// After a reload raised max_connections: a paused acceptor accepts again.
    virtual void limits_changed() {}
};

/// Opens `acceptor` on `endpoint` (port 0 picks a free port) and listens; throws
/// std::system_error when the address cannot be bound.
void bind_and_listen(boost::asio::ip::tcp::acceptor& acceptor,
                     boost::asio::ip::tcp::endpoint const& endpoint);

/// Binds `endpoint` (port 0 picks a free port) and accepts TLS connections, each on its own
/// strand. Throws std::system_error when the address cannot be bound.
std::shared_ptr<listener_handle> start_listener(boost::asio::io_context& ioc,
                                                tls_contexts& tls,
                                                boost::asio::ip::tcp::endpoint endpoint,
                                                session_deps const& deps);

} // namespace craftmark::server::net
