#pragma once
// One sealed segment arriving at the centre, by file or by upload: the same checks in the same
// order either way, so the two paths give the same result. The segment must read, name a venue
// the centre registered (the one whose TLS certificate sent it, online), carry that venue's
// seal, and continue its chain; each refusal is logged.
#include "server/store/postgres/venue_chains.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace craftmark::centre {

struct delivery {
    std::string venue, epoch;    // "" when the segment could not be read
    store::ingest_report report; // report.refusal says why it was refused
};

/// `seal` is the detached signature (empty when none came); `sender` the venue id of the TLS
/// client certificate, or "" for a file; `source` says where it came from, for the log.
delivery deliver_segment(store::venue_chains& chains,
                         std::string const& ca_pem,
                         std::string_view text,
                         std::string_view seal,
                         std::string const& sender,
                         std::string const& source);

} // namespace craftmark::centre
