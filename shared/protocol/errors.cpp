#include "shared/protocol/errors.hpp"

namespace craftmark::protocol {

std::span<errc const> all_codes() {
    static constexpr errc codes[] = {
        errc::bad_request,      errc::unsupported_version, errc::unknown_type,
        errc::invalid_field,    errc::frame_too_large,     errc::rate_limited,
        errc::not_signed_in,    errc::forbidden,           errc::bad_credentials,
        errc::ticket_in_use,    errc::invalid_token,       errc::sitting_not_open,
        errc::attempt_closed,   errc::attempt_paused,      errc::unknown_item,
        errc::invalid_response, errc::sequence_conflict,   errc::result_not_available,
        errc::storage_failed,   errc::internal_error,      errc::shutting_down,
        errc::upload_refused,   errc::upload_too_large,    errc::upload_offset,
        errc::upload_mismatch,  errc::marking_locked,      errc::unknown_upload,
        errc::session_ended,    errc::browser_required};
    return codes;
}

std::string_view code_name(errc code) {
    switch (code) {
    case errc::bad_request: return "bad_request";
    case errc::unsupported_version: return "unsupported_version";
    case errc::unknown_type: return "unknown_type";
    case errc::invalid_field: return "invalid_field";
    case errc::frame_too_large: return "frame_too_large";
    case errc::rate_limited: return "rate_limited";
    case errc::not_signed_in: return "not_signed_in";
    case errc::forbidden: return "forbidden";
    case errc::bad_credentials: return "bad_credentials";
    case errc::ticket_in_use: return "ticket_in_use";
    case errc::invalid_token: return "invalid_token";
    case errc::sitting_not_open: return "sitting_not_open";
    case errc::attempt_closed: return "attempt_closed";
    case errc::attempt_paused: return "attempt_paused";
    case errc::unknown_item: return "unknown_item";
    case errc::invalid_response: return "invalid_response";
    case errc::sequence_conflict: return "sequence_conflict";
    case errc::result_not_available: return "result_not_available";
    case errc::storage_failed: return "storage_failed";
    case errc::internal_error: return "internal_error";
    case errc::shutting_down: return "shutting_down";
    case errc::upload_refused: return "upload_refused";
    case errc::upload_too_large: return "upload_too_large";
    case errc::upload_offset: return "upload_offset";
    case errc::upload_mismatch: return "upload_mismatch";
    case errc::marking_locked: return "marking_locked";
    case errc::unknown_upload: return "unknown_upload";
    case errc::session_ended: return "session_ended";
    case errc::browser_required: return "browser_required";
    }
    return "internal_error";
}

std::string_view default_message(errc code) {
    switch (code) {
    case errc::bad_request: return "the frame is not a JSON request envelope";
    case errc::unsupported_version: return "this server speaks protocol version 1";
    case errc::unknown_type: return "unknown message type";
    case errc::invalid_field: return "a field is missing or has the wrong type";
    case errc::frame_too_large: return "the message is larger than the server accepts";
    case errc::rate_limited: return "too many requests; wait and try again";
    case errc::not_signed_in: return "sign in first";
    case errc::forbidden: return "not allowed for this role or scope";
    case errc::bad_credentials: return "admission ticket number or access code is wrong";
    case errc::ticket_in_use: return "this ticket is signed in on another terminal; ask a proctor";
    case errc::invalid_token: return "the resume token is not valid; sign in again";
    case errc::sitting_not_open: return "the assessment has not started yet";
    case errc::attempt_closed: return "the attempt is closed; nothing more can be saved";
    case errc::attempt_paused:
        return "the attempt is paused by the proctor; this answer was not saved yet";
    case errc::unknown_item: return "no such item on this paper";
    case errc::invalid_response: return "the answer does not fit this item's type";
    case errc::sequence_conflict: return "this sequence number was already used for another answer";
    case errc::result_not_available: return "results are not released";
    case errc::storage_failed: return "not saved: the server could not store it; try again";
    case errc::internal_error: return "internal error on the server";
    case errc::shutting_down: return "the server is restarting; your work is kept";
    case errc::upload_refused: return "this task does not take that file";
    case errc::upload_too_large: return "the file is larger than this task allows";
    case errc::upload_offset:
        return "the chunk does not continue the upload; resume from the offset given";
    case errc::upload_mismatch:
        return "the file received does not match its size or SHA-256; upload it again";
    case errc::marking_locked: return "the marking of this work is locked and signed off";
    case errc::unknown_upload: return "no such upload in progress for this attempt";
    case errc::session_ended:
        return "this terminal's session has ended: the attempt continues on another terminal";
    case errc::browser_required:
        return "本场考试须在浏览器中作答：请在考场电脑的浏览器中打开本服务器的 /exam。"
               "This sitting is sat in the browser: open /exam on this server in the exam PC's "
               "browser";
    }
    return "internal error on the server";
}

} // namespace craftmark::protocol
