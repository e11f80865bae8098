#include "server/store/photos.hpp"

#include "server/store/audit_log.hpp"
#include "server/store/database.hpp"
#include "shared/util/clock.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace craftmark::store {

void add_photos(SQLite::Database& db,
                std::string const& sitting_id,
                std::vector<photo_for> const& photos,
                std::string const& actor) {
    auto now = util::system_clock().now();
    write_transaction tx(db);
    SQLite::Statement q(db, "INSERT INTO candidate_photos VALUES (?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (national_id) DO UPDATE SET media_type = "
                            "excluded.media_type, bytes = excluded.bytes, sha256 = "
                            "excluded.sha256, added_by = excluded.added_by, added_at = "
                            "excluded.added_at");
    for (auto const& p : photos) {
        q.bind(1, p.national_id);
        q.bind(2, p.photo.media_type);
        q.bind(3, p.photo.bytes.data(), static_cast<int>(p.photo.bytes.size()));
        q.bind(4, p.photo.sha256);
        q.bind(5, actor);
        q.bind(6, now);
        q.exec();
        q.reset();
    }
    append_audit(db, {actor, "candidates.photos", sitting_id, {{"count", photos.size()}}}, now);
    tx.commit();
}

std::optional<stored_photo> photo_of(SQLite::Database& db, std::string const& national_id) {
    SQLite::Statement q(
        db, "SELECT media_type, bytes, sha256 FROM candidate_photos WHERE national_id = ?");
    q.bind(1, national_id);
    if (!q.executeStep()) return std::nullopt;
    auto bytes = q.getColumn(1);
    return stored_photo{q.getColumn(0).getString(),
                        std::string(static_cast<char const*>(bytes.getBlob()),
                                    static_cast<std::size_t>(bytes.getBytes())),
                        q.getColumn(2).getString()};
}

std::set<std::string> photographed(SQLite::Database& db, std::string const& sitting_id) {
    SQLite::Statement q(db, "SELECT c.national_id FROM candidates c JOIN candidate_photos p ON "
                            "p.national_id = c.national_id WHERE c.sitting_id = ?");
    q.bind(1, sitting_id);
    std::set<std::string> out;
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
}

} // namespace craftmark::store
