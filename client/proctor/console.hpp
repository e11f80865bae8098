#pragma once
#include "client/net/connection.hpp"
#include "shared/protocol/room_replies.hpp"

#include <filesystem>

namespace craftmark::client {

struct proctor_options {
    connect_options server;
    std::string username;
    std::string password;
    std::string sitting_id;
    bool marking = false;                              // the marking mode instead of the room
    std::filesystem::path files_dir = "marking-files"; // where the marking mode saves work files
};

/// The proctor's full-screen console: the room as a seat map kept live by pushes, and the
/// controls (check-in, pause, resume, extra time, terminate, reopen, terminal moves,
/// announcements, messages), or with `marking` the marking mode. Returns the process exit code.
int run_console(proctor_options const& options);

/// How the consoles name the signed-in staff member.
inline std::string staff_name(protocol::staff_session const& s) {
    return s.display_name.empty() ? s.username : s.display_name;
}

} // namespace craftmark::client
