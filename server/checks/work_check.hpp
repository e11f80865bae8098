#pragma once
// Checking one candidate's work on one task: used when an attempt closes and by re-checks.
#include "server/core/marking_service.hpp"

namespace craftmark::checks {

/// What checking one work found: the record examiners see (status, message, diagnostics,
/// problems) and the measurement entries it fills (none unless the check ran to the end).
struct work_check {
    nlohmann::json record;
    std::map<std::string, nlohmann::json> measured;
};

/// A stored upload and the name the candidate gave it.
struct work_file {
    std::filesystem::path stored;
    std::string name;
};

/// Copies `files` under their own names into a fresh `folder`, runs the task's checker on it
/// and removes the folder again.
work_check check_work(core::practical_task const& task,
                      std::optional<core::marking_scheme> const& scheme,
                      std::vector<work_file> const& files,
                      core::checker_runner const& run,
                      std::filesystem::path const& folder);

/// Runs tasks' checkers from `checkers` (one folder per checker) through `sandbox`.
core::checker_runner sandboxed_runner(std::filesystem::path checkers,
                                      std::filesystem::path sandbox);

/// `configured` when given, else craftmark-sandbox beside the running program (installed) or in
/// the build tree's server/ folder.
std::filesystem::path find_sandbox(std::filesystem::path const& configured);

} // namespace craftmark::checks
