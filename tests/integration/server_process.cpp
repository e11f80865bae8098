#include "tests/integration/server_process.hpp"

#include <cstdio>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace craftmark::testing {

server_process::server_process(std::filesystem::path const& data_dir, std::uint16_t port) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        auto listen = "127.0.0.1:" + std::to_string(port);
        execl(CRAFTMARK_SERVER_BIN, CRAFTMARK_SERVER_BIN, "--data", data_dir.c_str(), "--listen",
              listen.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned p = 0;
        if (std::sscanf(line, "ready port=%u", &p) == 1) {
            port_ = static_cast<std::uint16_t>(p);
            break;
        }
    }
    fclose(f);
    if (port_ == 0) {
        kill_hard();
        throw std::runtime_error("craftmark-server did not start");
    }
}

void server_process::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

server_process::~server_process() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
}

} // namespace craftmark::testing
