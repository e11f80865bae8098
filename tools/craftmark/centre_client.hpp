#pragma once
// The venue's side of the link online: one kept-open HTTPS connection to its centre (the
// outbox's uploads, the packages and paper keys it fetches), with mutual TLS by the venue
// file — the centre is trusted by the CA the venue joined with, and the venue is known by its
// own certificate.
#include "server/centre/venue_authority.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::cli {

struct centre_answer {
    int status = 0;      // 200 applied (perhaps up to a gap); 422 refused; 503 try again
    nlohmann::json body; // acknowledged, applied, duplicates, missing_from, refusal
};

/// A letter from the centre (a package or a paper key), or why there is none.
struct centre_letter {
    int status = 0; // 200; 425 a key asked for before its time; 404 no such sitting here
    std::string text, seal;
    std::string refusal;
    std::int64_t from = 0; // with 425: when the key is given (ms since 1970)
};

class centre_client {
  public:
    /// `url` is the centre's https://HOST:PORT.
    centre_client(std::string const& url, centre::venue_identity const& venue);
    ~centre_client();

    /// Sends one sealed segment. Throws std::runtime_error when the centre cannot be reached
    /// or the connection broke; the next call connects again.
    centre_answer send(std::string const& segment_text, std::string const& seal);
    /// GET /package or /paper-key/SITTING; throws like send.
    centre_letter fetch(std::string const& target);

  private:
    struct tls_state; // the TLS context and the open connection, if any (Asio stays out of here)
    std::string host_, port_;
    std::unique_ptr<tls_state> tls_;
    std::chrono::seconds timeout_{30};

    boost::beast::http::response<boost::beast::http::string_body>
    exchange(boost::beast::http::request<boost::beast::http::string_body>& request,
             std::size_t body_limit);
};

} // namespace craftmark::cli
