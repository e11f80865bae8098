#pragma once
// `craftmark outbox upload`: the venue's outbox to its centre, online.
#include "tools/craftmark/commands.hpp"

#include <string>

namespace craftmark::cli {

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
