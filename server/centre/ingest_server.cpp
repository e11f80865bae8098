#include "server/centre/ingest_server.hpp"

#include "server/centre/delivery.hpp"
#include "server/centre/packages.hpp"
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
                     venue_authority const& authority)
        : stream_(std::move(socket), tls), options_(options), authority_(authority),
          ca_pem_(authority.ca_pem()) {}

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
                reply(json_reply(http::status::payload_too_large,
                                 {{"refusal", "the segment is too large"}}),
                      false);
                return;
            }
            if (ec) return;
            auto request = parser.release();
            if (!reply(answer(request), request.keep_alive())) return;
        }
    }

  private:
    using response = http::response<http::string_body>;

    response answer(http::request<http::string_body> const& request) {
        auto target = std::string(request.target());
        bool letter = target == "/package" || target.starts_with("/paper-key/");
        if (target != "/outbox" && !letter)
            return json_reply(http::status::not_found,
                              {{"refusal", "the centre takes POST /outbox, GET /package and "
                                           "GET /paper-key/SITTING"}});
        auto method = letter ? http::verb::get : http::verb::post;
        if (request.method() != method)
            return json_reply(http::status::method_not_allowed,
                              {{"refusal", std::string(http::to_string(method)) + " " +
                                               (letter ? target : "/outbox")}});
        try {
            if (!db_) db_.emplace(options_.database);
            return letter ? send_letter(target) : take_segment(request);
        } catch (store::pg::error const& e) {
            db_.reset(); // reconnect on the next request
            std::cerr << "craftmark-centre: " << e.what() << "\n";
            return json_reply(
                http::status::service_unavailable,
                {{"refusal", "the centre's database is unavailable; try again later"}});
        }
    }

    response take_segment(http::request<http::string_body> const& request) {
        auto seal = crypto::base64_decode(std::string(request["Craftmark-Seal"]));
        if (!seal || seal->empty())
            return json_reply(
                http::status::bad_request,
                {{"refusal", "the Craftmark-Seal header must carry the seal in base64"}});
        store::venue_chains chains(*db_);
        auto d =
            deliver_segment(chains, ca_pem_, request.body(), *seal, venue_, "upload from " + peer_);
        json body{{"acknowledged", d.report.acknowledged},
                  {"applied", d.report.applied},
                  {"duplicates", d.report.duplicates}};
        if (d.report.missing_from) body["missing_from"] = *d.report.missing_from;
        if (d.report.refusal.empty()) return json_reply(http::status::ok, body);
        body["refusal"] = d.report.refusal;
        return json_reply(http::status::unprocessable_entity, body);
    }

    /// The venue's package, or a sitting's paper key from its start: what the venue that asks
    /// (by its certificate) may have, signed and sealed for it, the seal in Craftmark-Seal.
    response send_letter(std::string const& target) {
        auto venue = store::venue_chains(*db_).venue(venue_);
        if (!venue)
            return json_reply(http::status::forbidden,
                              {{"refusal", "venue " + venue_ + " is not registered here"}});
        store::centre_sittings sittings(*db_);
        auto now = util::system_clock().now();
        signed_letter letter;
        try {
            letter =
                target == "/package"
                    ? package_for(sittings, authority_, *venue, now)
                    : paper_key_for(sittings, authority_, *venue,
                                    target.substr(std::string_view("/paper-key/").size()), now);
        } catch (key_not_yet const& e) {
            return json_reply(static_cast<http::status>(425) /* Too Early, RFC 8470 */,
                              {{"refusal", e.what()}, {"from", e.from}});
        } catch (std::invalid_argument const& e) {
            return json_reply(http::status::not_found, {{"refusal", e.what()}});
        }
        response r{http::status::ok, 11};
        r.set(http::field::content_type, "application/json");
        r.set("Craftmark-Seal", crypto::base64_encode(letter.seal));
        r.body() = std::move(letter.text);
        return r;
    }

    static response json_reply(http::status status, json const& body) {
        response r{status, 11};
        r.set(http::field::content_type, "application/json");
        r.body() = body.dump();
        return r;
    }

    bool reply(response r, bool keep_alive) {
        r.set(http::field::server, "craftmark-centre");
        r.keep_alive(keep_alive);
        r.prepare_payload();
        beast::error_code ec;
        http::write(stream_, r, ec);
        return !ec && keep_alive;
    }

    beast::ssl_stream<tcp::socket> stream_;
    ingest_server_options const& options_;
    venue_authority const& authority_;
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
    authority.package_signer(); // made now if it is new, not by two venues' threads at once

    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address(options.host), options.port});
    listening(acceptor.local_endpoint().port());
    auto open = std::make_shared<std::atomic<std::size_t>>(0);
    for (;;) {
        tcp::socket socket(ioc);
        acceptor.accept(socket);
        if (*open >= options.max_connections) continue; // closed: the venue retries later
        ++*open;
        std::thread([socket = std::move(socket), &tls, &options, &authority, open]() mutable {
            try {
                venue_connection(std::move(socket), tls, options, authority).serve();
            } catch (std::exception const& e) {
                std::cerr << "craftmark-centre: a venue connection failed: " << e.what() << "\n";
            }
            --*open;
        }).detach();
    }
}

} // namespace craftmark::centre
