#pragma once
// What may happen to an issued certificate: suspended and reinstated while it stands, revoked
// for good. The certificate store records the change and signs the status lists; these are the
// rules it applies.
#include <string>

namespace craftmark::core {

/// A status change allowed by certificate_status_change: the bits the two status lists then
/// hold for the certificate, and the audit log's name for it.
struct status_change {
    bool revoked = false;   // status entry 2 (the revocation bit, for certificates of before)
    bool suspended = false; // status entry 1 (the suspension bit, for certificates of before)
    std::string action;     // certificate.revoke, certificate.suspend, certificate.unsuspend
};

/// The change from `current` to `wanted` (active, suspended or revoked) for certificate `id`;
/// throws std::invalid_argument saying why when it is not allowed: a revoked certificate stays
/// revoked, only a suspended one is reinstated, and nothing changes to what it already is.
status_change certificate_status_change(std::string const& id,
                                        std::string const& current,
                                        std::string const& wanted);

} // namespace craftmark::core
