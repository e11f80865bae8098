#include "server/checks/work_check.hpp"

namespace craftmark::checks {

using nlohmann::json;

work_check check_work(core::practical_task const& task,
                      std::optional<core::marking_scheme> const& scheme,
                      std::vector<work_file> const& files,
                      core::checker_runner const& run,
                      std::filesystem::path const& folder) {
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    for (auto const& f : files) std::filesystem::copy_file(f.stored, folder / f.name);
    auto outcome = run(task, folder);
    std::filesystem::remove_all(folder);
    work_check out;
    out.record = {{"status", status_name(outcome.state)},
                  {"message", outcome.message},
                  {"diagnostics", outcome.diagnostics},
                  {"problems", json::array()}};
    if (outcome.state == check_outcome::status::ok && scheme) {
        auto applied = apply_check(*scheme, outcome.results);
        out.record["problems"] = applied.problems;
        out.measured = std::move(applied.measured);
    }
    return out;
}

core::checker_runner sandboxed_runner(std::filesystem::path checkers,
                                      std::filesystem::path sandbox) {
    return [checkers = std::move(checkers), sandbox = std::move(sandbox)](
               core::practical_task const& task, std::filesystem::path const& work) {
        checker_spec spec;
        spec.command = task.checker_command;
        spec.folder = checkers / task.checker_folder;
        return run_check(sandbox, spec, work);
    };
}

std::filesystem::path find_sandbox(std::filesystem::path const& configured) {
    if (!configured.empty()) return configured;
    auto self = std::filesystem::read_symlink("/proc/self/exe").parent_path();
    for (auto const& candidate : {self / "craftmark-sandbox", self / "../server/craftmark-sandbox"})
        if (std::filesystem::exists(candidate)) return candidate;
    return self / "craftmark-sandbox";
}

} // namespace craftmark::checks
