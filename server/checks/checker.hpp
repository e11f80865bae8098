#pragma once
#include "server/core/marking/work_check.hpp"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace craftmark::checks {

/// A task's automatic check: a program from the task's checker folder, run in craftmark-sandbox
/// against copies of the candidate's files (in `work/`), printing
/// `{"results": {"<name>": {"met": true} | {"faults": {...}} | {"value": 40.01}}}` on stdout.
struct checker_spec {
    std::vector<std::string> command; // e.g. {"python3", "check.py"}
    std::filesystem::path folder;     // the checker's own files, copied into the working folder
    int wall_ms = 30'000;
    int cpu_seconds = 20;
    int memory_mb = 512;
    int disk_mb = 64;
    int file_mb = 32;
    int processes = 32;
};

using core::check_outcome;

/// Runs `spec` on the files in `work` through the sandbox program. Never throws for anything the
/// checker does; a checker that loops, crashes or prints nonsense gives a status saying so.
check_outcome run_check(std::filesystem::path const& sandbox_program,
                        checker_spec const& spec,
                        std::filesystem::path const& work);

} // namespace craftmark::checks
