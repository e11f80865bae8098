#pragma once
// Counts read from the database when /metrics is scraped: cheaper than keeping them as the
// server goes, and always in agreement with what is stored.
#include <cstdint>
#include <map>
#include <string>

namespace SQLite {
class Database;
}

namespace craftmark::store {

struct census {
    std::map<std::string, std::int64_t> attempts_by_state;
    std::map<std::string, std::int64_t> certificates_by_status;
    std::int64_t uploads_complete = 0;
    std::int64_t upload_bytes = 0;
};

census take_census(SQLite::Database& reader);

} // namespace craftmark::store
