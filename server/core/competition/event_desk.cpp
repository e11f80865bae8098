#include "server/core/competition/event_desk.hpp"

#include "server/core/competition/competition.hpp"

#include <algorithm>

namespace craftmark::core {

using protocol::errc;

namespace {

/// A competition is the whole centre's: its steps are for an administrator of scope *.
bool may_run_events(session_context const& ctx, reply_fn& done) {
    if (whole_centre(*ctx.staff)) return true;
    done(outcome::fail(errc::forbidden,
                       "a competition's definition, draws, board and awards are for an "
                       "administrator of the whole centre (scope *)"));
    return false;
}

} // namespace

void event_desk::draw(session_context const& ctx,
                      protocol::event_draw const& request,
                      reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "competitions are not run here"));
    if (!may_run_events(ctx, done)) return;
    changes->draw(request, staff_actor(ctx),
                  [request, done = std::move(done)](std::string const& refusal) {
                      if (!refusal.empty())
                          return done(outcome::fail(errc::invalid_field, refusal));
                      done(outcome::ok(request));
                  });
}

void event_desk::put(session_context const& ctx,
                     protocol::event_put const& request,
                     reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "competitions are not run here"));
    if (!may_run_events(ctx, done)) return;
    try {
        (void)competition_event_from_json(request.event); // its own mistakes, before the store
    } catch (std::exception const& e) {
        return done(outcome::fail(errc::invalid_field, e.what()));
    }
    changes->put_event(request.event, staff_actor(ctx),
                       [done = std::move(done)](std::string const& refusal,
                                                protocol::event_defined const& defined) {
                           if (!refusal.empty())
                               return done(outcome::fail(errc::invalid_field, refusal));
                           done(outcome::ok(defined));
                       });
}

void event_desk::freeze(session_context const& ctx,
                        protocol::event_freeze const& request,
                        reply_fn done) {
    auto* changes = changes_.load();
    if (!changes) return done(outcome::fail(errc::unknown_type, "competitions are not run here"));
    if (!may_run_events(ctx, done)) return;
    changes->freeze(request, staff_actor(ctx),
                    [request, done = std::move(done)](std::string const& refusal) {
                        if (!refusal.empty())
                            return done(outcome::fail(errc::invalid_field, refusal));
                        done(outcome::ok(request));
                    });
}

void event_desk::awards(session_context const& ctx,
                        protocol::event_awards const& request,
                        reply_fn done) {
    auto* signing = signing_.load();
    if (!signing)
        return done(outcome::fail(errc::unknown_type, "certificates are not issued here"));
    if (!may_run_events(ctx, done)) return;
    signing->issue_awards(request, staff_actor(ctx),
                          [done = std::move(done)](std::string const& refusal,
                                                   protocol::certificate_issue_report const& r) {
                              if (!refusal.empty())
                                  return done(outcome::fail(errc::invalid_field, refusal));
                              done(outcome::ok(r));
                          });
}

} // namespace craftmark::core
