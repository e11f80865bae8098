// The exam terminal's screens. Runs on the main thread; the exam client's worker thread keeps
// the link and the journal, and this loop redraws from its snapshot five times a second.
#include "client/terminal/screen.hpp"

#include "client/terminal/paper_model.hpp"
#include "client/terminal/practical_screen.hpp"
#include "client/terminal/title_bar.hpp"
#include "client/ui/curses_kit.hpp"
#include "client/ui/text_layout.hpp"
#include "shared/text/readable_text.hpp"

#include <chrono>
#include <clocale>
#include <curses.h>
#include <thread>

namespace craftmark::client {
namespace {

using nlohmann::json;

using namespace ui;

std::int64_t local_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class exam_screen {
  public:
    exam_screen(exam_client& exam, protocol::session_view view, protocol::paper const& paper)
        : exam_(exam), view_(std::move(view)), questions_(flatten(paper)) {}

    /// Runs until the attempt is closed; returns the submit reply (nothing after a deadline).
    std::optional<protocol::submitted> run() {
        for (;;) {
            auto s = exam_.snapshot();
            if (s.closed || !s.ended.empty()) return std::nullopt;
            bool paused = draw_unless_paused(view_, s, "座位 seat", [&] { draw(s); });
            int key = getch();
            if (key == ERR) continue;
            if (key == 27 && read_focus_event()) continue;
            if (paused) continue;
            if (auto reply = on_key(key)) return reply;
        }
    }

  private:
    question const& current() const { return questions_[index_]; }

    void draw(exam_client::status const& s) {
        erase();
        auto answers = exam_.answers();
        auto flags = exam_.flags();
        draw_title_bar(view_, s, "座位 seat");
        // Status line: saved / saving / offline.
        if (!s.online)
            put(1, 1,
                "● 离线 — 答案已保存在本机 offline — answers kept locally (" +
                    std::to_string(s.unsent) + " to send)",
                COLOR_PAIR(c_bad) | A_BOLD);
        else if (s.unsent)
            put(1, 1, "… 正在保存 saving (" + std::to_string(s.unsent) + ")", COLOR_PAIR(c_warn));
        else
            put(1, 1, "✓ 已保存 saved", COLOR_PAIR(c_ok) | A_BOLD);
        if (!s.last_problem.empty() && s.online)
            put(1, 30, truncate(s.last_problem, COLS - 31), COLOR_PAIR(c_warn));
        draw_navigator(answers, flags);
        draw_question(answers, flags);
        draw_notice();
        fill_line(LINES - 1, A_REVERSE);
        put(LINES - 1, 1,
            truncate("←/→ 上下题  1-9 选择  Enter 作答  F 标记  G 跳转  H 举手  S 交卷 │ "
                     "←/→ move  1-9 choose  Enter type  F flag  G go to  H help  S submit",
                     COLS - 2),
            A_REVERSE);
        refresh();
    }

    // Three cells a row: the number and a mark that needs no colour (✓ answered, ! flagged).
    void draw_navigator(std::map<std::string, json> const& answers,
                        std::set<std::string> const& flags) {
        int y = 3, x = 1;
        put(2, 1, "题号 items", A_BOLD);
        for (auto const& q : questions_) {
            auto st = state_of(q, answers, flags);
            int attr = st == question_state::answered  ? COLOR_PAIR(c_answered)
                       : st == question_state::flagged ? COLOR_PAIR(c_flagged)
                                                       : 0;
            if (q.number - 1 == static_cast<int>(index_)) attr |= A_REVERSE | A_BOLD;
            char cell[16];
            std::snprintf(cell, sizeof cell, "%3d%s", q.number,
                          st == question_state::answered  ? "✓"
                          : st == question_state::flagged ? "!"
                                                          : " ");
            put(y, x, cell, attr);
            x += 5;
            if (x > 11) {
                x = 1;
                if (++y >= LINES - 3) break;
            }
        }
        put(LINES - 2, 1, "✓ 已答 answered ! 标记 flagged", A_DIM);
    }

    // The latest announcement or private message stays on screen until a newer one comes.
    void draw_notice() {
        auto notices = exam_.notices();
        if (notices.empty()) return;
        auto const& n = notices.back();
        std::string label =
            n.kind == "announcement" ? "【公告 announcement】 " : "【监考老师 proctor】 ";
        fill_line(LINES - 2, COLOR_PAIR(c_flagged) | A_BOLD);
        put(LINES - 2, 1, truncate(label + n.text, COLS - 2), COLOR_PAIR(c_flagged) | A_BOLD);
    }

    void draw_question(std::map<std::string, json> const& answers,
                       std::set<std::string> const& flags) {
        int left = 18, width = COLS - left - 1, y = 2;
        auto const& q = current();
        put(y++, left, truncate(q.section_title, width), A_BOLD);
        auto head = "第 " + std::to_string(q.number) + " 题 / 共 " +
                    std::to_string(questions_.size()) + " 题  (" + format_number(q.item.points) +
                    " 分 points)";
        if (flags.count(q.id())) head += "  ⚑ 已标记 flagged";
        put(y++, left, head, flags.count(q.id()) ? COLOR_PAIR(c_warn) | A_BOLD : A_DIM);
        ++y;
        // Formatted text as plain lines, each figure named where it stands (a terminal shows
        // none); figures the text does not place are named after it.
        int figures = 0;
        auto stem = text::readable_text(q.item.stem.text, q.item.stem.format, figures);
        if (figures == 0)
            for (auto const& name : q.item.media)
                stem += "\n[图 Figure " + std::to_string(++figures) + ": " + name + "]";
        for (auto const& line : wrap(stem, width)) {
            if (y >= LINES - 3) break;
            put(y++, left, line);
        }
        if (!q.item.media.empty())
            for (auto const& line : wrap("（本题有图，终端无法显示，宜在浏览器考试中作答 this item "
                                         "shows figures a terminal cannot: it is best sat in the "
                                         "browser exam）",
                                         width))
                if (y < LINES - 3) put(y++, left, line, A_DIM);
        ++y;
        auto const& type = q.item.type;
        json response = answers.count(q.id()) ? answers.at(q.id()) : json::object();
        if (type == "single_choice" || type == "multiple_choice" || type == "true_false") {
            auto texts = option_texts(q);
            for (auto& t : texts) t = text::readable_text(t, q.item.stem.format, figures);
            bool multi = type == "multiple_choice";
            if (multi)
                put(y++, left,
                    "（多选 choose all that apply: 空格/数字切换 space or digit toggles）", A_DIM);
            for (std::size_t i = 0; i < texts.size() && y < LINES - 2; ++i) {
                bool picked = is_picked(q, response, i);
                std::string mark = multi ? (picked ? "[x] " : "[ ] ") : (picked ? "(•) " : "( ) ");
                auto lines = wrap(texts[i], width - 8);
                int attr = i == cursor_ ? COLOR_PAIR(c_cursor) : (picked ? A_BOLD : 0);
                put(y++, left, std::to_string(i + 1) + ". " + mark + lines[0], attr);
                for (std::size_t l = 1; l < lines.size() && y < LINES - 2; ++l)
                    put(y++, left + 7, lines[l], attr);
            }
        } else if (type == "matching") {
            auto const& premises = q.item.premises;
            auto const& responses = q.item.responses;
            put(y++, left,
                "选中左侧一项（↑↓），按数字选择对应项 pick a line, then a number:", A_DIM);
            auto pairs = response.value("pairs", json::object());
            for (std::size_t i = 0; i < premises.size() && y < LINES - 2; ++i) {
                std::string chosen = "—";
                for (std::size_t r = 0; r < responses.size(); ++r)
                    if (pairs.value(premises[i].id, "") == responses[r].id)
                        chosen = std::to_string(r + 1);
                put(y++, left, truncate(premises[i].text + "  →  " + chosen, width),
                    i == cursor_ ? COLOR_PAIR(c_cursor) : 0);
            }
            ++y;
            for (std::size_t r = 0; r < responses.size() && y < LINES - 2; ++r)
                put(y++, left + 2,
                    truncate(std::to_string(r + 1) + ". " + responses[r].text, width - 2));
        } else if (type != "description") {
            put(y++, left, "按 Enter 输入答案 press Enter to type your answer", A_DIM);
            std::string text = response.contains("text")    ? response["text"].get<std::string>()
                               : response.contains("value") ? response["value"].dump()
                                                            : "";
            for (auto const& line : wrap("答案 answer: " + text, width)) {
                if (y >= LINES - 2) break;
                put(y++, left, line, A_BOLD);
            }
        }
    }

    std::optional<protocol::submitted> on_key(int key) {
        auto const& q = current();
        auto const& type = q.item.type;
        auto options = type == "matching" ? q.item.premises.size() : option_texts(q).size();
        if (key == KEY_RIGHT || key == KEY_NPAGE || key == 'n')
            move_to(index_ + 1);
        else if ((key == KEY_LEFT || key == KEY_PPAGE || key == 'p') && index_ > 0)
            move_to(index_ - 1);
        else if (key == KEY_DOWN && cursor_ + 1 < options)
            ++cursor_;
        else if (key == KEY_UP && cursor_ > 0)
            --cursor_;
        else if (key == 'f' || key == 'F')
            exam_.flag(q.id(), !exam_.flags().count(q.id()));
        else if (key == 'g' || key == 'G')
            go_to();
        else if (key == 'h' || key == 'H')
            ask_for_help();
        else if (key == 's' || key == 'S')
            return confirm_submit();
        else if (key >= '1' && key <= '9')
            choose(static_cast<std::size_t>(key - '1'));
        else if (key == ' ' || key == '\n' || key == KEY_ENTER) {
            if (type == "short_answer" || type == "numerical" || type == "essay")
                type_answer();
            else if (type != "matching")
                choose(cursor_);
        }
        return std::nullopt;
    }

    // Terminals that support focus reporting (xterm, tmux with focus-events) send ESC [ O when
    // the candidate switches away and ESC [ I on return; the proctor sees it on the seat.
    bool read_focus_event() {
        nodelay(stdscr, TRUE);
        int bracket = getch();
        int what = bracket == '[' ? getch() : ERR;
        nodelay(stdscr, FALSE);
        timeout(200);
        if (what != 'I' && what != 'O') return false;
        try {
            exam_.report_focus(what == 'I');
        } catch (std::exception const&) {
            // offline: the proctor sees the seat as missing anyway
        }
        return true;
    }

    void ask_for_help() {
        try {
            exam_.raise_hand();
            message_screen({"已通知监考老师，请在座位上等候",
                            "The proctor has been told; please wait at your seat.", "",
                            "按任意键返回 press any key"});
        } catch (std::exception const&) {
            message_screen({"离线：请举手示意监考老师", "Offline: please raise your hand.", "",
                            "按任意键返回 press any key"},
                           COLOR_PAIR(c_warn));
        }
        wait_key();
    }

    void move_to(std::size_t i) {
        if (i >= questions_.size()) return;
        index_ = i;
        cursor_ = 0;
    }

    void choose(std::size_t i) {
        auto const& q = current();
        auto answers = exam_.answers();
        json response = answers.count(q.id()) ? answers.at(q.id()) : json::object();
        if (q.item.type == "matching") {
            if (i < q.item.responses.size())
                exam_.save(q.id(), pick_match(q, response, cursor_, i));
        } else if (i < option_texts(q).size()) {
            exam_.save(q.id(), pick_option(q, response, i));
            cursor_ = i;
        }
    }

    void type_answer() {
        auto const& q = current();
        auto answers = exam_.answers();
        std::string text;
        if (answers.count(q.id())) {
            auto const& r = answers.at(q.id());
            text = r.contains("text")    ? r["text"].get<std::string>()
                   : r.contains("value") ? r["value"].dump()
                                         : "";
        }
        auto typed = read_line(LINES - 2, "答案 answer (Enter 保存 save, Esc 取消 cancel): ", text);
        if (!typed) return;
        if (auto response = text_response(q, *typed)) return exam_.save(q.id(), *response);
        message_screen({"请输入数字 please enter a number", "", "按任意键返回 press any key"},
                       COLOR_PAIR(c_warn));
        wait_key();
    }

    void go_to() {
        auto typed = read_line(LINES - 2, "跳转到第几题 go to item number: ", "");
        if (!typed) return;
        try {
            auto n = std::stoul(*typed);
            if (n >= 1) move_to(n - 1);
        } catch (std::exception const&) {
        }
    }

    std::optional<protocol::submitted> confirm_submit() {
        auto missing = unanswered_numbers(questions_, exam_.answers());
        std::vector<std::string> lines{"确认交卷？ Submit your paper?", ""};
        if (missing.empty())
            lines.push_back("所有题目均已作答 every item is answered");
        else {
            std::string list;
            for (auto n : missing) list += std::to_string(n) + " ";
            lines.push_back("还有 " + std::to_string(missing.size()) + " 题未答 unanswered: ");
            for (auto const& l : wrap(list, COLS - 10)) lines.push_back(l);
        }
        lines.insert(lines.end(),
                     {"", "交卷后不能再修改 after submitting you cannot change answers", "",
                      "Y 确认交卷 submit    N 返回 go back"});
        message_screen(lines, A_BOLD);
        int key = wait_key();
        if (key != 'y' && key != 'Y') return std::nullopt;
        message_screen({"正在交卷… submitting…"});
        try {
            return exam_.submit();
        } catch (std::exception const& e) {
            message_screen({"未能交卷 not submitted:", e.what(), "", "按任意键返回 press any key"},
                           COLOR_PAIR(c_bad));
            wait_key();
            return std::nullopt;
        }
    }

    exam_client& exam_;
    protocol::session_view view_;
    std::vector<question> questions_;
    std::size_t index_ = 0;
    std::size_t cursor_ = 0;
};

protocol::paper wait_in_lobby(exam_client& exam, protocol::session_view const& view) {
    for (;;) {
        if (auto paper = exam.open_paper()) return *paper;
        auto s = exam.snapshot();
        auto starts = view.sitting.starts_at;
        message_screen(
            {view.sitting.title, view.sitting.venue + "  " + view.sitting.room, "",
             view.candidate.name + "  座位 seat " + view.candidate.seat, "",
             "距开考 starts in " + format_remaining(starts - (local_now() + s.offset_ms)), "",
             "请安静等候，开考后试卷自动显示 please wait; the paper opens by itself"});
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    }
}

void final_screen(exam_client& exam, std::optional<protocol::submitted> const& submitted) {
    if (!exam.snapshot().ended.empty()) {
        message_screen({"本场考试已转到另一台终端继续", "This exam continues on another terminal.",
                        "", "请听从监考老师的安排 please follow the proctor's instructions", "",
                        "按 Q 退出 press Q to close"},
                       COLOR_PAIR(c_warn) | A_BOLD);
        timeout(-1);
        for (int key = getch(); key != 'q' && key != 'Q'; key = getch()) {
        }
        return;
    }
    std::vector<std::string> lines;
    auto result = submitted ? submitted->result : std::nullopt;
    if (!submitted) {
        lines = {"考试时间到，试卷已自动提交",
                 "Time is up: your paper was handed in automatically."};
        try {
            result = exam.result().result;
        } catch (std::exception const&) {
        }
    } else {
        lines = {"已交卷 Your paper has been handed in."};
    }
    lines.push_back("");
    for (auto& line : result_lines(result)) lines.push_back(std::move(line));
    lines.insert(lines.end(), {"", "请安静离场 please leave the room quietly", "",
                               "按 Q 退出 press Q to close"});
    message_screen(lines, A_BOLD);
    timeout(-1);
    for (int key = getch(); key != 'q' && key != 'Q'; key = getch()) {
    }
}

} // namespace

namespace {

/// Asks for the ticket (kept from the last try) and the access code, with the last refusal
/// above them; false when the candidate cancels (Esc).
bool ask_credentials(exam_options& options, std::string const& problem) {
    std::vector<std::string> lines{"Craftmark 考试终端 exam terminal", "", "请输入准考证号和访问码",
                                   "enter your admission ticket and access code"};
    if (!problem.empty()) lines.insert(lines.end(), {"", problem});
    message_screen(lines, problem.empty() ? 0 : COLOR_PAIR(c_warn) | A_BOLD);
    auto ticket = read_line(LINES - 4, "准考证号 ticket: ", options.ticket);
    auto code = ticket ? read_line(LINES - 3, "访问码 access code: ", "", true) : std::nullopt;
    if (!ticket || !code) return false;
    options.ticket = *ticket;
    options.access_code = *code;
    return true;
}

/// Signs in, asking again after a wrong code or while the ticket is locked, and waiting while
/// another terminal holds the attempt; null when the candidate gives up.
std::unique_ptr<exam_client> sign_in(exam_options& options, protocol::session_view& view) {
    std::string problem;
    for (;;) {
        if ((options.ticket.empty() || options.access_code.empty()) &&
            !ask_credentials(options, problem))
            return nullptr;
        message_screen({"正在连接… connecting…"});
        auto exam = std::make_unique<exam_client>(options);
        try {
            for (;;) {
                try {
                    view = exam->start();
                    return exam;
                } catch (exam_error const& e) {
                    if (e.code() != "ticket_in_use") throw;
                    message_screen({"本准考证已在另一台终端登录",
                                    "This ticket is signed in on another terminal.", "",
                                    "已通知监考老师，确认后自动继续",
                                    "The proctor has been asked; this screen continues",
                                    "by itself once they approve.", "", "Q 退出 quit"},
                                   COLOR_PAIR(c_warn) | A_BOLD);
                    timeout(3000);
                    int key = getch();
                    timeout(200);
                    if (key == 'q' || key == 'Q') return nullptr;
                }
            }
        } catch (exam_error const& e) {
            // A mistyped code (or a locked ticket) keeps the candidate here, with what the
            // server said: how many tries are left, or to ask the proctor to unlock it.
            if (e.code() != "bad_credentials" && e.code() != "rate_limited") throw;
            problem = (e.code() == "rate_limited" ? "已锁定 locked: " : "访问码错误 wrong code: ") +
                      std::string(e.what());
            options.access_code.clear();
        }
    }
}

} // namespace

int run_screen(exam_options options) {
    curses_session curses;
    std::unique_ptr<exam_client> exam;
    protocol::session_view view;
    try {
        exam = sign_in(options, view);
        if (!exam) return 1;
    } catch (std::exception const& e) {
        message_screen({"无法登录 cannot sign in:", e.what(), "",
                        "请举手联系监考老师 raise your hand for the proctor", "",
                        "按任意键退出 press any key"},
                       COLOR_PAIR(c_bad));
        wait_key();
        return 1;
    }
    auto paper = wait_in_lobby(*exam, view);
    std::optional<protocol::submitted> submitted;
    if (!exam->snapshot().closed)
        submitted = paper.tasks ? run_practical_screen(*exam, view, paper, options.hand_in_dir)
                                : exam_screen(*exam, view, paper).run();
    final_screen(*exam, submitted);
    return 0;
}

} // namespace craftmark::client
