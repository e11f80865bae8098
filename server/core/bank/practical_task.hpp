#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace craftmark::core {

/// What a candidate hands in for a practical task: files, or nothing when the work is physical
/// and examiners only observe it.
struct hand_in_rule {
    bool files = false;
    std::vector<std::string> types;    // allowed extensions, lower case with the dot; empty: any
    std::int64_t max_bytes = 20 << 20; // per file
    int max_files = 10;

    /// Why a file called `name` of `size` bytes is refused, or empty when it is accepted.
    std::string refusal(std::string const& name, std::int64_t size) const;
};

/// A task of a practical component: its sheet, time, hand-in rule, marking scheme and the
/// optional automatic check (a program under <data>/checkers/<folder>, run in the sandbox).
struct practical_task {
    std::string id;
    std::string title;
    std::string sheet;                    // the task sheet the terminal shows
    std::vector<std::string> attachments; // names of drawings and files handed out with it
    std::int64_t duration_ms = 0;
    std::string marking_scheme;
    hand_in_rule hand_in;
    std::vector<std::string> checker_command;
    std::string checker_folder;
};

/// Reads one task of an assessment's "tasks"; throws std::invalid_argument naming the problem.
practical_task practical_task_from_json(nlohmann::json const& j);
nlohmann::json practical_task_to_json(practical_task const& t);
/// What the candidate's terminal is told: no marking scheme, no checker.
nlohmann::json practical_task_view(practical_task const& t);

} // namespace craftmark::core
