#pragma once
// The proctoring room's port: what the proctors' desks record, each write queued to the single
// writer like the attempts' (exam/ports.hpp), `done` running on the writer's thread once durable.
#include "server/core/exam/ports.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// A candidate's photo as the roster brought it (proctoring/candidate_photo.hpp checked it).
struct photo_record {
    std::string media_type;
    std::string bytes;
    std::string sha256; // hex
};

/// Check-ins, seats, incidents and the audit entries of what proctors and candidates say.
class room_repository {
  public:
    virtual ~room_repository() = default;
    /// Records a candidate's check-in state, its time and the access code it issued ("" when
    /// it killed the code).
    virtual void set_checkin(candidate_record const& c, audit_event e, write_done done) = 0;
    /// Moves a candidate to another seat.
    virtual void set_seat(std::string const& ticket,
                          std::string const& seat,
                          audit_event e,
                          write_done done) = 0;
    /// An audit entry with no other state change (announcements, messages, raised hands).
    virtual void record(audit_event e, write_done done) = 0;
    /// Stores a new incident; `done` gets its id (0 when it could not be stored).
    virtual void open_incident(incident_record const& i,
                               audit_event e,
                               std::function<void(std::int64_t id)> done) = 0;
    virtual void close_incident(std::int64_t id,
                                std::string const& by,
                                std::string const& resolution,
                                util::millis at,
                                audit_event e,
                                write_done done) = 0;
    virtual std::vector<incident_record> incidents(std::string const& sitting_id) = 0;
    /// Whether a photo is kept for a person (by national ID), without reading it.
    virtual bool has_photo(std::string const& national_id) = 0;
    /// The photo kept for a person, read now; none when the roster had none.
    virtual std::optional<photo_record> photo(std::string const& national_id) = 0;
};

} // namespace craftmark::core
