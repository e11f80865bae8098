#include "server/store/census.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

census take_census(SQLite::Database& reader) {
    census c;
    SQLite::Statement attempts(reader, "SELECT state, count(*) FROM attempts GROUP BY state");
    while (attempts.executeStep())
        c.attempts_by_state[attempts.getColumn(0).getString()] = attempts.getColumn(1).getInt64();
    SQLite::Statement certificates(reader,
                                   "SELECT status, count(*) FROM certificates GROUP BY status");
    while (certificates.executeStep())
        c.certificates_by_status[certificates.getColumn(0).getString()] =
            certificates.getColumn(1).getInt64();
    SQLite::Statement uploads(
        reader, "SELECT count(*), coalesce(sum(size), 0) FROM uploads WHERE state = 'complete'");
    if (uploads.executeStep()) {
        c.uploads_complete = uploads.getColumn(0).getInt64();
        c.upload_bytes = uploads.getColumn(1).getInt64();
    }
    return c;
}

} // namespace craftmark::store
