#include "client/net/async_connection.hpp"

#include "client/net/client_tls.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <unordered_map>

namespace craftmark::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

struct async_client::shared_state {
    shared_state(asio::io_context& context, connect_options connect)
        : io(context), options(std::move(connect)), peer(peer_of(options)),
          tls(make_client_context(options)) {}
    asio::io_context& io;
    connect_options options;
    std::string peer; // what its TLS sessions are kept for
    ssl::context tls;
    tcp::resolver::results_type endpoints;
};

namespace {

class ws_async_connection final : public async_connection,
                                  public std::enable_shared_from_this<ws_async_connection> {
  public:
    ws_async_connection(std::shared_ptr<async_client::shared_state> state,
                        std::shared_ptr<tls_session> session)
        : state_(std::move(state)), session_(std::move(session)),
          ws_(asio::make_strand(state_->io), state_->tls) {}

    void connect(connected_handler done) override {
        auto& tcp_layer = beast::get_lowest_layer(ws_);
        tcp_layer.expires_after(state_->options.timeout);
        tcp_layer.async_connect(state_->endpoints, [self = shared_from_this(), done](
                                                       beast::error_code ec, tcp::endpoint const&) {
            if (ec) return done("cannot connect: " + ec.message());
            self->tls_handshake(done);
        });
    }

    void call(std::string_view type, nlohmann::json const& body, reply_handler done) override {
        asio::post(ws_.get_executor(), [self = shared_from_this(), type = std::string(type), body,
                                        done = std::move(done)]() mutable {
            if (!self->open_) return done(lost("not connected"));
            auto id = ++self->next_id_;
            self->pending_.emplace(id, std::move(done));
            self->queue_.push_back(protocol::encode_request(id, type, body));
            if (self->queue_.size() == 1) self->write_front();
        });
    }

    void on_push(push_handler handler) override { on_push_ = std::move(handler); }

    void close() override {
        asio::post(ws_.get_executor(), [self = shared_from_this()] {
            if (!self->open_) return;
            self->open_ = false;
            self->ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {
                beast::get_lowest_layer(self->ws_).close();
            });
            self->fail_pending("connection closed");
        });
    }

    void drop() override {
        asio::post(ws_.get_executor(), [self = shared_from_this()] {
            self->open_ = false;
            auto& socket = beast::get_lowest_layer(self->ws_).socket();
            boost::system::error_code ignored; // a reset, so no TIME_WAIT keeps the port
            socket.set_option(asio::socket_base::linger(true, 0), ignored);
            socket.close(ignored);
            self->fail_pending("connection dropped");
        });
    }

    bool tls_resumed() const override { return tls_resumed_; }

  private:
    static protocol::incoming lost(std::string why) {
        protocol::incoming in;
        in.what = protocol::incoming::kind::error;
        in.code = "connection_lost";
        in.message = std::move(why);
        return in;
    }

    void tls_handshake(connected_handler done) {
        auto const& host = state_->options.host;
        if (!SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), host.c_str()))
            return done("cannot set the TLS server name");
        ws_.next_layer().set_verify_callback(ssl::host_name_verification(host));
        if (session_) resume_with(ws_.next_layer().native_handle(), *session_, state_->peer);
        ws_.next_layer().async_handshake(ssl::stream_base::client, [self = shared_from_this(),
                                                                    done](beast::error_code ec) {
            if (ec) return done("TLS handshake failed: " + ec.message());
            self->tls_resumed_ = SSL_session_reused(self->ws_.next_layer().native_handle()) == 1;
            self->ws_handshake(done);
        });
    }

    void ws_handshake(connected_handler done) {
        beast::get_lowest_layer(ws_).expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        ws_.read_message_max(16 * 1024 * 1024);
        ws_.async_handshake(state_->options.host, "/ws",
                            [self = shared_from_this(), done](beast::error_code ec) {
                                if (ec) return done("WebSocket handshake failed: " + ec.message());
                                self->open_ = true;
                                self->read();
                                done("");
                            });
    }

    // front() is the write in flight.
    void write_front() {
        ws_.async_write(asio::buffer(queue_.front()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->fail_pending("connection lost: " + ec.message());
                            self->queue_.pop_front();
                            if (!self->queue_.empty()) self->write_front();
                        });
    }

    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->open_ = false;
                return self->fail_pending(ec == websocket::error::closed
                                              ? "the server closed the connection"
                                              : "connection lost: " + ec.message());
            }
            auto text = beast::buffers_to_string(self->buffer_.data());
            self->buffer_.consume(self->buffer_.size());
            self->deliver(text);
            self->read();
        });
    }

    void deliver(std::string const& text) {
        protocol::incoming in;
        try {
            in = protocol::parse_incoming(text);
        } catch (std::exception const&) {
            return; // not ours to interpret
        }
        auto id = in.id;
        if (in.what == protocol::incoming::kind::push) id = echoed_id(text);
        if (auto it = pending_.find(id); id != 0 && it != pending_.end()) {
            auto done = std::move(it->second);
            pending_.erase(it);
            return done(in);
        }
        if (on_push_) on_push_(in);
    }

    // A request sent back as it was (the echo baseline) carries its id but no "ok".
    static std::int64_t echoed_id(std::string const& text) {
        auto j = nlohmann::json::parse(text, nullptr, false);
        auto id = j.is_object() ? j.find("id") : j.end();
        return id != j.end() && id->is_number_integer() ? id->get<std::int64_t>() : 0;
    }

    void fail_pending(std::string const& why) {
        auto pending = std::move(pending_);
        pending_.clear();
        for (auto& [id, done] : pending) done(lost(why));
    }

    std::shared_ptr<async_client::shared_state> state_;
    std::shared_ptr<tls_session> session_; // outlives ws_, whose TLS session points at it
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
    beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    std::unordered_map<std::int64_t, reply_handler> pending_;
    push_handler on_push_;
    std::int64_t next_id_ = 0;
    bool open_ = false;
    bool tls_resumed_ = false;
};

} // namespace

async_client::async_client(asio::io_context& io, connect_options options)
    : state_(std::make_shared<shared_state>(io, std::move(options))) {
    boost::system::error_code ec;
    tcp::resolver resolver(io);
    state_->endpoints =
        resolver.resolve(state_->options.host, std::to_string(state_->options.port), ec);
    if (ec) throw connection_error("cannot resolve " + state_->options.host + ": " + ec.message());
}

async_client::~async_client() = default;

std::shared_ptr<async_connection>
async_client::make_connection(std::shared_ptr<tls_session> session) {
    return std::make_shared<ws_async_connection>(state_, std::move(session));
}

} // namespace craftmark::client
