#pragma once
// What the portal reads from <data>/public, kept while the files are unchanged: the trust store
// (root + CRL) with the signing certificates already checked against it, and status lists whose
// signatures have been checked. A verification then costs the certificate's own signature
// check, not a re-read and re-check of every file and certificate it depends on.
#include "shared/credential/status_list.hpp"
#include "shared/credential/verify.hpp"
#include "shared/crypto/cms_verifier.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace craftmark::web {

class published_cache {
  public:
    explicit published_cache(std::filesystem::path public_dir);

    /// Checks signatures against the trust store with CRL checking; null when no PKI has been
    /// published yet.
    std::shared_ptr<crypto::cms_verifier> verifier();
    /// Looks up status bits in lists whose signature verifies with `checked_with` (from
    /// verifier()). For one request: each list's files are looked at once, however many
    /// certificates it checks.
    credential::status_lookup
    status_lookup(std::shared_ptr<crypto::cms_verifier const> checked_with);

  private:
    struct list_entry {
        std::filesystem::file_time_type bits_time, signature_time;
        std::shared_ptr<crypto::cms_verifier const> checked_with;
        std::shared_ptr<credential::status_list const> list; // null: did not verify
    };
    std::shared_ptr<credential::status_list const>
    list(long number, std::shared_ptr<crypto::cms_verifier const> const& checked_with);

    std::filesystem::path public_dir_;
    std::mutex mutex_;
    std::filesystem::file_time_type trust_time_{};
    std::shared_ptr<crypto::cms_verifier> verifier_;
    std::map<long, list_entry> lists_;
};

} // namespace craftmark::web
