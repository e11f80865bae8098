// The practical component on the exam terminal. Main thread only; uploads run on it too (with
// a progress bar), because the candidate waits for the receipt anyway.
#include "client/terminal/practical_screen.hpp"

#include "client/terminal/hand_in.hpp"
#include "client/terminal/title_bar.hpp"
#include "client/ui/curses_kit.hpp"
#include "client/ui/text_layout.hpp"

#include <curses.h>

namespace craftmark::client {
namespace {

using nlohmann::json;
using namespace ui;

std::string size_text(std::int64_t bytes) {
    if (bytes < 10 * 1024) return std::to_string(bytes) + " B";
    if (bytes < 10 * 1024 * 1024) return std::to_string(bytes / 1024) + " KiB";
    return std::to_string(bytes >> 20) + " MiB";
}

class practical_screen {
  public:
    practical_screen(exam_client& exam,
                     protocol::session_view view,
                     protocol::paper const& paper,
                     std::filesystem::path hand_in)
        : exam_(exam), view_(std::move(view)), tasks_(paper.tasks.value_or(decltype(tasks_){})),
          receipts_(paper.receipts), hand_in_(std::move(hand_in)) {}

    std::optional<protocol::submitted> run() {
        if (tasks_.empty()) return std::nullopt; // nothing to show: wait for the deadline
        for (;;) {
            auto s = exam_.snapshot();
            if (s.closed || !s.ended.empty()) return std::nullopt;
            bool paused = draw_unless_paused(view_, s, "工位 station", [&] { draw(s); });
            int key = getch();
            if (key == ERR || paused) continue;
            if (key == KEY_RIGHT || key == '\t') task_ = (task_ + 1) % tasks_.size();
            if (key == KEY_LEFT) task_ = (task_ + tasks_.size() - 1) % tasks_.size();
            if (key >= '1' && key <= '9' && static_cast<std::size_t>(key - '1') < tasks_.size())
                task_ = static_cast<std::size_t>(key - '1');
            if (key == 'u' || key == 'U') upload_all();
            if (key == 'h' || key == 'H') exam_.raise_hand();
            if (key == KEY_DOWN) ++scroll_;
            if (key == KEY_UP && scroll_ > 0) --scroll_;
            if (key == 's' || key == 'S')
                if (auto reply = confirm_submit()) return reply;
        }
    }

  private:
    protocol::task_sheet const& task() const { return tasks_[task_]; }
    std::filesystem::path folder() const { return hand_in_ / task().id; }

    void draw(exam_client::status const& s) {
        erase();
        draw_title_bar(view_, s, "工位 station");
        put(1, 1, s.online ? "✓ 在线 online" : "● 离线 offline — 上传将在恢复后继续",
            colour_attr(s.online ? c_ok : c_bad) | A_BOLD);
        if (!status_.empty()) put(1, 30, truncate(status_, COLS - 31), colour_attr(c_warn));
        draw_task_tabs();
        int y = draw_sheet(4);
        draw_files(y + 1);
        fill_line(LINES - 1, A_REVERSE);
        put(LINES - 1, 1,
            truncate("←/→ 任务  ↑/↓ 滚动  U 上传作品  H 举手  S 交卷 │ ←/→ task  ↑/↓ scroll  "
                     "U upload work  H help  S hand in",
                     COLS - 2),
            A_REVERSE);
        refresh();
    }

    void draw_task_tabs() {
        int x = 1;
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            auto label =
                " " + std::to_string(i + 1) + " " + tasks_[i].id + " " + tasks_[i].title + " ";
            put(2, x, truncate(label, 30), i == task_ ? (A_REVERSE | A_BOLD) : 0);
            x += display_width(truncate(label, 30)) + 1;
        }
    }

    // The task sheet, scrollable, above the hand-in area.
    int draw_sheet(int top) {
        auto const& t = task();
        put(top, 1,
            "限时 time limit " + format_number(t.duration_minutes) + " min" +
                (t.attachments.empty() ? "" : "   附件 attachments: " + join(t.attachments)),
            A_DIM);
        auto lines = wrap(t.sheet, COLS - 4);
        int height = std::max(3, LINES / 2 - top);
        scroll_ = std::min(scroll_, lines.size() > static_cast<std::size_t>(height)
                                        ? lines.size() - static_cast<std::size_t>(height)
                                        : std::size_t{0});
        int y = top + 1;
        for (auto i = scroll_; i < lines.size() && y < top + 1 + height; ++i) put(y++, 2, lines[i]);
        return top + 1 + height;
    }

