#include "server/centre/ingest_server.hpp"

#include "server/centre/delivery.hpp"
#include "server/store/postgres/pg.hpp"
#include "shared/crypto/base64.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sys/socket.h>
#include <thread>

namespace craftmark::centre {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

/// One venue's connection: its certificate's venue id, its database connection, its requests.
class venue_connection {
  public:
    venue_connection(tcp::socket socket,
                     asio::ssl::context& tls,
                     ingest_server_options const& options,
                     std::string ca_pem)
        : stream_(std::move(socket), tls), options_(options), ca_pem_(std::move(ca_pem)) {}

    void serve() {
        auto& socket = stream_.next_layer();
        peer_ = socket.remote_endpoint().address().to_string();
        // Blocking reads and writes give up after a minute: a venue that went quiet mid-request
        // does not keep its thread for ever.
        timeval limit{60, 0};
        setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        // A reply goes out in several TLS records; without this, Nagle holds the last one for
        // the venue's delayed acknowledgement (40 ms a batch).
        socket.set_option(tcp::no_delay(true));
        beast::error_code ec;
        stream_.handshake(asio::ssl::stream_base::server, ec);
        if (ec) return;
        X509* peer = SSL_get0_peer_certificate(stream_.native_handle());
        if (!peer) return; // verify_fail_if_no_peer_cert makes this unreachable
        venue_ = common_name(peer);
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(options_.max_segment_bytes);
            http::read(stream_, buffer, parser, ec);
            if (ec == http::error::body_limit) {
                reply(http::status::payload_too_large, {{"refusal", "the segment is too large"}},
                      false);
                return;
            }
            if (ec) return;
            auto request = parser.release();
            auto [status, body] = answer(request);
            if (!reply(status, body, request.keep_alive())) return;
        }
    }

  private:
    std::pair<http::status, json> answer(http::request<http::string_body> const& request) {
        if (request.target() != "/outbox")
            return {http::status::not_found, {{"refusal", "the centre takes POST /outbox"}}};
        if (request.method() != http::verb::post)
            return {http::status::method_not_allowed, {{"refusal", "POST /outbox"}}};
        auto seal = crypto::base64_decode(std::string(request["Craftmark-Seal"]));
        if (!seal || seal->empty())
            return {http::status::bad_request,
                    {{"refusal", "the Craftmark-Seal header must carry the seal in base64"}}};
        try {
            if (!db_) db_.emplace(options_.database);
            store::venue_chains chains(*db_);
            auto d = deliver_segment(chains, ca_pem_, request.body(), *seal, venue_,
                                     "upload from " + peer_);
            json body{{"acknowledged", d.report.acknowledged},
                      {"applied", d.report.applied},
                      {"duplicates", d.report.duplicates}};
            if (d.report.missing_from) body["missing_from"] = *d.report.missing_from;
            if (d.report.refusal.empty()) return {http::status::ok, body};
            body["refusal"] = d.report.refusal;
            return {http::status::unprocessable_entity, body};
        } catch (store::pg::error const& e) {
            db_.reset(); // reconnect on the next request
            std::cerr << "craftmark-centre: " << e.what() << "\n";
            return {http::status::service_unavailable,
                    {{"refusal", "the centre's database is unavailable; send again later"}}};
        }
    }

    bool reply(http::status status, json const& body, bool keep_alive) {
        http::response<http::string_body> response{status, 11};
        response.set(http::field::content_type, "application/json");
        response.set(http::field::server, "craftmark-centre");
        response.keep_alive(keep_alive);
        response.body() = body.dump();
        response.prepare_payload();
        beast::error_code ec;
        http::write(stream_, response, ec);
        return !ec && keep_alive;
    }

    beast::ssl_stream<tcp::socket> stream_;
    ingest_server_options const& options_;
    std::string ca_pem_;
    std::string peer_, venue_;
    std::optional<store::pg::connection> db_;
};

} // namespace

void run_ingest_server(ingest_server_options const& options,
                       venue_authority const& authority,
                       std::function<void(unsigned short)> const& listening) {
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1);
    tls.use_certificate_chain_file(authority.tls_certificate_path().string());
    tls.use_private_key_file(authority.tls_key_path().string(), asio::ssl::context::pem);
    // Mutual TLS: only a venue certified by this centre's venue authority gets in.
    tls.load_verify_file(authority.ca_path().string());
    tls.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    auto ca_pem = authority.ca_pem();

    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address(options.host), options.port});
    listening(acceptor.local_endpoint().port());
    auto open = std::make_shared<std::atomic<std::size_t>>(0);
    for (;;) {
        tcp::socket socket(ioc);
        acceptor.accept(socket);
        if (*open >= options.max_connections) continue; // closed: the venue retries later
        ++*open;
        std::thread([socket = std::move(socket), &tls, &options, ca_pem, open]() mutable {
            try {
                venue_connection(std::move(socket), tls, options, ca_pem).serve();
            } catch (std::exception const& e) {
                std::cerr << "craftmark-centre: a venue connection failed: " << e.what() << "\n";
            }
            --*open;
        }).detach();
    }
}

} // namespace craftmark::centre
