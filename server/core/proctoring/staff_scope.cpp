#include "server/core/proctoring/staff_scope.hpp"

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

std::optional<outcome> refuse_scope(session_context const& ctx,
                                    sitting_data const* sitting,
                                    std::string const& sitting_id) {
    if (!sitting) return outcome::fail(errc::invalid_field, "no sitting " + sitting_id);
    if (!ctx.staff || !in_scope(*ctx.staff, sitting->sitting))
        return outcome::fail(errc::forbidden, "this account may not act on sitting " + sitting_id);
    return std::nullopt;
}

locked_attempt staff_target(live_sittings& live,
                            session_context const& ctx,
                            std::string const& ticket,
                            reply_fn& done) {
    auto a = live.by_ticket(ticket);
    if (!a) {
        done(outcome::fail(errc::invalid_field, "no candidate " + ticket));
        return {};
    }
    if (auto refusal = refuse_scope(ctx, a->sitting.get(), a->record.sitting_id)) {
        a.unlock();
        done(*refusal);
        return {};
    }
    return a;
}

reply_fn after_all(std::size_t count, reply_fn done, json body) {
    if (count == 0) {
        done(outcome::ok(std::move(body)));
        return {};
    }
    struct state {
        std::atomic<std::size_t> left;
        std::atomic<bool> failed{false};
        reply_fn done;
        json body;
    };
    auto s = std::make_shared<state>();
    s->left = count;
    s->done = std::move(done);
    s->body = std::move(body);
    return [s](outcome o) {
        if (o.error) s->failed = true;
        if (--s->left == 0)
            s->done(s->failed ? outcome::fail(errc::storage_failed) : outcome::ok(s->body));
    };
}

} // namespace craftmark::core
