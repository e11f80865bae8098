#pragma once
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string_view>

namespace craftmark::util {

/// One line per significant event, to stderr and to a file in the data folder. Thread-safe.
class logger {
  public:
    explicit logger(std::filesystem::path const& file = {}, bool to_stderr = true);
    void info(std::string_view line);
    void error(std::string_view line);
    /// Opens the file again by its name: after logrotate has moved it away, lines go to a new
    /// file of the old name.
    void reopen();

  private:
    void write(std::string_view level, std::string_view line);
    std::mutex mutex_;
    std::filesystem::path path_;
    std::ofstream file_;
    bool to_stderr_;
};

} // namespace craftmark::util
