#include "server/net/tls.hpp"

#include <openssl/ssl.h>
#include <stdexcept>

namespace craftmark::server::net {

boost::asio::ssl::context make_server_tls(std::filesystem::path const& certificate_chain,
                                          std::filesystem::path const& private_key) {
    namespace ssl = boost::asio::ssl;
    ssl::context ctx(ssl::context::tls_server);
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1)
        throw std::runtime_error("cannot set the minimum TLS version");
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                    ssl::context::single_dh_use);
    ctx.use_certificate_chain_file(certificate_chain.string());
    ctx.use_private_key_file(private_key.string(), ssl::context::pem);
    return ctx;
}

tls_contexts::tls_contexts(std::filesystem::path certificate_chain,
                           std::filesystem::path private_key) {
    contexts_.push_back(make_server_tls(certificate_chain, private_key));
    current_ = &contexts_.back();
}

void tls_contexts::reload(std::filesystem::path const& certificate_chain,
                          std::filesystem::path const& private_key) {
    auto fresh = make_server_tls(certificate_chain, private_key);
    std::lock_guard lock(mutex_);
    contexts_.push_back(std::move(fresh));
    current_.store(&contexts_.back(), std::memory_order_release);
}

} // namespace craftmark::server::net
