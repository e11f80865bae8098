#include "server/centre/delivery.hpp"

#include "server/centre/segment_seal.hpp"
#include "server/core/centre/outbox_segment.hpp"

namespace craftmark::centre {

delivery deliver_segment(store::venue_chains& chains,
                         std::string const& ca_pem,
                         std::string_view text,
                         std::string_view seal,
                         std::string const& sender,
                         std::string const& source) {
    delivery d;
    core::outbox_segment segment;
    try {
        segment = core::parse_segment(text);
    } catch (std::invalid_argument const& e) {
        d.report.refusal = e.what();
        if (!sender.empty()) chains.log_refusal(sender, "", source, d.report.refusal);
        return d;
    }
    d.venue = segment.venue;
    d.epoch = segment.epoch;
    auto venue = chains.venue(segment.venue);
    std::string refusal;
    if (!sender.empty() && sender != segment.venue)
        refusal = "venue " + sender + " sent a segment of venue " + segment.venue;
    else if (!venue)
        refusal = "venue " + segment.venue + " is not registered at this centre";
    else if (seal.empty())
        refusal = "it has no seal";
    else
        refusal = seal_refusal(text, seal, ca_pem, venue->certificate);
    if (!refusal.empty()) {
        chains.log_refusal(segment.venue, segment.epoch, source, refusal);
        d.report.refusal = refusal;
        return d;
    }
    d.report = chains.ingest(segment.venue, segment.epoch, std::move(segment.entries), source);
    return d;
}

} // namespace craftmark::centre
