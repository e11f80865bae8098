#include "server/net/listener.hpp"

#include "server/net/http_session.hpp"

#include <atomic>
#include <boost/asio/strand.hpp>

namespace craftmark::server::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class listener final : public listener_handle, public std::enable_shared_from_this<listener> {
  public:
    listener(asio::io_context& ioc, tls_contexts& tls, tcp::endpoint endpoint, session_deps deps)
        : ioc_(ioc), tls_(tls), acceptor_(asio::make_strand(ioc)), deps_(std::move(deps)) {
        bind_and_listen(acceptor_, endpoint);
        port_ = acceptor_.local_endpoint().port();
    }

    std::uint16_t port() const override { return port_; }

    void stop() override {
        asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->acceptor_.close(ignored);
        });
    }

    void limits_changed() override { resume_if_room(); }

    // On the acceptor's strand. At the connection limit nothing more is accepted: new
    // connections wait in the kernel's queue until a place is free. After a network blip the
    // dropped connections are still held when their terminals come back; refusing the new ones
    // sent thousands into retry pauses, waiting lets each in as soon as a dead one is noticed.
    void do_accept() {
        auto limit = deps_.adjustable.max_connections();
        if (*open_ >= limit) {
            if (!paused_)
                deps_.log.error("connection limit reached (" + std::to_string(limit) +
                                " open): new connections wait until one closes");
            paused_ = true;
            return;
        }
        paused_ = false;
        // Each connection gets its own strand.
        acceptor_.async_accept(
            asio::make_strand(ioc_),
            [self = shared_from_this()](boost::system::error_code ec, connection_socket s) {
                self->on_accept(ec, std::move(s));
            });
    }

  private:
    void on_accept(boost::system::error_code ec, connection_socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            // Out of file descriptors, usually: log, and keep accepting.
            deps_.log.error("accept: " + ec.message());
        } else {
            ++*open_;
            // Every write is a whole message (an HTTP response, a WebSocket frame): send it at
            // once instead of holding its tail until the peer acknowledges what went before
            // (Nagle's algorithm meets the peer's delayed ACK: up to 40 ms a reply).
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            connection_slot slot(nullptr, [open = open_, listener = weak_from_this()](void*) {
                --*open;
                if (auto self = listener.lock()) self->resume_if_room();
            });
            run_http_session(std::move(slot), std::move(socket), tls_.current(), deps_);
        }
        do_accept();
    }

    // Any thread: a connection has gone, or the limit was raised.
    void resume_if_room() {
        asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
            if (self->paused_ && self->acceptor_.is_open()) self->do_accept();
        });
    }

    asio::io_context& ioc_;
    tls_contexts& tls_;
    tcp::acceptor acceptor_;
    session_deps deps_;
    std::uint16_t port_ = 0;
    // Shared with each connection's slot, which may outlive the listener at shutdown.
    std::shared_ptr<std::atomic<std::size_t>> open_ = std::make_shared<std::atomic<std::size_t>>(0);
    bool paused_ = false; // on the acceptor's strand: at the limit, no accept is pending
};

} // namespace

void bind_and_listen(tcp::acceptor& acceptor, tcp::endpoint const& endpoint) {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
}

std::shared_ptr<listener_handle> start_listener(asio::io_context& ioc,
                                                tls_contexts& tls,
                                                tcp::endpoint endpoint,
                                                session_deps const& deps) {
    auto l = std::make_shared<listener>(ioc, tls, endpoint, deps);
    l->do_accept();
    return l;
}

} // namespace craftmark::server::net
