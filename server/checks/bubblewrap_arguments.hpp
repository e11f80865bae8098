#pragma once
// The bubblewrap command line that builds a checker's world: a read-only /usr, an empty network,
// its own processes, and one small writable tmpfs holding copies of its inputs.
#include <cstdint>
#include <string>
#include <vector>

namespace craftmark::checks {

/// Where the checker starts, inside the sandbox; HOME and the only writable place are /tmp.
inline constexpr char const* sandbox_work_folder = "/tmp/check";

struct bubblewrap_call {
    std::vector<std::string> arguments; // after the program name
    std::vector<int> input_fds;         // open for bubblewrap to copy from; close after it starts
    std::uintmax_t largest_input = 0;   // bytes: the file-size limit must let the copy happen
};

struct sandbox_world {
    std::vector<std::string> inputs; // "FOLDER" or "FOLDER:SUBFOLDER", copied into the work folder
    int disk_mb = 64;                // size of /tmp
    int seccomp_fd = -1;
    int status_fd = -1; // bubblewrap's JSON status: "child-pid" once the checker was started
    std::vector<std::string> command;
};

/// Opens every input file and lays out the arguments. Throws std::runtime_error naming the
/// input that cannot be read or is neither a file nor a folder (a symbolic link could point
/// anywhere on the host, so none is followed).
bubblewrap_call bubblewrap_arguments(sandbox_world const& world);

} // namespace craftmark::checks
