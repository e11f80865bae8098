#include "client/terminal/hand_in.hpp"

#include "shared/crypto/digest.hpp"

#include <algorithm>

namespace craftmark::client {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string lower_extension(fs::path const& p) {
    auto e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
    return e;
}

std::string not_taken(protocol::hand_in_rule const& rule, fs::path const& file, std::int64_t size) {
    if (!rule.files) return "这项任务不收文件 this task takes no files";
    auto const& types = rule.types;
    if (!types.empty() &&
        std::find(types.begin(), types.end(), lower_extension(file)) == types.end())
        return "不接受此类型 type not accepted";
    auto max = static_cast<std::int64_t>(rule.max_megabytes * (1 << 20));
    if (max > 0 && size > max) return "文件过大 file too large";
    return {};
}

} // namespace

std::vector<hand_in_file> hand_in_files(protocol::task_sheet const& task,
                                        std::vector<protocol::upload_receipt> const& receipts,
                                        fs::path const& folder) {
    std::vector<hand_in_file> files;
    std::error_code ec;
    for (auto const& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file()) continue;
        hand_in_file f;
        f.name = entry.path().filename().string();
        f.size = static_cast<std::int64_t>(entry.file_size());
        f.note = not_taken(task.hand_in, entry.path(), f.size);
        if (!f.note.empty()) {
            f.status = hand_in_file::state::not_accepted;
        } else {
            f.sha256 = crypto::sha256_file_hex(entry.path());
            for (auto const& r : receipts_of_task(task, receipts))
                if (r.name == f.name)
                    f.status = r.sha256 == f.sha256 ? hand_in_file::state::received
                                                    : hand_in_file::state::changed;
        }
        files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end(),
              [](auto const& a, auto const& b) { return a.name < b.name; });
    return files;
}

std::vector<protocol::upload_receipt>
receipts_of_task(protocol::task_sheet const& task,
                 std::vector<protocol::upload_receipt> const& receipts) {
    std::vector<protocol::upload_receipt> out;
    for (auto const& r : receipts)
        if (r.task == task.id) out.push_back(r);
    return out;
}

} // namespace craftmark::client
