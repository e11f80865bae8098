// craftmark-proctor: the examiners' console for one room.
#include "client/proctor/console.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <termios.h>
#include <unistd.h>

int main(int argc, char** argv) {
    craftmark::client::proctor_options options;
    std::string ca = "data/demo/pki/ca.pem";
    std::string password_file;
    CLI::App app{"Craftmark proctor console: the room's seat map, live, with check-in, pause and "
                 "resume, extra time, terminate, reopen, terminal moves, announcements and "
                 "messages (every action asks for a reason and lands in the audit log); with "
                 "--marking, the examiners' marking of practical work."};
    app.add_option("--host", options.server.host, "server host name")->capture_default_str();
    app.add_option("--port", options.server.port, "server port")->capture_default_str();
    app.add_option("--ca", ca, "CA certificate (PEM) of the server")->capture_default_str();
    app.add_option("--user", options.username, "staff user name")->required();
    app.add_option("--password-file", password_file,
                   "read the password from this file (else asked)");
    app.add_option("--sitting", options.sitting_id, "the sitting (room) to watch")->required();
    app.add_flag("--marking", options.marking,
                 "marking mode: the sitting's practical works by code, the marking form, the "
                 "chief examiner's lock");
    app.add_option("--files", options.files_dir,
                   "where the marking mode saves downloaded work files")
        ->capture_default_str();
    app.set_version_flag("--version", "craftmark-proctor 0.1.0");
    CLI11_PARSE(app, argc, argv);
    options.server.ca_file = ca;
    if (!password_file.empty()) {
        std::ifstream in(password_file);
        std::getline(in, options.password);
    } else {
        std::cerr << "password for " << options.username << ": " << std::flush;
        termios saved{};
        bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
        if (tty) {
            auto quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::getline(std::cin, options.password);
        if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    return craftmark::client::run_console(options);
}
