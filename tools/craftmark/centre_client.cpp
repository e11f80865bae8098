#include "tools/craftmark/centre_client.hpp"

#include "shared/crypto/base64.hpp"
#include "tools/craftmark/blocking_step.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <stdexcept>

namespace craftmark::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct connection {
    asio::io_context ioc;
    beast::ssl_stream<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    explicit connection(asio::ssl::context& tls) : stream(ioc, tls) {}
};

} // namespace

struct centre_client::tls_state {
    asio::ssl::context context{asio::ssl::context::tls_client};
    std::unique_ptr<connection> open;
};

centre_client::centre_client(std::string const& url, centre::venue_identity const& venue) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "https" || parsed->encoded_host().empty())
        throw std::runtime_error("--centre " + url + ": expected https://HOST:PORT");
    host_ = std::string(parsed->encoded_host_address());
    port_ = parsed->has_port() ? std::string(parsed->port()) : "443";
    tls_ = std::make_unique<tls_state>();
    auto* tls = &tls_->context;
    tls->set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    // Only the centre the venue joined: its CA from the venue file, no system CAs.
    tls->add_certificate_authority(asio::buffer(venue.ca_pem));
    tls->set_verify_mode(asio::ssl::verify_peer);
    if (SSL_CTX_use_certificate(tls->native_handle(), venue.certificate.get()) != 1 ||
        SSL_CTX_use_PrivateKey(tls->native_handle(), venue.key.get()) != 1)
        throw std::runtime_error("the venue's key cannot be used for TLS");
}

centre_client::~centre_client() = default;

/// One request on the kept-open connection (opened first if need be), its response read whole.
http::response<http::string_body> centre_client::exchange(http::request<http::string_body>& request,
                                                          std::size_t body_limit) {
    auto& tls = tls_->context;
    auto& open = tls_->open;
    try {
        if (!open) {
            auto c = std::make_unique<connection>(tls);
            c->stream.set_verify_callback(asio::ssl::host_name_verification(host_));
            auto& tcp = beast::get_lowest_layer(c->stream);
            tcp.expires_after(timeout_);
            asio::ip::tcp::resolver resolver(c->ioc);
            asio::ip::tcp::resolver::results_type endpoints;
            run_step(c->ioc, [&](auto done) {
                resolver.async_resolve(host_, port_, [&, done](auto ec, auto results) {
                    endpoints = results;
                    done(ec);
                });
            });
            run_step(c->ioc, [&](auto done) { tcp.async_connect(endpoints, done); });
            // A request goes out in several TLS records: do not let Nagle hold the last one.
            tcp.socket().set_option(asio::ip::tcp::no_delay(true));
            run_step(c->ioc, [&](auto done) {
                c->stream.async_handshake(asio::ssl::stream_base::client, done);
            });
            open = std::move(c);
        }
        auto& c = *open;
        beast::get_lowest_layer(c.stream).expires_after(timeout_);
        request.set(http::field::host, host_);
        request.keep_alive(true);
        request.prepare_payload();
        run_step(c.ioc, [&](auto done) { http::async_write(c.stream, request, done); });
        http::response_parser<http::string_body> parser;
        parser.body_limit(body_limit);
        run_step(c.ioc, [&](auto done) { http::async_read(c.stream, c.buffer, parser, done); });
        auto response = parser.release();
        if (!response.keep_alive()) open.reset();
        return response;
    } catch (boost::system::system_error const& e) {
        open.reset();
        throw std::runtime_error(e.code().message());
    } catch (...) {
        open.reset();
        throw;
    }
}

centre_answer centre_client::send(std::string const& segment_text, std::string const& seal) {
    http::request<http::string_body> request{http::verb::post, "/outbox", 11};
    request.set(http::field::content_type, "application/json");
    request.set("Craftmark-Seal", crypto::base64_encode(seal));
    request.body() = segment_text;
    auto response = exchange(request, 1 << 20);
    centre_answer answer{static_cast<int>(response.result_int()),
                         nlohmann::json::parse(response.body(), nullptr, false)};
    if (!answer.body.is_object())
        throw std::runtime_error("the centre answered " + std::to_string(answer.status) +
                                 " without a JSON object");
    return answer;
}

centre_letter centre_client::fetch(std::string const& target) {
    http::request<http::string_body> request{http::verb::get, target, 11};
    auto response = exchange(request, 256 << 20);
    centre_letter letter{static_cast<int>(response.result_int()), {}, {}, {}};
    if (letter.status == 200) {
        auto seal = crypto::base64_decode(std::string(response["Craftmark-Seal"]));
        letter.text = std::move(response.body());
        letter.seal = seal.value_or("");
        return letter;
    }
    auto body = nlohmann::json::parse(response.body(), nullptr, false);
    letter.refusal = body.is_object() && body.contains("refusal") && body["refusal"].is_string()
                         ? body["refusal"].get<std::string>()
                         : "the centre answered " + std::to_string(letter.status);
    if (body.is_object() && body.contains("from") && body["from"].is_number_integer())
        letter.from = body["from"].get<std::int64_t>();
    return letter;
}

} // namespace craftmark::cli
