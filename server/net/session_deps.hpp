#pragma once
#include "server/api/dispatcher.hpp"
#include "server/net/session_registry.hpp"
#include "server/observe/metrics.hpp"
#include "server/web/portal.hpp"
#include "shared/util/log.hpp"

#include <chrono>
#include <cstddef>

namespace craftmark::server::net {

/// Limits that keep one connection from holding more than its share.
struct session_limits {
    std::size_t max_message = 256 * 1024;  // largest WebSocket message read
    std::size_t max_http_body = 64 * 1024; // largest HTTP request body
    std::size_t max_queued_bytes =
        4 * 1024 * 1024; // outgoing backlog before a slow client is dropped
    /// Long enough for a storm of handshakes queued behind each other on a busy server (at
    /// 10 s, 10,000 at once had thousands dropped and retried); slow clients are still bounded.
    std::chrono::seconds handshake_timeout{30};
    std::chrono::seconds http_idle_timeout{30};
    /// A WebSocket silent for half of this is pinged; one that answers nothing for all of it
    /// (its network vanished without a word) is dropped, so its place is free for the
    /// reconnection that follows a network blip.
    std::chrono::seconds idle_timeout{30};
    /// Open connections beyond this are closed at once, so that descriptors remain for the
    /// database and the connections already in (a process may hold 20,000 files here).
    std::size_t max_connections = 15000;
    /// Messages one WebSocket connection may send: a sustained rate and a burst. A candidate
    /// saves about once a second; beyond this each message is refused with rate_limited.
    double messages_per_second = 100;
    double message_burst = 200;
};

/// Held by a connection's session while it lives; when the last holder goes, the connection
/// no longer counts against max_connections.
using connection_slot = std::shared_ptr<void>;

/// What every session is handed by the listener: the shared application state, never globals.
struct session_deps {
    api::dispatcher const& dispatcher;
    core::sign_in_desk& sign_in; // told when a candidate's connection ends
    session_registry& registry;
    util::logger& log;
    util::clock const& clock;
    web::portal& portal;
    session_limits limits;
    observe::server_metrics& metrics;
};

} // namespace craftmark::server::net
