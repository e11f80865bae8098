#pragma once
// Who runs a command: every change the CLI makes is recorded in the audit log under a named
// administrator account, never under the program's name.
#include <filesystem>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace craftmark::cli {

struct acting_account_options {
    /// --as: the account; its password from `password_file`, or typed.
    std::string as;
    std::filesystem::path password_file;
    /// The configuration's `operators`: "LOGIN:ACCOUNT" pairs. A person logged in to the server
    /// machine as LOGIN acts as ACCOUNT without a password: the operating system has already
    /// authenticated them (as PostgreSQL's peer authentication trusts the local login).
    std::vector<std::string> operators;
};

/// Checks who is acting and returns their audit name, "staff:NAME". Throws, changing nothing,
/// when no account is named, the account is not an administrator, or the password is wrong.
std::string sign_in_operator(SQLite::Database& db, acting_account_options const& options);

/// The name of the operating-system account running this process.
std::string login_name();

} // namespace craftmark::cli
