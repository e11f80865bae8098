#include "server/centre/centre_account.hpp"

#include "server/store/postgres/centre_staff.hpp"
#include "shared/util/secret_input.hpp"

namespace craftmark::centre {

void add_account_options(CLI::App* command, centre_account& account, std::string const& whose) {
    command->add_option("--as", account.username, "your account at the centre" + whose)
        ->envname("CRAFTMARK_CENTRE_AS")
        ->required();
    command
        ->add_option("--as-password-file", account.password_file,
                     "its password, in a file (default: typed, not echoed)")
        ->envname("CRAFTMARK_CENTRE_AS_PASSWORD_FILE");
}

store::organisation_row sign_in(store::pg::connection& db, centre_account const& account) {
    auto password = util::read_secret(account.password_file, account.username);
    auto organisation = store::centre_staff(db).sign_in(account.username, password);
    if (!organisation) throw std::runtime_error("wrong user name or password");
    return *organisation;
}

} // namespace craftmark::centre
