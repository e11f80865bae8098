#include "server/checks/sandboxed_runner.hpp"

#include "server/checks/checker.hpp"

namespace craftmark::checks {

core::checker_runner sandboxed_runner(std::filesystem::path checkers,
                                      std::filesystem::path sandbox) {
    return [checkers = std::move(checkers), sandbox = std::move(sandbox)](
               core::practical_task const& task, std::vector<core::work_file> const& files,
               std::filesystem::path const& folder) {
        std::filesystem::remove_all(folder);
        std::filesystem::create_directories(folder);
        for (auto const& f : files) std::filesystem::copy_file(f.stored, folder / f.name);
        checker_spec spec;
        spec.command = task.checker_command;
        spec.folder = checkers / task.checker_folder;
        auto outcome = run_check(sandbox, spec, folder);
        std::filesystem::remove_all(folder);
        return outcome;
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
