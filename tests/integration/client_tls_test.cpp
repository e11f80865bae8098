// The client's TLS: the server's certificate is checked against the CA it was given, and a
// terminal that reconnects resumes the session its last connection was granted (no certificate
// sent, none checked), while a server that does not know the session gets a full handshake with
// every check.
#include "client/net/async_connection.hpp"
#include "tests/integration/fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <doctest/doctest.h>

using namespace craftmark;
using namespace craftmark::testing;
using nlohmann::json;

namespace {

client::connect_options options_for(test_server& s) {
    return {"localhost", s.server.port(), s.server.ca_certificate(), std::chrono::seconds(10)};
}

// A reply read on the connection: by then the server's session tickets, sent right after the
// handshake, have been read too.
void exchange_something(client::connection& c) {
    REQUIRE(code_of(c.call("ping", json::object())) == "");
}

} // namespace

TEST_CASE("a client refuses a server whose certificate its CA did not sign") {
    test_server trusted, other;
    auto options = options_for(other);
    options.ca_file = trusted.server.ca_certificate();
    options.session = nullptr;
    try {
        client::connection::open(options);
        FAIL("connected to a server its CA did not vouch for");
    } catch (client::connection_error const& e) {
        CHECK(std::string(e.what()).find("TLS handshake failed") != std::string::npos);
    }
    boost::asio::io_context io;
    client::async_client clients(io, options);
    std::string error;
    clients.make_connection(nullptr)->connect([&](std::string const& e) { error = e; });
    io.run();
    CHECK(error.rfind("TLS handshake failed", 0) == 0);
}

TEST_CASE("a reconnecting client resumes its TLS session and still works") {
    test_server s;
    auto options = options_for(s);
    REQUIRE(options.session->empty());
    auto first = client::connection::open(options);
    CHECK_FALSE(first->tls_resumed());
    exchange_something(*first);
    CHECK_FALSE(options.session->empty());
    first.reset();

    auto again = client::connection::open(options);
    CHECK(again->tls_resumed());
    auto reply = again->call(
        "auth.sign_in",
        {{"ticket", "T001"}, {"access_code", s.codes.at("T001")}, {"terminal_id", "term-1"}});
    CHECK(code_of(reply) == "");

    auto without = options;
    without.session = nullptr; // keeps nothing, offers nothing
    CHECK_FALSE(client::connection::open(without)->tls_resumed());
}

TEST_CASE("a session is offered only to be resumed by the server that granted it") {
    test_server granting, other;
    auto options = options_for(granting);
    exchange_something(*client::connection::open(options));
    REQUIRE_FALSE(options.session->empty());

    // Another server cannot read the session: a full handshake, and it is trusted by its CA.
    auto elsewhere = options_for(other);
    elsewhere.session = options.session;
    auto full = client::connection::open(elsewhere);
    CHECK_FALSE(full->tls_resumed());
    exchange_something(*full);

    // With the first server's CA, the other server's certificate is still refused: offering a
    // session never skips the check of a server that did not grant it.
    auto wrong_ca = elsewhere;
    wrong_ca.ca_file = granting.server.ca_certificate();
    CHECK_THROWS_AS(client::connection::open(wrong_ca), client::connection_error);
}

TEST_CASE("a connection dropped without a TLS close is resumed, as after a network blip") {
    test_server s;
    boost::asio::io_context io;
    client::async_client clients(io, options_for(s));
    auto session = std::make_shared<client::tls_session>();
    auto run_until = [&io](bool const& done) {
        io.restart();
        while (!done && io.run_one()) {
        }
        REQUIRE(done);
    };
    auto connect_and_call = [&](std::shared_ptr<client::async_connection> const& c) {
        bool done = false;
        c->connect([&](std::string const& error) {
            REQUIRE(error == "");
            c->call("ping", json::object(), [&](protocol::incoming const& reply) {
                CHECK(reply.what == protocol::incoming::kind::reply);
                done = true;
            });
        });
        run_until(done);
    };

    auto first = clients.make_connection(session);
    connect_and_call(first);
    CHECK_FALSE(first->tls_resumed());
    first->drop();
    io.restart();
    io.poll();
    first.reset(); // OpenSSL now marks the dropped connection's own session unresumable

    auto again = clients.make_connection(session);
    connect_and_call(again);
    CHECK(again->tls_resumed());
}
