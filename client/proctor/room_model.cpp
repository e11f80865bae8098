#include "client/proctor/room_model.hpp"

#include <algorithm>
#include <ctime>

namespace craftmark::client {

using nlohmann::json;

namespace {
std::string clock_time(std::int64_t server_ms) {
    std::time_t t = server_ms / 1000;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M", &tm);
    return buffer;
}
} // namespace

bool locked(protocol::seat_status const& seat) {
    return seat.locked_until > seat.server_time;
}

bool needs_attention(protocol::seat_status const& seat) {
    return seat.hand_raised || seat.connection == "missing" || seat.state == "paused" ||
           seat.focus_lost > 0 || seat.terminal_request || locked(seat);
}

std::string connection_label(protocol::seat_status const& seat) {
    auto const& c = seat.connection;
    if (c == "missing") {
        std::time_t t = seat.missing_since / 1000;
        std::tm tm{};
        localtime_r(&t, &tm);
        char buffer[32];
        std::strftime(buffer, sizeof buffer, "missing since %H:%M:%S", &tm);
        return buffer;
    }
    if (c == "not_signed_in") return "not signed in";
    return c;
}

std::string checkin_label(protocol::seat_status const& seat) {
    auto const& state = seat.checkin;
    auto at = clock_time(seat.checkin_at);
    if (state == "checked_in") return "签到 in " + at;
    if (state == "late") return "迟到 late " + at;
    if (state == "no_show") return "缺考 no-show";
    if (state == "checked_out") return "离场 out " + at;
    return "未签到 not checked in";
}

std::string lock_label(protocol::seat_status const& seat) {
    if (!locked(seat)) return {};
    return "锁定至 " + clock_time(seat.locked_until) + " locked";
}

std::int64_t seat_remaining_ms(protocol::seat_status const& seat, std::int64_t server_now) {
    if (seat.state != "running") return seat.remaining_ms;
    auto elapsed = server_now - seat.server_time;
    return std::max<std::int64_t>(0, seat.remaining_ms - std::max<std::int64_t>(0, elapsed));
}

std::string_view sort_name(room_model::sort_by s) {
    switch (s) {
    case room_model::sort_by::seat: return "seat";
    case room_model::sort_by::attention: return "attention first";
    case room_model::sort_by::time_left: return "time left";
    }
    return "seat";
}

std::string_view filter_name(room_model::filter f) {
    switch (f) {
    case room_model::filter::all: return "all";
    case room_model::filter::attention: return "needs attention";
    case room_model::filter::missing: return "missing";
    case room_model::filter::not_signed_in: return "not signed in";
    case room_model::filter::submitted: return "submitted";
    }
    return "all";
}

void room_model::load(protocol::room_view const& watch_reply) {
    sitting_ = watch_reply.sitting;
    seats_.clear();
    for (auto const& seat : watch_reply.seats) seats_[seat.ticket] = seat;
}

void room_model::update(protocol::seat_status const& seat) {
    seats_[seat.ticket] = seat;
}

void room_model::next_sort() {
    sort_ = sort_ == sort_by::seat        ? sort_by::attention
            : sort_ == sort_by::attention ? sort_by::time_left
                                          : sort_by::seat;
}

void room_model::next_filter() {
    filter_ = static_cast<filter>((static_cast<int>(filter_) + 1) % 5);
}

std::vector<protocol::seat_status> room_model::visible() const {
    std::vector<protocol::seat_status> out;
    for (auto const& [ticket, seat] : seats_) {
        auto const& c = seat.connection;
        bool keep = filter_ == filter::all ||
                    (filter_ == filter::attention && needs_attention(seat)) ||
                    (filter_ == filter::missing && c == "missing") ||
                    (filter_ == filter::not_signed_in && c == "not_signed_in") ||
                    (filter_ == filter::submitted && c == "submitted");
        if (keep) out.push_back(seat);
    }
    using seat = protocol::seat_status;
    auto by_seat = [](seat const& a, seat const& b) {
        return a.seat != b.seat ? a.seat < b.seat : a.ticket < b.ticket;
    };
    std::stable_sort(out.begin(), out.end(), [&](seat const& a, seat const& b) {
        if (sort_ == sort_by::attention && needs_attention(a) != needs_attention(b))
            return needs_attention(a);
        if (sort_ == sort_by::time_left && a.remaining_ms != b.remaining_ms)
            return a.remaining_ms < b.remaining_ms;
        return by_seat(a, b);
    });
    return out;
}

void room_model::toggle(std::string const& ticket) {
    if (!selected_.erase(ticket)) selected_.insert(ticket);
}

void room_model::select_all() {
    for (auto const& seat : visible()) selected_.insert(seat.ticket);
}

std::vector<std::string> room_model::targets(std::string const& cursor_ticket) const {
    if (!selected_.empty()) return {selected_.begin(), selected_.end()};
    if (cursor_ticket.empty()) return {};
    return {cursor_ticket};
}

std::map<std::string, int> room_model::counts() const {
    std::map<std::string, int> out{
        {"connected", 0}, {"missing", 0}, {"not_signed_in", 0}, {"submitted", 0}, {"attention", 0}};
    for (auto const& [ticket, seat] : seats_) {
        ++out[seat.connection];
        if (needs_attention(seat)) ++out["attention"];
    }
    return out;
}

} // namespace craftmark::client
