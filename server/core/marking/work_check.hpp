#pragma once
// A task's automatic check as the marking room sees it: what the checker reported and how that
// fills the marking scheme's measurement aspects. Running the checker (a program in a sandbox,
// on copies of the candidate's files) is not the core's business: it comes in as a
// `checker_runner`, implemented in server/checks.
#include "server/core/bank/assessment.hpp"
#include "server/core/marking/marking_scheme.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace craftmark::core {

/// What one run of a checker came to. A checker prints
/// `{"results": {"<name>": {"met": true} | {"faults": {...}} | {"value": 40.01}}}`.
struct check_outcome {
    enum class status { ok, failed, timed_out, bad_output, unavailable };
    status state = status::unavailable;
    std::string message;     // for examiners: what happened, in a sentence
    nlohmann::json results;  // result name → entry (status ok only)
    std::string diagnostics; // the last part of what the checker wrote to stderr
    int exit_code = 0;
};

std::string_view status_name(check_outcome::status s);

/// Checker results that fill `scheme`'s measurement aspects (by each aspect's `checker` name),
/// and a line for each result that is missing or does not fit its aspect.
struct applied_check {
    std::map<std::string, nlohmann::json> measured; // aspect code → entry
    std::vector<std::string> problems;
};
applied_check apply_check(marking_scheme const& scheme, nlohmann::json const& results);

/// A stored upload and the name the candidate gave it.
struct work_file {
    std::filesystem::path stored;
    std::string name;
};

/// Runs `task`'s checker on the candidate's `files`, working in `folder` (which the runner
/// fills with copies of the files and removes again).
using checker_runner = std::function<check_outcome(practical_task const& task,
                                                   std::vector<work_file> const& files,
                                                   std::filesystem::path const& folder)>;

/// What checking one work found: the record examiners see (status, message, diagnostics,
/// problems) and the measurement entries it fills (none unless the check ran to the end).
struct work_check {
    nlohmann::json record;
    std::map<std::string, nlohmann::json> measured;
};

/// Checks one candidate's work on one task (when an attempt closes, and in re-checks).
work_check check_work(practical_task const& task,
                      std::optional<marking_scheme> const& scheme,
                      std::vector<work_file> const& files,
                      checker_runner const& run,
                      std::filesystem::path const& folder);

} // namespace craftmark::core
