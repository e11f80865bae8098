#include "server/api/dispatcher.hpp"

#include "server/core/marking/marking_service.hpp"
#include "shared/protocol/marking_messages.hpp"
#include "shared/protocol/room_messages.hpp"
#include "shared/protocol/seat_messages.hpp"

#include <stdexcept>

namespace craftmark::api {

using core::outcome;
using core::reply_fn;
using core::session_context;
using protocol::errc;

namespace {

template <class Request> Request decode(protocol::request const& req) {
    if constexpr (std::is_same_v<Request, protocol::upload_chunk>)
        return protocol::upload_chunk_of(req);
    else
        return req.body.get<Request>();
}

/// A room's handler as a route: the body decoded into its request type first.
template <class Room, class Request>
auto bind(Room& room, void (Room::*handle)(session_context const&, Request const&, reply_fn)) {
    return
        [&room, handle](session_context const& ctx, protocol::request const& req, reply_fn done) {
            (room.*handle)(ctx, decode<Request>(req), std::move(done));
        };
}

/// A marking.* route: the marking room may be absent (a server without it refuses them).
template <class Request>
auto bind_marking(rooms& r,
                  void (core::marking_service::*handle)(session_context const&,
                                                        Request const&,
                                                        reply_fn)) {
    return [&r, handle](session_context const& ctx, protocol::request const& req, reply_fn done) {
        auto request = decode<Request>(req);
        auto* marking = r.live.marking();
        if (!marking) return done(outcome::fail(errc::unknown_type, "marking is not served here"));
        (marking->*handle)(ctx, request, std::move(done));
    };
}

} // namespace

void dispatcher::add(std::string_view type, handler call) {
    auto const* spec = protocol::find_message(type);
    if (!spec || routes_.count(type))
        throw std::logic_error("dispatcher: \"" + std::string(type) +
                               "\" is not in the protocol's catalog, or is routed twice");
    routes_.emplace(spec->type, route{spec, std::move(call)});
}

dispatcher::dispatcher(rooms& r) : sessions_(r.staff_sessions) {
    using core::marking_service;
    add("ping", [&r](session_context const&, protocol::request const&, reply_fn done) {
        done(outcome::ok(protocol::pong{r.live.clock().now()}));
    });
    // Signing in (exam/sign_in_desk).
    add("auth.sign_in", bind(r.sign_in, &core::sign_in_desk::sign_in));
    add("auth.resume", bind(r.sign_in, &core::sign_in_desk::resume));
    add("auth.staff_sign_in", bind(r.sign_in, &core::sign_in_desk::staff_sign_in));
    add("auth.staff_resume", bind(r.sign_in, &core::sign_in_desk::staff_resume));
    add("auth.sign_out", bind(r.sign_in, &core::sign_in_desk::sign_out));
    // The candidate's attempt (exam/attempt_desk, exam/upload_desk).
    add("lobby.status", bind(r.attempts, &core::attempt_desk::lobby));
    add("paper.get", bind(r.attempts, &core::attempt_desk::paper));
    add("answer.save", bind(r.attempts, &core::attempt_desk::save));
    add("item.flag", bind(r.attempts, &core::attempt_desk::flag));
    add("figure.get", bind(r.figures, &core::figure_desk::get));
    add("time.sync", bind(r.attempts, &core::attempt_desk::time));
    add("attempt.submit", bind(r.attempts, &core::attempt_desk::submit));
    add("result.get", bind(r.attempts, &core::attempt_desk::result));
    add("upload.begin", bind(r.uploads, &core::upload_desk::begin));
    add("upload.chunk", bind(r.uploads, &core::upload_desk::chunk));
    add("upload.finish", bind(r.uploads, &core::upload_desk::finish));
    // The room (proctoring/).
    add("hand.raise", bind(r.talk, &core::room_talk::raise_hand));
    add("terminal.focus", bind(r.talk, &core::room_talk::focus));
    add("room.announce", bind(r.talk, &core::room_talk::announce));
    add("candidate.message", bind(r.talk, &core::room_talk::message));
    add("room.list", bind(r.directory, &core::room_directory::list));
    add("room.watch", bind(r.proctor, &core::proctor_desk::watch));
    add("candidate.check_in", bind(r.proctor, &core::proctor_desk::check_in));
    add("candidate.photo", bind(r.proctor, &core::proctor_desk::photo));
    add("candidate.unlock", bind(r.proctor, &core::proctor_desk::unlock));
    add("attempt.pause", bind(r.proctor, &core::proctor_desk::pause));
    add("attempt.resume", bind(r.proctor, &core::proctor_desk::resume));
    add("attempt.extra_time", bind(r.proctor, &core::proctor_desk::extra_time));
    add("attempt.terminate", bind(r.proctor, &core::proctor_desk::terminate));
    add("attempt.reopen", bind(r.proctor, &core::proctor_desk::reopen));
    add("terminal.approve", bind(r.proctor, &core::proctor_desk::approve_terminal));
    add("candidate.move", bind(r.proctor, &core::proctor_desk::move));
    add("incident.open", bind(r.incidents, &core::incident_desk::open));
    add("incident.close", bind(r.incidents, &core::incident_desk::close));
    add("incident.list", bind(r.incidents, &core::incident_desk::list));
    // Marking (marking/marking_service) and competitions (competition/board_desk).
    add("marking.queue", bind_marking(r, &marking_service::queue));
    add("marking.work", bind_marking(r, &marking_service::work));
    add("marking.enter", bind_marking(r, &marking_service::enter));
    add("marking.lock", bind_marking(r, &marking_service::lock));
    add("marking.file", bind_marking(r, &marking_service::file));
    add("scoreboard.watch", bind(r.boards, &core::board_desk::watch));
    add("event.reveal", bind(r.reveals, &core::reveal_desk::reveal));
    add("event.draw", bind(r.events, &core::event_desk::draw));
    add("event.freeze", bind(r.events, &core::event_desk::freeze));
    add("event.awards", bind(r.events, &core::event_desk::awards));
    add("event.put", bind(r.events, &core::event_desk::put));
    add("bank.import", bind(r.banks, &core::bank_desk::import));
    add("bank.blueprint", bind(r.banks, &core::bank_desk::blueprint));
    add("assessment.put", bind(r.banks, &core::bank_desk::define));
    // Item statistics (bank/statistics_desk).
    add("stats.sitting", bind(r.statistics, &core::statistics_desk::sitting));
    // The centre's daily work (exam/sitting_desk, qualification/certificate_desk).
    add("assessment.list", bind(r.sittings, &core::sitting_desk::assessments));
    add("sitting.create", bind(r.sittings, &core::sitting_desk::create));
    add("sitting.register", bind(r.sittings, &core::sitting_desk::register_roster));
    add("results.export", bind(r.certificates, &core::certificate_desk::export_results));
    add("certificate.issue", bind(r.certificates, &core::certificate_desk::issue));
    add("certificate.list", bind(r.certificates, &core::certificate_desk::list));
    add("certificate.status", bind(r.certificates, &core::certificate_desk::set_status));
    add("staff.list", bind(r.centre, &core::centre_desk::list_staff));
    add("staff.put", bind(r.centre, &core::centre_desk::put_staff));
    add("audit.verify", bind(r.centre, &core::centre_desk::verify_audit));
    if (routes_.size() != protocol::client_messages().size())
        throw std::logic_error("dispatcher: a type of the protocol's catalog has no route");
}

void dispatcher::handle(session_context const& ctx,
                        protocol::request const& req,
                        reply_fn done) const {
    auto it = routes_.find(req.type);
    if (it == routes_.end())
        return done(outcome::fail(errc::unknown_type, "unknown message type \"" + req.type + "\""));
    if (!it->second.spec->allows(ctx.role))
        return done(outcome::fail(ctx.role == protocol::role::none ? errc::not_signed_in
                                                                   : errc::forbidden));
    // Every request keeps a staff session alive; one that has ended (idle, or signed out
    // everywhere) speaks for nobody.
    if (ctx.staff && !sessions_.touch(ctx.staff_session))
        return done(outcome::fail(errc::session_ended,
                                  "the staff session has ended; sign in with the password"));
    // A candidate's messages are scoped to their own attempt: naming another is refused.
    if (ctx.role == protocol::role::candidate) {
        auto ticket = req.body.find("ticket");
        if (ticket != req.body.end() && (!ticket->is_string() || *ticket != ctx.ticket))
            return done(
                outcome::fail(errc::forbidden, "a candidate can only see their own attempt"));
    }
    it->second.call(ctx, req, std::move(done));
}

std::vector<std::string_view> dispatcher::types() const {
    std::vector<std::string_view> out;
    for (auto const& [type, r] : routes_) out.push_back(type);
    return out;
}

} // namespace craftmark::api
