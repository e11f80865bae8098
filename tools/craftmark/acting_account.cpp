#include "tools/craftmark/acting_account.hpp"

#include "server/store/admin.hpp"
#include "shared/crypto/password.hpp"
#include "shared/util/secret_input.hpp"
#include "tools/craftmark/commands.hpp"

#include <cstdlib>
#include <pwd.h>
#include <stdexcept>
#include <unistd.h>

namespace craftmark::cli {

std::string login_name() {
    // `sudo -u craftmark craftmark …` (the data folder belongs to the service's user) acts for
    // the person who ran sudo. Setting SUDO_USER by hand gains nothing: whoever runs as this
    // user can write the database directly.
    if (char const* by_sudo = std::getenv("SUDO_USER"); by_sudo && *by_sudo) return by_sudo;
    if (auto const* entry = getpwuid(geteuid())) return entry->pw_name;
    return "uid " + std::to_string(geteuid());
}

std::string sign_in_operator(SQLite::Database& db, acting_account_options const& options) {
    std::string account = options.as;
    bool by_login = false;
    if (account.empty()) {
        auto login = login_name() + ":";
        for (auto const& pair : options.operators)
            if (pair.starts_with(login)) account = pair.substr(login.size()), by_login = true;
    }
    if (account.empty())
        throw std::runtime_error(
            "who is acting? Every change is recorded under a staff account: give --as ACCOUNT "
            "(password typed, or from --as-password-file), set CRAFTMARK_AS, or map your login "
            "\"" +
            login_name() + "\" to an account in the configuration's operators");
    auto staff = store::find_staff(db, account);
    // Hash even for unknown accounts, so timing does not tell which accounts exist.
    bool password_ok = by_login || crypto::verify_password(
                                       util::read_secret(options.password_file, account),
                                       staff ? staff->password_hash : "scrypt$32768$8$1$00$00");
    if (by_login && !staff)
        throw std::runtime_error("the configuration maps login \"" + login_name() +
                                 "\" to account \"" + account + "\", which does not exist");
    if (!staff || !password_ok) throw std::runtime_error("account or password is wrong");
    if (staff->role != "admin")
        throw std::runtime_error("\"" + account + "\" is not an administrator (" + staff->role +
                                 "); the craftmark command needs one");
    return "staff:" + staff->username;
}

} // namespace craftmark::cli
