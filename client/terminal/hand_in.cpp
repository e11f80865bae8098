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

std::string not_taken(json const& rule, fs::path const& file, std::int64_t size) {
    if (!rule.value("files", false)) return "这项任务不收文件 this task takes no files";
    auto types = rule.value("types", json::array());
    if (!types.empty() &&
        std::find(types.begin(), types.end(), lower_extension(file)) == types.end())
        return "不接受此类型 type not accepted";
    auto max = static_cast<std::int64_t>(rule.value("maxMegabytes", 0.0) * (1 << 20));
    if (max > 0 && size > max) return "文件过大 file too large";
    return {};
}

} // namespace

std::vector<hand_in_file>
hand_in_files(json const& task, json const& receipts, fs::path const& folder) {
    std::vector<hand_in_file> files;
    std::error_code ec;
    for (auto const& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file()) continue;
        hand_in_file f;
        f.name = entry.path().filename().string();
        f.size = static_cast<std::int64_t>(entry.file_size());
        f.note = not_taken(task.value("handIn", json::object()), entry.path(), f.size);
        if (!f.note.empty()) {
            f.status = hand_in_file::state::not_accepted;
        } else {
            f.sha256 = crypto::sha256_file_hex(entry.path());
            for (auto const& r : receipts_of_task(task, receipts))
                if (r.value("name", "") == f.name)
                    f.status = r.value("sha256", "") == f.sha256 ? hand_in_file::state::received
                                                                 : hand_in_file::state::changed;
        }
        files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end(),
              [](auto const& a, auto const& b) { return a.name < b.name; });
    return files;
}

std::vector<json> receipts_of_task(json const& task, json const& receipts) {
    std::vector<json> out;
    for (auto const& r : receipts)
        if (r.value("task", "") == task.value("id", "")) out.push_back(r);
    return out;
}

} // namespace craftmark::client
