// Practical work handed in as files: upload.begin, upload.chunk (binary frames), upload.finish.
// Bytes are on disk before a chunk is acknowledged; a file counts once its size and SHA-256
// match what the terminal declared, and the candidate gets a receipt the server also keeps.
#include "server/core/exam/exam_state.hpp"
#include "shared/protocol/upload_frame.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

namespace {

json begin_reply(upload_record const& u) {
    json body = {{"upload", u.id},
                 {"received", u.received},
                 {"chunk", protocol::upload_chunk_size},
                 {"complete", u.complete}};
    if (u.complete) body["receipt"] = receipt_json(u);
    return body;
}

} // namespace

exam_service::live_attempt* exam_service::accepting_uploads(std::int64_t attempt_id,
                                                            std::unique_lock<std::mutex>& lock,
                                                            reply_fn& done) {
    auto* a = find_live(attempt_id);
    if (!a) {
        done(outcome::fail(errc::not_signed_in));
        return nullptr;
    }
    std::vector<std::function<void()>> after;
    auto now = clock_.now();
    if (a->record.state == attempt_state::running && a->record.clock.expired(now))
        close(*a, "deadline", a->record.clock.deadline(now), after);
    std::optional<outcome> refusal;
    if (a->record.state == attempt_state::waiting)
        refusal = outcome::fail(errc::sitting_not_open);
    else if (a->record.state == attempt_state::closed)
        refusal =
            outcome::fail(errc::attempt_closed, "the attempt is closed; no more files are taken");
    else if (a->record.clock.paused())
        refusal =
            outcome::fail(errc::attempt_paused, "the attempt is paused; upload after it resumes");
    if (!refusal) return a;
    lock.unlock();
    for (auto& f : after) f();
    done(std::move(*refusal));
    return nullptr;
}

void exam_service::begin_upload(std::int64_t attempt_id, json const& body, reply_fn done) {
    auto request = body.get<protocol::upload_begin>();
    std::unique_lock lock(mutex_);
    auto* a = accepting_uploads(attempt_id, lock, done);
    if (!a) return;
    auto const* task = a->sitting->assessment_.find_task(request.task);
    if (!task) return done(outcome::fail(errc::invalid_field, "no task \"" + request.task + "\""));
    if (auto why = task->hand_in.refusal(request.name, request.size); !why.empty())
        return done(outcome::fail(request.size > task->hand_in.max_bytes && task->hand_in.files
                                      ? errc::upload_too_large
                                      : errc::upload_refused,
                                  why));
    upload_record u{0, attempt_id, request.task, request.name, request.size, request.sha256};
    // Files begun but not finished count too: each holds disk for its declared size, so a
    // candidate's share of the disk is at most the task's files times its size limit.
    int other_files = 0;
    for (auto const& [id, existing] : a->uploads) {
        if (existing.task != request.task) continue;
        if (existing.name != request.name) {
            ++other_files;
            continue;
        }
        bool same = existing.size == request.size && existing.sha256 == request.sha256;
        if (same) return done(outcome::ok(begin_reply(existing))); // resume, or already kept
        if (!existing.complete) u.id = existing.id; // a changed file: restart that upload
    }
    if (other_files >= task->hand_in.max_files)
        return done(
            outcome::fail(errc::upload_refused, "this task takes at most " +
                                                    std::to_string(task->hand_in.max_files) +
                                                    " files, counting those still uploading"));
    u.started_at = clock_.now();
    audit_event event{"candidate:" + a->record.ticket,
                      "upload.begin",
                      a->record.ticket,
                      {{"task", u.task}, {"name", u.name}, {"size", u.size}, {"sha256", u.sha256}}};
    lock.unlock();
    uploads_.begin_upload(u, std::move(event), [this, u, done = std::move(done)](std::int64_t id) {
        if (!id) return done(outcome::fail(errc::storage_failed));
        auto stored = u;
        stored.id = id;
        {
            std::lock_guard relock(mutex_);
            if (auto* live = find_live(u.attempt_id)) live->uploads[id] = stored;
        }
        done(outcome::ok(begin_reply(stored)));
    });
}

