// A bare Beast TLS WebSocket echo server: the same-run baseline for the load benchmarks.
// It does what craftmark-server's transport does (TLS 1.2+, one strand per connection, one
// write in flight) and nothing else: no JSON, no storage.
#include "shared/crypto/dev_pki.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class echo_session : public std::enable_shared_from_this<echo_session> {
  public:
    echo_session(tcp::socket&& s, asio::ssl::context& tls) : ws_(std::move(s), tls) {}
    void run() {
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
        ws_.next_layer().async_handshake(
            asio::ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
                if (ec) return;
                beast::get_lowest_layer(self->ws_).expires_never();
                self->ws_.set_option(
                    websocket::stream_base::timeout::suggested(beast::role_type::server));
                self->ws_.async_accept([self](beast::error_code e) {
                    if (!e) self->read();
                });
            });
    }

  private:
    void read() {
        ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            self->ws_.text(self->ws_.got_text());
            self->ws_.async_write(self->buffer_.data(), [self](beast::error_code e, std::size_t) {
                if (e) return;
                self->buffer_.consume(self->buffer_.size());
                self->read();
            });
        });
    }
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
    beast::flat_buffer buffer_;
};

void accept(tcp::acceptor& acceptor, asio::io_context& ioc, asio::ssl::context& tls) {
    acceptor.async_accept(asio::make_strand(ioc), [&](beast::error_code ec, tcp::socket s) {
        if (!ec) std::make_shared<echo_session>(std::move(s), tls)->run();
        if (acceptor.is_open()) accept(acceptor, ioc, tls);
    });
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: craftmark-echo-bench PKI_DIR PORT [THREADS]\n";
        return 2;
    }
    auto files = craftmark::crypto::ensure_dev_pki(argv[1]);
    asio::ssl::context tls(asio::ssl::context::tls_server);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.use_certificate_chain_file(files.server_certificate.string());
    tls.use_private_key_file(files.server_key.string(), asio::ssl::context::pem);
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(std::stoi(argv[2]))});
    accept(acceptor, ioc, tls);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](auto, auto) { ioc.stop(); });
    std::cout << "ready port=" << acceptor.local_endpoint().port() << std::endl;
    unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoi(argv[3])) : 2;
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
}
