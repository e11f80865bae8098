#include "server/core/exam/upload_desk.hpp"

#include "server/core/exam/attempt_desk.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

namespace {

protocol::upload_progress begin_reply(upload_record const& u) {
    return {.upload = u.id,
            .received = u.received,
            .chunk = protocol::upload_chunk_size,
            .complete = u.complete,
            .receipt = u.complete ? std::optional(receipt_of(u)) : std::nullopt};
}

} // namespace

std::vector<protocol::upload_receipt> receipts_of(live_attempt const& a) {
    std::vector<protocol::upload_receipt> receipts;
    for (auto const& [id, u] : a.uploads)
        if (u.complete) receipts.push_back(receipt_of(u));
    return receipts;
}

upload_desk::upload_desk(live_sittings& live, upload_repository& uploads)
    : live_(live), uploads_(uploads) {}

locked_attempt upload_desk::accepting(session_context const& ctx, reply_fn& done) {
    auto a = live_.of_session(ctx);
    if (!a) {
        done(session_ended());
        return {};
    }
    after_unlock after;
    auto now = live_.clock().now();
    if (a->record.state == attempt_state::running && a->record.clock.expired(now))
        live_.close(*a, "deadline", a->record.clock.deadline(now), after);
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
    a.unlock();
    run_all(after);
    done(std::move(*refusal));
    return {};
}

void upload_desk::begin(session_context const& ctx,
                        protocol::upload_begin const& request,
                        reply_fn done) {
    auto a = accepting(ctx, done);
    if (!a) return;
    auto const* task = a->sitting->assessment_.find_task(request.task);
    if (!task) return done(outcome::fail(errc::invalid_field, "no task \"" + request.task + "\""));
    if (auto why = task->hand_in.refusal(request.name, request.size); !why.empty())
        return done(outcome::fail(request.size > task->hand_in.max_bytes && task->hand_in.files
                                      ? errc::upload_too_large
                                      : errc::upload_refused,
                                  why));
    upload_record u{0, ctx.attempt_id, request.task, request.name, request.size, request.sha256};
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
    u.started_at = live_.clock().now();
    audit_event event{"candidate:" + a->record.ticket,
                      "upload.begin",
                      a->record.ticket,
                      {{"task", u.task}, {"name", u.name}, {"size", u.size}, {"sha256", u.sha256}}};
    a.unlock();
    uploads_.begin_upload(u, std::move(event), [this, u, done = std::move(done)](std::int64_t id) {
        if (!id) return done(outcome::fail(errc::storage_failed));
        auto stored = u;
        stored.id = id;
        if (auto live = live_.attempt(u.attempt_id)) live->uploads[id] = stored;
        done(outcome::ok(begin_reply(stored)));
    });
}

void upload_desk::chunk(session_context const& ctx,
                        protocol::upload_chunk const& request,
                        reply_fn done) {
    auto a = accepting(ctx, done);
    if (!a) return;
    auto found = a->uploads.find(request.upload);
    if (found == a->uploads.end() || found->second.complete)
        return done(outcome::fail(errc::unknown_upload,
                                  "no upload " + std::to_string(request.upload) + " in progress"));
    auto u = found->second;
    if (request.offset != u.received || a->uploads_busy.count(request.upload))
        return done(outcome::fail(errc::upload_offset,
                                  "the upload continues at byte " + std::to_string(u.received)));
    if (u.received + static_cast<std::int64_t>(request.bytes.size()) > u.size)
        return done(outcome::fail(errc::upload_mismatch, "more bytes than the declared size"));
    a->uploads_busy.insert(request.upload);
    a.unlock();
    // File I/O outside the lock; the busy mark keeps a second terminal from interleaving.
    bool written = uploads_.append_upload(u, request.bytes);
    auto again = live_.attempt(ctx.attempt_id);
    if (again) again->uploads_busy.erase(request.upload);
    if (!written)
        return done(outcome::fail(errc::storage_failed, "the chunk could not be "
                                                        "written; it was NOT kept"));
    u.received += static_cast<std::int64_t>(request.bytes.size());
    if (again) again->uploads[request.upload].received = u.received;
    done(outcome::ok(protocol::upload_received{request.upload, u.received}));
}

void upload_desk::finish(session_context const& ctx,
                         protocol::upload_finish const& request,
                         reply_fn done) {
    auto a = accepting(ctx, done);
    if (!a) return;
    auto found = a->uploads.find(request.upload);
    if (found == a->uploads.end())
        return done(
            outcome::fail(errc::unknown_upload, "no upload " + std::to_string(request.upload)));
    auto u = found->second;
    if (u.complete) return done(outcome::ok(protocol::upload_kept{receipt_of(u)}));
    if (u.received != u.size)
        return done(outcome::fail(errc::upload_mismatch, "only " + std::to_string(u.received) +
                                                             " of " + std::to_string(u.size) +
                                                             " bytes have arrived"));
    auto ticket = a->record.ticket;
    a.unlock();
    if (uploads_.upload_digest(u) != u.sha256) {
        uploads_.discard_upload_bytes(u);
        if (auto live = live_.attempt(ctx.attempt_id)) live->uploads[request.upload].received = 0;
        return done(outcome::fail(errc::upload_mismatch, "the SHA-256 of the bytes received "
                                                         "differs from the one declared; the "
                                                         "file was discarded, upload it again"));
    }
    u.complete = true;
    u.completed_at = live_.clock().now();
    audit_event event{"candidate:" + ticket,
                      "upload.receive",
                      ticket,
                      {{"task", u.task}, {"name", u.name}, {"size", u.size}, {"sha256", u.sha256}}};
    uploads_.complete_upload(u, std::move(event),
                             [this, u, done = std::move(done)](write_status s) {
                                 if (s == write_status::failed)
                                     return done(outcome::fail(errc::storage_failed));
                                 if (auto live = live_.attempt(u.attempt_id)) {
                                     std::erase_if(live->uploads, [&](auto const& entry) {
                                         auto const& other = entry.second;
                                         return other.id != u.id && other.complete &&
                                                other.task == u.task && other.name == u.name;
                                     });
                                     live->uploads[u.id] = u;
                                 }
                                 done(outcome::ok(protocol::upload_kept{receipt_of(u)}));
                             });
}

} // namespace craftmark::core
