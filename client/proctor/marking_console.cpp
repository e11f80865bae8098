// The marking console. Two screens on one connection: the queue, and the form of the work under
// the cursor. Every entry is one request; the form is fetched again after it, so what shows is
// always what the server holds (other judges' scores appear as soon as all have entered).
#include "client/proctor/marking_console.hpp"

#include "client/proctor/marking_form.hpp"
#include "client/ui/curses_kit.hpp"
#include "client/ui/text_layout.hpp"
#include "shared/protocol/marking_messages.hpp"
#include "shared/protocol/marking_replies.hpp"

#include <curses.h>

namespace craftmark::client {
namespace {

using nlohmann::json;
using namespace ui;

bool failed(protocol::incoming const& r) {
    return r.what == protocol::incoming::kind::error;
}

class marking_console {
  public:
    marking_console(connection& c, protocol::staff_session staff, proctor_options const& o)
        : connection_(c), staff_(std::move(staff)), options_(o) {}

    int run() {
        for (;;) {
            if (!load_queue()) return 1;
            draw_queue();
            int key = getch();
            if (key == 'q' || key == 'Q') return 0;
            auto const& works = queue_.works;
            if (key == KEY_DOWN && row_ + 1 < works.size()) ++row_;
            if (key == KEY_UP && row_ > 0) --row_;
            if ((key == '\n' || key == KEY_ENTER) && row_ < works.size())
                open_work(works[row_].code);
        }
    }

  private:
    bool load_queue() {
        auto reply = connection_.call("marking.queue", protocol::sitting_ref{options_.sitting_id});
        if (failed(reply)) {
            message_screen({"不能打开阅卷 cannot open marking:", reply.message, "",
                            "按任意键退出 press any key"},
                           colour_attr(c_bad));
            wait_key();
            return false;
        }
        queue_ = reply.body.get<protocol::marking_queue>();
        return true;
    }

    void title(std::string const& text) {
        fill_line(0, colour_attr(c_title) | A_BOLD);
        put(0, 1,
            truncate("阅卷 Marking · " + options_.sitting_id + " · " + text + " · " +
                         staff_name(staff_),
                     COLS - 2),
            colour_attr(c_title) | A_BOLD);
    }

    void footer(std::string const& keys) {
        put(LINES - 2, 1, truncate(status_, COLS - 2), A_BOLD);
        fill_line(LINES - 1, A_REVERSE);
        put(LINES - 1, 1, truncate(keys, COLS - 2), A_REVERSE);
        refresh();
    }

    void draw_queue() {
        erase();
        auto const& works = queue_.works;
        title(std::to_string(works.size()) + " works");
        put(2, 2,
            "编号 code   任务 task  状态 state  自动检查 check   待评 pending  待协调 reconcile",
            A_BOLD);
        for (std::size_t i = 0; i < works.size() && 3 + static_cast<int>(i) < LINES - 2; ++i) {
            auto const& w = works[i];
            char line[160];
            std::snprintf(line, sizeof line, "%-10s %-9s %-10s %-15s %-12d %d", w.code.c_str(),
                          w.task.c_str(), w.state.c_str(), w.checker.c_str(),
                          static_cast<int>(w.pending.value_or(0)),
                          static_cast<int>(w.reconcile.value_or(0)));
            int attr = i == row_                                  ? colour_attr(c_cursor) | A_BOLD
                       : w.state == "locked"                      ? A_DIM
                       : w.reconcile.value_or(0) > 0              ? colour_attr(c_flagged)
                       : w.checker == "ok" || w.checker == "none" ? 0
                                                                  : colour_attr(c_warn);
            std::string text = line;
            if (w.round > 1) text += "  复核 second marking";
            put(3 + static_cast<int>(i), 2, text, attr);
        }
        if (works.empty()) put(4, 2, "（还没有交来的作品 no work handed in yet）", A_DIM);
        footer("↑↓ move  Enter 评分 mark  Q quit   (the queue refreshes every moment)");
    }

