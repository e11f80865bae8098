#pragma once
#include "shared/protocol/room_replies.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace craftmark::client {

/// What the proctor console knows about the room: the seats from room.watch, kept current by
/// room.seat pushes, plus the console's own view state (sort, filter, cursor, selection).
/// No I/O and no curses, so every rule here has a unit test.
class room_model {
  public:
    enum class sort_by { seat, attention, time_left };
    enum class filter { all, attention, missing, not_signed_in, submitted };

    /// Replaces everything with a room.watch reply.
    void load(protocol::room_view const& watch_reply);
    /// Applies one room.seat push.
    void update(protocol::seat_status const& seat);

    /// The seats shown, in display order.
    std::vector<protocol::seat_status> visible() const;
    std::size_t size() const { return seats_.size(); }
    protocol::room_card const& sitting() const { return sitting_; }

    void set_sort(sort_by s) { sort_ = s; }
    void set_filter(filter f) { filter_ = f; }
    sort_by sort() const { return sort_; }
    filter current_filter() const { return filter_; }
    void next_sort();
    void next_filter();

    /// Toggles `ticket` in the selection; select_all selects what is visible.
    void toggle(std::string const& ticket);
    void select_all();
    void clear_selection() { selected_.clear(); }
    bool is_selected(std::string const& ticket) const { return selected_.count(ticket) > 0; }
    /// The tickets an action applies to: the selection, or else `cursor_ticket`.
    std::vector<std::string> targets(std::string const& cursor_ticket) const;

    /// Counts for the header: connected, missing, not signed in, submitted, needing attention.
    std::map<std::string, int> counts() const;

  private:
    protocol::room_card sitting_;
    std::map<std::string, protocol::seat_status> seats_; // ticket -> seat
    std::set<std::string> selected_;
    sort_by sort_ = sort_by::seat;
    filter filter_ = filter::all;
};

/// True when a seat needs the proctor: a raised hand, a lost connection, a paused clock, a
/// terminal that lost focus, another terminal asking for the attempt, or a locked ticket.
bool needs_attention(protocol::seat_status const& seat);

/// "connected", "missing since 09:41:07", "not signed in", "submitted" (local time).
std::string connection_label(protocol::seat_status const& seat);

/// The seat's check-in as the card shows it: "签到 in 09:12", "迟到 late 09:20", "缺考 no-show",
/// "离场 out 10:40" or "未签到 not checked in".
std::string checkin_label(protocol::seat_status const& seat);

/// Whether the ticket is locked after five wrong access codes (as of the seat's server time).
bool locked(protocol::seat_status const& seat);

/// "锁定至 09:17 locked" while locked (short enough for a card), else empty.
std::string lock_label(protocol::seat_status const& seat);

/// Time left as the seat shows it, counted on from the seat's server_time to `server_now`.
std::int64_t seat_remaining_ms(protocol::seat_status const& seat, std::int64_t server_now);

std::string_view sort_name(room_model::sort_by s);
std::string_view filter_name(room_model::filter f);

} // namespace craftmark::client
