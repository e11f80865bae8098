#include "tools/craftmark/https_get.hpp"

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

struct address {
    std::string host, port;
};

/// Where to connect for host:port, after the --connect-to rules (the first that matches; an
/// empty HOST1 or PORT1 matches any, an empty HOST2 or PORT2 keeps the original, as in curl).
address connect_address(std::vector<std::string> const& rules, address const& wanted) {
    for (auto const& rule : rules) {
        std::vector<std::string> parts;
        for (std::size_t at = 0;;) {
            auto colon = rule.find(':', at);
            parts.push_back(rule.substr(at, colon - at));
            if (colon == std::string::npos) break;
            at = colon + 1;
        }
        if (parts.size() != 4)
            throw std::runtime_error("--connect-to " + rule + ": expected HOST1:PORT1:HOST2:PORT2");
        if ((!parts[0].empty() && parts[0] != wanted.host) ||
            (!parts[1].empty() && parts[1] != wanted.port))
            continue;
        return {parts[2].empty() ? wanted.host : parts[2],
                parts[3].empty() ? wanted.port : parts[3]};
    }
    return wanted;
}

std::string fetch(std::string const& url, https_options const& options) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "https" || parsed->encoded_host().empty())
        throw std::runtime_error("not an https:// address");
    address wanted{std::string(parsed->encoded_host_address()),
                   parsed->has_port() ? std::string(parsed->port()) : "443"};
    std::string target =
        parsed->encoded_target().empty() ? "/" : std::string(parsed->encoded_target());
    auto to = connect_address(options.connect_to, wanted);

    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    if (options.ca_file.empty())
        tls.set_default_verify_paths();
    else
        tls.load_verify_file(options.ca_file.string());
    tls.set_verify_mode(asio::ssl::verify_peer);

    asio::io_context ioc;
    beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
    stream.set_verify_callback(asio::ssl::host_name_verification(wanted.host));
    if (parsed->host_type() == boost::urls::host_type::name &&
        !SSL_set_tlsext_host_name(stream.native_handle(), wanted.host.c_str()))
        throw std::runtime_error("cannot set the TLS server name");
    auto& tcp = beast::get_lowest_layer(stream);
    tcp.expires_after(options.timeout);

    asio::ip::tcp::resolver resolver(ioc);
    asio::ip::tcp::resolver::results_type endpoints;
    run_step(ioc, [&](auto done) {
        resolver.async_resolve(to.host, to.port, [&, done](auto ec, auto results) {
            endpoints = results;
            done(ec);
        });
    });
    run_step(ioc, [&](auto done) { tcp.async_connect(endpoints, done); });
    run_step(ioc, [&](auto done) { stream.async_handshake(asio::ssl::stream_base::client, done); });

    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, parsed->encoded_authority());
    request.set(http::field::user_agent, "craftmark-verify");
    run_step(ioc, [&](auto done) { http::async_write(stream, request, done); });

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_bytes);
    run_step(ioc, [&](auto done) { http::async_read(stream, buffer, parser, done); });
    auto const& response = parser.get();
    if (response.result() != http::status::ok)
        throw std::runtime_error("the server answered " + std::to_string(response.result_int()) +
                                 " " + std::string(response.reason()));
    return response.body();
}

} // namespace

std::string https_get(std::string const& url, https_options const& options) {
    try {
        return fetch(url, options);
    } catch (boost::system::system_error const& e) {
        throw std::runtime_error("cannot fetch " + url + ": " + e.code().message());
    } catch (std::exception const& e) {
        throw std::runtime_error("cannot fetch " + url + ": " + e.what());
    }
}

} // namespace craftmark::cli
