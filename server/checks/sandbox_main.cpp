// craftmark-sandbox: runs one checker program against a candidate's work, contained.
//
// The containment is Debian's bubblewrap (`bwrap`), started by this helper so that it begins in
// a fresh single-threaded process (a multi-threaded server may not do much between fork and
// exec). The checker gets:
//   - no network: an empty network namespace, and a seccomp filter refusing network sockets;
//   - its own process namespace: when the checker ends or time is up, everything it started is
//     killed, however it forked;
//   - a read-only /usr and nothing else of the host: no /etc, no data folder, no keys, no other
//     candidate's uploads;
//   - a size-limited tmpfs holding copies of the inputs, so that writing without end fills that
//     and nothing else, and the originals cannot be changed;
//   - an unprivileged user (when started as root) with limits on CPU time, memory, file size,
//     open files and processes, and a filter on the system calls that reach into the kernel.
// Exit status: the checker's own, 128 + signal when a signal ended it, 124 when the wall-clock
// limit ended it, 125 when the sandbox itself could not be set up (the reason on stderr).
#include "server/checks/bubblewrap_arguments.hpp"
#include "server/checks/checker_seccomp.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <grp.h>
#include <iostream>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace craftmark::checks;

constexpr int exit_timeout = 124;
constexpr int exit_sandbox_failed = 125;

struct options {
    std::vector<std::string> inputs; // folders whose contents are copied into the working folder
    std::vector<std::string> command;
    std::string bubblewrap = "/usr/bin/bwrap";
    int wall_ms = 10'000;
    int cpu_seconds = 5;
    int memory_mb = 512;
    int disk_mb = 64;
    int file_mb = 32;
    int processes = 32;
    uid_t uid = 65534; // nobody, when started as root
};

[[noreturn]] void die(std::string const& what) {
    std::cerr << "craftmark-sandbox: " << what << "\n";
    _exit(exit_sandbox_failed);
}

void limit(int resource, rlim_t value, char const* name) {
    rlimit r{value, value};
    if (setrlimit(resource, &r) != 0) die(std::string("cannot limit ") + name);
}

// The kernel counts RLIMIT_NPROC over every task of the real user. Started as root, the checker
// gets a user of its own; started by the service's user, the server's own threads count too, so
// the checker's allowance goes on top of what that user runs now.
rlim_t tasks_of(uid_t uid) {
    rlim_t tasks = 0;
    for (auto const& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream status(entry.path() / "status");
        std::string line;
        bool mine = false;
        while (std::getline(status, line)) {
            if (line.starts_with("Uid:")) mine = std::stoul(line.substr(4)) == uid;
            if (mine && line.starts_with("Threads:")) tasks += std::stoul(line.substr(8));
        }
    }
    return tasks;
}

// In the child, just before bubblewrap: the limits hold for it and everything it starts.
[[noreturn]] void exec_bubblewrap(options const& o, bubblewrap_call const& call) {
    if (geteuid() == 0) { // started as root: bubblewrap and the checker run as the user, for good
        gid_t gid = o.uid;
        if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(o.uid) != 0)
            die(std::string("cannot drop privileges: ") + std::strerror(errno));
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); // after setuid, which clears it
    limit(RLIMIT_CPU, static_cast<rlim_t>(o.cpu_seconds), "CPU time");
    limit(RLIMIT_AS, static_cast<rlim_t>(o.memory_mb) << 20, "memory");
    // bubblewrap writes the copies under this limit too: never below the largest input
    limit(RLIMIT_FSIZE, std::max<rlim_t>(static_cast<rlim_t>(o.file_mb) << 20, call.largest_input),
          "file size");
    limit(RLIMIT_NPROC,
          static_cast<rlim_t>(o.processes) + (geteuid() == 0 ? 0 : tasks_of(getuid())),
          "processes");
    // the input files are open until bubblewrap has copied them
    limit(RLIMIT_NOFILE, 64 + call.input_fds.size(), "open files");
    limit(RLIMIT_CORE, 0, "core dumps");
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    std::vector<char*> argv{const_cast<char*>(o.bubblewrap.c_str())};
    for (auto const& a : call.arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    char* no_environment[] = {nullptr};
    execve(argv[0], argv.data(), no_environment);
    die("cannot start " + o.bubblewrap + ": " + std::strerror(errno) +
        " (the Debian package bubblewrap provides it)");
}

