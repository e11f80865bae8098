#include "server/core/exam/figure_desk.hpp"

#include "server/core/exam/attempt_desk.hpp"
#include "shared/crypto/base64.hpp"

#include <algorithm>

namespace craftmark::core {

using protocol::errc;

figure_desk::figure_desk(live_sittings& live, sitting_repository& banks)
    : live_(live), banks_(banks) {}

void figure_desk::get(session_context const& ctx,
                      protocol::figure_request const& request,
                      reply_fn done) {
    std::string bank;
    {
        auto a = live_.of_session(ctx);
        if (!a) return done(session_ended());
        if (a->record.state == attempt_state::waiting)
            return done(outcome::fail(errc::sitting_not_open, "open the paper first"));
        if (a->record.state == attempt_state::closed &&
            a->sitting->assessment_.review != review_policy::items)
            return done(
                outcome::fail(errc::attempt_closed, "figures are shown while the attempt runs"));
        auto const& items = a->sitting->items;
        auto it = items.find(request.item_id);
        if (!a->on_paper(request.item_id) || it == items.end())
            return done(outcome::fail(errc::unknown_item));
        auto const& media = it->second.media;
        if (std::find(media.begin(), media.end(), request.name) == media.end())
            return done(outcome::fail(errc::unknown_item, "item " + request.item_id +
                                                              " shows no figure " + request.name));
        bank = a->sitting->bank_of.at(request.item_id);
    } // the figure is read without the sitting's lock
    auto f = banks_.find_figure(bank, request.item_id, request.name);
    if (!f)
        return done(outcome::fail(errc::unknown_item,
                                  "the figure " + request.name + " was not stored with its bank"));
    done(outcome::ok(protocol::figure_data{request.item_id, request.name, f->media_type,
                                           crypto::base64url_encode(f->bytes), f->sha256}));
}

} // namespace craftmark::core
