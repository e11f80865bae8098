#pragma once
// The venue's side of the upload: one kept-open HTTPS connection to its centre, with mutual TLS
// by the venue file — the centre is trusted by the CA the venue joined with, and the venue is
// known by its own certificate.
#include "server/centre/venue_authority.hpp"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace craftmark::cli {

struct centre_answer {
    int status = 0;      // 200 applied (perhaps up to a gap); 422 refused; 503 try again
    nlohmann::json body; // acknowledged, applied, duplicates, missing_from, refusal
};

class centre_client {
  public:
    /// `url` is the centre's https://HOST:PORT.
    centre_client(std::string const& url, centre::venue_identity const& venue);
    ~centre_client();

    /// Sends one sealed segment. Throws std::runtime_error when the centre cannot be reached
    /// or the connection broke; the next call connects again.
    centre_answer send(std::string const& segment_text, std::string const& seal);

  private:
    struct tls_state; // the TLS context and the open connection, if any (Asio stays out of here)
    std::string host_, port_;
    std::unique_ptr<tls_state> tls_;
    std::chrono::seconds timeout_{30};
};

} // namespace craftmark::cli
