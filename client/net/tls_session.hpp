#pragma once
#include <memory>

namespace craftmark::client {

/// The TLS session a server granted on an earlier connection, kept so that the next connection
/// resumes it: an abbreviated handshake in which the server sends no certificate and signs
/// nothing, and the client checks no certificate chain. That is what a room of terminals does
/// after a network blip, and what keeps their reconnecting cheap. The key exchange is still
/// fresh (TLS 1.3 resumes with a new Diffie-Hellman share). A server that no longer knows the
/// session — it restarted, or the session expired — simply makes a full handshake, with every
/// check. Thread-safe: a connection's I/O thread stores what the server grants.
class tls_session {
  public:
    tls_session();
    ~tls_session();
    tls_session(tls_session const&) = delete;
    tls_session& operator=(tls_session const&) = delete;

    /// True until a connection has been granted a session to resume.
    bool empty() const;

    struct kept; // the OpenSSL session, behind the connections' side (client_tls.hpp)
    kept& slot() { return *kept_; }

  private:
    std::unique_ptr<kept> kept_;
};

} // namespace craftmark::client
