#include "server/checks/bubblewrap_arguments.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace craftmark::checks {

namespace {

struct layout {
    bubblewrap_call& call;

    void add(std::initializer_list<std::string> words) {
        call.arguments.insert(call.arguments.end(), words);
    }

    // The programs' folders of the host, read-only: /usr, and the top-level names that point
    // into it on a merged-/usr system (Debian since bookworm) or are folders of their own.
    void programs() {
        add({"--ro-bind", "/usr", "/usr"});
        // Of /etc only what finds programs and libraries: Debian's alternatives (awk is
        // /etc/alternatives/awk) and the loader's cache; no accounts, no configuration.
        add({"--ro-bind-try", "/etc/alternatives", "/etc/alternatives", "--ro-bind-try",
             "/etc/ld.so.cache", "/etc/ld.so.cache"});
        for (char const* name : {"bin", "sbin", "lib", "lib32", "lib64", "libx32"}) {
            fs::path host = fs::path("/") / name;
            std::error_code ec;
            auto status = fs::symlink_status(host, ec);
            if (ec || !fs::exists(status)) continue;
            if (fs::is_symlink(status))
                add({"--symlink", fs::read_symlink(host).string(), host.string()});
            else if (fs::is_directory(status))
                add({"--ro-bind", host.string(), host.string()});
        }
    }

    void copy_file(fs::path const& from, std::string const& to) {
        int fd = ::open(from.c_str(), O_RDONLY | O_NOFOLLOW); // inherited by bubblewrap
        if (fd < 0)
            throw std::runtime_error("cannot read " + from.string() + ": " + std::strerror(errno));
        call.input_fds.push_back(fd);
        auto size = fs::file_size(from);
        if (size > call.largest_input) call.largest_input = size;
        bool executable =
            (fs::status(from).permissions() & fs::perms::owner_exec) != fs::perms::none;
        add({"--perms", executable ? "0755" : "0644", "--file", std::to_string(fd), to});
    }

    void copy_folder(fs::path const& from, std::string const& to) {
        add({"--dir", to});
        for (auto const& entry : fs::directory_iterator(from)) {
            auto target = to + "/" + entry.path().filename().string();
            if (entry.is_symlink())
                throw std::runtime_error(entry.path().string() +
                                         " is a symbolic link; a checker's inputs may hold only "
                                         "files and folders");
            if (entry.is_directory())
                copy_folder(entry.path(), target);
            else if (entry.is_regular_file())
                copy_file(entry.path(), target);
            else
                throw std::runtime_error(entry.path().string() + " is not a file or a folder");
        }
    }
};

} // namespace

bubblewrap_call bubblewrap_arguments(sandbox_world const& world) {
    bubblewrap_call call;
    layout l{call};
    l.add({// every namespace: no network, own processes and IPC (no --hostname: systemd's
           // ProtectHostname refuses sethostname to the whole service)
           "--unshare-all", "--unshare-user", "--disable-userns",
           // killed with the sandbox helper; no way to type into the server's terminal
           "--die-with-parent", "--new-session", "--clearenv", "--setenv", "PATH",
           "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG",
           "C.UTF-8"});
    l.programs();
    // No /home, /var, /run, /srv or the rest of /etc: the database, the keys, other
    // candidates' uploads and the host's accounts are not hidden but absent.
    l.add({"--proc", "/proc", "--dev", "/dev",
           // /dev is an unbounded tmpfs; shared memory gets a small bounded one of its own
           "--size", std::to_string(1 << 20), "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
           "--size", std::to_string(static_cast<std::uintmax_t>(world.disk_mb) << 20), "--tmpfs",
           "/tmp"});
    l.add({"--dir", sandbox_work_folder});
    for (auto const& input : world.inputs) {
        auto colon = input.rfind(':');
        fs::path from = input.substr(0, colon);
        std::string to = sandbox_work_folder;
        if (colon != std::string::npos) to += "/" + input.substr(colon + 1);
        if (!fs::is_directory(from))
            throw std::runtime_error("cannot read " + from.string() + ": not a folder");
        l.copy_folder(from, to);
    }
    l.add({"--chdir", sandbox_work_folder, "--seccomp", std::to_string(world.seccomp_fd),
           "--json-status-fd", std::to_string(world.status_fd), "--"});
    call.arguments.insert(call.arguments.end(), world.command.begin(), world.command.end());
    return call;
}

} // namespace craftmark::checks
