#include "server/core/proctoring/incident_desk.hpp"

#include "server/core/proctoring/staff_scope.hpp"

#include <algorithm>

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

incident_desk::incident_desk(live_sittings& live, room_repository& room_store)
    : live_(live), room_store_(room_store) {}

void incident_desk::mark(std::string const& sitting_id,
                         std::vector<std::string> const& tickets,
                         int delta) {
    after_unlock after;
    {
        auto room = live_.room(sitting_id);
        if (!room.sitting) return;
        for (auto const& t : tickets)
            room.sitting->open_incidents[t] = std::max(0, room.sitting->open_incidents[t] + delta);
        for (auto* a : room.seats)
            if (std::find(tickets.begin(), tickets.end(), a->record.ticket) != tickets.end())
                live_.push_seat(*a, after);
    }
    run_all(after);
}

void incident_desk::open(session_context const& ctx,
                         protocol::incident_open const& request,
                         reply_fn done) {
    if (auto refusal =
            refuse_scope(ctx, live_.sitting(request.sitting_id).get(), request.sitting_id))
        return done(*refusal);
    incident_record i;
    i.sitting_id = request.sitting_id;
    i.category = request.category;
    i.description = request.description;
    i.tickets = request.tickets;
    i.opened_by = ctx.staff->username;
    i.opened_at = live_.clock().now();
    audit_event event{
        staff_actor(ctx),
        "incident.open",
        "",
        {{"category", i.category}, {"tickets", i.tickets}, {"description", i.description}}};
    room_store_.open_incident(i, std::move(event),
                              [this, i, done = std::move(done)](std::int64_t id) mutable {
                                  if (!id) return done(outcome::fail(errc::storage_failed));
                                  mark(i.sitting_id, i.tickets, +1);
                                  i.id = id;
                                  done(outcome::ok(incident_view(i)));
                              });
}

void incident_desk::close(session_context const& ctx,
                          protocol::incident_close const& request,
                          reply_fn done) {
    auto const& sitting_id = request.sitting_id;
    if (auto refusal = refuse_scope(ctx, live_.sitting(sitting_id).get(), sitting_id))
        return done(*refusal);
    std::optional<incident_record> found;
    for (auto& i : room_store_.incidents(sitting_id))
        if (i.id == request.id && !i.closed_at) found = i;
    if (!found)
        return done(
            outcome::fail(errc::invalid_field,
                          "no open incident " + std::to_string(request.id) + " in this sitting"));
    auto at = live_.clock().now();
    room_store_.close_incident(request.id, ctx.staff->username, request.resolution, at,
                               {staff_actor(ctx),
                                "incident.close",
                                std::to_string(request.id),
                                {{"resolution", request.resolution}}},
                               [this, found = *found, done = std::move(done)](write_status s) {
                                   if (s == write_status::failed)
                                       return done(outcome::fail(errc::storage_failed));
                                   mark(found.sitting_id, found.tickets, -1);
                                   done(outcome::ok(protocol::incident_closed{found.id}));
                               });
}

void incident_desk::list(session_context const& ctx,
                         protocol::sitting_ref const& request,
                         reply_fn done) {
    auto const& sitting_id = request.sitting_id;
    if (auto refusal = refuse_scope(ctx, live_.sitting(sitting_id).get(), sitting_id))
        return done(*refusal);
    protocol::incident_list reply;
    for (auto const& i : room_store_.incidents(sitting_id))
        reply.incidents.push_back(incident_view(i));
    for (auto category : protocol::incident_categories()) reply.categories.emplace_back(category);
    done(outcome::ok(std::move(reply)));
}

} // namespace craftmark::core