    void draw_files(int top) {
        if (!task().hand_in.files) {
            put(top, 1, "本任务为现场操作，无需上传文件 observed work: nothing to upload", A_BOLD);
            return;
        }
        put(top, 1, "交件文件夹 hand-in folder: " + folder().string(), A_BOLD);
        auto files = hand_in_files(task(), receipts_, folder());
        int y = top + 1;
        if (files.empty())
            put(y++, 2, "（空 empty）把作品保存到此文件夹 save your work here", A_DIM);
        for (auto const& f : files) {
            if (y >= LINES - 2) break;
            std::string mark;
            int attr = 0;
            switch (f.status) {
            case hand_in_file::state::received:
                mark = "✓ 已收到 received  SHA-256 " + f.sha256;
                attr = colour_attr(c_ok);
                break;
            case hand_in_file::state::changed:
                mark = "! 已修改，需重新上传 changed: upload again";
                attr = colour_attr(c_warn) | A_BOLD;
                break;
            case hand_in_file::state::not_sent:
                mark = "· 未上传 not uploaded";
                attr = colour_attr(c_warn);
                break;
            case hand_in_file::state::not_accepted:
                mark = "✗ " + f.note;
                attr = colour_attr(c_bad);
                break;
            }
            put(y++, 2, truncate(f.name + "  " + size_text(f.size) + "  " + mark, COLS - 4), attr);
        }
    }

    void upload_all() {
        auto files = hand_in_files(task(), receipts_, folder());
        int sent = 0;
        for (auto const& f : files) {
            if (f.status != hand_in_file::state::not_sent &&
                f.status != hand_in_file::state::changed)
                continue;
            try {
                auto receipt = exam_.upload(task().id, folder() / f.name,
                                            [&](std::int64_t done, std::int64_t total) {
                                                show_progress(f.name, done, total);
                                            });
                // The new receipt replaces one for the same file.
                std::vector<protocol::upload_receipt> kept;
                for (auto const& r : receipts_)
                    if (r.task != task().id || r.name != f.name) kept.push_back(r);
                receipts_ = std::move(kept);
                receipts_.push_back(receipt);
                ++sent;
            } catch (std::exception const& e) {
                status_ = f.name + ": " + e.what();
                return;
            }
        }
        status_ = sent ? "已上传 " + std::to_string(sent) + " 个文件 uploaded " +
                             std::to_string(sent) + " file(s)"
                       : "没有需要上传的文件 nothing new to upload";
    }

    void show_progress(std::string const& name, std::int64_t done, std::int64_t total) {
        int width = std::max(10, COLS - 40);
        int filled = total ? static_cast<int>(width * done / total) : width;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar.resize(static_cast<std::size_t>(width), '.');
        fill_line(1, 0);
        put(1, 1,
            truncate("上传 uploading " + name, 28) + " [" + bar + "] " +
                std::to_string(total ? 100 * done / total : 100) + "%",
            colour_attr(c_warn) | A_BOLD);
        refresh();
    }

    std::optional<protocol::submitted> confirm_submit() {
        int waiting = 0;
        for (auto const& t : tasks_)
            for (auto const& f : hand_in_files(t, receipts_, hand_in_ / t.id))
                waiting += f.status == hand_in_file::state::not_sent ||
                           f.status == hand_in_file::state::changed;
        std::vector<std::string> lines{"确认交卷？ Hand in the practical work?", ""};
        if (waiting)
            lines.push_back("还有 " + std::to_string(waiting) +
                            " 个文件未上传 file(s) not uploaded");
        else
            lines.push_back("所有文件均已收到 every file is received");
        lines.insert(lines.end(), {"", "交卷后不能再上传 after this no more files are taken", "",
                                   "Y 确认 hand in    N 返回 go back"});
        message_screen(lines, A_BOLD);
        int key = wait_key();
        if (key != 'y' && key != 'Y') return std::nullopt;
        try {
            return exam_.submit();
        } catch (std::exception const& e) {
            status_ = std::string("未能交卷 not handed in: ") + e.what();
            return std::nullopt;
        }
    }

    static std::string join(std::vector<std::string> const& names) {
        std::string out;
        for (auto const& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    }

    exam_client& exam_;
    protocol::session_view view_;
    std::vector<protocol::task_sheet> tasks_;
    std::vector<protocol::upload_receipt> receipts_;
    std::filesystem::path hand_in_;
    std::size_t task_ = 0;
    std::size_t scroll_ = 0;
    std::string status_;
};

} // namespace

std::optional<protocol::submitted> run_practical_screen(exam_client& exam,
                                                        protocol::session_view const& view,
                                                        protocol::paper const& paper,
                                                        std::filesystem::path const& hand_in) {
    return practical_screen(exam, view, paper, hand_in).run();
}

} // namespace craftmark::client
