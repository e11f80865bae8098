#pragma once
// The exam room's ports: sittings and candidates, attempts and answers, files handed in, and
// where pushes go. The other rooms' ports are in their folders (proctoring/room_repository.hpp,
// marking/work_list.hpp, competition/scoreboard_source.hpp).
#include "server/core/bank/assessment.hpp"
#include "server/core/media/figure.hpp"
#include "server/core/records.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// Assessments, sittings and candidates: read by the core, written by the admin CLI.
class sitting_repository {
  public:
    virtual ~sitting_repository() = default;
    virtual std::optional<sitting_record> find_sitting(std::string const& id) = 0;
    /// Every sitting (the staff's lists of rooms filter them by scope).
    virtual std::vector<sitting_record> all_sittings() = 0;
    virtual std::optional<candidate_record> find_candidate(std::string const& ticket) = 0;
    virtual std::optional<assessment> find_assessment(std::string const& id) = 0;
    /// The items of every bank the assessment draws from, keyed by bank id.
    virtual item_pool items_for(assessment const& a) = 0;
    virtual std::optional<staff_record> find_staff(std::string const& username) = 0;
    /// A figure an item of a bank shows, by the name in the item's media.
    virtual std::optional<figure> find_figure(std::string const& bank_id,
                                              std::string const& item_id,
                                              std::string const& name) = 0;
};

/// Outcome of a durable write, reported after the transaction committed (or failed).
enum class write_status { stored, duplicate, conflict, failed };
using write_done = std::function<void(write_status)>;

/// Attempts and answers. Writes are queued to the single writer and `done` runs on the writer
/// thread once the batch holding them is durable; it must be quick and must not block.
class attempt_repository {
  public:
    virtual ~attempt_repository() = default;
    virtual std::optional<attempt_record> find_attempt(std::string const& ticket) = 0;
    virtual std::optional<attempt_record> find_by_token(std::string const& token_hash) = 0;
    virtual std::vector<attempt_record> open_attempts() = 0;
    virtual std::vector<attempt_record> attempts_of(std::string const& sitting_id) = 0;
    virtual std::vector<answer_record> answers(std::int64_t attempt_id) = 0;
    virtual std::vector<std::string> flags(std::int64_t attempt_id) = 0;

    virtual void update_attempt(attempt_record const& a, audit_event e, write_done done) = 0;
    /// Idempotent by (attempt, item, seq): a repeat with the same response is `duplicate`,
    /// with a different response `conflict`. The store puts each stored answer's content in
    /// the audit chain itself (one entry may cover many saves).
    virtual void save_answer(answer_record const& a, write_done done) = 0;
    virtual void set_flag(std::int64_t attempt_id,
                          std::string const& item_id,
                          bool flagged,
                          audit_event e,
                          write_done done) = 0;
};

/// Files handed in for practical tasks: bytes on disk, records in the database.
class upload_repository {
  public:
    virtual ~upload_repository() = default;
    /// The attempt's current uploads (a replaced version is not listed), `received` read from
    /// the bytes on disk.
    virtual std::vector<upload_record> uploads(std::int64_t attempt_id) = 0;
    /// Records a new upload (or restarts a partial one with new declarations) and empties its
    /// file; `done` gets the id, 0 when it could not be stored.
    virtual void begin_upload(upload_record const& u,
                              audit_event e,
                              std::function<void(std::int64_t id)> done) = 0;
    /// Appends bytes to the upload's file and makes them durable before returning; false when
    /// they could not be written (a full disk), in which case the file is as it was.
    virtual bool append_upload(upload_record const& u, std::string_view bytes) = 0;
    /// SHA-256 (lower-case hex) of what has arrived.
    virtual std::string upload_digest(upload_record const& u) = 0;
    /// Keeps a checked upload: moves it into place, marks it complete, and marks any earlier
    /// version of the same file as replaced.
    virtual void complete_upload(upload_record const& u, audit_event e, write_done done) = 0;
    /// Where the upload's bytes are (for checkers and examiners).
    virtual std::filesystem::path upload_path(upload_record const& u) const = 0;
    /// Empties the file of an upload whose bytes did not check out.
    virtual void discard_upload_bytes(upload_record const& u) = 0;
};

/// Where the core sends pushes for connected candidates. Implemented by the network layer.
class notifier {
  public:
    virtual ~notifier() = default;
    virtual void to_attempt(std::int64_t attempt_id, std::string frame) = 0;
    /// Every connected candidate of a sitting (announcements).
    virtual void to_sitting(std::string const& sitting_id, std::string frame) = 0;
    /// Every staff session watching a sitting (seat updates).
    virtual void to_staff(std::string const& sitting_id, std::string frame) = 0;
    /// Whether anyone watches the sitting's seats (so unwatched rooms build no seat updates).
    virtual bool watched(std::string const& sitting_id) = 0;
    /// Sends `frame` to every connection that speaks for the attempt, then closes them: their
    /// resume token is dead (the candidate continues on another terminal).
    virtual void end_attempt_sessions(std::int64_t attempt_id, std::string frame) = 0;
    /// Sends `frame` to every connection of the staff account, then closes them (the account
    /// was changed: it signs in again as what it now is).
    virtual void end_staff_sessions(std::string const& username, std::string frame) = 0;
};

} // namespace craftmark::core
