#pragma once
#include "server/core/exam/live_sittings.hpp"

namespace craftmark::core {

/// The refusal for staff `ctx` acting on a sitting (`sitting` null: there is none), or nullopt
/// when they may: an account acts only on the sittings its scopes name.
std::optional<outcome> refuse_scope(session_context const& ctx,
                                    sitting_data const* sitting,
                                    std::string const& sitting_id);

/// The candidate `ticket` with their sitting's lock, if staff `ctx` may act on them; otherwise
/// answers `done` with the refusal and returns an empty one.
locked_attempt staff_target(live_sittings& live,
                            session_context const& ctx,
                            std::string const& ticket,
                            reply_fn& done);

/// Answers `done` once `count` durable writes have reported, with `body` if all succeeded.
reply_fn after_all(std::size_t count, reply_fn done, nlohmann::json body);

} // namespace craftmark::core
