#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::client {

/// One save the candidate made, as sent to the server.
struct pending_save {
    std::string item_id;
    std::int64_t seq = 0;
    nlohmann::json response;
};

/// The terminal's local journal of one attempt: the resume token, every save the candidate
/// made and which of them the server acknowledged. Each record is one JSON line, flushed and
/// fsync'ed before the save is sent, so a terminal crash, a network drop or a server restart
/// loses nothing the candidate entered: after a restart the unacknowledged saves are replayed.
class journal {
  public:
    /// Opens (creating) the journal of `ticket` in `dir`; reads what an earlier run wrote.
    journal(std::filesystem::path const& dir, std::string const& ticket);
    ~journal();
    journal(journal const&) = delete;
    journal& operator=(journal const&) = delete;

    std::string const& resume_token() const { return token_; }
    void set_resume_token(std::string const& token);

    /// Records a new save and returns it with the next sequence number.
    pending_save record_save(std::string const& item_id, nlohmann::json const& response);
    void record_ack(std::int64_t seq);
    /// Makes later sequence numbers start above `seq` (the server's last_seq after resume).
    void advance_seq(std::int64_t seq);

    /// Saves not yet acknowledged, oldest first.
    std::vector<pending_save> unacknowledged() const;
    /// The latest response recorded per item (what the candidate last entered).
    std::map<std::string, nlohmann::json> latest() const;

  private:
    void append(nlohmann::json const& record);
    std::filesystem::path file_;
    int fd_ = -1;
    std::string token_;
    std::int64_t next_seq_ = 1;
    std::vector<pending_save> saves_;
    std::vector<std::int64_t> acked_;
};

/// A stable id for this terminal, kept in `dir`/terminal-id (created on first use).
std::string terminal_id(std::filesystem::path const& dir);

} // namespace craftmark::client
