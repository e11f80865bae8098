#pragma once
// The certificate register: what a national register upload asks of each certificate issued,
// revoked or suspended, with the holder's ID number masked (the full number never leaves the
// database in an export).
#include <SQLiteCpp/Database.h>
#include <string>
#include <vector>

namespace craftmark::certificates {

struct register_entry {
    std::string number, holder, masked_id, occupation, occupation_code, level, achievement;
    std::string issuer, issued, status, status_reason, kind;
    std::string id, sitting_id, ticket; // the certificate's id, and whose it is where issued
};

/// Every certificate (of `sitting_id`, or all when empty), by certificate number.
std::vector<register_entry> certificate_register(SQLite::Database& db,
                                                 std::string const& sitting_id);

} // namespace craftmark::certificates
