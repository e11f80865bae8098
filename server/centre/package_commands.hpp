#pragma once
// craftmark-centre sitting add | sitting list | package make | package key
#include "server/centre/venue_authority.hpp"
#include "server/store/postgres/pg.hpp"

#include <CLI/CLI.hpp>
#include <functional>

namespace craftmark::centre {

/// What the centre's commands share: its database, its venue authority, its data folder, and
/// the command that runs once the line is parsed.
struct centre_cli {
    std::function<store::pg::connection()> connect;
    std::function<venue_authority()> authority;
    std::function<int()>& run;
    std::filesystem::path const& data;
};

void add_package_commands(CLI::App& app, centre_cli& cli);

} // namespace craftmark::centre
