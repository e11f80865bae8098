#include "server/core/bank/statistics_desk.hpp"

namespace craftmark::core {

using protocol::errc;

protocol::sitting_statistics statistics_reply(std::string const& sitting_id,
                                              test_statistics const& t) {
    auto group = [](group_statistics const& g) {
        return protocol::group_stats{.name = g.name,
                                     .items = g.items,
                                     .facility = g.facility,
                                     .discrimination = g.discrimination};
    };
    protocol::sitting_statistics out{
        .sitting = sitting_id,
        .candidates = t.candidates,
        .mean_percent = t.mean_percent,
        .sd_percent = t.sd_percent,
        .common_items = t.common_items,
        .alpha = t.alpha,
        .sem_percent = t.sem_percent,
        .distribution = {t.distribution.begin(), t.distribution.end()}};
    for (auto const& s : t.items) {
        protocol::item_stats item{.id = s.id,
                                  .type = std::string(type_name(s.type)),
                                  .knowledge_point = s.knowledge_point,
                                  .difficulty = s.difficulty,
                                  .candidates = s.candidates,
                                  .facility = s.facility,
                                  .sd = s.sd,
                                  .discrimination = s.discrimination,
                                  .upper_lower = s.upper_lower,
                                  .omit_rate = s.omit_rate,
                                  .flags = s.flags};
        for (auto const& o : s.options)
            item.options.push_back({.id = o.id,
                                    .text = o.text,
                                    .key = o.key,
                                    .chosen = o.chosen,
                                    .share = o.share,
                                    .upper_share = o.upper_share,
                                    .lower_share = o.lower_share});
        out.items.push_back(std::move(item));
    }
    for (auto const& g : t.by_knowledge_point) out.by_knowledge_point.push_back(group(g));
    for (auto const& g : t.by_difficulty) out.by_difficulty.push_back(group(g));
    return out;
}

void statistics_desk::sitting(session_context const& ctx,
                              protocol::sitting_ref const& request,
                              reply_fn done) {
    auto* papers = papers_.load();
    if (!papers) return done(outcome::fail(errc::unknown_type, "statistics are not served here"));
    auto sitting = sittings_.find_sitting(request.sitting_id);
    if (!sitting) return done(outcome::fail(errc::invalid_field, "no such sitting"));
    if (!ctx.staff || !in_scope(*ctx.staff, *sitting)) return done(outcome::fail(errc::forbidden));
    auto work = [papers, id = request.sitting_id, done = std::move(done)]() mutable {
        scored_sitting scored;
        try {
            scored = papers->scored_papers(id);
        } catch (std::exception const& e) {
            return done(outcome::fail(errc::internal_error,
                                      std::string("the papers could not be read: ") + e.what()));
        }
        if (scored.papers.empty())
            return done(outcome::fail(errc::result_not_available,
                                      "no results in this sitting yet: statistics come after the "
                                      "papers are scored"));
        done(outcome::ok(statistics_reply(id, analyse(scored.papers, scored.items))));
    };
    if (auto* aside = aside_.load())
        aside->aside(std::move(work));
    else
        work();
}

} // namespace craftmark::core
