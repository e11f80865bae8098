#include "server/core/centre/outbox_chain.hpp"

#include "shared/crypto/digest.hpp"

#include <algorithm>

namespace craftmark::core {

std::string chain_entry_hash(std::string const& prev_hash,
                             std::int64_t seq,
                             util::millis at,
                             std::string const& actor,
                             std::string const& action,
                             std::string const& subject,
                             std::string const& detail) {
    std::string text = prev_hash + '\n' + std::to_string(seq) + '\n' + std::to_string(at) + '\n' +
                       actor + '\n' + action + '\n' + subject + '\n' + detail;
    return crypto::sha256_hex(text);
}

std::string chain_entry_hash(chain_entry const& e) {
    return chain_entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.subject, e.detail);
}

batch_plan plan_batch(chain_head const& head,
                      std::vector<chain_entry> entries,
                      std::map<std::int64_t, std::string> const& held) {
    batch_plan plan;
    plan.head = head;
    auto refuse = [&](std::int64_t seq, std::string why) {
        plan.extend.clear();
        plan.duplicates = 0;
        plan.missing_from.reset();
        plan.head = head;
        plan.refusal = "entry " + std::to_string(seq) + ": " + std::move(why);
        return plan;
    };
    auto by_seq = [](chain_entry const& a, chain_entry const& b) { return a.seq < b.seq; };
    if (!std::is_sorted(entries.begin(), entries.end(), by_seq)) // they usually come in order
        std::sort(entries.begin(), entries.end(), by_seq);
    // Every entry must be what its own hash says, whatever else happens to the batch: a
    // changed entry is refused even when the centre holds it already or cannot place it yet.
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto const& e = entries[i];
        if (e.seq < 1) return refuse(e.seq, "sequence numbers start at 1");
        if (i > 0 && entries[i - 1].seq == e.seq) return refuse(e.seq, "it comes twice");
        if (chain_entry_hash(e) != e.hash)
            return refuse(e.seq, "its content does not match its hash");
        if (i > 0 && entries[i - 1].seq + 1 == e.seq && entries[i - 1].hash != e.prev_hash)
            return refuse(e.seq, "it does not follow entry " + std::to_string(e.seq - 1));
    }
    for (auto& e : entries) {
        if (e.seq <= head.seq) {
            auto copy = held.find(e.seq);
            if (copy == held.end() || copy->second != e.hash)
                return refuse(e.seq, "it differs from the entry already received");
            ++plan.duplicates;
            continue;
        }
        if (plan.missing_from) continue; // beyond a gap: sent again once the gap is filled
        if (e.seq != plan.head.seq + 1) {
            plan.missing_from = plan.head.seq + 1;
            continue;
        }
        if (e.prev_hash != plan.head.hash)
            return refuse(e.seq, plan.head.seq == head.seq
                                     ? "it does not continue the chain held at the centre"
                                     : "it does not follow entry " + std::to_string(plan.head.seq));
        plan.head = {e.seq, e.hash};
        plan.extend.push_back(std::move(e));
    }
    return plan;
}

} // namespace craftmark::core
