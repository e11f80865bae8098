#pragma once
#include "server/api/dispatcher.hpp"
#include "server/net/session_registry.hpp"
#include "server/observe/metrics.hpp"
#include "server/web/portal.hpp"
#include "shared/util/log.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>

namespace craftmark::server::net {

/// Limits that keep one connection from holding more than its share.
struct session_limits {
    std::size_t max_message = 256 * 1024; // largest WebSocket message read
    /// Largest message once an administrator has signed in on the connection: a bank package
    /// with its figures or a roster, handed in as base64 (protocol::max_file_base64).
    std::size_t max_admin_message = 17 * 1024 * 1024;
    std::size_t max_http_body = 64 * 1024; // largest HTTP request body
    std::size_t max_queued_bytes =
        4 * 1024 * 1024; // outgoing backlog before a slow client is dropped
    /// Long enough for a storm of handshakes queued behind each other on a busy server (at
    /// 10 s, 10,000 at once had thousands dropped and retried); slow clients are still bounded.
    std::chrono::seconds handshake_timeout{30};
    std::chrono::seconds http_idle_timeout{30};
    /// A WebSocket is pinged every half of this, busy or not (so Beast does it: 10,000
    /// candidates make 667 pings a second, which measured no cost); one that answers nothing
    /// for all of it (its network vanished without a word) is dropped, so its place is free
    /// for the reconnection that follows a network blip.
    std::chrono::seconds idle_timeout{30};
    /// Open connections beyond this are closed at once, so that descriptors remain for the
    /// database and the connections already in (a process may hold 20,000 files here).
    std::size_t max_connections = 15000;
    /// Messages one WebSocket connection may send: a sustained rate and a burst. A candidate
    /// saves about once a second; beyond this each message is refused with rate_limited.
    double messages_per_second = 100;
    double message_burst = 200;
};

/// The limits a reload (SIGHUP) changes while connections are open, taken from the settings'
/// session_limits. Every I/O thread reads them; each is a value of its own, so relaxed order.
class adjustable_limits {
  public:
    explicit adjustable_limits(session_limits const& configured) { set(configured); }
    void set(session_limits const& l) {
        max_connections_.store(l.max_connections, std::memory_order_relaxed);
        messages_per_second_.store(l.messages_per_second, std::memory_order_relaxed);
        message_burst_.store(l.message_burst, std::memory_order_relaxed);
    }
    std::size_t max_connections() const { return max_connections_.load(std::memory_order_relaxed); }
    double messages_per_second() const {
        return messages_per_second_.load(std::memory_order_relaxed);
    }
    double message_burst() const { return message_burst_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::size_t> max_connections_;
    std::atomic<double> messages_per_second_;
    std::atomic<double> message_burst_;
};

/// Held by a connection's session while it lives; when the last holder goes, the connection
/// no longer counts against max_connections.
using connection_slot = std::shared_ptr<void>;

/// What every session is handed by the listener: the shared application state, never globals.
struct session_deps {
    api::dispatcher const& dispatcher;
    core::sign_in_desk& sign_in;          // told when a candidate's connection ends
    core::staff_sessions& staff_sessions; // how long a staff connection lives without a request
    session_registry& registry;
    util::logger& log;
    util::clock const& clock;
    web::portal& portal;
    session_limits limits;
    adjustable_limits const& adjustable; // max_connections and the message rate, as of now
    observe::server_metrics& metrics;
};

} // namespace craftmark::server::net
