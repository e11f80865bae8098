// craftmark audit verify
#include "server/store/audit_log.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>
#include <iostream>

namespace craftmark::cli {

void add_audit_commands(CLI::App& app, context& ctx) {
    auto* audit = app.add_subcommand("audit", "the hash-chained audit log");
    audit->require_subcommand(1);
    auto* verify = audit->add_subcommand(
        "verify",
        "check every entry's hash chain and every stored answer against the entry that covers "
        "it; names the first that does not verify");
    verify->callback([&ctx] {
        auto check = store::verify_audit(*ctx.open());
        if (!check.intact()) {
            std::cout << "audit log BROKEN: " << check.reason << "\n";
            throw std::runtime_error("audit log does not verify");
        }
        std::cout << "audit log verified: " << check.entries << " entries, chain intact, "
                  << check.answers << " answers match their entries\n";
    });
}

} // namespace craftmark::cli
