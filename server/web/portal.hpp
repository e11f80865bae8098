#pragma once
// The public verification portal: what an employer reaches from a certificate's QR code. Pages
// and the files they fetch are static (published at issuance under <data>/public); the only
// computed answers are the JSON API and the check of uploaded files. No Beast here: the HTTP
// session hands in a request and writes back the response.
#include "server/web/published_cache.hpp"
#include "shared/util/clock.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace craftmark::web {

struct portal_request {
    std::string method; // "GET", "POST", "HEAD"
    std::string target; // path and query
    std::string body;
    std::string client; // IP address, for rate limits
};

struct portal_response {
    int status = 404;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Requests per client address: a burst, refilled at a steady rate. Guessing a holder's name
/// behind the knowledge gate is an online attack, one request per guess; this is what slows it.
struct rate_limit {
    double burst = 30;
    double per_second = 1;
};

class portal {
  public:
    static constexpr std::size_t max_batch = 10;

    portal(std::filesystem::path public_dir, util::clock const& clock, rate_limit limit = {});

    /// True for the paths the portal answers (everything but /ws and /healthz).
    static bool handles(std::string const& target);
    portal_response handle(portal_request const& request);

  private:
    /// Takes `cost` requests from the client's bucket; false (and nothing taken) when it has
    /// fewer left.
    bool allow(std::string const& client, double cost = 1);
    /// A file under the published folder; its type from its name unless given.
    portal_response static_file(std::string const& path,
                                std::string const& cache_control,
                                std::string const& type = "");
    portal_response certificate_api(std::string const& id);
    /// POST /api/verify: one {credential, signature} pair, or {"certificates": [pairs]} for up
    /// to max_batch at once (an employer checking a list of applicants).
    portal_response verify_upload(std::string const& body, std::string const& client);

    std::filesystem::path public_dir_;
    published_cache cache_;
    util::clock const& clock_;
    rate_limit limit_;
    struct bucket {
        double tokens = 0;
        util::millis at = 0;
    };
    std::mutex mutex_;
    std::map<std::string, bucket> buckets_;
};

} // namespace craftmark::web
