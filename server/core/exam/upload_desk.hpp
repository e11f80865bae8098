#pragma once
#include "server/core/exam/live_sittings.hpp"
#include "shared/protocol/upload_frame.hpp"

namespace craftmark::core {

/// Practical work handed in as files: upload.begin, upload.chunk (binary frames),
/// upload.finish. Bytes are on disk before a chunk is acknowledged; a file counts once its size
/// and SHA-256 match what the terminal declared, and the candidate gets a receipt the server
/// also keeps.
class upload_desk {
  public:
    upload_desk(live_sittings& live, upload_repository& uploads);

    void begin(session_context const& ctx, protocol::upload_begin const& request, reply_fn done);
    void chunk(session_context const& ctx, protocol::upload_chunk const& request, reply_fn done);
    void finish(session_context const& ctx, protocol::upload_finish const& request, reply_fn done);

  private:
    /// The candidate's attempt if it takes uploads now (closing it if its time is up);
    /// otherwise answers `done` with the refusal and returns an empty one.
    locked_attempt accepting(session_context const& ctx, reply_fn& done);

    live_sittings& live_;
    upload_repository& uploads_;
};

/// The receipts of the attempt's kept files, as the paper lists them.
std::vector<protocol::upload_receipt> receipts_of(live_attempt const& a);

} // namespace craftmark::core
