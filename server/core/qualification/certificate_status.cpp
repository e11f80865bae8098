#include "server/core/qualification/certificate_status.hpp"

#include <stdexcept>

namespace craftmark::core {

status_change certificate_status_change(std::string const& id,
                                        std::string const& current,
                                        std::string const& wanted) {
    if (wanted != "revoked" && wanted != "suspended" && wanted != "active")
        throw std::invalid_argument("status must be revoked, suspended or active");
    if (current == "revoked")
        throw std::invalid_argument("certificate " + id + " is revoked; that is final");
    if (current == wanted)
        throw std::invalid_argument("certificate " + id + " is already " + wanted);
    if (wanted == "active" && current != "suspended")
        throw std::invalid_argument("only a suspended certificate can be reinstated");
    if (wanted == "revoked") return {true, false, "certificate.revoke"};
    if (wanted == "suspended") return {false, true, "certificate.suspend"};
    return {false, false, "certificate.unsuspend"};
}

} // namespace craftmark::core