    void open_work(std::string const& code) {
        aspect_ = 0;
        for (;;) {
            auto reply =
                connection_.call("marking.work", protocol::work_ref{options_.sitting_id, code});
            if (failed(reply)) {
                status_ = code + ": " + reply.message;
                return;
            }
            form_ = reply.body.get<protocol::work_form>();
            aspects_.clear();
            for (auto const& criterion : form_.scheme.criteria)
                for (auto const& a : criterion.aspects) aspects_.push_back(a);
            draw_form();
            int key = wait_key();
            if (key == 27 || key == 'b' || key == 'B') return;
            if (key == KEY_DOWN && aspect_ + 1 < aspects_.size()) ++aspect_;
            if (key == KEY_UP && aspect_ > 0) --aspect_;
            if (key == KEY_NPAGE) aspect_ = std::min(aspects_.size() - 1, aspect_ + 10);
            if (key == KEY_PPAGE) aspect_ = aspect_ > 10 ? aspect_ - 10 : 0;
            if ((key == '\n' || key == KEY_ENTER) && aspect_ < aspects_.size())
                enter_aspect(code, aspects_[aspect_]);
            if (key == 'v' || key == 'V') enter_veto(code);
            if (key == 'o' || key == 'O') enter_overtime(code);
            if (key == 'd' || key == 'D') download(code);
            if (key == 'l' || key == 'L') lock(code);
        }
    }

    void draw_form() {
        erase();
        auto const& score = form_.score;
        title(form_.code + " · " + form_.task.title + " · " + form_.state);
        std::string files = "文件 files:";
        for (auto const& f : form_.files)
            files += "  " + f.name + " (" + std::to_string(f.size) + " B)";
        if (form_.files.empty()) files += " （无 none: observed work）";
        put(1, 1, truncate(files, COLS - 2));
        std::string check = "自动检查 check: ";
        check += form_.checker ? form_.checker->status + " — " + form_.checker->message
                               : std::string("none");
        put(2, 1, truncate(check, COLS - 2),
            form_.checker && form_.checker->status != "ok" ? colour_attr(c_warn) : 0);
        char total[120];
        std::snprintf(total, sizeof total, "得分 score %.2f  (raw %.2f, overtime −%.2f)%s",
                      score.total, score.raw, score.overtime_deduction,
                      score.vetoed ? "  否决 VETOED" : "");
        put(3, 1, total, A_BOLD);

        // The aspects, scrolled so the cursor stays visible; the chosen one's details below.
        int top = 5, rows = std::max(3, LINES - 14);
        std::size_t first = aspect_ >= static_cast<std::size_t>(rows) ? aspect_ - rows + 1 : 0;
        for (int r = 0; r < rows && first + r < aspects_.size(); ++r) {
            auto const& a = aspects_[first + r];
            auto scored = score.aspects.find(a.code);
            auto state = scored != score.aspects.end() ? scored->second.state : "";
            char head[64];
            std::snprintf(head, sizeof head, "%-6s %5.2f/%-3g ", a.code.c_str(),
                          scored != score.aspects.end() ? scored->second.mark : 0.0, a.max_mark);
            auto line = std::string(head) + truncate(a.description, 34);
            line +=
                std::string(static_cast<std::size_t>(std::max(0, 52 - display_width(line))), ' ');
            auto entries = form_.marks.find(a.code);
            line += mark_summary(a, entries != form_.marks.end() ? entries->second
                                                                 : protocol::aspect_entries{});
            int attr = first + r == aspect_   ? colour_attr(c_cursor) | A_BOLD
                       : state == "reconcile" ? colour_attr(c_flagged)
                       : state == "pending"   ? 0
                                              : colour_attr(c_answered);
            put(top + r, 1, truncate(line, COLS - 2), attr);
        }
        if (aspect_ < aspects_.size()) draw_details(aspects_[aspect_], top + rows + 1);
        footer("↑↓ aspect  Enter 录入 enter  V 否决 veto  O 超时 overtime  D 下载 download  "
               "L 锁定 lock (chief)  Esc back");
    }

    void draw_details(protocol::scheme_aspect const& a, int y) {
        put(y++, 1, truncate(a.code + "  " + a.description, COLS - 2), A_BOLD);
        if (a.type == "judgement") {
            for (std::size_t s = 0; s < a.scale.size() && y < LINES - 2; ++s)
                put(y++, 3, truncate(std::to_string(s) + " = " + a.scale[s], COLS - 4));
        } else {
            for (auto const& d : a.deductions)
                if (y < LINES - 2)
                    put(y++, 3,
                        truncate(d.id + "  −" + json(d.amount).dump() + "  " + d.text, COLS - 4));
        }
    }

