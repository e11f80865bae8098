#pragma once
// The core's checker_runner on this machine: the task's checker in craftmark-sandbox, on copies
// of the candidate's files.
#include "server/core/marking/work_check.hpp"

namespace craftmark::checks {

/// Runs tasks' checkers from `checkers` (one folder per checker) through `sandbox`.
core::checker_runner sandboxed_runner(std::filesystem::path checkers,
                                      std::filesystem::path sandbox);

/// `configured` when given, else craftmark-sandbox beside the running program (installed) or in
/// the build tree's server/ folder.
std::filesystem::path find_sandbox(std::filesystem::path const& configured);

} // namespace craftmark::checks
