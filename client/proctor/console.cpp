// The proctor console. One thread: it drains pushes into the room model, redraws five times a
// second, and sends each action as one request, showing its outcome on the status line.
#include "client/proctor/console.hpp"

#include "client/proctor/marking_console.hpp"
#include "client/proctor/room_model.hpp"
#include "client/ui/curses_kit.hpp"
#include "client/ui/text_layout.hpp"
#include "shared/protocol/catalog.hpp"
#include "shared/protocol/room_messages.hpp"
#include "shared/protocol/seat_messages.hpp"

#include <chrono>
#include <curses.h>

namespace craftmark::client {
namespace {

using nlohmann::json;
using namespace ui;

constexpr int card_width = 26;

// Reason codes proctors already use, by category.
constexpr std::pair<char const*, char const*> reasons[] = {
    {"illness", "身体不适 illness"},
    {"noise", "噪声 noise"},
    {"power_outage", "停电 power outage"},
    {"terminal_failure", "终端故障 terminal failure"},
    {"network", "网络故障 network"},
    {"misconduct", "违纪 misconduct"},
    {"identity", "身份问题 identity"},
    {"staff_error", "工作人员失误 staff error"},
    {"other", "其他 other"},
};

std::int64_t local_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class console {
  public:
    console(connection& c, protocol::staff_session staff, std::string sitting_id)
        : connection_(c), staff_(std::move(staff)), sitting_id_(std::move(sitting_id)) {}

    int run() {
        auto watch = connection_.call("room.watch", protocol::sitting_ref{sitting_id_});
        if (watch.what == protocol::incoming::kind::error) {
            message_screen({"不能打开考场 cannot open the room:", watch.message, "",
                            "按任意键退出 press any key"},
                           colour_attr(c_bad));
            wait_key();
            return 1;
        }
        model_.load(watch.body.get<protocol::room_view>());
        for (;;) {
            while (auto m = connection_.next_message(std::chrono::milliseconds(0)))
                if (m->what == protocol::incoming::kind::push && m->type == "room.seat")
                    model_.update(m->body.get<protocol::seat_status>());
            if (!connection_.connected())
                status_ = "连接已断开 connection lost — restart the console";
            draw();
            int key = getch();
            if (key == 'q' || key == 'Q') return 0;
            if (key != ERR) on_key(key);
        }
    }

  private:
    void draw() {
        erase();
        auto seats = model_.visible();
        if (cursor_ >= seats.size()) cursor_ = seats.empty() ? 0 : seats.size() - 1;
        auto now = local_now() + connection_.clock_offset_ms();
        fill_line(0, colour_attr(c_title) | A_BOLD);
        auto const& s = model_.sitting();
        put(0, 1,
            truncate("监考台 Proctor · " + s.title + " · " + s.room + " · " + staff_name(staff_),
                     COLS - 12),
            colour_attr(c_title) | A_BOLD);
        auto counts = model_.counts();
        put(1, 1,
            truncate("在线 " + std::to_string(counts["connected"]) + "  缺席 missing " +
                         std::to_string(counts["missing"]) + "  未登录 " +
                         std::to_string(counts["not_signed_in"]) + "  已交卷 " +
                         std::to_string(counts["submitted"]) + "  需处理 attention " +
                         std::to_string(counts["attention"]) +
                         "  │ sort: " + std::string(sort_name(model_.sort())) +
                         "  filter: " + std::string(filter_name(model_.current_filter())),
                     COLS - 2));
        int per_row = std::max(1, (COLS - 1) / card_width);
        for (std::size_t i = 0; i < seats.size(); ++i) {
            int y = 3 + static_cast<int>(i) / per_row * 3,
                x = 1 + static_cast<int>(i) % per_row * card_width;
            if (y + 1 >= LINES - 2) break;
            draw_card(seats[i], y, x, i == cursor_, now);
        }
        if (seats.empty()) put(4, 2, "（此筛选下没有考生 no candidates in this filter）", A_DIM);
        put(LINES - 2, 1, truncate(status_, COLS - 2), A_BOLD);
        fill_line(LINES - 1, A_REVERSE);
        put(LINES - 1, 1,
            truncate(
                "方向键 move  空格 select  A all  C 签到 check-in  U 解锁 unlock  P 暂停 pause  "
                "R 恢复 resume  E 延时 extra  "
                "T 终止 terminate  O 重开 reopen  V 换机 terminal  M 私信 message  N 公告 "
                "announce  "
                "S sort  F filter  Q quit",
                COLS - 2),
            A_REVERSE);
        refresh();
    }

    void
    draw_card(protocol::seat_status const& seat, int y, int x, bool at_cursor, std::int64_t now) {
        auto const& ticket = seat.ticket;
        auto const& c = seat.connection;
        int attr = c == "connected"   ? colour_attr(c_ok)
                   : c == "missing"   ? colour_attr(c_bad)
                   : c == "submitted" ? A_DIM
                                      : 0;
        if (needs_attention(seat)) attr = colour_attr(c_flagged);
        if (at_cursor) attr = colour_attr(c_cursor) | A_BOLD;
        std::string mark = model_.is_selected(ticket) ? "*" : " ";
        put(y, x, truncate(mark + seat.seat + " " + seat.name, card_width - 2), attr);
        std::string line = c == "connected"   ? "● "
                           : c == "missing"   ? "○ "
                           : c == "submitted" ? "✓ "
                                              : "· ";
        if (c == "not_signed_in")
            line += checkin_label(seat);
        else if (c == "submitted")
            line += connection_label(seat);
        else
            line += std::to_string(seat.answered) + "/" + std::to_string(seat.total) + " " +
                    format_remaining(seat_remaining_ms(seat, now));
        if (seat.state == "paused") line += " ‖";
        if (seat.hand_raised) line += " ✋";
        if (seat.terminal_request) line += " ⇄";
        if (seat.incidents_open > 0) line += " !" + std::to_string(seat.incidents_open);
        if (seat.focus_lost > 0) line += " ⚠" + std::to_string(seat.focus_lost);
        if (c == "missing") line = "○ " + connection_label(seat);
        if (locked(seat)) line = "🔒 " + lock_label(seat);
        put(y + 1, x, truncate(line, card_width - 2), at_cursor ? attr : 0);
    }

    std::string cursor_ticket() {
        auto seats = model_.visible();
        return cursor_ < seats.size() ? seats[cursor_].ticket : "";
    }

    void on_key(int key) {
        auto count = model_.visible().size();
        int per_row = std::max(1, (COLS - 1) / card_width);
        auto step = static_cast<std::size_t>(per_row);
        if (key == KEY_RIGHT && cursor_ + 1 < count)
            ++cursor_;
        else if (key == KEY_LEFT && cursor_ > 0)
            --cursor_;
        else if (key == KEY_DOWN && cursor_ + step < count)
            cursor_ += step;
        else if (key == KEY_UP && cursor_ >= step)
            cursor_ -= step;
        else if (key == ' ')
            model_.toggle(cursor_ticket());
        else if (key == 'a' || key == 'A')
            model_.select_all();
        else if (key == 27)
            model_.clear_selection();
        else if (key == 's' || key == 'S')
            model_.next_sort();
        else if (key == 'f' || key == 'F')
            model_.next_filter(), cursor_ = 0;
        else if (key == 'p' || key == 'P')
            control("attempt.pause", 0);
        else if (key == 'r' || key == 'R')
            control("attempt.resume", 0);
        else if (key == 'e' || key == 'E')
            control("attempt.extra_time", ask_minutes("延时几分钟 extra minutes: "));
        else if (key == 't' || key == 'T')
            control("attempt.terminate", 0);
        else if (key == 'o' || key == 'O')
            control("attempt.reopen", ask_minutes("给几分钟完成 minutes to finish: "));
        else if (key == 'c' || key == 'C')
            check_in();
        else if (key == 'u' || key == 'U')
            unlock();
        else if (key == 'v' || key == 'V')
            approve_terminal();
        else if (key == 'm' || key == 'M')
            send_message();
        else if (key == 'n' || key == 'N')
            announce();
        else if (key == 'i' || key == 'I')
            record_incident();
        else if (key == 'x' || key == 'X')
            move_seat();
    }

    std::int64_t ask_minutes(std::string const& prompt) {
        auto typed = read_line(LINES - 2, prompt, "");
        try {
            return typed ? std::stoll(*typed) : -1;
        } catch (std::exception const&) {
            return -1;
        }
    }

    /// Picks a reason code (and an optional comment); nullopt when cancelled.
    std::optional<std::pair<std::string, std::string>> ask_reason() {
        std::vector<std::string> lines{"原因 reason:", ""};
        for (std::size_t i = 0; i < std::size(reasons); ++i)
            lines.push_back(std::to_string(i + 1) + ". " + reasons[i].second);
        lines.insert(lines.end(), {"", "按数字选择，Esc 取消 press a number, Esc cancels"});
        message_screen(lines, A_BOLD);
        int key = wait_key();
        if (key < '1' || key > '0' + static_cast<int>(std::size(reasons))) return std::nullopt;
        auto comment = read_line(LINES - 2, "说明（可空）comment (optional): ", "");
        if (!comment) return std::nullopt;
        return std::pair{std::string(reasons[key - '1'].first), *comment};
    }

    void report(std::string const& action, protocol::incoming const& reply) {
        if (reply.what == protocol::incoming::kind::error) {
            status_ = action + " 未完成 refused: " + reply.message;
            return;
        }
        status_ = action + " ✓";
    }

    /// A clock control's reply: how many seats it changed, which it passed over and why.
    void report_control(std::string const& action, protocol::incoming const& reply) {
        report(action, reply);
        if (reply.what == protocol::incoming::kind::error) return;
        auto result = reply.body.get<protocol::control_result>();
        status_ += " " + std::to_string(result.applied.size()) + " applied";
        if (!result.skipped.empty()) {
            status_ += ", skipped:";
            for (auto const& s : result.skipped) status_ += " " + s.ticket + " (" + s.why + ")";
        }
        // A mistyped ticket, or one of another room, must not look like success.
        if (!result.unknown.empty()) {
            status_ += ", 不在本考场 not in this room:";
            for (auto const& t : result.unknown) status_ += " " + t;
        }
    }

    void control(std::string const& type, std::int64_t minutes) {
        if (minutes < 0) return;
        auto targets = model_.targets(cursor_ticket());
        if (targets.empty()) return;
        auto reason = ask_reason();
        if (!reason) return;
        protocol::attempt_control control{sitting_id_, reason->first, reason->second, targets};
        report_control(type, minutes > 0 ? connection_.call(
                                               type, protocol::attempt_extension{control, minutes})
                                         : connection_.call(type, control));
        model_.clear_selection();
    }

    void check_in() {
        auto ticket = cursor_ticket();
        if (ticket.empty()) return;
        message_screen({"签到 check-in: " + ticket, "",
                        "1. 已到，核对身份后发放访问码 present: issue a new access code",
                        "2. 迟到 late arrival (new code)", "3. 缺考 no-show (no code)",
                        "4. 离场 checked out (the code stops working)", "", "Esc 取消 cancel"},
                       A_BOLD);
        int key = wait_key();
        std::string state = key == '1'   ? "checked_in"
                            : key == '2' ? "late"
                            : key == '3' ? "no_show"
                            : key == '4' ? "checked_out"
                                         : "";
        if (state.empty()) return;
        auto reply = connection_.call("candidate.check_in", protocol::check_in{ticket, state});
        report("check-in " + ticket, reply);
        if (reply.what != protocol::incoming::kind::reply) return;
        auto b = reply.body.get<protocol::checked_in>();
        if (b.access_code.empty()) return; // a no-show or a check-out: no code to hand over
        // A terminal cannot show a photo; the printed check-in sheet has it.
        message_screen(
            {b.name + "  座位 seat " + b.seat, "证件号 ID: " + b.national_id,
             b.photo ? "照片见签到表 photo: on the check-in sheet" : "无照片 no photo on file", "",
             "访问码 access code", "", "   " + b.access_code + "   ", "",
             "请核对身份后告知考生 tell the candidate after checking identity", "",
             "按任意键返回 press any key"},
            A_BOLD);
        wait_key();
    }

    /// Lifts the lock on a ticket after five wrong access codes (recorded with the reason).
    void unlock() {
        auto ticket = cursor_ticket();
        if (ticket.empty()) return;
        auto reason = ask_reason();
        if (!reason) return;
        report("unlock " + ticket,
               connection_.call("candidate.unlock",
                                protocol::candidate_unlock{ticket, reason->first}));
    }

    void approve_terminal() {
        auto ticket = cursor_ticket();
        if (ticket.empty()) return;
        auto reason = ask_reason();
        if (!reason) return;
        report("terminal " + ticket,
               connection_.call("terminal.approve",
                                protocol::terminal_approve{ticket, reason->first}));
    }

    void move_seat() {
        auto ticket = cursor_ticket();
        if (ticket.empty()) return;
        auto seat = read_line(LINES - 2, "新座位 new seat for " + ticket + ": ", "");
        if (!seat || seat->empty()) return;
        auto reason = ask_reason();
        if (!reason) return;
        report("seat " + ticket,
               connection_.call("candidate.move",
                                protocol::candidate_move{ticket, *seat, reason->first}));
    }

    void send_message() {
        auto ticket = cursor_ticket();
        if (ticket.empty()) return;
        auto text = read_line(LINES - 2, "私信 message to " + ticket + ": ", "");
        if (!text || text->empty()) return;
        report("message",
               connection_.call("candidate.message", protocol::candidate_message{ticket, *text}));
    }

    void record_incident() {
        auto categories = protocol::incident_categories();
        std::vector<std::string> lines{"事件类别 incident category:", ""};
        for (std::size_t i = 0; i < categories.size(); ++i)
            lines.push_back(std::string(1, static_cast<char>('a' + i)) + ". " +
                            std::string(categories[i]));
        lines.insert(lines.end(), {"", "按字母选择，Esc 取消 press a letter, Esc cancels"});
        message_screen(lines, A_BOLD);
        int key = wait_key();
        if (key < 'a' || key >= 'a' + static_cast<int>(categories.size())) return;
        auto text = read_line(LINES - 2, "经过 what happened: ", "");
        if (!text || text->empty()) return;
        auto tickets = model_.targets(cursor_ticket());
        report("incident",
               connection_.call("incident.open",
                                protocol::incident_open{
                                    sitting_id_,
                                    std::string(categories[static_cast<std::size_t>(key - 'a')]),
                                    *text, tickets}));
        model_.clear_selection();
    }

    void announce() {
        auto text = read_line(LINES - 2, "公告 announcement to the room: ", "");
        if (!text || text->empty()) return;
        report("announcement",
               connection_.call("room.announce", protocol::room_announce{sitting_id_, *text}));
    }

    connection& connection_;
    protocol::staff_session staff_;
    std::string sitting_id_;
    room_model model_;
    std::size_t cursor_ = 0;
    std::string status_ = "就绪 ready";
};

} // namespace

int run_console(proctor_options const& options) {
    std::unique_ptr<connection> c;
    protocol::staff_session staff;
    try {
        c = connection::open(options.server);
        auto reply = c->call("auth.staff_sign_in",
                             protocol::staff_sign_in{options.username, options.password});
        if (reply.what == protocol::incoming::kind::error) throw std::runtime_error(reply.message);
        staff = reply.body.get<protocol::staff_session>();
    } catch (std::exception const& e) {
        std::fprintf(stderr, "craftmark-proctor: %s\n", e.what());
        return 1;
    }
    curses_session curses;
    if (options.marking) return run_marking_console(*c, staff, options);
    return console(*c, staff, options.sitting_id).run();
}

} // namespace craftmark::client
