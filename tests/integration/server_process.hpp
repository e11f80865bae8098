#pragma once
// The real craftmark-server binary as a child process, for tests that kill it.
#include <cstdint>
#include <filesystem>
#include <sys/types.h>

namespace craftmark::testing {

class server_process {
  public:
    /// Starts craftmark-server on 127.0.0.1:`port` (0: any) with `data_dir`; waits for "ready".
    server_process(std::filesystem::path const& data_dir, std::uint16_t port = 0);
    ~server_process();
    std::uint16_t port() const { return port_; }
    /// SIGKILL: no shutdown code runs, as in a power cut of the process.
    void kill_hard();

  private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace craftmark::testing
