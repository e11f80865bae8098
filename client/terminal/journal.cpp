#include "client/terminal/journal.hpp"

#include "shared/crypto/digest.hpp"

#include <algorithm>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>

namespace craftmark::client {

using nlohmann::json;

journal::journal(std::filesystem::path const& dir, std::string const& ticket)
    : file_(dir / (ticket + ".journal")) {
    std::filesystem::create_directories(dir);
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        auto record = json::parse(line, nullptr, false);
        if (record.is_discarded() || !record.is_object()) continue; // a line torn by a crash
        auto kind = record.value("kind", "");
        if (kind == "token") token_ = record.value("resume_token", "");
        if (kind == "save") {
            pending_save s{record.value("item_id", ""), record.value("seq", std::int64_t{0}),
                           record.value("response", json::object())};
            next_seq_ = std::max(next_seq_, s.seq + 1);
            saves_.push_back(std::move(s));
        }
        if (kind == "ack") acked_.push_back(record.value("seq", std::int64_t{0}));
        if (kind == "seq") next_seq_ = std::max(next_seq_, record.value("next", std::int64_t{1}));
    }
    fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error("cannot open the local journal " + file_.string());
}

journal::~journal() {
    if (fd_ >= 0) ::close(fd_);
}

void journal::append(json const& record) {
    auto line = record.dump() + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
        ::fsync(fd_) != 0)
        throw std::runtime_error("cannot write the local journal " + file_.string());
}

void journal::set_resume_token(std::string const& token) {
    token_ = token;
    append({{"kind", "token"}, {"resume_token", token}});
}

pending_save journal::record_save(std::string const& item_id, json const& response) {
    pending_save s{item_id, next_seq_++, response};
    append({{"kind", "save"}, {"item_id", s.item_id}, {"seq", s.seq}, {"response", s.response}});
    saves_.push_back(s);
    return s;
}

void journal::record_ack(std::int64_t seq) {
    acked_.push_back(seq);
    append({{"kind", "ack"}, {"seq", seq}});
}

void journal::advance_seq(std::int64_t seq) {
    if (seq + 1 <= next_seq_) return;
    next_seq_ = seq + 1;
    append({{"kind", "seq"}, {"next", next_seq_}});
}

std::vector<pending_save> journal::unacknowledged() const {
    std::set<std::int64_t> acked(acked_.begin(), acked_.end());
    std::vector<pending_save> out;
    for (auto const& s : saves_)
        if (!acked.count(s.seq)) out.push_back(s);
    return out;
}

std::map<std::string, json> journal::latest() const {
    std::map<std::string, json> out;
    for (auto const& s : saves_) out[s.item_id] = s.response;
    return out;
}

std::string terminal_id(std::filesystem::path const& dir) {
    std::filesystem::create_directories(dir);
    auto file = dir / "terminal-id";
    std::ifstream in(file);
    std::string id;
    if (std::getline(in, id) && !id.empty()) return id;
    id = "term-" + crypto::random_hex(8);
    std::ofstream(file) << id << "\n";
    return id;
}

} // namespace craftmark::client
