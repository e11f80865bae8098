#include "shared/util/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace craftmark::util {

logger::logger(std::filesystem::path const& file, bool to_stderr)
    : path_(file), to_stderr_(to_stderr) {
    if (!path_.empty()) file_.open(path_, std::ios::app);
}

void logger::reopen() {
    if (path_.empty()) return;
    std::lock_guard lock(mutex_);
    file_.close();
    file_.clear();
    file_.open(path_, std::ios::app);
}

void logger::info(std::string_view line) {
    write("info", line);
}
void logger::error(std::string_view line) {
    write("error", line);
}

void logger::write(std::string_view level, std::string_view line) {
    auto now = std::chrono::system_clock::now();
    auto seconds = std::chrono::system_clock::to_time_t(now);
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char stamp[48];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    std::lock_guard lock(mutex_);
    if (to_stderr_) std::cerr << stamp << ' ' << level << ' ' << line << '\n';
    if (file_.is_open()) {
        file_ << stamp << ' ' << level << ' ' << line << '\n';
        file_.flush();
    }
}

} // namespace craftmark::util
