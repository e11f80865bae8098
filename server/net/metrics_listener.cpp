#include "server/net/metrics_listener.hpp"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace craftmark::server::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class scrape : public std::enable_shared_from_this<scrape> {
  public:
    scrape(tcp::socket&& socket, std::function<std::string()> page)
        : stream_(std::move(socket)), page_(std::move(page)) {}

    void run() {
        stream_.expires_after(std::chrono::seconds(10));
        http::async_read(stream_, buffer_, request_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (!ec) self->answer();
                         });
    }

  private:
    void answer() {
        response_.version(request_.version());
        response_.keep_alive(false);
        if (request_.method() != http::verb::get && request_.method() != http::verb::head) {
            response_.result(http::status::method_not_allowed);
            response_.set(http::field::allow, "GET, HEAD");
        } else if (request_.target() != "/metrics") {
            response_.result(http::status::not_found);
            response_.body() = "only /metrics is served here\n";
        } else {
            response_.result(http::status::ok);
            response_.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            try {
                response_.body() = page_();
            } catch (std::exception const& e) {
                response_.result(http::status::internal_server_error);
                response_.body() = std::string("cannot read the metrics: ") + e.what() + "\n";
            }
        }
        response_.prepare_payload();
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code, std::size_t) {
                              beast::error_code ignored;
                              self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                          });
    }

    beast::tcp_stream stream_;
    std::function<std::string()> page_;
    beast::flat_buffer buffer_{8192};
    http::request<http::empty_body> request_;
    http::response<http::string_body> response_;
};

class metrics_listener final : public listener_handle,
                               public std::enable_shared_from_this<metrics_listener> {
  public:
    metrics_listener(asio::io_context& ioc,
                     tcp::endpoint endpoint,
                     std::function<std::string()> page)
        : ioc_(ioc), acceptor_(asio::make_strand(ioc)), page_(std::move(page)) {
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

    void do_accept() {
        acceptor_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](
                                                            beast::error_code ec, tcp::socket s) {
            if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
            if (!ec) std::make_shared<scrape>(std::move(s), self->page_)->run();
            self->do_accept();
        });
    }

  private:
    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
    std::function<std::string()> page_;
    std::uint16_t port_ = 0;
};

} // namespace

std::shared_ptr<listener_handle> start_metrics_listener(asio::io_context& ioc,
                                                        tcp::endpoint endpoint,
                                                        std::function<std::string()> page) {
    auto l = std::make_shared<metrics_listener>(ioc, endpoint, std::move(page));
    l->do_accept();
    return l;
}

} // namespace craftmark::server::net
