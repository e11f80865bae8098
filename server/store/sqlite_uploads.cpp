// sqlite_store's uploads: records in the database, bytes in <data>/uploads/<id>.
#include "server/store/audit_log.hpp"
#include "server/store/sqlite_store.hpp"
#include "shared/crypto/digest.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace craftmark::store {

namespace fs = std::filesystem;

std::filesystem::path sqlite_store::upload_file(std::int64_t upload_id) const {
    return uploads_dir_ / std::to_string(upload_id);
}

std::vector<core::upload_record> sqlite_store::uploads(std::int64_t attempt_id) {
    std::vector<core::upload_record> out;
    {
        std::lock_guard lock(reader_mutex_);
        SQLite::Statement q(
            *reader_, "SELECT id, task, name, size, sha256, state, started_at, completed_at "
                      "FROM uploads WHERE attempt_id = ? AND state != 'replaced' ORDER BY id");
        q.bind(1, attempt_id);
        while (q.executeStep()) {
            core::upload_record u;
            u.id = q.getColumn(0).getInt64();
            u.attempt_id = attempt_id;
            u.task = q.getColumn(1).getString();
            u.name = q.getColumn(2).getString();
            u.size = q.getColumn(3).getInt64();
            u.sha256 = q.getColumn(4).getString();
            u.complete = q.getColumn(5).getString() == "complete";
            u.started_at = q.getColumn(6).getInt64();
            u.completed_at = q.getColumn(7).getInt64();
            out.push_back(std::move(u));
        }
    }
    for (auto& u : out) { // what is on disk is what arrived (appends are synced before replies)
        std::error_code ec;
        auto size = fs::file_size(upload_file(u.id), ec);
        u.received = ec ? 0 : static_cast<std::int64_t>(size);
    }
    return out;
}

void sqlite_store::begin_upload(core::upload_record const& u,
                                core::audit_event e,
                                std::function<void(std::int64_t)> done) {
    auto id = std::make_shared<std::int64_t>(u.id);
    auto file_for = [this](std::int64_t upload_id) { return upload_file(upload_id); };
    writer_.submit(
        [u, e = std::move(e), id, file_for](SQLite::Database& db) {
            if (u.id) { // a partial upload restarted with new declarations
                SQLite::Statement q(db, "UPDATE uploads SET size = ?, sha256 = ?, started_at = ? "
                                        "WHERE id = ? AND state = 'partial'");
                q.bind(1, u.size);
                q.bind(2, u.sha256);
                q.bind(3, u.started_at);
                q.bind(4, u.id);
                q.exec();
            } else {
                SQLite::Statement q(db, "INSERT INTO uploads (attempt_id, task, name, size, "
                                        "sha256, started_at) VALUES (?, ?, ?, ?, ?, ?)");
                q.bind(1, u.attempt_id);
                q.bind(2, u.task);
                q.bind(3, u.name);
                q.bind(4, u.size);
                q.bind(5, u.sha256);
                q.bind(6, u.started_at);
                q.exec();
                *id = db.getLastInsertRowid();
            }
            // An empty file, created before the transaction commits: a crash in between leaves
            // an empty file without a record, which nothing reads.
            fs::create_directories(file_for(*id).parent_path());
            int fd = ::open(file_for(*id).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0) throw std::runtime_error("cannot create the upload's file");
            ::close(fd);
            auto event = e;
            event.detail["upload"] = *id;
            append_audit(db, event, u.started_at);
        },
        [id, done = std::move(done)](bool durable) { done(durable ? *id : 0); });
}

bool sqlite_store::append_upload(core::upload_record const& u, std::string_view bytes) {
    int fd = ::open(upload_file(u.id).c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = fstat(fd, &st) == 0 && st.st_size == u.received;
    std::size_t written = 0;
    while (ok && written < bytes.size()) {
        auto n = ::pwrite(fd, bytes.data() + written, bytes.size() - written,
                          static_cast<off_t>(u.received + static_cast<std::int64_t>(written)));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            ok = false;
        else
            written += static_cast<std::size_t>(n);
    }
    if (ok) ok = ::fdatasync(fd) == 0; // the reply says "on disk"; make it true
    if (!ok && ::ftruncate(fd, static_cast<off_t>(u.received)) != 0) {
        // Could not even cut the file back: the next begin/append sees the size mismatch.
    }
    ::close(fd);
    return ok;
}

std::string sqlite_store::upload_digest(core::upload_record const& u) {
    return crypto::sha256_file_hex(upload_file(u.id));
}

void sqlite_store::complete_upload(core::upload_record const& u,
                                   core::audit_event e,
                                   core::write_done done) {
    writer_.submit(
        [u, e = std::move(e)](SQLite::Database& db) {
            SQLite::Statement old(db, "UPDATE uploads SET state = 'replaced' WHERE attempt_id = ? "
                                      "AND task = ? AND name = ? AND state = 'complete'");
            old.bind(1, u.attempt_id);
            old.bind(2, u.task);
            old.bind(3, u.name);
            old.exec();
            SQLite::Statement q(
                db, "UPDATE uploads SET state = 'complete', completed_at = ? WHERE id = ?");
            q.bind(1, u.completed_at);
            q.bind(2, u.id);
            if (q.exec() != 1) throw std::runtime_error("no such upload");
            append_audit(db, e, u.completed_at);
        },
        [done = std::move(done)](bool durable) {
            done(durable ? core::write_status::stored : core::write_status::failed);
        });
}

void sqlite_store::discard_upload_bytes(core::upload_record const& u) {
    std::error_code ignored;
    fs::resize_file(upload_file(u.id), 0, ignored);
}

} // namespace craftmark::store
