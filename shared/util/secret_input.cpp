#include "shared/util/secret_input.hpp"

#include "shared/util/files.hpp"

#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace craftmark::util {
namespace {

/// One line from standard input; not echoed when it is a terminal.
std::string prompt(std::string const& account) {
    bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        std::cerr << "password for " << account << ": " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        auto quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string password;
    std::getline(std::cin, password);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return password;
}

} // namespace

std::string read_secret(std::filesystem::path const& file, std::string const& account) {
    auto password = file.empty() ? prompt(account) : read_file(file);
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
        password.pop_back();
    return password;
}

} // namespace craftmark::util
