#include "client/net/connection.hpp"

#include "client/net/client_tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace craftmark::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::system_clock;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               clock_type::now().time_since_epoch())
        .count();
}

class ws_connection final : public connection, public std::enable_shared_from_this<ws_connection> {
  public:
    explicit ws_connection(connect_options options)
        : options_(std::move(options)), tls_(make_client_context(options_)),
          ws_(asio::make_strand(ioc_), tls_) {}

    ~ws_connection() override { close(); }

    void connect() {
        boost::system::error_code ec;
        tcp::resolver resolver(ioc_);
        auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
        if (ec) throw connection_error("cannot resolve " + options_.host + ": " + ec.message());
        auto& tcp_layer = beast::get_lowest_layer(ws_);
        tcp_layer.expires_after(options_.timeout);
        std::promise<boost::system::error_code> done;
        // Each step runs the loop until its handler has fired; tcp_layer's expiry bounds it.
        auto step = [&done] {
            return [&done](boost::system::error_code e, auto&&...) { done.set_value(e); };
        };
        auto wait = [&](std::string const& what) {
            auto f = done.get_future();
            ioc_.restart();
            ioc_.run();
            auto e = f.get();
            done = {};
            if (e) throw connection_error(what + ": " + e.message());
        };
        tcp_layer.async_connect(results, step());
        wait("cannot connect to " + options_.host + ":" + std::to_string(options_.port));
        if (!SSL_set_tlsext_host_name(ws_.next_layer().native_handle(), options_.host.c_str()))
            throw connection_error("cannot set the TLS server name");
        ws_.next_layer().set_verify_callback(ssl::host_name_verification(options_.host));
        if (options_.session)
            resume_with(ws_.next_layer().native_handle(), *options_.session, peer_of(options_));
        ws_.next_layer().async_handshake(ssl::stream_base::client, step());
        wait("TLS handshake failed (is the CA right and the host name on the certificate?)");
        tls_resumed_ = SSL_session_reused(ws_.next_layer().native_handle()) == 1;
        tcp_layer.expires_never();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
        ws_.read_message_max(16 * 1024 * 1024);
        ws_.async_handshake(options_.host, "/ws", step());
        wait("WebSocket handshake failed");
        connected_ = true;
        do_read();
        ioc_.restart();
        thread_ = std::thread([this] { ioc_.run(); });
    }

    protocol::incoming call(std::string_view type,
                            nlohmann::json const& body,
                            std::chrono::milliseconds timeout) override {
        return exchange([&](std::int64_t id) { return protocol::encode_request(id, type, body); },
                        false, timeout);
    }

    protocol::incoming call_binary(std::function<std::string(std::int64_t)> const& frame_for,
                                   std::chrono::milliseconds timeout) override {
        return exchange(frame_for, true, timeout);
    }

    protocol::incoming exchange(std::function<std::string(std::int64_t)> const& frame_for,
                                bool binary,
                                std::chrono::milliseconds timeout) {
        std::future<protocol::incoming> reply;
        std::int64_t id;
        {
            std::lock_guard lock(mutex_);
            if (!connected_) throw connection_error("not connected to the server");
            id = ++next_id_;
            reply = pending_[id].get_future();
        }
        write(frame_for(id), binary);
        if (reply.wait_for(timeout) != std::future_status::ready) {
            std::lock_guard lock(mutex_);
            pending_.erase(id);
            throw connection_error("no reply from the server within " +
                                   std::to_string(timeout.count()) + " ms");
        }
        return reply.get(); // throws connection_error if the connection dropped
    }

    std::optional<protocol::incoming> next_message(std::chrono::milliseconds timeout) override {
        std::unique_lock lock(mutex_);
        if (!inbox_cv_.wait_for(lock, timeout, [this] { return !inbox_.empty(); }))
            return std::nullopt;
        auto m = std::move(inbox_.front());
        inbox_.pop_front();
        return m;
    }

    void send_raw(std::string frame, bool binary) override { write(std::move(frame), binary); }

    bool connected() const override {
        std::lock_guard lock(mutex_);
        return connected_;
    }

    bool tls_resumed() const override { return tls_resumed_; }

    std::int64_t clock_offset_ms() const override {
        std::lock_guard lock(mutex_);
        return offset_ms_;
    }

    void close() override {
        if (thread_.joinable()) {
            asio::post(ws_.get_executor(), [this] {
                if (!connected_) return;
                ws_.async_close(websocket::close_code::normal, [this](beast::error_code) {
                    beast::get_lowest_layer(ws_).close();
                });
            });
            // Bound the wait for a polite close, then stop regardless: the loop is stopped too,
            // as a close handshake cut short leaves Beast's timer waiting out its 30 s timeout.
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            asio::post(ws_.get_executor(), [this] {
                beast::get_lowest_layer(ws_).close();
                ioc_.stop();
            });
            thread_.join();
        }
        fail_all("connection closed");
    }

  private:
    struct outgoing {
        std::string frame;
        bool binary;
    };

    void write(std::string frame, bool binary) {
        asio::post(ws_.get_executor(), [this, f = outgoing{std::move(frame), binary}]() mutable {
            queue_.push_back(std::move(f));
            if (queue_.size() == 1) do_write();
        });
    }

    // On the I/O thread; front() is the write in flight.
    void do_write() {
        ws_.binary(queue_.front().binary);
        ws_.async_write(asio::buffer(queue_.front().frame),
                        [this](beast::error_code ec, std::size_t) {
                            if (ec) return fail_all("connection lost: " + ec.message());
                            queue_.pop_front();
                            if (!queue_.empty()) do_write();
                        });
    }

    void do_read() {
        ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
            if (ec)
                return fail_all(ec == websocket::error::closed
                                    ? "the server closed the connection"
                                    : "connection lost: " + ec.message());
            auto text = beast::buffers_to_string(buffer_.data());
            buffer_.consume(buffer_.size());
            deliver(text);
            do_read();
        });
    }

    void deliver(std::string const& text) {
        protocol::incoming in;
        try {
            in = protocol::parse_incoming(text);
        } catch (std::exception const&) {
            return; // not ours to interpret
        }
        std::lock_guard lock(mutex_);
        if (in.body.contains("server_time") && in.body["server_time"].is_number_integer())
            offset_ms_ = in.body["server_time"].get<std::int64_t>() - now_ms();
        if (in.what != protocol::incoming::kind::push) {
            if (auto it = pending_.find(in.id); it != pending_.end()) {
                it->second.set_value(std::move(in));
                pending_.erase(it);
                return;
            }
        }
        inbox_.push_back(std::move(in));
        inbox_cv_.notify_all();
    }

    void fail_all(std::string const& why) {
        std::lock_guard lock(mutex_);
        connected_ = false;
        for (auto& [id, p] : pending_)
            p.set_exception(std::make_exception_ptr(connection_error(why)));
        pending_.clear();
        inbox_cv_.notify_all();
    }

    connect_options options_;
    asio::io_context ioc_;
    ssl::context tls_;
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
    beast::flat_buffer buffer_;
    std::deque<outgoing> queue_;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable inbox_cv_;
    std::deque<protocol::incoming> inbox_;
    std::map<std::int64_t, std::promise<protocol::incoming>> pending_;
    std::int64_t next_id_ = 0;
    std::int64_t offset_ms_ = 0;
    bool connected_ = false;
    bool tls_resumed_ = false;
};

} // namespace

std::unique_ptr<connection> connection::open(connect_options const& options) {
    auto c = std::make_unique<ws_connection>(options);
    c->connect();
    return c;
}

} // namespace craftmark::client
