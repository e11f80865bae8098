#pragma once
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace craftmark::protocol {

/// Stable error codes sent as `error.code`. Never renumber or rename one: clients match on them.
enum class errc {
    bad_request,          // not JSON, or not a request envelope
    unsupported_version,  // "v" is not 1
    unknown_type,         // no such message type
    invalid_field,        // a field is missing, has the wrong type or is out of range
    frame_too_large,      // the frame exceeds the maximum message size
    rate_limited,         // too many messages or sign-in attempts; retry later
    not_signed_in,        // the message needs a signed-in session
    forbidden,            // the role or scope does not allow this message
    bad_credentials,      // unknown ticket or wrong access code
    ticket_in_use,        // the ticket is signed in on another terminal
    invalid_token,        // unknown or expired resume token
    sitting_not_open,     // the sitting has not started yet
    attempt_closed,       // submitted, or past the deadline
    attempt_paused,       // a proctor paused the attempt; nothing is saved until it resumes
    unknown_item,         // the item is not on this candidate's paper
    invalid_response,     // the response does not fit the item's type
    sequence_conflict,    // the sequence number was used before with a different answer
    result_not_available, // the review policy does not release results (yet)
    storage_failed,       // the server could not store the change durably: it was NOT saved
    internal_error,       // a bug or unexpected failure on the server; logged with the request id
    shutting_down,        // the server is stopping; reconnect and resume
    upload_refused,       // the task takes no such file (type, count, or no files at all)
    upload_too_large,     // the file is larger than the task allows
    upload_offset,        // a chunk not at the end of what was received; body says where
    upload_mismatch,      // the bytes received do not match the declared size or SHA-256
    marking_locked,       // the work's marking is locked; nothing more is entered
    unknown_upload,       // no such upload in progress for this attempt
    session_ended,        // this connection no longer speaks for the attempt (another terminal)
    browser_required,     // the sitting is sat in the browser (/exam), not on this client
};

/// The wire name of a code, e.g. "attempt_closed".
std::string_view code_name(errc code);

/// A sentence for people, used when the handler has nothing more specific to say.
std::string_view default_message(errc code);

/// Every code, for documentation checks and tests.
std::span<errc const> all_codes();

/// A refusal raised while decoding or handling one message; the session turns it into an
/// error reply and the connection carries on.
class protocol_error : public std::runtime_error {
  public:
    explicit protocol_error(errc code) : protocol_error(code, std::string(default_message(code))) {}
    protocol_error(errc code, std::string message)
        : std::runtime_error(std::move(message)), code_(code) {}
    errc code() const noexcept { return code_; }

  private:
    errc code_;
};

} // namespace craftmark::protocol
