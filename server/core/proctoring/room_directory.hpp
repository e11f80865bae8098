#pragma once
#include "server/core/exam/ports.hpp"
#include "server/core/outcome.hpp"
#include "shared/protocol/messages.hpp"

namespace craftmark::core {

/// The rooms a staff account may open: every sitting in its scope, for the console's list of
/// rooms (a proctor's) and of sittings to mark (an examiner's).
class room_directory {
  public:
    explicit room_directory(sitting_repository& sittings);

    void list(session_context const& ctx, protocol::no_fields const&, reply_fn done);

  private:
    sitting_repository& sittings_;
};

} // namespace craftmark::core
