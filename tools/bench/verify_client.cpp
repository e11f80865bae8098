// Load for the certificate verification API: C connections (one thread each) post the same
// certificate to /api/verify over TLS keep-alive for S seconds, and report the rate.
// Usage: craftmark-verify-bench PORT CA.pem BODY.json CONNECTIONS SECONDS
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

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: craftmark-verify-bench PORT CA.pem BODY.json CONNECTIONS SECONDS\n";
        return 2;
    }
    std::string port = argv[1];
    std::ifstream in(argv[3], std::ios::binary);
    std::stringstream body;
    body << in.rdbuf();
    int connections = std::stoi(argv[4]);
    auto duration = std::chrono::seconds(std::stoi(argv[5]));
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.load_verify_file(argv[2]);
    tls.set_verify_mode(asio::ssl::verify_peer);

    std::atomic<long> valid{0}, other{0}, failed{0};
    auto deadline = std::chrono::steady_clock::now() + duration;
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&] {
            try {
                asio::io_context ioc;
                beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
                asio::ip::tcp::resolver resolver(ioc);
                beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", port));
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
                    bool ok = res.result() == http::status::ok &&
                              res.body().find("\"valid\":true") != std::string::npos;
                    (ok ? valid : other)++;
                }
            } catch (std::exception const& e) {
                failed++;
                std::cerr << "connection failed: " << e.what() << "\n";
            }
        });
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(duration).count();
    std::cout << "{\"valid_per_second\":" << static_cast<double>(valid) / seconds
              << ",\"valid\":" << valid << ",\"other\":" << other
              << ",\"failed_connections\":" << failed << "}\n";
    return failed || other ? 1 : 0;
}
