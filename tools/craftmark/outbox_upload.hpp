#pragma once
// `craftmark outbox upload`: the venue's outbox to its centre, online; and the venue's identity
// that it and `outbox export` seal with.
#include "server/centre/venue_authority.hpp"
#include "tools/craftmark/commands.hpp"

#include <string>

namespace craftmark::cli {

/// Where a joined venue keeps the file it joined with (its key, certificate and the centre's CA).
std::filesystem::path venue_identity_file(context const& ctx);
/// The venue's identity; throws, saying how to join, when it has not joined a centre.
centre::venue_identity venue_identity_of(context const& ctx);

struct upload_options {
    std::string centre;
    bool follow = false;
    std::int64_t batch = 5'000;
    double every = 2;
};

/// Sends the chain after what the centre holds, a batch at a time, reading and sealing the next
/// batch while the centre applies the last; with `follow`, keeps sending as the venue writes and
/// rides out a centre that cannot be reached. Returns the exit code.
int upload_outbox(context const& ctx, upload_options const& o);

} // namespace craftmark::cli