void exam_service::upload_chunk(std::int64_t attempt_id,
                                protocol::request const& req,
                                reply_fn done) {
    if (req.payload.empty())
        return done(outcome::fail(errc::bad_request, "upload.chunk is sent as a binary frame "
                                                     "with at least one byte (see Uploads)"));
    auto upload_id = req.body.value("upload", std::int64_t{0});
    auto offset = req.body.value("offset", std::int64_t{0});
    std::unique_lock lock(mutex_);
    auto* a = accepting_uploads(attempt_id, lock, done);
    if (!a) return;
    auto found = a->uploads.find(upload_id);
    if (found == a->uploads.end() || found->second.complete)
        return done(outcome::fail(errc::unknown_upload,
                                  "no upload " + std::to_string(upload_id) + " in progress"));
    auto u = found->second;
    if (offset != u.received || a->uploads_busy.count(upload_id))
        return done(outcome::fail(errc::upload_offset,
                                  "the upload continues at byte " + std::to_string(u.received)));
    if (u.received + static_cast<std::int64_t>(req.payload.size()) > u.size)
        return done(outcome::fail(errc::upload_mismatch, "more bytes than the declared size"));
    a->uploads_busy.insert(upload_id);
    lock.unlock();
    // File I/O outside the lock; the busy mark keeps a second terminal from interleaving.
    bool written = uploads_.append_upload(u, req.payload);
    lock.lock();
    a = find_live(attempt_id);
    if (a) a->uploads_busy.erase(upload_id);
    if (!written)
        return done(outcome::fail(errc::storage_failed, "the chunk could not be "
                                                        "written; it was NOT kept"));
    u.received += static_cast<std::int64_t>(req.payload.size());
    if (a) a->uploads[upload_id].received = u.received;
    done(outcome::ok({{"upload", upload_id}, {"received", u.received}}));
}

void exam_service::finish_upload(std::int64_t attempt_id, json const& body, reply_fn done) {
    auto upload_id = protocol::required_integer(body, "upload", 1, std::int64_t{1} << 53);
    std::unique_lock lock(mutex_);
    auto* a = accepting_uploads(attempt_id, lock, done);
    if (!a) return;
    auto found = a->uploads.find(upload_id);
    if (found == a->uploads.end())
        return done(outcome::fail(errc::unknown_upload, "no upload " + std::to_string(upload_id)));
    auto u = found->second;
    if (u.complete) return done(outcome::ok({{"receipt", receipt_json(u)}}));
    if (u.received != u.size)
        return done(outcome::fail(errc::upload_mismatch, "only " + std::to_string(u.received) +
                                                             " of " + std::to_string(u.size) +
                                                             " bytes have arrived"));
    auto ticket = a->record.ticket;
    lock.unlock();
    if (uploads_.upload_digest(u) != u.sha256) {
        uploads_.discard_upload_bytes(u);
        std::lock_guard relock(mutex_);
        if (auto* live = find_live(attempt_id)) live->uploads[upload_id].received = 0;
        return done(outcome::fail(errc::upload_mismatch, "the SHA-256 of the bytes received "
                                                         "differs from the one declared; the "
                                                         "file was discarded, upload it again"));
    }
    u.complete = true;
    u.completed_at = clock_.now();
    audit_event event{"candidate:" + ticket,
                      "upload.receive",
                      ticket,
                      {{"task", u.task}, {"name", u.name}, {"size", u.size}, {"sha256", u.sha256}}};
    uploads_.complete_upload(u, std::move(event),
                             [this, u, done = std::move(done)](write_status s) {
                                 if (s == write_status::failed)
                                     return done(outcome::fail(errc::storage_failed));
                                 {
                                     std::lock_guard relock(mutex_);
                                     if (auto* live = find_live(u.attempt_id)) {
                                         std::erase_if(live->uploads, [&](auto const& entry) {
                                             auto const& other = entry.second;
                                             return other.id != u.id && other.complete &&
                                                    other.task == u.task && other.name == u.name;
                                         });
                                         live->uploads[u.id] = u;
                                     }
                                 }
                                 done(outcome::ok({{"receipt", receipt_json(u)}}));
                             });
}

json exam_service::receipts_of(live_attempt const& a) const {
    json receipts = json::array();
    for (auto const& [id, u] : a.uploads)
        if (u.complete) receipts.push_back(receipt_json(u));
    return receipts;
}

} // namespace craftmark::core
