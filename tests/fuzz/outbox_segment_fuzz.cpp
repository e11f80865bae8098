// Fuzz target: an outbox segment from anyone (a file on a USB stick, an upload) is refused with
// a reason or read; what is read writes back to text that reads the same, and the centre's rule
// for a batch only ever extends a chain by entries that continue it, in order.
#include "server/core/centre/outbox_segment.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace craftmark::core;
    std::string_view text(reinterpret_cast<char const*>(data), size);
    outbox_segment segment;
    try {
        segment = parse_segment(text);
    } catch (std::invalid_argument const&) {
        return 0;
    }
    auto again = parse_segment(segment_text(segment));
    if (again.venue != segment.venue || again.epoch != segment.epoch ||
        again.entries.size() != segment.entries.size())
        std::abort(); // the written form does not read back
    for (std::size_t i = 0; i < segment.entries.size(); ++i) {
        auto const &a = segment.entries[i], &b = again.entries[i];
        if (a.seq != b.seq || a.at != b.at || a.actor != b.actor || a.action != b.action ||
            a.subject != b.subject || a.detail != b.detail || a.prev_hash != b.prev_hash ||
            a.hash != b.hash)
            std::abort(); // an entry changed on its way through the text
    }
    for (chain_head head : {chain_head{}, chain_head{2, "ab"}}) {
        auto plan = plan_batch(head, segment.entries, {});
        auto at = head;
        for (auto const& e : plan.extend) {
            if (e.seq != at.seq + 1 || e.prev_hash != at.hash || chain_entry_hash(e) != e.hash)
                std::abort(); // extended by an entry that does not continue the chain
            at = {e.seq, e.hash};
        }
        if (plan.refused() && !plan.extend.empty()) std::abort();
    }
    return 0;
}
