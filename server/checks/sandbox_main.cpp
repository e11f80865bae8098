// craftmark-sandbox: runs one checker program against a candidate's work, contained.
//
// The server starts this helper instead of the checker so that the containment is set up in a
// fresh single-threaded process (a multi-threaded server may not do much between fork and exec).
// The checker gets:
//   - no network: a new network namespace with nothing in it;
//   - its own process namespace: when the checker ends or time is up, the namespace's first
//     process exits and the kernel kills everything the checker started, however it forked;
//   - a fresh working folder on a size-limited tmpfs holding copies of the inputs, so that
//     writing without end fills that and nothing else, and the originals cannot be changed;
//   - an unprivileged user (when started as root) with limits on CPU time, memory, file size,
//     open files and processes.
// Exit status: the checker's own, 128 + signal when a signal ended it, 124 when the wall-clock
// limit ended it, 125 when the sandbox itself could not be set up (the reason on stderr).
#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <grp.h>
#include <iostream>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

constexpr int exit_timeout = 124;
constexpr int exit_sandbox_failed = 125;

struct options {
    std::vector<std::string> inputs; // folders whose contents are copied into the working folder
    std::vector<std::string> command;
    int wall_ms = 10'000;
    int cpu_seconds = 5;
    int memory_mb = 512;
    int disk_mb = 64;
    int file_mb = 32;
    int processes = 32;
    uid_t uid = 65534; // nobody, when started as root
};

[[noreturn]] void die(std::string const& what) {
    std::cerr << "craftmark-sandbox: " << what << ": " << std::strerror(errno) << "\n";
    _exit(exit_sandbox_failed);
}

void write_proc(char const* path, std::string const& text) {
    int fd = ::open(path, O_WRONLY);
    if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        die(std::string("cannot write ") + path);
    ::close(fd);
}

void limit(int resource, rlim_t value, char const* name) {
    rlimit r{value, value};
    if (setrlimit(resource, &r) != 0) die(std::string("cannot limit ") + name);
}

// Runs in the checker's process, inside every namespace, just before exec.
[[noreturn]] void exec_checker(options const& o, fs::path const& work) {
    if (chdir(work.c_str()) != 0) die("cannot enter the working folder");
    if (geteuid() == 0) { // started as root: drop to the unprivileged user for good
        gid_t gid = o.uid;
        if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(o.uid) != 0)
            die("cannot drop privileges");
    }
    limit(RLIMIT_CPU, static_cast<rlim_t>(o.cpu_seconds), "CPU time");
    limit(RLIMIT_AS, static_cast<rlim_t>(o.memory_mb) << 20, "memory");
    limit(RLIMIT_FSIZE, static_cast<rlim_t>(o.file_mb) << 20, "file size");
    limit(RLIMIT_NPROC, static_cast<rlim_t>(o.processes), "processes");
    limit(RLIMIT_NOFILE, 64, "open files");
    limit(RLIMIT_CORE, 0, "core dumps");
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    std::vector<char*> argv;
    for (auto const& a : o.command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    char const* env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/nonexistent", "LANG=C.UTF-8",
                         nullptr};
    execve(argv[0], argv.data(), const_cast<char**>(env));
    execvpe(argv[0], argv.data(), const_cast<char**>(env));
    die("cannot start " + o.command.front());
}

// The first process of the new PID namespace: prepares the working folder, runs the checker,
// reaps whatever it leaves behind, and exits with the checker's status.
[[noreturn]] void namespace_init(options const& o, fs::path const& work) {
    // The mount and network namespaces are this process's alone, so the tmpfs disappears with it.
    if (unshare(CLONE_NEWNS | CLONE_NEWNET) != 0) die("cannot create namespaces");
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        die("cannot make mounts private");
    auto size = "size=" + std::to_string(o.disk_mb) + "m,mode=0700,nr_inodes=4096";
    if (mount("craftmark-check", work.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, size.c_str()) != 0)
        die("cannot mount the working folder");
    for (auto const& input : o.inputs) { // "FOLDER" or "FOLDER:SUBFOLDER"
        auto colon = input.rfind(':');
        fs::path from = input.substr(0, colon);
        fs::path to = colon == std::string::npos ? work : work / input.substr(colon + 1);
        std::error_code ec;
        fs::create_directories(to, ec);
        fs::copy(from, to, fs::copy_options::recursive, ec);
        if (ec) {
            errno = ec.value();
            die("cannot copy " + from.string());
        }
    }
    if (geteuid() == 0) // the unprivileged user must be able to work in its folder
        for (auto const& e : fs::recursive_directory_iterator(work))
            if (lchown(e.path().c_str(), o.uid, o.uid) != 0)
                die("cannot hand over " + e.path().string());
    if (geteuid() == 0 && chown(work.c_str(), o.uid, o.uid) != 0)
        die("cannot hand over the folder");
    pid_t checker = fork();
    if (checker < 0) die("cannot fork");
    if (checker == 0) exec_checker(o, work);
    int status = 0;
    for (;;) { // as PID 1, reap every orphan until the checker itself ends
        pid_t done = wait(&status);
        if (done == checker) break;
        if (done < 0 && errno != EINTR) die("lost the checker");
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int run(options const& o) {
    char pattern[] = "/tmp/craftmark-check-XXXXXX";
    if (!mkdtemp(pattern)) die("cannot make a working folder");
    fs::path work = pattern;
    int flags = CLONE_NEWPID;
    uid_t outer_uid = geteuid();
    gid_t outer_gid = getegid();
    if (outer_uid != 0) flags |= CLONE_NEWUSER; // unprivileged: a user namespace grants the rest
    if (unshare(flags) != 0) die("cannot create namespaces");
    if (outer_uid != 0) {
        write_proc("/proc/self/setgroups", "deny");
        write_proc("/proc/self/uid_map", "0 " + std::to_string(outer_uid) + " 1");
        write_proc("/proc/self/gid_map", "0 " + std::to_string(outer_gid) + " 1");
    }
    pid_t init = fork(); // PID 1 of the new namespace
    if (init < 0) die("cannot fork");
    if (init == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); // if this helper is killed, so is the check
        namespace_init(o, work);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.wall_ms);
    int status = 0;
    int code = exit_timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pid_t done = waitpid(init, &status, WNOHANG);
        if (done == init) {
            code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (code == exit_timeout) {
        kill(init, SIGKILL); // ends every process in the namespace
        waitpid(init, &status, 0);
        std::cerr << "craftmark-sandbox: stopped after " << o.wall_ms << " ms\n";
    }
    std::error_code ignored;
    fs::remove_all(work, ignored); // the tmpfs went with the namespace; this is the mount point
    return code;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"Runs a checker program on copies of INPUT folders in a contained working folder: "
                 "no network, limited time, memory, disk, file size and processes."};
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
    app.prefix_command(); // everything from the first positional on is the checker's command
    app.footer("Usage: craftmark-sandbox [OPTIONS] [--] PROGRAM [ARGS...]");
    CLI11_PARSE(app, argc, argv);
    o.command = app.remaining();
    if (!o.command.empty() && o.command.front() == "--") o.command.erase(o.command.begin());
    if (o.command.empty()) {
        std::cerr << "craftmark-sandbox: no checker program given (see --help)\n";
        return exit_sandbox_failed;
    }
    return run(o);
}
