// Limits that keep one client from holding more than its share: the connection cap, the
// per-connection message rate, and the TLS handshake deadline for clients that never speak.
#include "tests/integration/fixture.hpp"

#include <arpa/inet.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <doctest/doctest.h>
#include <future>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;
using std::chrono::milliseconds;

namespace {

/// A plain TCP connection to the server that sends nothing; -1 when it cannot connect.
int raw_connection(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// Whether the server closed `fd` within `timeout`, reading and discarding whatever it sends
/// first (TLS records the client never decrypts, so it never answers them).
bool drained_until_closed(int fd, milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    char bytes[4096];
    while (std::chrono::steady_clock::now() < end) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        if (::recv(fd, bytes, sizeof bytes, 0) <= 0) return true;
    }
    return false;
}

/// Whether the server closed `fd` within `timeout`.
bool closed_by_server(int fd, milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char byte;
    return ::recv(fd, &byte, 1, 0) <= 0;
}

} // namespace

TEST_CASE("beyond the connection limit a new connection waits until a place is free") {
    server::net::session_limits limits;
    limits.max_connections = 3;
    test_server s("items", limits);
    std::vector<std::unique_ptr<client::connection>> in;
    for (int i = 0; i < 3; ++i) {
        in.push_back(s.connect());
        REQUIRE(code_of(in.back()->call("ping", json::object())) == "");
    }
    // The fourth is neither served nor refused while the three are in.
    auto fourth = std::async(std::launch::async, [&] { return s.connect(); });
    REQUIRE(fourth.wait_for(milliseconds(1500)) == std::future_status::timeout);
    for (auto const& c : in) CHECK(code_of(c->call("ping", json::object())) == ""); // unharmed
    in.pop_back(); // its place is free once the server has seen it go
    REQUIRE(fourth.wait_for(milliseconds(8000)) == std::future_status::ready);
    auto again = fourth.get();
    CHECK(code_of(again->call("ping", json::object())) == "");
}

TEST_CASE("a connection that floods messages is refused beyond its rate and carries on") {
    server::net::session_limits limits;
    limits.messages_per_second = 5;
    limits.message_burst = 10;
    test_server s("items", limits);
    auto c = s.signed_in("T001");
    std::this_thread::sleep_for(milliseconds(2100)); // the bucket is full again after sign-in
    for (int i = 0; i < 30; ++i)
        c->send_raw(protocol::encode_request(1000 + i, "ping", json::object()));
    int ok = 0, refused = 0;
    for (int i = 0; i < 30; ++i) {
        auto reply = c->next_message(milliseconds(5000));
        REQUIRE(reply);
        auto code = code_of(*reply);
        if (code == "") ++ok;
        if (code == "rate_limited") ++refused;
    }
    CHECK(ok >= 10);
    CHECK(refused >= 10);
    CHECK(ok + refused == 30);
    std::this_thread::sleep_for(milliseconds(1100));
    CHECK(code_of(c->call("ping", json::object())) == ""); // the connection is still good
    auto other = s.signed_in("T002", "t2");
    CHECK(code_of(other->call("ping", json::object())) == ""); // others never noticed
}

TEST_CASE("a client that never starts its TLS handshake is dropped at the deadline") {
    server::net::session_limits limits;
    limits.handshake_timeout = std::chrono::seconds(1);
    test_server s("items", limits);
    int fd = raw_connection(s.server.port());
    REQUIRE(fd >= 0);
    CHECK(closed_by_server(fd, milliseconds(5000)));
    ::close(fd);
    auto c = s.connect(); // the server carries on
    CHECK(code_of(c->call("ping", json::object())) == "");
}

TEST_CASE("a connection whose peer stopped answering is dropped, a quiet live one is kept") {
    server::net::session_limits limits;
    limits.idle_timeout = std::chrono::seconds(2);
    test_server s("items", limits);
    auto live = s.signed_in("T001"); // sends nothing from here on, but its library answers pings

    // A client that finishes its handshakes and then never reads again: it never answers the
    // server's ping, as when a terminal's network vanishes without closing the connection.
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_client);
    beast::websocket::stream<beast::ssl_stream<asio::ip::tcp::socket>> silent(io, tls);
    beast::get_lowest_layer(silent).connect({asio::ip::make_address("127.0.0.1"), s.server.port()});
    silent.next_layer().handshake(asio::ssl::stream_base::client);
    silent.handshake("localhost", "/ws");
    auto start = std::chrono::steady_clock::now();
    CHECK(
        drained_until_closed(beast::get_lowest_layer(silent).native_handle(), milliseconds(8000)));
    CHECK(std::chrono::steady_clock::now() - start >= milliseconds(1500)); // not before its time

    std::this_thread::sleep_for(milliseconds(2500)); // past the timeout for the quiet one too
    CHECK(live->connected());
    CHECK(code_of(live->call("ping", json::object())) == "");
}

TEST_CASE("a WebSocket opened by a page of another site is refused, the server's own pages and "
          "programs are let in") {
    test_server s("items");
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    // Opens /ws as a browser would, naming `origin` (none: as a program does); the HTTP status
    // of the handshake's answer (101 when the WebSocket opened).
    auto open_from = [&](std::string const& origin) {
        asio::io_context io;
        asio::ssl::context tls(asio::ssl::context::tls_client);
        beast::websocket::stream<beast::ssl_stream<asio::ip::tcp::socket>> ws(io, tls);
        beast::get_lowest_layer(ws).connect({asio::ip::make_address("127.0.0.1"), s.server.port()});
        ws.next_layer().handshake(asio::ssl::stream_base::client);
        ws.set_option(
            beast::websocket::stream_base::decorator([origin](beast::websocket::request_type& req) {
                if (!origin.empty()) req.set(beast::http::field::origin, origin);
            }));
        beast::websocket::response_type answer;
        beast::error_code ec;
        ws.handshake(answer, "127.0.0.1:" + std::to_string(s.server.port()), "/ws", ec);
        return answer.result_int();
    };
    auto here = "https://127.0.0.1:" + std::to_string(s.server.port());
    CHECK(open_from("https://evil.example") == 403);
    CHECK(open_from("http://127.0.0.1:" + std::to_string(s.server.port())) == 403); // not TLS
    CHECK(open_from("https://localhost:" + std::to_string(s.server.port())) == 403);
    CHECK(open_from(here) == 101);
    CHECK(open_from("") == 101);
    auto c = s.connect(); // and the server carries on
    CHECK(code_of(c->call("ping", json::object())) == "");
}

TEST_CASE("an administrator hands in a bank past a candidate's frame, a proctor cannot") {
    test_server s;
    seed_staff(s.dir.path);
    std::string gift;
    for (int i = 1; gift.size() < 400 * 1024; ++i)
        gift += "::q" + std::to_string(i) + ":: 安全电压不高于 36 V，这是第 " + std::to_string(i) +
                " 题。 {T}\n\n";
    json request{{"name", "large.gift"}, {"content", gift}, {"dry_run", true}};

    auto admin = s.staff("admin");
    auto preview = admin->call("bank.import", request, milliseconds(20000));
    REQUIRE(code_of(preview) == "");
    CHECK(preview.body["items"].get<int>() > 4000);
    CHECK(preview.body["stored"] == false);

    auto proctor = s.staff("proctor-a");
    CHECK_THROWS_AS(proctor->call("bank.import", request, milliseconds(5000)),
                    client::connection_error);
    CHECK_FALSE(proctor->connected());
    CHECK(code_of(admin->call("ping", json::object())) == ""); // the administrator carries on
}
