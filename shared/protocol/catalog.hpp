#pragma once
#include <span>
#include <string_view>

namespace craftmark::protocol {

/// Who may send a message. A session has exactly one role at a time.
enum class role : unsigned { none = 1, candidate = 2, proctor = 4, examiner = 8, admin = 16 };

constexpr unsigned operator|(role a, role b) {
    return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned operator|(unsigned a, role b) {
    return a | static_cast<unsigned>(b);
}

std::string_view role_name(role r);

/// One row of the protocol's table of client messages: the type, the roles allowed to send it
/// and a one-line summary. The dispatcher refuses any type not in the table (unknown_type) and
/// any sender whose role is not listed (forbidden or not_signed_in).
struct message_spec {
    std::string_view type;
    unsigned roles;
    std::string_view summary;
    bool allows(role r) const { return (roles & static_cast<unsigned>(r)) != 0; }
};

std::span<message_spec const> client_messages();
message_spec const* find_message(std::string_view type);

/// Incident categories, as proctors already use them: environment, examinee, technical, staff.
std::span<std::string_view const> incident_categories();

/// Server pushes (no id).
std::span<std::string_view const> push_types();

} // namespace craftmark::protocol
