// Load for the certificate verification API: C connections (one thread each) post the same
// body (one certificate, or a batch) to /api/verify over TLS keep-alive for S seconds, and
// report how many certificates a second were found valid.
// Usage: craftmark-verify-bench PORT CA.pem BODY.json CONNECTIONS SECONDS
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

long count_of(std::string const& text, std::string const& needle) {
    long count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: craftmark-verify-bench PORT CA.pem BODY.json CONNECTIONS SECONDS\n";
        return 2;
    }
    std::string port = argv[1];
    std::ifstream in(argv[3], std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    // Every certificate in the body is genuine: an answer with fewer valid is an error.
    long expected = std::max(1L, count_of(body.str(), "\"credential\""));
    int connections = std::stoi(argv[4]);
    auto duration = std::chrono::seconds(std::stoi(argv[5]));
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.load_verify_file(argv[2]);
    tls.set_verify_mode(asio::ssl::verify_peer);

    std::atomic<long> valid{0}, wrong_answers{0}, failed{0};
    auto deadline = std::chrono::steady_clock::now() + duration;
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&] {
            try {
                asio::io_context ioc;
                beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
                asio::ip::tcp::resolver resolver(ioc);
                beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", port));
                // As browsers and curl do: a request's last segment is not held back waiting
                // for the server's acknowledgement of the one before (Nagle's algorithm).
                beast::get_lowest_layer(stream).socket().set_option(asio::ip::tcp::no_delay(true));
                stream.handshake(asio::ssl::stream_base::client);
                http::request<http::string_body> req(http::verb::post, "/api/verify", 11);
                req.set(http::field::host, "127.0.0.1");
                req.set(http::field::content_type, "application/json");
                req.keep_alive(true);
                req.body() = body.str();
                req.prepare_payload();
                beast::flat_buffer buffer;
                while (std::chrono::steady_clock::now() < deadline) {
                    http::write(stream, req);
                    http::response<http::string_body> res;
                    http::read(stream, buffer, res);
                    long found = res.result() == http::status::ok
                                     ? count_of(res.body(), "\"valid\":true")
                                     : 0;
                    valid += found;
                    if (found != expected) wrong_answers++;
                }
            } catch (std::exception const& e) {
                failed++;
                std::cerr << "connection failed: " << e.what() << "\n";
            }
        });
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(duration).count();
    std::cout << "{\"valid_per_second\":" << static_cast<double>(valid) / seconds
              << ",\"valid\":" << valid << ",\"wrong_answers\":" << wrong_answers
              << ",\"failed_connections\":" << failed << "}\n";
    return failed || wrong_answers ? 1 : 0;
}
