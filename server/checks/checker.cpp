#include "server/checks/checker.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace craftmark::checks {

namespace {

constexpr std::size_t max_stdout = 1 << 20;
constexpr std::size_t stderr_tail = 4096;
constexpr int backstop_ms = 5'000; // beyond the sandbox's own limit, in case the helper hangs

struct pipe_pair {
    int read = -1;
    int write = -1;
};

pipe_pair make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::strerror(errno));
    return {fds[0], fds[1]};
}

struct spawned {
    pid_t pid = -1;
    int out = -1;
    int err = -1;
};

spawned spawn(std::vector<std::string> const& args) {
    auto out = make_pipe();
    auto err = make_pipe();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out.write, 1);
    posix_spawn_file_actions_adddup2(&actions, err.write, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (auto const& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    spawned s;
    int rc = posix_spawn(&s.pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out.write);
    ::close(err.write);
    s.out = out.read;
    s.err = err.read;
    if (rc != 0) {
        ::close(s.out);
        ::close(s.err);
        throw std::runtime_error("cannot start " + args.front() + ": " + std::strerror(rc));
    }
    return s;
}

// Reads both pipes until they close or the time is up. Output past the caps is read and
// dropped so that the checker never blocks on a full pipe.
bool collect(spawned const& s, int wall_ms, std::string& out, std::string& err, bool& overflow) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wall_ms);
    std::array<pollfd, 2> fds{{{s.out, POLLIN, 0}, {s.err, POLLIN, 0}}};
    int open = 2;
    char buffer[8192];
    while (open > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0) return false;
        if (poll(fds.data(), fds.size(), static_cast<int>(left)) < 0 && errno != EINTR)
            return false;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            auto n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                fds[i].fd = -1;
                --open;
                continue;
            }
            auto& sink = i == 0 ? out : err;
            sink.append(buffer, static_cast<std::size_t>(n));
            if (i == 0 && out.size() > max_stdout) {
                overflow = true;
                out.resize(max_stdout);
            }
            if (i == 1 && err.size() > 2 * stderr_tail) err.erase(0, err.size() - stderr_tail);
        }
    }
    return true;
}

std::string signal_text(int sig) {
    switch (sig) {
    case SIGXCPU: return "it used up its CPU time";
    case SIGXFSZ: return "it wrote a file larger than allowed";
    case SIGKILL: return "it was killed (most likely out of memory)";
    case SIGSEGV: return "it crashed (segmentation fault)";
    default: return std::string("it was ended by signal ") + sigabbrev_np(sig);
    }
}

} // namespace

check_outcome run_check(std::filesystem::path const& sandbox_program,
                        checker_spec const& spec,
                        std::filesystem::path const& work) {
    using status = check_outcome::status;
    check_outcome o;
    if (spec.command.empty()) {
        o.message = "the task names no checker command";
        return o;
    }
    std::vector<std::string> args{sandbox_program.string(),
                                  "--wall-ms=" + std::to_string(spec.wall_ms),
                                  "--cpu-seconds=" + std::to_string(spec.cpu_seconds),
                                  "--memory-mb=" + std::to_string(spec.memory_mb),
                                  "--disk-mb=" + std::to_string(spec.disk_mb),
                                  "--file-mb=" + std::to_string(spec.file_mb),
                                  "--processes=" + std::to_string(spec.processes),
                                  "--input=" + work.string() + ":work"};
    if (!spec.folder.empty()) args.push_back("--input=" + spec.folder.string());
    args.push_back("--");
    args.insert(args.end(), spec.command.begin(), spec.command.end());
    spawned child;
    try {
        child = spawn(args);
    } catch (std::exception const& e) {
        o.message = e.what();
        return o;
    }
    std::string out;
    bool overflow = false;
    bool finished = collect(child, spec.wall_ms + backstop_ms, out, o.diagnostics, overflow);
    if (!finished) kill(child.pid, SIGKILL); // the sandbox's own first process dies with it
    ::close(child.out);
    ::close(child.err);
    int wait_status = 0;
    waitpid(child.pid, &wait_status, 0);
    if (o.diagnostics.size() > stderr_tail)
        o.diagnostics.erase(0, o.diagnostics.size() - stderr_tail);
    int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    o.exit_code = code;
    if (!finished || code == 124) {
        o.state = status::timed_out;
        o.message = "the checker did not finish within " + std::to_string(spec.wall_ms) + " ms";
    } else if (code == 125) {
        o.state = status::unavailable;
        o.message = "the sandbox could not run the checker";
    } else if (code > 128) {
        o.state = status::failed;
        o.message = "the checker stopped: " + signal_text(code - 128);
    } else if (code != 0) {
        o.state = status::failed;
        o.message = "the checker exited with code " + std::to_string(code);
    } else if (overflow) {
        o.state = status::bad_output;
        o.message = "the checker printed more than 1 MiB";
    } else {
        auto j = nlohmann::json::parse(out, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("results") ||
            !j["results"].is_object()) {
            o.state = status::bad_output;
            o.message = "the checker did not print {\"results\": {...}}";
        } else {
            o.state = status::ok;
            o.results = j["results"];
            o.message = "checked";
        }
    }
    return o;
}

} // namespace craftmark::checks
