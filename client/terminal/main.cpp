// craftmark-terminal: the candidate's exam terminal (full screen), or --script for automation.
#include "client/terminal/screen.hpp"
#include "client/terminal/script.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    craftmark::client::exam_options options;
    std::string ca = "data/demo/pki/ca.pem";
    std::filesystem::path script_file;
    auto home = std::getenv("HOME");
    options.journal_dir = std::filesystem::path(home ? home : ".") / ".craftmark-terminal";
    options.hand_in_dir = std::filesystem::path(home ? home : ".") / "handin";
    CLI::App app{
        "Craftmark exam terminal. Signs the candidate in, shows the paper with a countdown "
        "that follows the server, and keeps every answer in a local journal until the "
        "server has stored it, so a network drop or a restart loses nothing."};
    app.add_option("--host", options.server.host, "server host name (must match its certificate)")
        ->capture_default_str();
    app.add_option("--port", options.server.port, "server port")->capture_default_str();
    app.add_option("--ca", ca, "CA certificate (PEM) that signed the server's certificate")
        ->capture_default_str();
    app.add_option("--journal", options.journal_dir, "folder for the local answer journal")
        ->capture_default_str();
    app.add_option("--hand-in", options.hand_in_dir,
                   "practical work: the folder with one subfolder per task (T1/, T2/, ...) "
                   "whose files U uploads")
        ->capture_default_str();
    app.add_option("--ticket", options.ticket,
                   "admission ticket number (asked on screen if omitted)");
    app.add_option("--code", options.access_code, "one-time access code from the proctor");
    app.add_option("--script", script_file,
                   "answer from a JSON file without a screen: "
                   "{\"ticket\",\"access_code\",\"answers\":{item:response},"
                   "\"fill\":\"first\"|\"none\",\"submit\":true}; prints a JSON summary")
        ->check(CLI::ExistingFile);
    app.set_version_flag("--version", "craftmark-terminal 0.1.0");
    CLI11_PARSE(app, argc, argv);
    options.server.ca_file = ca;
    if (!std::filesystem::exists(options.server.ca_file)) {
        std::cerr << "craftmark-terminal: no CA certificate at " << ca << " (use --ca)\n";
        return 2;
    }
    if (script_file.empty()) return craftmark::client::run_screen(options);
    try {
        std::ifstream in(script_file);
        auto s = craftmark::client::parse_script(nlohmann::json::parse(in));
        std::cout << craftmark::client::run_script(options, s, std::cerr).dump(2) << std::endl;
        return 0;
    } catch (std::exception const& e) {
        std::cerr << "craftmark-terminal: " << e.what() << '\n';
        return 1;
    }
}
