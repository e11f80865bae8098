#include "client/net/client_tls.hpp"

#include <mutex>
#include <string>

namespace craftmark::client {

struct tls_session::kept {
    mutable std::mutex mutex;
    SSL_SESSION* session = nullptr; // owned: one reference
    std::string peer;               // the server, and the CA it was checked against

    ~kept() { SSL_SESSION_free(session); }

    // Takes the caller's reference.
    void replace(SSL_SESSION* granted) {
        std::lock_guard lock(mutex);
        SSL_SESSION_free(session);
        session = granted;
    }

    // With a reference of its own for the caller, or null. A session kept for another server
    // (or the same one checked against another CA) is forgotten, never offered.
    SSL_SESSION* share_for(std::string const& to) {
        std::lock_guard lock(mutex);
        if (peer != to) {
            SSL_SESSION_free(session);
            session = nullptr;
            peer = to;
        }
        if (session) SSL_SESSION_up_ref(session);
        return session;
    }
};

namespace {

// Where a connection's SSL points at the tls_session it was given.
int session_index() {
    static int const index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

// OpenSSL's new-session callback (returning 0: the library keeps its reference). Under TLS 1.3
// the server grants sessions after the handshake, on the connection's first reads. A copy is
// kept: OpenSSL marks the connection's own session unresumable when the connection ends without
// a TLS close — exactly how a network blip ends it — though since TLS 1.1 an unclean close no
// longer forbids resuming (RFC 4346, 7.2.1); the server still decides whether to accept it.
int keep_granted(SSL* connection, SSL_SESSION* granted) {
    auto* session = static_cast<tls_session*>(SSL_get_ex_data(connection, session_index()));
    if (!session || !SSL_SESSION_is_resumable(granted)) return 0;
    if (auto* copy = SSL_SESSION_dup(granted)) session->slot().replace(copy);
    return 0;
}

} // namespace

tls_session::tls_session() : kept_(std::make_unique<kept>()) {}
tls_session::~tls_session() = default;

bool tls_session::empty() const {
    std::lock_guard lock(kept_->mutex);
    return kept_->session == nullptr;
}

boost::asio::ssl::context make_client_context(connect_options const& options) {
    namespace ssl = boost::asio::ssl;
    ssl::context tls(ssl::context::tls_client);
    tls.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    tls.load_verify_file(options.ca_file.string(), ec);
    if (ec)
        throw connection_error("cannot read the CA certificate " + options.ca_file.string() + ": " +
                               ec.message());
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_session_cache_mode(tls.native_handle(),
                                   SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(tls.native_handle(), keep_granted);
    return tls;
}

std::string peer_of(connect_options const& options) {
    return options.host + ':' + std::to_string(options.port) + ' ' + options.ca_file.string();
}

void resume_with(SSL* connection, tls_session& session, std::string const& peer) {
    SSL_set_ex_data(connection, session_index(), &session);
    if (auto* offered = session.slot().share_for(peer)) {
        SSL_set_session(connection, offered); // takes a reference of its own
        SSL_SESSION_free(offered);
    }
}

} // namespace craftmark::client
