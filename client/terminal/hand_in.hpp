#pragma once
#include "shared/protocol/exam_replies.hpp"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::client {

/// A file in a task's hand-in folder (<hand-in>/<task id>/), compared with the server's receipts.
struct hand_in_file {
    enum class state {
        received,     // the server's receipt has this name and SHA-256
        changed,      // received once, changed on disk since: upload again
        not_sent,     // not uploaded yet
        not_accepted, // the task does not take it (type or size); the note says why
    };
    std::string name;
    std::int64_t size = 0;
    std::string sha256;
    state status = state::not_sent;
    std::string note;
};

/// The files of `task` (a paper's task view) in `folder`, by name, with their state against
/// `receipts` (the paper's or upload replies' receipts). A missing folder has no files.
std::vector<hand_in_file> hand_in_files(protocol::task_sheet const& task,
                                        std::vector<protocol::upload_receipt> const& receipts,
                                        std::filesystem::path const& folder);

/// The receipts of `task`.
std::vector<protocol::upload_receipt>
receipts_of_task(protocol::task_sheet const& task,
                 std::vector<protocol::upload_receipt> const& receipts);

} // namespace craftmark::client