    bool enter(std::string const& code, std::string const& aspect, json const& entry) {
        auto comment = read_line(LINES - 2, "评语（可空）comment (optional): ", "");
        if (!comment) return false;
        auto reply = connection_.call(
            "marking.enter",
            protocol::marking_enter{{options_.sitting_id, code}, aspect, entry, *comment});
        if (failed(reply)) {
            status_ = aspect + " 未保存 not saved: " + reply.message;
            return false;
        }
        status_ = aspect + " ✓ saved";
        if (auto entered = reply.body.get<protocol::mark_entered>(); !entered.reconcile.empty()) {
            status_ += "  待协调 to reconcile:";
            for (auto const& a : entered.reconcile) status_ += " " + a;
        }
        return true;
    }

    void enter_aspect(std::string const& code, protocol::scheme_aspect const& aspect) {
        auto typed = read_line(LINES - 2, entry_prompt(aspect), "");
        if (!typed) return;
        auto parsed = parse_entry(aspect, *typed);
        if (auto const* why = std::get_if<std::string>(&parsed)) {
            status_ = aspect.code + ": " + *why;
            return;
        }
        if (enter(code, aspect.code, std::get<json>(parsed)) && aspect_ + 1 < aspects_.size())
            ++aspect_;
    }

    void enter_veto(std::string const& code) {
        auto const& veto = form_.scheme.veto;
        if (veto.empty()) {
            status_ = "this scheme has no veto items";
            return;
        }
        std::vector<std::string> lines{"否决项 veto items (the task scores zero):", ""};
        for (std::size_t i = 0; i < veto.size() && i < 9; ++i)
            lines.push_back(std::to_string(i + 1) + ". " + veto[i].text);
        lines.insert(lines.end(), {"", "按数字选择，Esc 取消 press a number, Esc cancels"});
        message_screen(lines, A_BOLD);
        int key = wait_key();
        if (key < '1' || key > '0' + static_cast<int>(std::min<std::size_t>(veto.size(), 9)))
            return;
        auto const& item = veto[static_cast<std::size_t>(key - '1')];
        auto yes = read_line(LINES - 2, "发生了吗 did it happen? y/n: ", "");
        if (!yes || (*yes != "y" && *yes != "n")) return;
        enter(code, "veto:" + item.id, {{"happened", *yes == "y"}});
    }

    void enter_overtime(std::string const& code) {
        if (!form_.scheme.overtime) {
            status_ = "this scheme has no overtime rule";
            return;
        }
        auto typed = read_line(LINES - 2, "超时分钟 minutes over the limit: ", "");
        if (!typed) return;
        try {
            enter(code, "overtime", {{"minutes", std::stod(*typed)}});
        } catch (std::exception const&) {
            status_ = "overtime: type a number of minutes";
        }
    }

    void download(std::string const& code) {
        int count = 0;
        for (auto const& f : form_.files) {
            try {
                download_work_file(connection_, options_.sitting_id, code, f, options_.files_dir);
                ++count;
            } catch (std::exception const& e) {
                status_ = "download: " + std::string(e.what());
                return;
            }
        }
        status_ =
            std::to_string(count) + " file(s) saved in " + (options_.files_dir / code).string();
    }

    void lock(std::string const& code) {
        auto sure = read_line(LINES - 2, "锁定并签署 lock and sign off " + code + "? y/n: ", "");
        if (!sure || *sure != "y") return;
        auto reply =
            connection_.call("marking.lock", protocol::work_ref{options_.sitting_id, code});
        status_ = failed(reply) ? "lock refused: " + reply.message : code + " locked ✓";
    }

    connection& connection_;
    protocol::staff_session staff_;
    proctor_options const& options_;
    protocol::marking_queue queue_;
    protocol::work_form form_;
    std::vector<protocol::scheme_aspect> aspects_;
    std::size_t row_ = 0, aspect_ = 0;
    std::string status_ = "就绪 ready";
};

} // namespace

int run_marking_console(connection& c,
                        protocol::staff_session const& staff,
                        proctor_options const& options) {
    return marking_console(c, staff, options).run();
}

} // namespace craftmark::client
