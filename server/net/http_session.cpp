#include "server/net/http_session.hpp"

#include "server/net/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace craftmark::server::net {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

constexpr std::size_t max_discarded_bytes = 8 * 1024 * 1024;

class http_session : public std::enable_shared_from_this<http_session> {
  public:
    http_session(connection_slot slot,
                 connection_socket&& socket,
                 asio::ssl::context& tls,
                 session_deps deps)
        : slot_(std::move(slot)), stream_(std::move(socket), tls), deps_(std::move(deps)) {}

    void run() {
        // Hop onto this connection's strand before the first I/O.
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&http_session::on_run, shared_from_this()));
    }

  private:
    void on_run() {
        beast::get_lowest_layer(stream_).expires_after(deps_.limits.handshake_timeout);
        stream_.async_handshake(
            asio::ssl::stream_base::server,
            beast::bind_front_handler(&http_session::on_handshake, shared_from_this()));
    }

    void on_handshake(beast::error_code ec) {
        if (ec) return; // port scanners and clients that do not trust us: nothing to log
        do_read();
    }

    void do_read() {
        parser_.emplace();
        parser_->body_limit(deps_.limits.max_http_body);
        beast::get_lowest_layer(stream_).expires_after(deps_.limits.http_idle_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&http_session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream) return do_close();
        if (ec == http::error::body_limit) return refuse_oversized();
        if (ec) return;
        if (beast::websocket::is_upgrade(parser_->get()) && parser_->get().target() == "/ws") {
            if (!same_site(parser_->get())) return refuse_cross_site(parser_->release());
            beast::get_lowest_layer(stream_).expires_never();
            return run_websocket_session(slot_, std::move(stream_), parser_->release(), deps_);
        }
        respond(parser_->release());
    }

    void respond(http::request<http::string_body> const& req) {
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(req.version());
        res->keep_alive(req.keep_alive());
        res->set(http::field::server, "craftmark");
        res->set(http::field::content_type, "application/json");
        res->set(http::field::cache_control, "no-store");
        if (web::portal::handles(std::string(req.target()))) {
            auto answer =
                deps_.portal.handle({std::string(req.method_string()), std::string(req.target()),
                                     req.body(), client_address()});
            res->result(static_cast<http::status>(answer.status));
            res->set(http::field::content_type, answer.content_type);
            for (auto const& [name, value] : answer.headers) res->set(name, value);
            res->body() = req.method() == http::verb::head ? "" : std::move(answer.body);
        } else if (req.target() == "/healthz" && req.method() == http::verb::get) {
            res->result(http::status::ok);
            res->body() = nlohmann::json{
                {"status", "ok"},
                {"server_time", deps_.clock.now()},
                {"protocol",
                 1}}.dump();
        } else if (req.target() == "/ws") {
            res->result(http::status::upgrade_required);
            res->body() = R"({"error":"connect with a WebSocket client"})";
        }
        res->prepare_payload();
        http::async_write(stream_, *res,
                          [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              if (!res->keep_alive()) return self->do_close();
                              self->do_read();
                          });
    }

    /// Browsers name the page that opens a WebSocket in `Origin`, and a WebSocket is not bound
    /// by the same-origin policy: without this check any site a proctor visits could open the
    /// staff protocol from their browser. Programs (the terminal, the proctor console, the CLI)
    /// send no Origin and are not browsers, so they pass.
    static bool same_site(http::request<http::string_body> const& req) {
        auto origin = req.find(http::field::origin);
        if (origin == req.end()) return true;
        auto host = req.find(http::field::host);
        return host != req.end() && origin->value() == "https://" + std::string(host->value());
    }

    void refuse_cross_site(http::request<http::string_body> const& req) {
        deps_.log.info("refused a WebSocket opened by another site: Origin=" +
                       std::string(req[http::field::origin]).substr(0, 200));
        auto res = std::make_shared<http::response<http::string_body>>(http::status::forbidden,
                                                                       req.version());
        res->set(http::field::content_type, "application/json");
        res->keep_alive(false);
        res->body() = R"({"error":"a page of another site may not open this server's WebSocket"})";
        res->prepare_payload();
        http::async_write(
            stream_, *res,
            [self = shared_from_this(), res](beast::error_code, std::size_t) { self->do_close(); });
    }

    /// A request body over the limit is answered, then the connection is closed: the rest of
    /// the body is never read into memory.
    void refuse_oversized() {
        auto res = std::make_shared<http::response<http::string_body>>(
            http::status::payload_too_large, 11);
        res->set(http::field::content_type, "application/json");
        res->keep_alive(false);
        res->body() =
            R"({"error":"request too large: a certificate and its signature are a few kilobytes"})";
        res->prepare_payload();
        http::async_write(stream_, *res,
                          [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              self->discard_rest(max_discarded_bytes);
                          });
    }

    /// Closing with unread bytes makes the kernel reset the connection, and the client may lose
    /// the answer it has not read yet; so the rest of the body is read and dropped first, a
    /// chunk at a time, for a bounded number of bytes and seconds.
    void discard_rest(std::size_t budget) {
        if (budget == 0) return do_close();
        if (discard_.empty()) discard_.resize(16 * 1024);
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
        stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this(), budget](
                                                            beast::error_code ec, std::size_t n) {
            if (ec) return self->do_close();
            self->discard_rest(n >= budget ? 0 : budget - n);
        });
    }

    std::string client_address() {
        beast::error_code ec;
        auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
        return ec ? std::string("unknown") : endpoint.address().to_string();
    }

    void do_close() {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
        stream_.async_shutdown([self = shared_from_this()](beast::error_code) {});
    }

    connection_slot slot_;
    connection_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::vector<char> discard_; // only for refused oversized requests
    session_deps deps_;
};

} // namespace

void run_http_session(connection_slot slot,
                      connection_socket&& socket,
                      asio::ssl::context& tls,
                      session_deps const& deps) {
    std::make_shared<http_session>(std::move(slot), std::move(socket), tls, deps)->run();
}

} // namespace craftmark::server::net
