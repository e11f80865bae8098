// Incidents as proctors record them: categories, the seats involved, resolution.
#include "server/core/exam/exam_service.hpp"
#include "server/core/exam/exam_state.hpp"

#include <algorithm>

namespace craftmark::core {

using nlohmann::json;
using protocol::errc;

void exam_service::mark_incidents(std::string const& sitting_id,
                                  std::vector<std::string> const& tickets,
                                  int delta) {
    std::vector<std::function<void()>> after;
    {
        std::lock_guard lock(mutex_);
        auto sitting = sitting_for(sitting_id);
        if (!sitting) return;
        for (auto const& t : tickets)
            sitting->open_incidents[t] = std::max(0, sitting->open_incidents[t] + delta);
        for (auto& [id, a] : live_)
            if (a->record.sitting_id == sitting_id &&
                std::find(tickets.begin(), tickets.end(), a->record.ticket) != tickets.end())
                push_seat(*a, after);
    }
    for (auto& f : after) f();
}

void exam_service::open_incident(session_context const& ctx, json const& body, reply_fn done) {
    incident_record i;
    i.sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    i.category = protocol::required_string(body, "category", protocol::max_identifier);
    i.description = protocol::required_string(body, "description", 4000);
    auto categories = protocol::incident_categories();
    if (std::find(categories.begin(), categories.end(), i.category) == categories.end())
        throw protocol::protocol_error(errc::invalid_field,
                                       "unknown incident category \"" + i.category + "\"");
    if (body.contains("tickets")) {
        if (!body["tickets"].is_array())
            throw protocol::protocol_error(errc::invalid_field,
                                           "field \"tickets\" must be an array");
        for (auto const& t : body["tickets"])
            if (t.is_string()) i.tickets.push_back(t.get<std::string>());
    }
    {
        std::lock_guard lock(mutex_);
        if (auto refusal = refuse_scope(ctx, i.sitting_id)) return done(*refusal);
    }
    i.opened_by = ctx.staff->username;
    i.opened_at = clock_.now();
    audit_event event{
        staff_actor(ctx),
        "incident.open",
        "",
        {{"category", i.category}, {"tickets", i.tickets}, {"description", i.description}}};
    attempts_.open_incident(i, std::move(event),
                            [this, i, done = std::move(done)](std::int64_t id) mutable {
                                if (!id) return done(outcome::fail(errc::storage_failed));
                                mark_incidents(i.sitting_id, i.tickets, +1);
                                i.id = id;
                                done(outcome::ok(incident_to_json(i)));
                            });
}

void exam_service::close_incident(session_context const& ctx, json const& body, reply_fn done) {
    auto id = protocol::required_integer(body, "id", 1, std::int64_t{1} << 53);
    auto resolution = protocol::required_string(body, "resolution", 4000);
    std::optional<incident_record> found;
    auto sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    {
        std::lock_guard lock(mutex_);
        if (auto refusal = refuse_scope(ctx, sitting_id)) return done(*refusal);
    }
    for (auto& i : attempts_.incidents(sitting_id))
        if (i.id == id && !i.closed_at) found = i;
    if (!found)
        return done(outcome::fail(errc::invalid_field,
                                  "no open incident " + std::to_string(id) + " in this sitting"));
    auto at = clock_.now();
    attempts_.close_incident(
        id, ctx.staff->username, resolution, at,
        {staff_actor(ctx), "incident.close", std::to_string(id), {{"resolution", resolution}}},
        [this, found = *found, done = std::move(done)](write_status s) {
            if (s == write_status::failed) return done(outcome::fail(errc::storage_failed));
            mark_incidents(found.sitting_id, found.tickets, -1);
            done(outcome::ok({{"id", found.id}}));
        });
}

void exam_service::list_incidents(session_context const& ctx, json const& body, reply_fn done) {
    auto sitting_id = protocol::required_string(body, "sitting_id", protocol::max_identifier);
    {
        std::lock_guard lock(mutex_);
        if (auto refusal = refuse_scope(ctx, sitting_id)) return done(*refusal);
    }
    json list = json::array();
    for (auto const& i : attempts_.incidents(sitting_id)) list.push_back(incident_to_json(i));
    done(outcome::ok(
        {{"incidents", list},
         {"categories", std::vector<std::string>(protocol::incident_categories().begin(),
                                                 protocol::incident_categories().end())}}));
}

} // namespace craftmark::core
