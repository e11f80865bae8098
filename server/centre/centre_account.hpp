#pragma once
// Who is asking, for the centre's commands that show or change what an organisation may: an
// account of the alliance's organisations (`craftmark-centre staff add`), signed in with its
// password (a file, the environment, or typed without echo).
#include "server/store/postgres/venue_chains.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace craftmark::centre {

struct centre_account {
    std::string username;
    std::filesystem::path password_file;
    std::string actor() const { return "staff:" + username; } // as the audit log names it
};

/// --as ACCOUNT (CRAFTMARK_CENTRE_AS) and --as-password-file (CRAFTMARK_CENTRE_AS_PASSWORD_FILE).
void add_account_options(CLI::App* command, centre_account& account, std::string const& whose);

/// The account's organisation; throws std::runtime_error on a wrong name or password.
store::organisation_row sign_in(store::pg::connection& db, centre_account const& account);

} // namespace craftmark::centre