// Waits for the child until the deadline; false when time ran out.
bool wait_for(pid_t child, int wall_ms, int& status) {
    // The system call: glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ cannot link to it.
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
    if (pidfd < 0) die(std::string("cannot watch the checker: ") + std::strerror(errno));
    pollfd ready{pidfd, POLLIN, 0};
    int rc;
    do rc = poll(&ready, 1, wall_ms);
    while (rc < 0 && errno == EINTR); // a signal only shortens the wait by the time it took
    ::close(pidfd);
    if (rc == 0) return false;
    waitpid(child, &status, 0);
    return true;
}

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    return text;
}

int run(options const& o) {
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) die("cannot make a pipe");
    fcntl(status_pipe[1], F_SETFD, 0); // bubblewrap writes its status here
    bubblewrap_call call;
    try {
        sandbox_world world{o.inputs, o.disk_mb, checker_seccomp_filter(), status_pipe[1],
                            o.command};
        call = bubblewrap_arguments(world);
    } catch (std::exception const& e) {
        die(e.what());
    }
    pid_t child = fork();
    if (child < 0) die("cannot fork");
    if (child == 0) {
        ::close(status_pipe[0]);
        exec_bubblewrap(o, call);
    }
    ::close(status_pipe[1]);
    for (int fd : call.input_fds) ::close(fd);
    int status = 0;
    if (!wait_for(child, o.wall_ms, status)) {
        kill(child, SIGKILL); // bubblewrap's --die-with-parent takes the whole namespace with it
        waitpid(child, &status, 0);
        std::cerr << "craftmark-sandbox: stopped after " << o.wall_ms << " ms\n";
        return exit_timeout;
    }
    // bubblewrap reports "child-pid" once the checker's namespace exists; without it, the exit
    // status is bubblewrap's own refusal (its reason is already on stderr), not the checker's.
    if (read_all(status_pipe[0]).find("\"child-pid\"") == std::string::npos)
        die("bubblewrap could not set up the sandbox");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Runs a checker program on copies of INPUT folders in a bubblewrap sandbox: no "
                 "network, no host files but a read-only /usr, limited time, memory, disk, file "
                 "size and processes."};
    app.add_option("--input", o.inputs,
                   "FOLDER[:SUBFOLDER]: copy FOLDER's contents into the working folder "
                   "(or a subfolder of it); repeatable");
    app.add_option("--wall-ms", o.wall_ms, "wall-clock limit")->capture_default_str();
    app.add_option("--cpu-seconds", o.cpu_seconds, "CPU time limit")->capture_default_str();
    app.add_option("--memory-mb", o.memory_mb, "address space per process")->capture_default_str();
    app.add_option("--disk-mb", o.disk_mb, "size of the working folder")->capture_default_str();
    app.add_option("--file-mb", o.file_mb, "largest file the checker may write")
        ->capture_default_str();
    app.add_option("--processes", o.processes, "processes the checker may run")
        ->capture_default_str();
    app.add_option("--uid", o.uid, "user the checker runs as when started as root")
        ->capture_default_str();
    app.add_option("--bubblewrap", o.bubblewrap, "the bwrap program")->capture_default_str();
    app.prefix_command(); // everything from the first positional on is the checker's command
    app.footer("Usage: craftmark-sandbox [OPTIONS] [--] PROGRAM [ARGS...]\n"
               "Exit status: the checker's; 128+N when signal N ended it; 124 out of time; "
               "125 the sandbox could not be set up.");
    CLI11_PARSE(app, argc, argv);
    o.command = app.remaining();
    if (!o.command.empty() && o.command.front() == "--") o.command.erase(o.command.begin());
    if (o.command.empty()) {
        std::cerr << "craftmark-sandbox: no checker program given (see --help)\n";
        return exit_sandbox_failed;
    }
    return run(o);
}
