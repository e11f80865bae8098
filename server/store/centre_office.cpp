#include "server/store/centre_office.hpp"

#include "server/store/admin.hpp"
#include "server/store/audit_log.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::store {

void centre_office::staff(
    std::function<void(std::string refusal, std::vector<core::staff_record>)> done) {
    auto all = std::make_shared<std::vector<core::staff_record>>();
    worker_.submit([all](SQLite::Database& db) { *all = list_staff(db); },
                   [all, done = std::move(done)](std::string const& refusal) {
                       done(refusal, std::move(*all));
                   });
}

void centre_office::put_staff(core::staff_record account,
                              std::optional<std::string> password,
                              std::string actor,
                              std::function<void(std::string refusal)> done) {
    worker_.submit(
        [account = std::move(account), password = std::move(password), actor = std::move(actor)](
            SQLite::Database& db) { store::put_staff(db, account, password, actor); },
        std::move(done));
}

void centre_office::verify_audit(
    std::function<void(std::string refusal, protocol::audit_verdict)> done) {
    auto verdict = std::make_shared<protocol::audit_verdict>();
    worker_.submit(
        [verdict](SQLite::Database& db) {
            auto check = store::verify_audit(db);
            *verdict = {check.intact(), check.entries, check.answers, check.first_broken,
                        check.reason};
        },
        [verdict, done = std::move(done)](std::string const& refusal) {
            done(refusal, std::move(*verdict));
        });
}

} // namespace craftmark::store
