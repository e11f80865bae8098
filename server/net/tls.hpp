#pragma once
#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <list>
#include <mutex>

namespace craftmark::server::net {

/// A server TLS context: TLS 1.2 minimum (1.3 preferred), the given chain and key.
/// (Not ssl::context::tlsv12, which on Boost 1.81 with OpenSSL 3 pins exactly TLS 1.2.)
boost::asio::ssl::context make_server_tls(std::filesystem::path const& certificate_chain,
                                          std::filesystem::path const& private_key);

/// The TLS context new connections use, replaceable while the server runs (a renewed
/// certificate on SIGHUP). Connections keep the context they started with; old contexts are
/// kept until the server stops, a few per year of renewals, so nothing a connection holds is
/// ever freed under it.
class tls_contexts {
  public:
    tls_contexts(std::filesystem::path certificate_chain, std::filesystem::path private_key);
    boost::asio::ssl::context& current() { return *current_.load(std::memory_order_acquire); }
    /// Reads the files again (or new ones); throws, leaving the current context in use, when
    /// they cannot be used.
    void reload(std::filesystem::path const& certificate_chain,
                std::filesystem::path const& private_key);

  private:
    std::mutex mutex_;
    std::list<boost::asio::ssl::context> contexts_; // stable addresses
    std::atomic<boost::asio::ssl::context*> current_;
};

} // namespace craftmark::server::net
