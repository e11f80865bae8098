#pragma once
// What the marking console needs besides drawing: turning what an examiner types into a
// marking entry, a line of text per aspect, and downloading a work's files.
#include "client/net/connection.hpp"
#include "shared/protocol/marking_replies.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

namespace craftmark::client {

/// An entry for `aspect` (as `marking.work` describes it) from typed text, or why not:
/// a judgement takes 0–3; all-or-nothing takes y/n; deductions take fault ids, each optionally
/// with "=count" ("" for no faults); a banded measurement takes the measured value.
std::variant<nlohmann::json, std::string> parse_entry(protocol::scheme_aspect const& aspect,
                                                      std::string const& typed);

/// What the examiner is asked for `aspect`, in a line.
std::string entry_prompt(protocol::scheme_aspect const& aspect);

/// The state of `aspect` in a line: the entry so far, or how many judges have entered and,
/// once all have, their scores.
std::string mark_summary(protocol::scheme_aspect const& aspect,
                         protocol::aspect_entries const& mark);

/// Downloads one file of a work into `folder` (as `folder/code/name`) with `marking.file`,
/// checking its SHA-256; returns where it was written, or throws with the server's reason.
std::filesystem::path download_work_file(connection& c,
                                         std::string const& sitting_id,
                                         std::string const& code,
                                         protocol::work_file const& file,
                                         std::filesystem::path const& folder);

} // namespace craftmark::client
