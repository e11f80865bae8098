#pragma once
// What the portal reads from <data>/public, kept while the files are unchanged: the trust store
// (root + CRL) and status lists whose signatures have been checked. A verification then costs
// the certificate's own signature check, not a re-read and re-check of every file it depends on.
#include "shared/credential/status_list.hpp"
#include "shared/credential/verify.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace craftmark::web {

class published_cache {
  public:
    explicit published_cache(std::filesystem::path public_dir);

    /// The trust store with CRL checking, or null when no PKI has been published yet.
    std::shared_ptr<X509_STORE> trust();
    /// Looks up status bits in lists whose signature verifies against trust().
    credential::status_lookup status_lookup();

  private:
    struct list_entry {
        std::filesystem::file_time_type bits_time, signature_time;
        std::shared_ptr<X509_STORE const> checked_with;
        std::shared_ptr<credential::status_list const> list; // null: did not verify
    };
    std::shared_ptr<credential::status_list const> list(long number);

    std::filesystem::path public_dir_;
    std::mutex mutex_;
    std::filesystem::file_time_type trust_time_{};
    std::shared_ptr<X509_STORE> trust_;
    std::map<long, list_entry> lists_;
};

} // namespace craftmark::web
