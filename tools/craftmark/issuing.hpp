#pragma once
// What the pki and cert commands open: the data folder's database and its certificate issuer.
#include "server/certificates/issuer.hpp"
#include "tools/craftmark/commands.hpp"

#include <SQLiteCpp/Database.h>

namespace craftmark::cli {

struct issuing {
    explicit issuing(context const& ctx) : db(ctx.open()), issuer(*db, ctx.data_dir, clock) {}
    certificates::pki& pki() { return issuer.keys(); }

    std::unique_ptr<SQLite::Database> db;
    util::system_clock clock;
    certificates::issuer issuer;
};

} // namespace craftmark::cli
