#pragma once
#include "client/net/tls_session.hpp"
#include "shared/protocol/envelope.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace craftmark::client {

/// Thrown when the connection cannot be made, is lost, or a reply does not come in time.
class connection_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct connect_options {
    std::string host = "localhost";
    std::uint16_t port = 8443;
    std::filesystem::path ca_file; // the CA that signed the server's certificate
    std::chrono::milliseconds timeout{10'000};
    /// Shared by these options and their copies: each connection resumes the TLS session the
    /// last one was granted (a terminal reconnecting after a blip). Null: always a full handshake.
    std::shared_ptr<tls_session> session = std::make_shared<tls_session>();
};

/// A protocol client over TLS WebSocket. It verifies the server's certificate against the
/// given CA and the host name. Replies are matched to requests by id; pushes and frames that
/// match no request wait in an inbox. Thread-safe; I/O runs on a thread of its own.
class connection {
  public:
    /// Connects, or throws connection_error with a sentence a person can act on.
    static std::unique_ptr<connection> open(connect_options const& options);
    virtual ~connection() = default;

    /// Sends a request and waits for its reply (ok or error); throws connection_error when the
    /// connection drops or no reply arrives within `timeout`.
    virtual protocol::incoming
    call(std::string_view type,
         nlohmann::json const& body,
         std::chrono::milliseconds timeout = std::chrono::seconds(10)) = 0;

    /// Sends the binary frame `frame_for(id)` built for a fresh request id and waits for the
    /// JSON reply with that id (upload chunks).
    virtual protocol::incoming
    call_binary(std::function<std::string(std::int64_t id)> const& frame_for,
                std::chrono::milliseconds timeout = std::chrono::seconds(30)) = 0;

    /// The next push (or unmatched reply), waiting at most `timeout`.
    virtual std::optional<protocol::incoming> next_message(std::chrono::milliseconds timeout) = 0;

    /// Sends a frame as it is (tests use this for malformed input).
    virtual void send_raw(std::string frame, bool binary = false) = 0;

    virtual bool connected() const = 0;
    /// Whether the TLS handshake resumed an earlier session (no certificate was sent).
    virtual bool tls_resumed() const = 0;
    /// Server time minus local time, estimated from replies that carry server_time.
    virtual std::int64_t clock_offset_ms() const = 0;
    virtual void close() = 0;
};

} // namespace craftmark::client
