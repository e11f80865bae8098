#pragma once
// What issuing many certificates in one transaction shares: status-list slots handed out at
// random, the year's certificate numbers, and the row and audit entry of each certificate.
// Qualification certificates and competition awards are both issued through it.
#include "server/certificates/pki.hpp"
#include "shared/credential/open_badge.hpp"
#include "shared/util/clock.hpp"

#include <memory>
#include <set>

namespace SQLite {
class Database;
}

namespace craftmark::core {
struct assessment;
}

namespace craftmark::certificates {

class certificate_batch {
  public:
    /// Inside the caller's transaction. Certificates are dated `now` in the profile's time zone
    /// and numbered with its prefix.
    certificate_batch(SQLite::Database& db, issuer_profile const& profile, util::millis now);
    ~certificate_batch();

    /// Gives `f` its number, status slots and validity date, stores the certificate signed by
    /// `kid` with its audit entry, and returns the canonical document. `kind` is what the row
    /// records (a person holds one certificate per sitting and kind): "qualification", or
    /// "award:<event>/<skill>".
    std::string record(credential::certificate_facts& f,
                       std::string const& sitting_id,
                       std::string const& ticket,
                       std::string const& kind,
                       std::string const& kid,
                       std::string const& actor);

    /// Status lists this batch started (to be published once).
    std::set<long> const& new_lists() const { return new_lists_; }

  private:
    class slot_allocator;
    class number_sequence;
    SQLite::Database& db_;
    util::millis now_;
    std::string valid_from_; // 2026-12-01T07:30:00+08:00
    std::unique_ptr<slot_allocator> status_slots_;
    std::unique_ptr<number_sequence> numbers_;
    std::set<long> new_lists_;
};

/// The assessment a sitting runs; throws std::invalid_argument for an unknown sitting, or one
/// whose assessment names no occupation code and level (which a certificate must carry).
core::assessment certified_assessment(SQLite::Database& db, std::string const& sitting_id);

/// What a certificate of `a`'s occupation and level says before a batch numbers it.
credential::certificate_facts
facts_of(issuer_profile const& profile, core::assessment const& a, std::string const& holder);

} // namespace craftmark::certificates
